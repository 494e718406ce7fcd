// The Kubernetes format library (k8s.io/apiserver/pkg/cel/library/format.go, 1.31+):
// `format.<name>()` and `format.named(name)` give a Format whose `validate(s)` is
// optional.none for a valid string, else the list of apimachinery's messages.
import { Optional, type Environment } from '@marcbachmann/cel-js';

export class Format {
  constructor(
    readonly name: string,
    readonly check: (s: string) => string[],
  ) {}
}

const maxLen = (n: number) => `must be no more than ${n} characters`;
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (!examples.length) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = `${LABEL}(\\.${LABEL})*`;
const LABEL_1035 = '[a-z]([-a-z0-9]*[a-z0-9])?';
const KEY = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const VALUE = `(${KEY})?`;
const full = (re: string) => new RegExp(`^${re}$`);

function dns1123Label(s: string): string[] {
  const errs: string[] = [];
  if (s.length > 63) errs.push(maxLen(63));
  if (!full(LABEL).test(s)) {
    errs.push(full(SUBDOMAIN).test(s) ? 'must not contain dots' : regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", LABEL, 'my-name', '123-abc'));
  }
  return errs;
}

function dns1123Subdomain(s: string): string[] {
  const errs: string[] = [];
  if (s.length > 253) errs.push(maxLen(253));
  if (!full(SUBDOMAIN).test(s)) errs.push(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", SUBDOMAIN, 'example.com'));
  return errs;
}

function dns1035Label(s: string): string[] {
  const errs: string[] = [];
  if (s.length > 63) errs.push(maxLen(63));
  if (!full(LABEL_1035).test(s)) errs.push(regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", LABEL_1035, 'my-name', 'abc-123'));
  return errs;
}

const KEY_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** content.IsLabelKey (IsQualifiedName) */
function qualifiedName(s: string): string[] {
  const errs: string[] = [];
  const parts = s.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (!prefix) errs.push('prefix part must be non-empty');
    else errs.push(...dns1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [`a valid label key ${regexError(KEY_MSG, KEY, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (!name) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLen(63)}`);
  if (!full(KEY).test(name)) errs.push(`name part ${regexError(KEY_MSG, KEY, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

function labelValue(s: string): string[] {
  const errs: string[] = [];
  if (s.length > 63) errs.push(maxLen(63));
  if (!full(VALUE).test(s)) errs.push(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", VALUE, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** apimachinery maskTrailingDash: a generateName prefix may end with '-' */
const maskTrailingDash = (s: string) => (s.length > 1 && s.endsWith('-') ? `${s.slice(0, -2)}a` : s);

/** time.Parse("2006-01-02", s) */
function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** strfmt IsDateTime */
function isDateTime(s: string): boolean {
  if (s.length < 4) return false;
  const parts = s.toLowerCase().split('t');
  if (parts.length < 2 || !isDate(parts[0]!)) return false;
  const m = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/.exec(parts[1]!);
  return !!m && m[1]! <= '23' && m[2]! <= '59' && m[3]! <= '59';
}

/** url.ParseRequestURI's verdict: an absolute URI or an absolute path, no fragment handling of its own */
function requestURI(s: string): string[] {
  const bad = [`parse ${JSON.stringify(s)}: invalid URI for request`];
  if (!s) return [`parse "": empty url`];
  if (s.startsWith('/')) return [];
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(s);
  if (!m) return bad;
  return /[\s\x00-\x1f\x7f]/.test(s) ? [`parse ${JSON.stringify(s)}: net/url: invalid control character in URL`] : [];
}

export const FORMATS: Record<string, Format> = {
  dns1123Label: new Format('DNS1123Label', dns1123Label),
  dns1123Subdomain: new Format('DNS1123Subdomain', dns1123Subdomain),
  dns1035Label: new Format('DNS1035Label', dns1035Label),
  qualifiedName: new Format('QualifiedName', qualifiedName),
  dns1123LabelPrefix: new Format('DNS1123LabelPrefix', (s) => dns1123Label(maskTrailingDash(s))),
  dns1123SubdomainPrefix: new Format('DNS1123SubdomainPrefix', (s) => dns1123Subdomain(maskTrailingDash(s))),
  dns1035LabelPrefix: new Format('DNS1035LabelPrefix', (s) => dns1035Label(maskTrailingDash(s))),
  labelValue: new Format('LabelValue', labelValue),
  uri: new Format('URI', requestURI),
  uuid: new Format('uuid', (s) => (/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s) ? [] : ['does not match the UUID format'])),
  byte: new Format('byte', (s) => (/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/.test(s) ? [] : ['invalid base64'])),
  date: new Format('date', (s) => (isDate(s) ? [] : ['invalid date'])),
  datetime: new Format('datetime', (s) => (isDateTime(s) ? [] : ['invalid datetime'])),
};

class FormatNamespace {}

export function registerFormat(env: Environment): void {
  env.registerType('kubernetes.Format', Format as never);
  env.registerType('FormatNamespace', FormatNamespace as never);
  env.registerConstant('format', 'FormatNamespace', new FormatNamespace());
  for (const [name, f] of Object.entries(FORMATS)) env.registerFunction(`FormatNamespace.${name}(): kubernetes.Format`, (() => f) as never);
  env.registerFunction('FormatNamespace.named(string): optional<kubernetes.Format>', ((_: unknown, name: string) =>
    Object.hasOwn(FORMATS, name) ? Optional.of(FORMATS[name]) : Optional.none()) as never);
  env.registerOperator('kubernetes.Format == kubernetes.Format', ((a: Format, b: Format) => a.name === b.name) as never);
  env.registerFunction('kubernetes.Format.validate(string): optional<list<string>>', ((f: Format, s: string) => {
    const errs = f.check(s);
    return errs.length ? Optional.of(errs) : Optional.none();
  }) as never);
}

// string.format (ext.Strings, Kubernetes 1.29+) for the clauses whose output does not
// depend on a locale or on float rendering: %s of strings, bools, ints, null and lists of
// them; %d, %x, %X, %o, %b of ints; %x of strings; %%. Anything else (a double, %f, %e,
// a precision, a map, a timestamp) throws CannotEvaluate rather than guess cel-go's text.

export class CannotEvaluate extends Error {
  constructor(readonly feature: string) {
    super(`cannot evaluate: ${feature}`);
  }
}

const typeName = (v: unknown) =>
  v === null ? 'null_type' : typeof v === 'bigint' ? 'int' : typeof v === 'number' ? 'double' : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : Array.isArray(v) ? 'list' : 'map';

function asString(v: unknown, inList = false): string {
  if (typeof v === 'string') return inList ? JSON.stringify(v) : v;
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map((x) => asString(x, true)).join(', ')}]`;
  throw new CannotEvaluate(`string.format of a ${typeName(v)} value`);
}

function integer(v: unknown, clause: string, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') throw new CannotEvaluate(`string.format %${clause} of a double`);
  throw new Error(`error during formatting: ${what} clause can only be used on integers, was given ${typeName(v)}`);
}

export function formatString(format: string, args: unknown[]): string {
  let out = '';
  let arg = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const clause = format[i + 1];
    if (clause === '%') {
      out += '%';
      i++;
      continue;
    }
    if (clause === undefined) throw new Error('unexpected end of string');
    if (arg >= args.length) throw new Error(`index ${arg} out of range`);
    const v = args[arg++];
    i++;
    switch (clause) {
      case 's':
        out += asString(v);
        break;
      case 'd':
        out += String(integer(v, 'd', 'decimal'));
        break;
      case 'x':
      case 'X': {
        const hex = typeof v === 'string' ? Buffer.from(v, 'utf8').toString('hex') : integer(v, clause, 'hex').toString(16);
        out += clause === 'X' ? hex.toUpperCase() : hex;
        break;
      }
      case 'o':
        out += integer(v, 'o', 'octal').toString(8);
        break;
      case 'b':
        if (typeof v === 'boolean') out += v ? '1' : '0';
        else out += integer(v, 'b', 'binary').toString(2);
        break;
      default:
        throw new CannotEvaluate(`string.format clause %${clause}`);
    }
  }
  return out;
}

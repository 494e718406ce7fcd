import fs from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { parseDocument } from 'yaml';

// kubectl's loading rules (client-go clientcmd loader.go and client_config.go),
// which client-node's loadFromDefault does not follow: first file wins, missing
// KUBECONFIG files are skipped, paths resolve against the defining file, and
// there is no silent http://localhost:8080.

export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}

export interface ContextConfig {
  name: string;
  /** holds only this context's cluster, user and context; never mutated afterwards */
  kc: KubeConfig;
  server: string;
  /** the context's namespace, or "default" */
  namespace: string;
  /** kubeconfig user name ("" when the context names none) */
  user: string;
  /** requested impersonation; kc sends Impersonate-User, the transport must add Impersonate-Group */
  impersonate?: { user?: string; groups: string[] };
  tlsWarnings: string[];
  /** static bearer token when one is known (for local JWT decoding) */
  bearerToken?: string;
  /** the kubeconfig's token-file (absolute), re-read by the transport so a rotated token is used */
  tokenFile?: string;
}

export interface LoadedKubeconfig {
  contexts: string[];
  currentContext: string;
  /** which files (or in-cluster, or flags) the configuration came from */
  source: string;
  forContext(name: string): ContextConfig;
}

export interface KubeconfigOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  server?: string;
  certificateAuthority?: string;
  token?: string;
  tokenFile?: string;
  as?: string;
  asGroups?: string[];
  env?: NodeJS.ProcessEnv;
  /** prefix for the service account directory; for tests */
  inClusterRoot?: string;
}

type Raw = Record<string, unknown>;
interface Entry {
  value: Raw;
  origin: string;
}
interface Merged {
  clusters: Map<string, Entry>;
  users: Map<string, Entry>;
  contexts: Map<string, Entry>;
  currentContext: string;
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function resolveIn(dir: string, obj: Raw, key: string): void {
  const v = obj[key];
  if (typeof v === 'string' && v !== '' && !path.isAbsolute(v)) obj[key] = path.join(dir, v);
}

/** Reads one kubeconfig file, with its relative paths made absolute as kubectl does. */
function readKubeconfig(file: string): { clusters: [string, Raw][]; users: [string, Raw][]; contexts: [string, Raw][]; current: string } {
  const doc = parseDocument(fs.readFileSync(file, 'utf8'));
  if (doc.errors.length > 0) throw new KubeconfigError(`kubeconfig ${file} is not valid YAML: ${doc.errors[0].message}`);
  const data: unknown = doc.toJS() ?? {};
  if (!isMap(data)) throw new KubeconfigError(`kubeconfig ${file}: expected a mapping (apiVersion, clusters, users, contexts) at the top level`);
  const dir = path.dirname(path.resolve(file));
  const list = (key: string, inner: string): [string, Raw][] => {
    const items = data[key] ?? [];
    if (!Array.isArray(items)) throw new KubeconfigError(`kubeconfig ${file}: "${key}" must be a list`);
    return items.map((item: unknown, i) => {
      if (!isMap(item) || typeof item.name !== 'string' || item.name === '') {
        throw new KubeconfigError(`kubeconfig ${file}: ${key}[${i}] has no name`);
      }
      const body = item[inner] ?? {};
      if (!isMap(body)) throw new KubeconfigError(`kubeconfig ${file}: ${key}[${i}] ("${item.name}") has no "${inner}" mapping`);
      return [item.name, structuredClone(body)];
    });
  };
  const clusters = list('clusters', 'cluster');
  for (const [, c] of clusters) resolveIn(dir, c, 'certificate-authority');
  const users = list('users', 'user');
  for (const [, u] of users) {
    for (const key of ['client-certificate', 'client-key', 'token-file']) resolveIn(dir, u, key);
    // a bare command name is looked up in PATH; only paths resolve
    if (isMap(u.exec) && str(u.exec.command).includes('/')) resolveIn(dir, u.exec, 'command');
  }
  return { clusters, users, contexts: list('contexts', 'context'), current: str(data['current-context']) };
}

/** Merges files in order: the first file to define a name (or current-context) wins. */
function mergeFiles(files: string[]): Merged {
  const m: Merged = { clusters: new Map(), users: new Map(), contexts: new Map(), currentContext: '' };
  for (const file of files) {
    const k = readKubeconfig(file);
    const add = (into: Map<string, Entry>, items: [string, Raw][]) => {
      for (const [name, value] of items) if (!into.has(name)) into.set(name, { value, origin: file });
    };
    add(m.clusters, k.clusters);
    add(m.users, k.users);
    add(m.contexts, k.contexts);
    m.currentContext ||= k.current;
  }
  return m;
}

function inCluster(env: NodeJS.ProcessEnv, root: string): Merged {
  const kc = new KubeConfig();
  kc.loadFromCluster(root);
  const cluster = kc.getClusters()[0];
  const user = kc.getUsers()[0];
  const ctx = kc.getContexts()[0];
  const host = str(env.KUBERNETES_SERVICE_HOST);
  // kubectl always speaks https to the service, with IPv6 hosts in brackets
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${str(env.KUBERNETES_SERVICE_PORT)}`;
  let namespace = str(env.POD_NAMESPACE);
  if (!namespace) {
    try {
      namespace = fs.readFileSync(path.join(root + SA_DIR, 'namespace'), 'utf8').trim();
    } catch {
      // no namespace file: "default"
    }
  }
  const origin = 'in-cluster';
  return {
    clusters: new Map([[cluster.name, { origin, value: { server, 'certificate-authority': cluster.caFile } }]]),
    users: new Map([[user.name, { origin, value: { 'auth-provider': user.authProvider } }]]),
    contexts: new Map([[ctx.name, { origin, value: { cluster: cluster.name, user: user.name, namespace } }]]),
    currentContext: ctx.name,
  };
}

function tryRead(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function readToken(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim(); // kubectl trims token files too
  } catch (err) {
    throw new KubeconfigError(`cannot read ${what} ${file}: ${(err as Error).message}`);
  }
}

/** Loads kubeconfig by kubectl's rules and applies kubectl-style flag overrides. */
export function loadKubeconfig(opts: KubeconfigOptions): LoadedKubeconfig {
  const env = opts.env ?? process.env;
  const looked: string[] = [];
  let files: string[] = [];
  let source = '';
  if (opts.kubeconfig) {
    const file = path.resolve(opts.kubeconfig);
    if (!fs.existsSync(file)) throw new KubeconfigError(`--kubeconfig ${opts.kubeconfig}: no such file`);
    files = [file];
    source = file;
  } else if (env.KUBECONFIG) {
    const listed = [...new Set(env.KUBECONFIG.split(path.delimiter).filter((f) => f !== ''))];
    files = listed.filter((f) => fs.existsSync(f));
    const missing = listed.filter((f) => !files.includes(f));
    source = `KUBECONFIG=${files.join(path.delimiter)}` + (missing.length ? ` (missing, skipped: ${missing.join(', ')})` : '');
    looked.push(`KUBECONFIG=${env.KUBECONFIG}` + (files.length ? ' (no contexts)' : ' (no such files)'));
  } else if (env.HOME) {
    const file = path.join(env.HOME, '.kube', 'config');
    if (fs.existsSync(file)) files = [file];
    source = file;
    looked.push(`${file}` + (files.length ? ' (no contexts)' : ' (missing)'));
  } else {
    looked.push('~/.kube/config (HOME is not set)');
  }

  let merged = mergeFiles(files);
  const root = opts.inClusterRoot ?? '';
  const inClusterPossible =
    !!env.KUBERNETES_SERVICE_HOST && !!env.KUBERNETES_SERVICE_PORT && fs.existsSync(`${root}${SA_DIR}/token`);
  if (merged.contexts.size === 0 && opts.server) {
    // --server alone: the flags are the whole configuration
    const name = opts.server;
    merged = {
      clusters: new Map([[name, { origin: '--server', value: { server: opts.server } }]]),
      users: new Map(),
      contexts: new Map([[name, { origin: '--server', value: { cluster: name } }]]),
      currentContext: name,
    };
    source = '--server flag';
  } else if (merged.contexts.size === 0 && !opts.kubeconfig && inClusterPossible) {
    merged = inCluster(env, root);
    source = `in-cluster service account (${SA_DIR})`;
  } else if (merged.contexts.size === 0) {
    if (opts.kubeconfig) throw new KubeconfigError(`--kubeconfig ${opts.kubeconfig} defines no contexts`);
    const why = !env.KUBERNETES_SERVICE_HOST || !env.KUBERNETES_SERVICE_PORT ? 'KUBERNETES_SERVICE_HOST/PORT not set' : `no ${SA_DIR}/token`;
    looked.push(`in-cluster service account (${why})`);
    throw new KubeconfigError(
      `no Kubernetes configuration found. kubedeck looked at: ${looked.join('; ')}. ` +
        'Pass --kubeconfig FILE or --server URL, or set KUBECONFIG.',
    );
  }

  const contexts = [...merged.contexts.keys()];
  const known = `known contexts: ${contexts.join(', ') || '(none)'}`;
  const start = opts.context || merged.currentContext;
  if (opts.context && !merged.contexts.has(opts.context)) {
    throw new KubeconfigError(`--context ${opts.context}: no such context in ${source}; ${known}`);
  }
  if (!start) throw new KubeconfigError(`no current-context is set in ${source}; pass --context NAME (${known})`);
  if (!merged.contexts.has(start)) {
    throw new KubeconfigError(`current-context "${start}" is not defined in ${source}; pass --context NAME (${known})`);
  }

  const cache = new Map<string, ContextConfig>();
  const forContext = (name: string): ContextConfig => {
    let cfg = cache.get(name);
    if (!cfg) {
      if (!merged.contexts.has(name)) throw new KubeconfigError(`no context "${name}" in ${source}; ${known}`);
      cfg = buildContext(name, merged, name === start ? opts : { as: opts.as, asGroups: opts.asGroups }, env);
      cache.set(name, cfg);
    }
    return cfg;
  };
  forContext(start); // a broken starting context fails at startup, not at first request
  return { contexts, currentContext: start, source, forContext };
}

/** One context's own cluster and user, flags applied, as a fresh KubeConfig. */
function buildContext(name: string, m: Merged, flags: KubeconfigOptions, env: NodeJS.ProcessEnv): ContextConfig {
  const ctxEntry = m.contexts.get(name) as Entry;
  const ctx = structuredClone(ctxEntry.value);
  const clusterName = str(ctx.cluster);
  const userName = str(ctx.user);
  const clusterEntry = m.clusters.get(clusterName);
  if (!clusterEntry) {
    throw new KubeconfigError(`context "${name}" (${ctxEntry.origin}) uses cluster "${clusterName}", which no kubeconfig file defines`);
  }
  const userEntry = userName ? m.users.get(userName) : undefined;
  if (userName && !userEntry) {
    throw new KubeconfigError(`context "${name}" (${ctxEntry.origin}) uses user "${userName}", which no kubeconfig file defines`);
  }
  // Copies: exec and OIDC entries stay as written, but no two contexts share an object.
  const cluster = structuredClone(clusterEntry.value);
  const user: Raw = userEntry ? structuredClone(userEntry.value) : {};

  // The same precedence as kubectl's ConfigOverrides (client_config.go getCluster/getAuthInfo).
  if (flags.server) {
    cluster.server = flags.server;
    delete cluster['tls-server-name'];
  }
  if (flags.certificateAuthority) {
    cluster['certificate-authority'] = path.resolve(flags.certificateAuthority);
    delete cluster['certificate-authority-data'];
    delete cluster['insecure-skip-tls-verify'];
  }
  if (flags.token || flags.tokenFile) {
    // A token given on the command line is the identity: no plugin or password runs beside it.
    for (const k of ['exec', 'auth-provider', 'username', 'password', 'token', 'token-file']) delete user[k];
    user.token = flags.token || readToken(path.resolve(flags.tokenFile as string), '--token-file');
  }
  let tokenFile: string | undefined;
  if (typeof user['token-file'] === 'string' && !user.token) {
    // client-node reads token-file relative to the working directory and untrimmed;
    // the transport re-reads it (tokenFile below), as client-go does, for rotated tokens
    user.token = readToken(user['token-file'], `token-file of user "${userName}"`);
    tokenFile = user['token-file'];
  }
  delete user['token-file'];
  if (flags.as) user.as = flags.as;
  if (flags.asGroups?.length) user['as-groups'] = [...flags.asGroups];
  if (flags.namespace) ctx.namespace = flags.namespace;

  const effectiveUser = userName || (flags.token || flags.tokenFile || flags.as ? 'kubedeck-flags' : '');
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterName, cluster }],
    users: effectiveUser ? [{ name: effectiveUser, user }] : [],
    contexts: [{ name, context: { cluster: clusterName, user: effectiveUser || undefined, namespace: ctx.namespace } }],
    'current-context': name,
  };
  const kc = new KubeConfig();
  try {
    kc.loadFromString(JSON.stringify(doc));
  } catch (err) {
    throw new KubeconfigError(`context "${name}": ${(err as Error).message}`);
  }

  const tlsWarnings: string[] = [];
  if (cluster['insecure-skip-tls-verify'] === true) {
    tlsWarnings.push(`TLS verification is off for cluster ${clusterName} (insecure-skip-tls-verify)`);
  }
  if (env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
    tlsWarnings.push('TLS verification is off for this process (NODE_TLS_REJECT_UNAUTHORIZED=0)');
  }
  const asUser = str(user.as);
  let bearerToken = str(user.token) || undefined;
  const provider = user['auth-provider'];
  if (!bearerToken && isMap(provider) && provider.name === 'tokenFile' && isMap(provider.config)) {
    // in-cluster: client-node re-reads the file; this copy is only for showing who we are
    bearerToken = tryRead(str(provider.config.tokenFile));
  }
  const asGroups = Array.isArray(user['as-groups']) ? user['as-groups'].filter((g): g is string => typeof g === 'string') : [];
  return {
    name,
    kc,
    server: kc.getCurrentCluster()?.server ?? str(cluster.server),
    namespace: str(ctx.namespace) || 'default',
    user: userName,
    impersonate: asUser || asGroups.length ? { user: asUser || undefined, groups: asGroups } : undefined,
    tlsWarnings,
    bearerToken,
    tokenFile,
  };
}

// Only what every command needs is imported here; each command's own modules (the
// console's views and Ink, the demo cluster, snapshot printers, CEL) are imported when
// that command runs, so `--version` and the console's first request do not wait for
// them (docs/performance.md, "Start-up").
import { readFileSync } from 'node:fs';
import { isMainThread, workerData } from 'node:worker_threads';
import { flagName, parseCommandLine, type FlagSpec } from './args.js';
import { ConfigError, loadAppConfig } from './config.js';
import { KubeconfigError } from './k8s/kubeconfig.js';
import { parseDuration } from './duration.js';
import { openLogFile, debug } from './log.js';
import { errorMessage } from './k8s/transport.js';
import { sanitize } from './state/sanitize.js';
import { resolveTarget, type Target } from './target.js';
import { phase } from './trace.js';

declare const KUBEDECK_VERSION: string | undefined;
declare const KUBEDECK_DESCRIPTION: string | undefined;

const HELP = `
  Usage
    $ kubedeck [flags]                       the console
    $ kubedeck --demo                        the console against an embedded demo cluster
    $ kubedeck snapshot PANE [-o table|json] print a pane's rows once synced, then exit
    $ kubedeck snapshot RESOURCE [-o wide|json]  any resource as \`kubectl get\` prints it (deploy, nodes, events, a CRD, apps/deployments)
    $ kubedeck snapshot logs NS/POD [CONTAINER]  recent lines of every container (or one), then exit
    $ kubedeck pv cleanup NAME [--yes]       run the volume hooks, then remove the custom finalizer
    $ kubedeck authn check --config FILE [--token-file FILE] [-o json]
                                             what an AuthenticationConfiguration makes of the session's
                                             JWT, beside the server's SelfSubjectReview (signature not verified)
    $ kubedeck why pod NS/NAME [-o json]     everything that holds a pod: gates, claims, PVCs, node fit, containers
    $ kubedeck why claim NS/NAME [-o json]   why a ResourceClaim is not allocated, device by device
    $ kubedeck gates --ready [-A|-n NS] [-o json] [--apply --yes]
                                             gated pods whose gates are ready by the config's gate rules;
                                             --apply --yes removes those gates (access check, dry run, audit)

  Snapshot panes: pods, claims, pvs, whoami, logs; any other name is a resource

  Flags
    --kubeconfig FILE          kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)
    --context NAME             kubeconfig context to use
    -n, --namespace NS         namespace scope
    -A, --all-namespaces       all namespaces
    --server URL               API server address (overrides the kubeconfig)
    --certificate-authority F  CA bundle for --server
    --token TOKEN              bearer token
    --token-file FILE          file holding a bearer token
    --as USER                  impersonate a user
    --as-group GROUP           impersonate a group (repeatable)
    --request-timeout DUR      timeout of one request, e.g. 30s (default 30s; 0 = none)
    --readonly                 only get, list and watch; every change is refused before it is sent
    --demo                     start an embedded simulated cluster on 127.0.0.1 and use it
    --demo-pods N              add N pods to the demo cluster (benchmarks)
    --pane NAME                pane to open: pods, claims, pvs, logs, whoami, resources
    --no-alt-screen            draw in the terminal's main screen (no alternate screen)
    --config FILE              kubedeck config (default: ~/.config/kubedeck/config.yaml);
                               with authn check: the AuthenticationConfiguration to check
    --log-file FILE            write debug logs here (never to the screen)
    -o, --output FORMAT        snapshot output: table, wide or json (wide: resources, pods, pvs, claims)
    --stale                    snapshot pvs: only volumes Released longer than volumes.releasedThreshold
    --partial                  snapshot: exit 0 even when some namespaces could not be seen (still said on stderr)
    --yes                      pv cleanup, gates --apply: run without asking
    --ready                    gates: list the pods whose gates are ready by rule
    --apply                    gates --ready: remove the ready gates (needs --yes)
    --version, --help
`;

const FLAGS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  namespace: { type: 'string', shortFlag: 'n' },
  allNamespaces: { type: 'boolean', shortFlag: 'A', default: false },
  server: { type: 'string' },
  certificateAuthority: { type: 'string' },
  token: { type: 'string' },
  tokenFile: { type: 'string' },
  as: { type: 'string' },
  asGroup: { type: 'string', isMultiple: true },
  requestTimeout: { type: 'string' },
  readonly: { type: 'boolean', default: false },
  demo: { type: 'boolean', default: false },
  demoPods: { type: 'number', default: 0 },
  pane: { type: 'string' },
  altScreen: { type: 'boolean', default: true },
  config: { type: 'string' },
  logFile: { type: 'string' },
  output: { type: 'string', shortFlag: 'o', default: 'table' },
  stale: { type: 'boolean', default: false },
  partial: { type: 'boolean', default: false },
  yes: { type: 'boolean', default: false },
  ready: { type: 'boolean', default: false },
  apply: { type: 'boolean', default: false },
} as const satisfies Record<string, FlagSpec>;

/** the name, version and description: built into the bundle; from source, package.json's */
function about(): { version: string; description: string } {
  if (typeof KUBEDECK_VERSION === 'string') return { version: KUBEDECK_VERSION, description: KUBEDECK_DESCRIPTION ?? '' };
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string; description?: string };
  return { version: pkg.version, description: pkg.description ?? '' };
}

/** `--help`: the description, then the usage (the layout meow printed) */
function helpText(description: string): string {
  const usage = HELP.replace(/^\n+|\n+$/g, '');
  return `${description ? `\n  ${description}\n` : ''}\n${usage}\n\n`;
}

async function main(): Promise<number> {
  phase('modules loaded');
  process.title = 'kubedeck';
  const cli = parseCommandLine(process.argv.slice(2), FLAGS);
  if (cli.kind === 'help') {
    process.stdout.write(helpText(about().description));
    return 0;
  }
  if (cli.kind === 'version') {
    process.stdout.write(`${about().version}\n`);
    return 0;
  }
  if (cli.kind === 'error') return fail(`${cli.message} (try --help)`);
  const f = cli.flags;
  // unknown flags are a usage error as every other: one kubedeck: line, exit 2
  if (cli.unknown.length) return fail(`unknown flag ${cli.unknown.join(', ')} (try --help)`);
  if (f.logFile) openLogFile(f.logFile);
  for (const key of ['namespace', 'kubeconfig', 'context', 'server', 'certificateAuthority', 'token', 'tokenFile', 'as', 'requestTimeout', 'pane', 'config', 'logFile', 'output'] as const) {
    if (f[key] === '') return fail(`${flagName(key)} needs a value`);
  }
  if (!Number.isInteger(f.demoPods) || f.demoPods < 0) return fail('--demo-pods needs a whole number of pods, e.g. --demo-pods 3000');
  if (f.pane !== undefined) {
    const { findPane, paneWords } = await import('./views/panes/registry.js');
    if (!findPane(f.pane)) return fail(`unknown pane "${f.pane}" (panes: ${paneWords()})`);
  }
  if (f.namespace && f.allNamespaces) return fail('use either -n NAMESPACE or -A, not both');
  if (f.token && f.tokenFile) return fail('use either --token or --token-file, not both');

  const authn = cli.input[0] === 'authn';
  // `authn check --config FILE` names the AuthenticationConfiguration, not kubedeck's config
  const config = loadAppConfig({ path: authn ? undefined : f.config });
  let requestTimeoutMs = config.requestTimeout;
  try {
    if (f.requestTimeout !== undefined) requestTimeoutMs = parseDuration(f.requestTimeout);
  } catch (err) {
    return fail(`--request-timeout: ${errorMessage(err)}`);
  }

  const [command, ...args] = cli.input;
  if (command && command !== 'snapshot' && command !== 'pv' && command !== 'authn' && command !== 'why' && command !== 'gates') return fail(`unknown command "${command}" (try --help)`);
  if (authn && (args[0] !== 'check' || args.length !== 1 || !f.config)) return fail('usage: kubedeck authn check --config FILE [--token-file FILE] [-o json]');
  if (command === 'why' && args.length !== 2) return fail((await import('./why-cli.js')).WHY_USAGE);
  if (command === 'gates' && (!f.ready || args.length !== 0 || (f.apply && !f.yes))) return fail((await import('./gates-cli.js')).GATES_USAGE);
  if ((f.ready || f.apply) && command !== 'gates') return fail('--ready and --apply belong to `kubedeck gates`');
  if (command === 'pv' && (args[0] !== 'cleanup' || args.length !== 2)) return fail('usage: kubedeck pv cleanup NAME [--yes]');
  if (f.stale && command !== 'snapshot') return fail('--stale only filters `kubedeck snapshot pvs`');
  if (f.partial && command !== 'snapshot') return fail('--partial only applies to `kubedeck snapshot`');
  const logsPane = command === 'snapshot' && args[0] === 'logs';
  if (command === 'snapshot' && !logsPane && args.length !== 1) return fail('usage: kubedeck snapshot PANE|RESOURCE [-o table|wide|json]');
  if (f.output !== 'table' && f.output !== 'json' && f.output !== 'wide') return fail(`-o must be table, wide or json, not "${f.output}"`);

  const target: Target = await resolveTarget({
    flags: f,
    config,
    entry: new URL(import.meta.url),
  });
  phase('kubeconfig read');
  debug('start', { context: target.loaded.currentContext, demo: f.demo, readonly: f.readonly });
  // every command says so, not only the console's header: a cron job's log keeps it
  for (const w of target.loaded.forContext(target.loaded.currentContext).tlsWarnings) process.stderr.write(`kubedeck: warning: ${sanitize(w)}\n`);
  try {
    if (command === 'snapshot') {
      const { runSnapshot } = await import('./snapshot.js');
      return await runSnapshot({ target, pane: args[0]!, output: f.output, config, requestTimeoutMs, readonly: f.readonly, stale: f.stale, partial: f.partial, args: args.slice(1) });
    }
    if (authn) {
      if (f.output === 'wide') return fail('-o wide is for snapshot; authn check prints table or json');
      // the CEL engine is loaded only for this command
      return await (await import('./authn-cli.js')).runAuthnCheck({ target, configPath: f.config!, output: f.output, config, requestTimeoutMs });
    }
    if (command === 'why' || command === 'gates') {
      if (f.output === 'wide') return fail(`-o wide is for snapshot; ${command} prints table or json`);
      if (command === 'why') return await (await import('./why-cli.js')).runWhy({ target, kind: args[0]!, name: args[1], output: f.output, config, requestTimeoutMs });
      return await (await import('./gates-cli.js')).runGates({ target, output: f.output, apply: f.apply, config, requestTimeoutMs, readonly: f.readonly });
    }
    if (command === 'pv') return await (await import('./pvcleanup-cli.js')).runPvCleanup({ target, name: args[1]!, yes: f.yes, config, requestTimeoutMs, readonly: f.readonly });
    return await (await import('./app.js')).runConsole({ target, config, requestTimeoutMs, readonly: f.readonly, pane: f.pane, altScreen: f.altScreen });
  } finally {
    await target.close();
  }
}

/**
 * process.exit drops what a pipe has not taken yet (`snapshot ... | slow-reader` got
 * 64 KiB of a 7.9 MB answer): exit once stdout and stderr have flushed. A closed pipe
 * (EPIPE) ends through the stdout error handler instead.
 */
function exitWhenFlushed(code: number): void {
  let left = 2;
  const done = () => {
    if (--left === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

function fail(message: string): number {
  // server text (a proxy's error page, a Status message) must not drive the terminal
  process.stderr.write(`kubedeck: ${sanitize(message, { multiline: true })}\n`);
  return 2;
}

// The demo cluster's worker thread runs this module too (src/demo/worker.ts): there it
// serves the demo and does nothing else.
const demoWorker = !isMainThread && Boolean((workerData as { kubedeckDemo?: unknown } | undefined)?.kubedeckDemo);
if (!demoWorker || !(await import('./demo/index.js')).runDemoWorkerIfRequested()) {
  // `kubedeck snapshot pods | head` closes the pipe early: that is success, not a crash.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  main().then(
    (code) => exitWhenFlushed(code),
    (err: unknown) => {
      if (err instanceof KubeconfigError || err instanceof ConfigError) {
        process.exit(fail(err.message));
      }
      process.stderr.write(`kubedeck: ${sanitize(err instanceof Error ? err.message : String(err), { multiline: true })}\n`);
      debug('fatal', { error: err instanceof Error ? err.stack : String(err) });
      process.exit(1);
    },
  );
}

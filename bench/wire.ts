// Bytes on the wire, CPU, time to first rows and to the full count for one pods watch
// (all namespaces), by paginated LIST+WATCH and by watch-list, with and without gzip, on
// the demo cluster. Each server and each client is a process of its own.
//
//   npx tsx bench/wire.ts [PODS...] [--runs N] [--kubeconfig FILE]
//     PODS: extra demo pods per size (default 10000 50000); --runs: runs per case (3);
//     --kubeconfig: measure against that cluster instead of the demo (without gzip: the
//     client does not ask for it)
//
// Prints a markdown table (medians) and one JSON line per run on stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const self = fileURLToPath(import.meta.url);

async function serve(pods: number, gzip: boolean): Promise<void> {
  const { startDemoCluster } = await import('../src/demo/index.js');
  const cluster = await startDemoCluster({ extraPods: pods, gzip });
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-wire-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, cluster.kubeconfig(), { mode: 0o600 });
  process.stdout.write(JSON.stringify({ kubeconfig }) + '\n');
  process.on('SIGTERM', () => void cluster.close().then(() => process.exit(0)));
}

interface Result {
  firstRowsMs: number;
  fullCountMs: number;
  count: number;
  wireBytes: number;
  bytes: number;
  requests: number;
  cpuMs: number;
  watchList: boolean;
}

async function client(kubeconfig: string, watchList: boolean, gzip: boolean): Promise<void> {
  const { loadKubeconfig } = await import('../src/k8s/kubeconfig.js');
  const { createTransport } = await import('../src/k8s/transport.js');
  const { startWatch } = await import('../src/k8s/watch.js');
  const { Store } = await import('../src/state/store.js');
  const loaded = loadKubeconfig({ kubeconfig, env: {} });
  let wireBytes = 0;
  let bytes = 0;
  let requests = 0;
  const transport = createTransport(loaded.forContext(loaded.currentContext).kc, {
    gzip,
    onWire: (w) => {
      wireBytes += w.wire;
      bytes += w.bytes;
      requests++;
    },
  });
  const pods = { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, verbs: ['list', 'watch'], subresources: [] };
  const store = new Store({ frameMs: 33 });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let firstRowsMs = -1;
  let usedWatchList = false;
  const handle = startWatch({ transport, resource: pods, namespace: null, sink: store, watchList, onEvent: (e) => e.type === 'list-done' && (usedWatchList = !!e.watchList) });
  const result = await new Promise<Result>((resolve) => {
    store.subscribe(() => {
      if (firstRowsMs < 0 && store.size > 0) firstRowsMs = performance.now() - t0;
      if (store.health.state === 'synced') {
        const fullCountMs = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        // the stream's bytes are recorded when it closes: stop, then read them
        handle.stop();
        setTimeout(() => resolve({ firstRowsMs, fullCountMs, count: store.size, wireBytes, bytes, requests, cpuMs: (cpu.user + cpu.system) / 1000, watchList: usedWatchList }), 200);
      }
    });
  });
  await handle.done;
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (l) => {
      rl.close();
      resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}`)));
  });
}

const tsx = ['--import', 'tsx'];

async function startServer(pods: number, gzip: boolean): Promise<{ kubeconfig: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...tsx, self, 'serve', String(pods), gzip ? '1' : '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const { kubeconfig } = JSON.parse(await firstLine(child)) as { kubeconfig: string };
  return { kubeconfig, child };
}

async function runClient(kubeconfig: string, watchList: boolean, gzip: boolean): Promise<Result> {
  const child = spawn(process.execPath, [...tsx, self, 'client', kubeconfig, watchList ? '1' : '0', gzip ? '1' : '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(await firstLine(child)) as Result;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(args: string[]): Promise<void> {
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
  const kcAt = args.indexOf('--kubeconfig');
  const external = kcAt >= 0 ? args[kcAt + 1] : undefined;
  const sizes = args.filter((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--runs').map(Number);
  const rows: string[] = ['| pods | path | gzip | first rows | full count | client CPU | bytes on the wire | inflated | requests |', '|---|---|---|---|---|---|---|---|---|'];
  for (const pods of external ? [0] : sizes.length ? sizes : [10_000, 50_000]) {
    const servers = external ? [true, false].map((gzip) => ({ gzip, kubeconfig: external, child: undefined })) : await Promise.all([true, false].map(async (gzip) => ({ gzip, ...(await startServer(pods, gzip)) })));
    const results = new Map<string, Result[]>();
    for (let r = 0; r < runs; r++) {
      // interleaved: each case once per round
      for (const s of servers) {
        for (const watchList of [false, true]) {
          // the demo's gzip is switched on its side; a real server's by not asking
          const res = await runClient(s.kubeconfig, watchList, external ? s.gzip : true);
          const key = `${watchList ? 'watch-list' : 'LIST+WATCH'}|${s.gzip ? 'on' : 'off'}`;
          results.set(key, [...(results.get(key) ?? []), res]);
          process.stderr.write(JSON.stringify({ pods, case: key, ...res }) + '\n');
        }
      }
    }
    for (const [key, rs] of results) {
      const [path, gzip] = key.split('|');
      const count = rs[0]!.count;
      rows.push(`| ${count.toLocaleString('en-US')} | ${path} | ${gzip} | ${sec(median(rs.map((x) => x.firstRowsMs)))} | ${sec(median(rs.map((x) => x.fullCountMs)))} | ${sec(median(rs.map((x) => x.cpuMs)))} | ${mb(median(rs.map((x) => x.wireBytes)))} | ${mb(median(rs.map((x) => x.bytes)))} | ${median(rs.map((x) => x.requests))} |`);
    }
    for (const s of servers) s.child?.kill('SIGTERM');
  }
  process.stdout.write(rows.join('\n') + '\n');
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'serve') await serve(Number(rest[0]), rest[1] !== '0');
else if (mode === 'client') await client(rest[0]!, rest[1] === '1', rest[2] !== '0');
else await main(process.argv.slice(2));

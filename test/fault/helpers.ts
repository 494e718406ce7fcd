// What the fault tests share: a watch over the real transport against a fault server.
import { createTransport, type TransportOptions } from '../../src/k8s/transport.js';
import { startWatch, type WatchLoopEvent, type WatchOptions } from '../../src/k8s/watch.js';
import { Store } from '../../src/state/store.js';
import type { ResourceType } from '../../src/k8s/types.js';
import { startFaultServer, type FaultServer, type Recorded } from './server.js';

export const podsType: ResourceType = { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, verbs: ['list', 'watch'], subresources: [] };

export interface Watched {
  fs: FaultServer;
  store: Store;
  events: WatchLoopEvent[];
  stop(): Promise<void>;
}

/** A fault server scripted by setup, and a watch of pods in "default" against it. */
export async function watchAgainst(setup: (fs: FaultServer) => void, opts: Partial<WatchOptions> = {}, topts: TransportOptions = {}): Promise<Watched> {
  const fs = await startFaultServer();
  setup(fs);
  const store = new Store({ frameMs: 1 });
  const events: WatchLoopEvent[] = [];
  const h = startWatch({
    transport: createTransport(fs.kubeconfig(), { requestTimeoutMs: 5000, ...topts }),
    resource: podsType,
    namespace: 'default',
    sink: store,
    onEvent: (e) => events.push(e),
    ...opts,
  });
  return {
    fs,
    store,
    events,
    stop: async () => {
      h.stop();
      await h.done;
      store.dispose();
      await fs.close();
    },
  };
}

/** The most requests that fell in any window of windowMs. */
export function peakIn(requests: Recorded[], windowMs = 10_000): number {
  const t = requests.map((r) => r.time).sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; j < t.length; j++) {
    while (t[j]! - t[i]! >= windowMs) i++;
    peak = Math.max(peak, j - i + 1);
  }
  return peak;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`not reached in time: ${what}`);
    await sleep(10);
  }
}

// --- the command line, as a user runs it ---------------------------------------

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `kubedeck ARGS` from source with a clean HOME. readDelayMs leaves stdout
 * unread that long (a slow pipe); closeAfterBytes closes our end once that much came
 * (`| head -c N`).
 */
export function runCli(args: string[], opts: { readDelayMs?: number; closeAfterBytes?: number; env?: Record<string, string> } = {}): Promise<CliResult> {
  const home = mkdtempSync(join(tmpdir(), 'kubedeck-home-'));
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_STATE_HOME: join(home, '.state'), ...opts.env };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let got = 0;
  child.stderr.on('data', (c: Buffer) => err.push(c));
  const read = () =>
    child.stdout.on('data', (c: Buffer) => {
      out.push(c);
      got += c.length;
      if (opts.closeAfterBytes !== undefined && got >= opts.closeAfterBytes) child.stdout.destroy();
    });
  if (opts.readDelayMs) setTimeout(read, opts.readDelayMs);
  else read();
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') })),
  );
}

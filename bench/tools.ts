// The peers: k9s (built once from its Go module into the project's cache, the way
// test/e2e/cluster/build.sh builds the control plane) and kubectl (the one the e2e suite
// uses: $KUBECTL or kubectl on the PATH).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const K9S_VERSION = 'v0.51.0';
const CACHE = process.env.KUBEDECK_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kubedeck');

function which(cmd: string): string | undefined {
  const r = spawnSync('bash', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function goBinary(): string | undefined {
  return which('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

export interface Peer {
  path?: string;
  version?: string;
  /** why it is not measured, or which version stands in for the one asked */
  note?: string;
}

/** the k9s binary, building it when the cache has none (minutes, once) */
export function ensureK9s(log: (s: string) => void): Peer {
  const go = goBinary();
  const tryVersion = (v: string): Peer | undefined => {
    const bin = join(CACHE, 'k9s', v, 'bin');
    const exe = join(bin, 'k9s');
    if (existsSync(exe)) return { path: exe, version: v };
    if (!go) return undefined;
    mkdirSync(bin, { recursive: true });
    log(`building k9s ${v} with go install (once; minutes on 2 cores) into ${bin}`);
    const r = spawnSync('nice', ['-n', '19', go, 'install', '-p', '2', '-trimpath', '-ldflags', '-s -w', `github.com/derailed/k9s@${v}`], {
      env: { ...process.env, GOBIN: bin, CGO_ENABLED: '0', GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim(), GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? 'local' },
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      timeout: 40 * 60_000,
    });
    if (r.status === 0 && existsSync(exe)) return { path: exe, version: v };
    log(`go install github.com/derailed/k9s@${v} failed: ${(r.stderr ?? '').split('\n').slice(-5).join(' ')}`);
    return undefined;
  };
  if (!go && !existsSync(join(CACHE, 'k9s', K9S_VERSION, 'bin', 'k9s'))) return { note: 'k9s not measured: Go is not on this machine (needed to build it once)' };
  const exact = tryVersion(K9S_VERSION);
  if (exact) return exact;
  // the exact version is not served: the newest the module proxy has
  try {
    const latest = (JSON.parse(execFileSync(go!, ['list', '-m', '-json', 'github.com/derailed/k9s@latest'], { encoding: 'utf8', cwd: CACHE, env: { ...process.env, GO111MODULE: 'on' } })) as { Version: string }).Version;
    const other = latest !== K9S_VERSION ? tryVersion(latest) : undefined;
    if (other) return { ...other, note: `k9s ${K9S_VERSION} could not be built here; measured ${latest}, the newest the Go module proxy serves` };
  } catch {
    // no answer from the proxy
  }
  return { note: `k9s not measured: go install of ${K9S_VERSION} failed (see above)` };
}

export function findKubectl(): Peer {
  const path = process.env.KUBECTL ? which(process.env.KUBECTL) : which('kubectl');
  if (!path) return { note: 'kubectl not measured: not on the PATH (set KUBECTL)' };
  let version: string | undefined;
  try {
    version = (JSON.parse(execFileSync(path, ['version', '--client', '-o', 'json'], { encoding: 'utf8' })) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion;
  } catch {
    // unknown
  }
  return { path, version };
}

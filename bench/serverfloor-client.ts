// The server floor's trivial client in a process of its own (bench/serverfloor.ts), so
// the harness can run it on the tools' core and read the server's CPU around each part:
//   node --import tsx bench/serverfloor-client.ts KUBECONFIG list|watch-list [PATH]
// Prints one JSON line: {list} or {watchList}, a part of a ServerFloor.
import { kubeFromConfig } from './kube.js';
import { listPagesFloor, watchListFloor, type ServerFloor } from './serverfloor.js';

const [kubeconfig, part, path = '/api/v1/pods'] = process.argv.slice(2);
if (!kubeconfig || (part !== 'list' && part !== 'watch-list')) {
  console.error('usage: serverfloor-client.ts KUBECONFIG list|watch-list [PATH]');
  process.exit(2);
}
const kube = kubeFromConfig(kubeconfig, 4);
try {
  const out: Partial<ServerFloor> = part === 'list' ? { list: await listPagesFloor(kube, path) } : { watchList: await watchListFloor(kube, path) };
  process.stdout.write(JSON.stringify(out) + '\n');
} catch (e) {
  console.error(`serverfloor: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  kube.close();
}

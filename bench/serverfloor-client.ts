// The server floor's trivial client in a process of its own (bench/serverfloor.ts), so
// the harness can run it on the tools' core:
//   node --import tsx bench/serverfloor-client.ts KUBECONFIG [PATH]
// Prints one JSON line, a ServerFloor: the paginated LIST, then the watch-list stream.
import { kubeFromConfig } from './kube.js';
import { listPagesFloor, watchListFloor, type ServerFloor } from './serverfloor.js';

const [kubeconfig, path = '/api/v1/pods'] = process.argv.slice(2);
if (!kubeconfig) {
  console.error('usage: serverfloor-client.ts KUBECONFIG [PATH]');
  process.exit(2);
}
const kube = kubeFromConfig(kubeconfig, 4);
try {
  const list = await listPagesFloor(kube, path);
  const watchList = await watchListFloor(kube, path);
  const out: ServerFloor = { list, watchList };
  process.stdout.write(JSON.stringify(out) + '\n');
} catch (e) {
  console.error(`serverfloor: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  kube.close();
}

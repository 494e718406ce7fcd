// `kubedeck snapshot logs NS/POD [CONTAINER]` against the demo cluster: every
// container's lines once, prefixed as kubectl logs --all-containers --prefix does.
import { describe, expect, test } from 'vitest';
import { useDemoCluster } from './harness.js';
import { demoKubeconfig, openKubeconfigSession } from '../support/demo-session.js';
import { paneSnapshot } from '../../src/panes.js';

const env = useDemoCluster('kubedeck-logsnap-');
const POD = { namespace: 'web', pod: 'orders-5d7f9c8b6-t5wzk' };

async function snapshot(container: string | null) {
  const s = await openKubeconfigSession(demoKubeconfig(env.demo, env.dir));
  const snap = paneSnapshot(s, 'logs', { logs: { ...POD, container } });
  return { s, snap, failure: await snap.load!() };
}

describe('snapshot logs', () => {
  test('all containers: init, sidecar and main lines, each prefixed, no escape sequences', async () => {
    const { s, snap, failure } = await snapshot(null);
    try {
      expect(failure).toBeUndefined();
      const { stdout } = snap.print('table', Date.now());
      const prefixes = new Set(stdout.trimEnd().split('\n').map((l) => /^\[pod\/orders-5d7f9c8b6-t5wzk\/([a-z]+)\] /.exec(l)?.[1]));
      expect(prefixes).toEqual(new Set(['migrate', 'proxy', 'app']));
      expect(stdout).not.toMatch(/\x1b|\x07|\x9b/); // the demo's app container prints escape sequences
    } finally {
      s.close();
    }
  });

  test('one container as JSON: the containers in lifecycle order and only that container\'s lines', async () => {
    const { s, snap, failure } = await snapshot('proxy');
    try {
      expect(failure).toBeUndefined();
      const doc = JSON.parse(snap.print('json', Date.now()).stdout);
      expect(doc.containers.map((c: { name: string; kind: string }) => `${c.kind}:${c.name}`)).toEqual(['init:migrate', 'sidecar:proxy', 'main:app']);
      expect(doc.lines.length).toBeGreaterThan(0);
      expect(new Set(doc.lines.map((l: { container: string }) => l.container))).toEqual(new Set(['proxy']));
    } finally {
      s.close();
    }
  });

  test('a pod that does not exist gives the reason', async () => {
    const s = await openKubeconfigSession(demoKubeconfig(env.demo, env.dir));
    try {
      const snap = paneSnapshot(s, 'logs', { logs: { namespace: 'web', pod: 'nope', container: null } });
      expect(await snap.load!()).toMatch(/pods "nope" not found/);
    } finally {
      s.close();
    }
  });
});

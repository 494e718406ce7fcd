// Bulk pods for scale testing (`extraPods`): cheap to build, mostly Running,
// some gated, a few failing, spread over namespaces and nodes.
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../k8s/types.js';
import { NODES } from './builders.js';

const APPS = ['worker', 'api', 'indexer', 'renderer', 'scraper', 'ingest', 'cache', 'notifier'];
export const EXTRA_NAMESPACES = ['load-a', 'load-b', 'load-c', 'load-d'];
const GATES = ['example.com/quota', 'example.com/data'];

function suffix(i: number): string {
  return (i * 2654435761 >>> 0).toString(36).padStart(7, '0').slice(-7);
}

export function extraPods(n: number): KubeObject[] {
  const out: KubeObject[] = new Array(n);
  const now = Date.now();
  const iso = (secondsAgo: number) => new Date(now - secondsAgo * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  for (let i = 0; i < n; i++) {
    const app = APPS[i % APPS.length];
    const ns = EXTRA_NAMESPACES[i % EXTRA_NAMESPACES.length];
    const age = 60 + ((i * 7919) % (14 * 86400));
    const created = iso(age);
    const image = `registry.example.com/${app}:3.${i % 7}.0`;
    const kind = i % 20; // 0: gated, 1: crash loop, 2: pending, else running
    const gated = kind === 0;
    const node = NODES[i % NODES.length];
    const container = { name: app, image, resources: { requests: { cpu: '50m', memory: '64Mi' } } };
    const spec: Record<string, unknown> = {
      containers: [container],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
    };
    let status: Record<string, unknown>;
    if (gated) {
      spec.schedulingGates = GATES.slice(0, 1 + (i % 2)).map((name) => ({ name }));
      status = {
        phase: 'Pending',
        qosClass: 'Burstable',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates', lastProbeTime: null, lastTransitionTime: created }],
      };
    } else {
      spec.nodeName = node;
      const ok = kind > 2;
      const state = ok
        ? { running: { startedAt: created } }
        : kind === 1
          ? { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${app}` } }
          : { waiting: { reason: 'ContainerCreating' } };
      status = {
        phase: kind === 2 ? 'Pending' : 'Running',
        hostIP: `10.0.0.${11 + (i % NODES.length)}`,
        podIP: `10.245.${(i >> 8) & 0xff}.${i & 0xff}`,
        podIPs: [{ ip: `10.245.${(i >> 8) & 0xff}.${i & 0xff}` }],
        startTime: created,
        qosClass: 'Burstable',
        conditions: [
          { type: 'Ready', status: ok ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: created },
          { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: created },
        ],
        containerStatuses: [{ name: app, image, ready: ok, started: ok, restartCount: kind === 1 ? 5 + (i % 30) : i % 9 === 0 ? 1 : 0, state, lastState: {} }],
      };
    }
    out[i] = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${app}-${suffix(i)}-${i.toString(36)}`,
        namespace: ns,
        uid: randomUUID(),
        creationTimestamp: created,
        generation: 1,
        labels: { app, 'kubedeck.dev/load': 'true' },
      },
      spec,
      status,
    };
  }
  return out;
}


// Kubeconfig YAML for one demo user: CA inline, bearer token, nothing on disk.
import { stringify } from 'yaml';
import type { DemoUser } from './auth.js';

export const CLUSTER_NAME = 'kubedeck-demo';

export function contextName(user: DemoUser): string {
  return user === 'demo-viewer' ? 'kubedeck-demo-viewer' : 'kubedeck-demo';
}

export function kubeconfigYaml(server: string, caPem: string, user: DemoUser, token: string): string {
  const context = contextName(user);
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: CLUSTER_NAME, cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: user, user: { token } }],
    // The admin context names no namespace, so the demo console opens on all of them.
    contexts: [{ name: context, context: { cluster: CLUSTER_NAME, user, ...(user === 'demo-viewer' ? { namespace: 'web' } : {}) } }],
    'current-context': context,
  });
}

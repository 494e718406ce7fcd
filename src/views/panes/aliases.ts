// The one table of pane words: the API's own short names where they exist (po, pv),
// plus singular and plural; resource.k8s.io kinds have no short names.
export const ALIASES = {
  pods: ['pods', 'pod', 'po'],
  claims: ['claims', 'claim', 'resourceclaims', 'resourceclaim'],
  volumes: ['pvs', 'pv', 'volumes', 'volume', 'persistentvolumes', 'persistentvolume'],
  logs: ['logs', 'log'],
  identity: ['whoami', 'identity'],
} as const satisfies Record<string, readonly string[]>;

// "Why is it waiting?": the reasons as data. The analysis in this folder is pure: it
// reads the objects kubedeck's stores hold and never calls the API.
import type { KubeObject } from '../../k8s/types.js';
import type { SelectorResult, RuleEvaluator } from '../../k8s/types.js';
export type { SelectorResult, GateRule, RuleEvaluator } from '../../k8s/types.js';

export type ReasonKind =
  // scheduling gates
  | 'gate'
  // resource claims
  | 'claim-not-created'
  | 'claim-missing'
  | 'claim-pending'
  | 'claim-reserved-for-others'
  | 'claim-reserved-for-gone-pod'
  | 'claim-binding-conditions'
  | 'claim-deleted'
  // persistent volume claims
  | 'pvc-missing'
  | 'pvc-pending'
  | 'pvc-wait-for-first-consumer'
  // node fit
  | 'scheduler'
  | 'nominated-node'
  | 'failed-scheduling-event'
  | 'node-fit-estimate'
  // after binding
  | 'init-container'
  | 'sidecar'
  | 'image-pull'
  | 'crash-loop'
  // a store kubedeck could not read
  | 'unknown';

export interface Reason {
  kind: ReasonKind;
  /** what holds the pod: "gate example.com/quota", "claim ml/gpu", "node fit", "container app" */
  subject: string;
  /** ISO time since when, when known */
  since?: string;
  detail: string;
  /** what would unblock it */
  unblock?: string;
  /** the console key that acts on it, where kubedeck has one */
  actionKey?: string;
  /** machine-readable extras (counts, names) for -o json and tests */
  data?: Record<string, unknown>;
}


/** A device as the DRA CEL environment sees it. */
export interface CelDevice {
  driver: string;
  allowMultipleAllocations?: boolean;
  attributes?: Record<string, Record<string, unknown>>;
  capacity?: Record<string, { value: string }>;
}

export interface SelectorEvaluator {
  evaluate(expression: string, device: CelDevice): SelectorResult;
}

/** The stand-in while no CEL engine is plugged in: every selector says so. */
export const noCelEngine: SelectorEvaluator = {
  evaluate: () => ({ cannot: 'selector not evaluated: CEL engine missing' }),
};

/**
 * Everything the analysis reads. A list is undefined when kubedeck cannot know it
 * (not served, forbidden, not synced): the reasons then say so instead of guessing.
 */
export interface WhyInput {
  now: number;
  pods?: readonly KubeObject[];
  claims?: readonly KubeObject[];
  pvcs?: readonly KubeObject[];
  pvs?: readonly KubeObject[];
  storageClasses?: readonly KubeObject[];
  nodes?: readonly KubeObject[];
  /** events about the pod (any order) */
  events?: readonly KubeObject[];
  slices?: readonly KubeObject[];
  deviceClasses?: readonly KubeObject[];
  namespaces?: readonly KubeObject[];
  evaluator: SelectorEvaluator;
  /** gate readiness: a gate name → ready/not and the rule's words */
  gateReadiness?: (gate: string, pod: KubeObject) => GateReadiness;
}

export interface GateReadiness {
  /** true: the rule says the gate may go; false: not yet; null: manual (no rule) */
  ready: boolean | null;
  rule: string;
  detail: string;
}



export const noRuleEngine: RuleEvaluator = {
  check: () => 'CEL engine missing: expression rules cannot be evaluated',
  evaluate: () => ({ cannot: 'rule not evaluated: CEL engine missing' }),
};

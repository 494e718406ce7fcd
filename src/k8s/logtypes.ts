// What a log tail is to its readers: target, options, per-container stream state
// and the snapshot the logs pane renders.
import type { KubeObject } from './types.js';
import type { ContainerInfo } from '../state/containers.js';
import type { LogEntry } from '../state/loglines.js';

export interface LogTarget {
  namespace: string;
  pod: string;
}

export interface TailOptions {
  /** one container, or null for all of them merged */
  container: string | null;
  follow: boolean;
  /** the previous instance (kubectl logs --previous); never followed */
  previous: boolean;
  sinceSeconds?: number;
  tailLines?: number;
}

export type StreamState =
  | { state: 'connecting' }
  | { state: 'streaming' }
  | { state: 'ended'; message?: string }
  | { state: 'waiting'; message: string }
  | { state: 'reconnecting'; message: string; attempt: number }
  | { state: 'error'; message: string; status: number };

export interface TailSnapshot {
  pod: KubeObject | undefined;
  containers: ContainerInfo[];
  /** the containers tailed, in --all-containers order */
  tailed: string[];
  /** lines of the tailed containers, merged in time order */
  entries: readonly LogEntry[];
  streams: Readonly<Record<string, StreamState>>;
  /** lines received since the tail opened (the count of new lines while paused) */
  received: number;
  /** lines that fell out of the ring buffers */
  dropped: number;
  /** a problem with the pod itself (not found, deleted) */
  problem?: string;
  /** true while the pod (and so its containers) is still being looked up */
  podPending?: boolean;
}

export interface LogTail {
  readonly target: LogTarget;
  readonly options: TailOptions;
  readonly version: number;
  subscribe(listener: () => void): () => void;
  snapshot(): TailSnapshot;
  close(): void;
}

// What a log tail is to its readers: target, options, per-container stream state
// and the snapshot the logs pane renders (declared with the other contracts in types.ts).
export type { LogTarget, TailOptions, StreamState, TailSnapshot, LogTail } from './types.js';

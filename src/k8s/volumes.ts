// Volumes pane API: what the views may ask of the session about volumes.
// Built per session from SessionCore; views never call the API directly.
import type { SessionCore } from './session.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface VolumesApi {}

export function createVolumesApi(core: SessionCore): VolumesApi {
  void core;
  return {};
}

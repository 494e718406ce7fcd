// Claims pane API: what the views may ask of the session about claims.
// Built per session from SessionCore; views never call the API directly.
import type { SessionCore } from './session.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClaimsApi {}

export function createClaimsApi(core: SessionCore): ClaimsApi {
  void core;
  return {};
}

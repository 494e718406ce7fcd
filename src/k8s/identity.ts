// Identity pane API: what the views may ask of the session about identity.
// Built per session from SessionCore; views never call the API directly.
import type { SessionCore } from './session.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IdentityApi {}

export function createIdentityApi(core: SessionCore): IdentityApi {
  void core;
  return {};
}

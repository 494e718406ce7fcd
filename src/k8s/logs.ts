// Logs pane API: what the views may ask of the session about logs.
// Built per session from SessionCore; views never call the API directly.
import type { SessionCore } from './session.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LogsApi {}

export function createLogsApi(core: SessionCore): LogsApi {
  void core;
  return {};
}

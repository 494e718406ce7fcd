// Makes dist/kubedeck.mjs: the launcher (scripts/launcher-runtime.mjs) with the bundle
// below it as comment lines, one file as before (docs/performance.md, "First rows, again").
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const RUNTIME = new URL('./launcher-runtime.mjs', import.meta.url);
const MARKER = '\n// ---- the bundle, one comment line per line ----\n';
const PLACEHOLDER = "const BUNDLE = { sha256: '', bytes: 0 };";

/** the launcher's text around `bundle` (the bundle's own text) */
export function launcherFor(bundle) {
  // a line terminator other than \n would end a comment line early and run the rest as code
  if (/[\r\u2028\u2029]/.test(bundle)) throw new Error('the bundle holds a \\r, U+2028 or U+2029 line terminator: it cannot be carried as comment lines');
  const runtime = readFileSync(RUNTIME, 'utf8');
  if (!runtime.includes(PLACEHOLDER) || !runtime.includes(MARKER.trim())) throw new Error(`${RUNTIME.pathname}: no BUNDLE placeholder or marker`);
  const sha256 = createHash('sha256').update(bundle).digest('hex');
  const head = runtime.replace(PLACEHOLDER, `const BUNDLE = { sha256: '${sha256}', bytes: ${Buffer.byteLength(bundle)} };`);
  return head.trimEnd() + MARKER + bundle.split('\n').map((line) => `//${line}`).join('\n');
}

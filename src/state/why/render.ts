// The reasons as text: one numbered entry per reason, then its unblock line.
import { humanDuration, parseTime } from '../format.js';
import { sanitize } from '../sanitize.js';
import type { ClaimAnalysis } from './claim.js';
import { countsText } from './claim.js';
import type { Reason } from './types.js';

export function reasonLines(reasons: readonly Reason[], now: number): string[] {
  if (reasons.length === 0) return ['nothing holds it'];
  const lines: string[] = [];
  reasons.forEach((r, i) => {
    const t = parseTime(r.since);
    const since = t === undefined ? '' : ` (for ${humanDuration(now - t)})`;
    lines.push(sanitize(`${i + 1}. ${r.subject}${since}: ${r.detail}`));
    const tail = [r.unblock ? `unblock: ${r.unblock}` : '', r.actionKey ? `key: ${r.actionKey}` : ''].filter(Boolean).join('   ');
    if (tail) lines.push(sanitize(`   ${tail}`));
  });
  return lines;
}

export function renderPod(name: string, reasons: readonly Reason[], now: number): string {
  return [`pod ${sanitize(name)}`, ...reasonLines(reasons, now)].join('\n') + '\n';
}

export function renderClaim(a: ClaimAnalysis, now: number): string {
  const lines = [`claim ${sanitize(a.claim)}: ${a.allocated ? 'allocated' : 'pending'}`];
  for (const p of a.pools) {
    lines.push(sanitize(`  pool ${p.driver}/${p.pool} generation ${p.generation}: ${p.state}${p.invalid ? ` (${p.invalid})` : ''}, ${p.slices}/${p.resourceSliceCount} slices, ${p.devices} devices${p.obsoleteSlices ? `, ${p.obsoleteSlices} obsolete slice(s) ignored` : ''}`));
  }
  for (const r of a.requests) {
    for (const alt of r.alternatives) {
      const mode = alt.mode === 'All' ? 'all' : `×${alt.count}`;
      lines.push(sanitize(`  request ${alt.request} (${alt.deviceClass || '?'} ${mode}${alt.adminAccess ? ', admin' : ''}): ${alt.satisfiable ? 'satisfiable' : alt.short}`));
      const counts = countsText(alt);
      if (counts) lines.push(sanitize(`    ${counts}`));
      for (const s of alt.selectors) lines.push(sanitize(`    ${s.source}: ${s.expression} → ${s.devices} device(s)${s.message ? `: ${s.message}` : ' false'}`));
    }
  }
  for (const c of a.constraints) lines.push(sanitize(`  constraint ${c.kind} ${c.attribute}: ${c.detail}`));
  if (!a.allocated) lines.push(...reasonLines(a.reasons, now));
  return lines.join('\n') + '\n';
}

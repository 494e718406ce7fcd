// A ResourceClaim: what it asks for (each request, `exactly` or the `firstAvailable`
// alternatives, with selectors), what it got (the allocation's devices, per request),
// who holds it (reservedFor) and what the drivers report (status.devices).
import type { KubeObject } from '../../k8s/types.js';
import { selectorNodes, versionOf } from '../dra.js';
import { arr, conditionsSection, line, metadataSection, rec, str, text, when } from './common.js';
import { section, type DetailLine, type DetailSection } from './types.js';

function selectors(list: unknown): string {
  return arr(list)
    .map((s) => text(rec(rec(s).cel).expression))
    .filter(Boolean)
    .join(' && ');
}

function exactLines(r: Record<string, unknown>, depth: number): DetailLine[] {
  const mode = str(r.allocationMode) === 'All' ? 'all matching devices' : `${typeof r.count === 'number' ? r.count : 1} device(s)`;
  return [
    { label: 'Class', value: `${text(r.deviceClassName) || '<none>'}, ${mode}${r.adminAccess === true ? ', admin access' : ''}`, depth },
    ...(selectors(r.selectors) ? [{ label: 'Selector', value: selectors(r.selectors), depth }] : []),
    ...(arr(r.tolerations).length ? [{ label: 'Tolerations', value: arr(r.tolerations).map((t) => `${text(rec(t).key)}:${text(rec(t).effect) || '*'}`).join(', '), depth }] : []),
  ];
}

function requestLines(spec: Record<string, unknown>, legacy: boolean): DetailLine[] {
  const lines: DetailLine[] = [];
  for (const r of arr(rec(spec.devices).requests).map(rec)) {
    lines.push({ label: text(r.name) || '<unnamed>', value: arr(r.firstAvailable).length ? 'first available of:' : 'request', depth: 0 });
    const subs = arr(r.firstAvailable).map(rec);
    if (subs.length) {
      subs.forEach((s, i) => {
        lines.push({ label: `${i + 1}. ${text(s.name)}`, value: '', depth: 1 });
        lines.push(...exactLines(s, 2));
      });
    } else lines.push(...exactLines(legacy ? r : rec(r.exactly ?? r), 1));
  }
  for (const c of arr(rec(spec.devices).constraints).map(rec)) {
    const what = str(c.matchAttribute) ? `same ${text(c.matchAttribute)}` : str(c.distinctAttribute) ? `distinct ${text(c.distinctAttribute)}` : 'constraint';
    lines.push({ label: 'Constraint', value: `${what} across ${arr(c.requests).length ? arr(c.requests).map(text).join(', ') : 'all requests'}` });
  }
  return lines;
}

export function describeClaim(claim: KubeObject, now: number): DetailSection[] {
  const spec = rec(claim.spec);
  const status = rec(claim.status);
  const legacy = ['v1beta1', 'v1alpha3'].includes(versionOf(claim));
  const allocation = status.allocation && typeof status.allocation === 'object' ? rec(status.allocation) : undefined;
  const results = arr(rec(allocation?.devices).results).map(rec);
  const nodes = allocation ? selectorNodes(allocation.nodeSelector) : '';
  const deviceStatus = arr(status.devices).map(rec);
  return [
    ...section('Claim', [
      { label: 'State', value: allocation ? (arr(status.reservedFor).length ? 'allocated, reserved' : 'allocated') : 'pending (not allocated)', tone: allocation ? 'ok' : 'warn' },
      line('Allocated', allocation ? when(allocation.allocationTimestamp, now) : ''),
      line('Node', nodes || (allocation ? 'any node' : '')),
    ]),
    ...section('Requests', requestLines(spec, legacy)),
    ...section(
      'Allocated devices',
      results.map((r) => ({
        label: text(r.request) || '<request>',
        value: `${text(r.driver)} / ${text(r.pool)} / ${text(r.device)}${r.adminAccess === true ? ' (admin access)' : ''}${arr(r.bindingConditions).length ? `, waits on ${arr(r.bindingConditions).map(text).join(', ')}` : ''}`,
      })),
    ),
    ...section(
      'Reserved for',
      arr(status.reservedFor)
        .map(rec)
        .map((c) => ({ value: `${text(c.resource) || 'pods'}/${text(c.name)}${str(c.uid) ? ` (uid ${text(c.uid)})` : ''}` })),
    ),
    ...section(
      'Device status',
      deviceStatus.flatMap((d) => {
        const conds = arr(d.conditions).map((c) => `${text(rec(c).type)}=${text(rec(c).status)}`).join(', ');
        const net = rec(d.networkData);
        const ips = arr(net.ips).map(text).join(', ');
        return [
          { label: `${text(d.driver)}/${text(d.pool)}/${text(d.device)}`, value: conds || 'reported' },
          ...(str(net.interfaceName) || ips ? [{ label: 'Network', value: [text(net.interfaceName), ips, text(net.hardwareAddress)].filter(Boolean).join(' '), depth: 1 }] : []),
        ];
      }),
    ),
    ...conditionsSection(claim, now),
    ...metadataSection(claim, now),
  ];
}

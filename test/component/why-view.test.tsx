// The why view: numbered reasons with how long and what unblocks them, fitted to the pane.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { WhyView } from '../../src/views/why/WhyView.js';
import type { Reason } from '../../src/state/why/types.js';

const now = Date.parse('2026-12-01T10:00:00Z');
const reasons: Reason[] = [
  { kind: 'gate', subject: 'gate example.com/quota', since: '2026-12-01T09:00:00Z', detail: 'scheduling gate example.com/quota, added by quota-webhook', unblock: 'remove the gate', actionKey: 'u' },
  { kind: 'claim-pending', subject: 'claim ml/gpu', detail: 'request gpu: needs 1, 0 matched and free', unblock: 'free a device' },
  { kind: 'node-fit-estimate', subject: 'node fit', detail: "kubedeck's estimate: 0/4 nodes: 4 do not match disk=nvme" },
];

describe('WhyView', () => {
  it('shows each reason with its age, unblock line and key', () => {
    const r = render(<WhyView title="pod ml/train-0" reasons={reasons} now={now} width={100} height={10} />);
    const frame = r.lastFrame() ?? '';
    expect(frame).toContain('Why: pod ml/train-0');
    expect(frame).toContain('1. gate example.com/quota (for 60m): scheduling gate example.com/quota, added by quota-webhook');
    expect(frame).toContain('   unblock: remove the gate   key u');
    expect(frame).toContain("3. node fit: kubedeck's estimate: 0/4 nodes: 4 do not match disk=nvme");
  });

  it('cuts long lines to the width and says how many lines are below', () => {
    const r = render(<WhyView title="pod ml/train-0" reasons={reasons} now={now} width={30} height={4} />);
    const lines = (r.lastFrame() ?? '').split('\n');
    expect(lines.every((l) => l.length <= 30)).toBe(true);
    expect(lines).toHaveLength(4);
    expect(lines.at(-1)).toBe('… 3 more lines');
  });

  it('says when nothing holds it, and while it is reading', () => {
    expect(render(<WhyView title="pod a/b" reasons={[]} now={now} width={40} height={5} />).lastFrame()).toContain('nothing holds it');
    expect(render(<WhyView title="pod a/b" reasons={undefined} now={now} width={60} height={5} />).lastFrame()).toContain('reading pods');
  });
});

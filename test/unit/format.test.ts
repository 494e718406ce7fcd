import { describe, expect, it } from 'vitest';
import { age, ago, humanDuration, parseTime } from '../../src/state/format.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration (apimachinery HumanDuration)', () => {
  // Cases follow the branches of duration.HumanDuration and its upstream test table.
  it.each([
    ['within clock skew', -1500, '0s'],
    ['more than 2s in the future', -2 * s, '<invalid>'],
    ['zero', 0, '0s'],
    ['seconds', 1 * s, '1s'],
    ['seconds up to 2 minutes', 70 * s, '70s'],
    ['just under 2 minutes', 2 * m - 1, '119s'],
    ['whole minutes under 10m', 2 * m, '2m'],
    ['minutes and seconds under 10m', 2 * m + 3 * s, '2m3s'],
    ['9m59s', 9 * m + 59 * s, '9m59s'],
    ['minutes only from 10m', 10 * m + 30 * s, '10m'],
    ['up to 3 hours in minutes', 3 * h - 1, '179m'],
    ['whole hours under 8h', 3 * h, '3h'],
    ['hours and minutes under 8h', 7 * h + 59 * m, '7h59m'],
    ['hours only from 8h', 8 * h + 30 * m, '8h'],
    ['up to 48h in hours', 47 * h + 59 * m, '47h'],
    ['whole days under 8d', 2 * d, '2d'],
    ['days and hours under 8d', 7 * d + 5 * h, '7d5h'],
    ['days only from 8d', 8 * d + 5 * h, '8d'],
    ['days up to 2 years', 400 * d, '400d'],
    ['last day before 2y', 2 * 365 * d - 1, '729d'],
    ['whole years', 2 * 365 * d, '2y'],
    ['years and days under 8y', 2 * 365 * d + 3 * d, '2y3d'],
    ['years only from 8y', 8 * 365 * d + 3 * d, '8y'],
    ['many years', 20 * 365 * d, '20y'],
  ])('%s', (_name, ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });

  it('treats NaN and Infinity as invalid', () => {
    expect(humanDuration(Number.NaN)).toBe('<invalid>');
    expect(humanDuration(Number.POSITIVE_INFINITY)).toBe('<invalid>');
  });
});

describe('age and ago', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('shows the age of an RFC 3339 timestamp', () => {
    expect(age('2026-03-01T11:57:00Z', now)).toBe('3m');
    expect(age('2026-02-27T12:00:00Z', now)).toBe('2d');
  });

  it('shows <unknown> for a missing or unparseable timestamp, as kubectl', () => {
    expect(age(undefined, now)).toBe('<unknown>');
    expect(age('', now)).toBe('<unknown>');
    expect(age('creationTimestampValue', now)).toBe('<unknown>');
  });

  it('says how long ago, or nothing without a timestamp', () => {
    expect(ago('2026-03-01T11:58:00Z', now)).toBe('2m ago');
    expect(ago(undefined, now)).toBe('');
  });

  it('parses timestamps to epoch ms', () => {
    expect(parseTime('1970-01-01T00:00:01Z')).toBe(1000);
    expect(parseTime(42)).toBeUndefined();
  });
});

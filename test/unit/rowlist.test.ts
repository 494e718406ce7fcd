import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RowList } from '../../src/state/rowlist.js';

type Op = { kind: 'insert'; at: number; value: number } | { kind: 'remove'; at: number } | { kind: 'set'; at: number; value: number } | { kind: 'append'; values: number[] };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.integer() }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  // an update that keeps its row's place
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer() }),
  // a filter pass finishing in slices appends what each slice found
  fc.record({ kind: fc.constant('append' as const), values: fc.array(fc.integer(), { maxLength: 12 }) }),
);

describe('RowList', () => {
  it('reads like an array after any inserts, removes, sets and appends, and every older list keeps its items', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 40 }), fc.array(op, { maxLength: 200 }), fc.integer({ min: 1, max: 5 }), (start, ops, chunk) => {
        const model = [...start];
        let list = RowList.of(start, chunk);
        const history: [RowList<number>, number[]][] = [];
        for (const o of ops) {
          history.push([list, [...model]]);
          if (o.kind === 'insert') {
            const at = o.at % (model.length + 1);
            model.splice(at, 0, o.value);
            list = list.insert(at, o.value);
          } else if (o.kind === 'append') {
            model.push(...o.values);
            list = list.append(o.values);
          } else if (o.kind === 'set') {
            if (model.length) {
              const at = o.at % model.length;
              model[at] = o.value;
              list = list.set(at, o.value);
            }
          } else if (model.length) {
            const at = o.at % model.length;
            model.splice(at, 1);
            list = list.remove(at);
          }
          expect(list.length).toBe(model.length);
        }
        expect([...list]).toEqual(model);
        expect(list.slice()).toEqual(model);
        for (let i = -1; i <= model.length; i++) expect(list.at(i)).toBe(model.at(i));
        const [a, b] = [Math.floor(model.length / 3), Math.ceil((2 * model.length) / 3)];
        expect(list.slice(a, b)).toEqual(model.slice(a, b));
        expect(list.slice(-2)).toEqual(model.slice(-2));
        expect(list.findIndex((v) => v % 3 === 0)).toBe(model.findIndex((v) => v % 3 === 0));
        expect(list.filter((v, i) => v > i)).toEqual(model.filter((v, i) => v > i));
        for (const [old, items] of history) expect(old.slice()).toEqual(items);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses an index outside the list', () => {
    const list = RowList.of([1, 2, 3]);
    expect(() => list.insert(4, 9)).toThrow(RangeError);
    expect(() => list.remove(3)).toThrow(RangeError);
    expect(() => list.set(3, 9)).toThrow(RangeError);
    expect(RowList.empty<number>().at(0)).toBeUndefined();
  });
});

import fc from 'fast-check';
import { median } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { SortedCounts } from '../src/series/sorted-counts.js';

/** SortedCounts against a plain sorted array of the same values (adds and removals in any order). */
describe('SortedCounts', () => {
  it('holds repeats: median, rank, min, sums at most x, values in a range', () => {
    const s = new SortedCounts();
    for (const v of [1000, 1000, 2000, 1000, 333.25]) s.add(v);
    expect(s.size).toBe(5);
    expect(s.distinct).toBe(3);
    expect(s.median()).toBe(1000);
    expect(s.at(0)).toBe(333.25);
    expect(s.at(4)).toBe(2000);
    expect(s.at(5)).toBeNaN();
    expect(s.min()).toBe(333.25);
    expect(s.atMost(1000)).toEqual({ count: 4, sum: 3333.25 });
    expect(s.anyIn(1000, 1999)).toBe(false);
    expect(s.anyIn(1000, 2000)).toBe(true);
    s.remove(2000);
    expect(s.distinct).toBe(2);
    expect(s.median()).toBe(1000);
    expect(new SortedCounts().median()).toBeNaN();
  });

  it('quantised keys group values within the quantum; sums keep the values given', () => {
    const s = new SortedCounts(1e-3);
    s.add(333.3333333);
    s.add(333.3333336);
    expect(s.distinct).toBe(1);
    expect(s.atMost(333.334).sum).toBeCloseTo(666.6666669, 9);
  });

  it('equals a sorted array after any sequence of adds and removals', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.boolean()), { minLength: 1, maxLength: 200 }), (ops) => {
        const s = new SortedCounts();
        const plain: number[] = [];
        for (const [v, add] of ops) {
          const i = plain.indexOf(v);
          if (add || i < 0) {
            s.add(v);
            plain.push(v);
          } else {
            s.remove(v);
            plain.splice(i, 1);
          }
        }
        plain.sort((a, b) => a - b);
        expect(s.size).toBe(plain.length);
        if (plain.length) expect(s.median()).toBe(median(plain));
        expect(s.atMost(20).count).toBe(plain.filter((v) => v <= 20).length);
        const even = s.evenSample(7);
        const want = plain.length <= 7 ? plain : Array.from({ length: 7 }, (_, k) => plain[Math.round((k * (plain.length - 1)) / 6)]!);
        expect(even).toEqual(want);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiveTiming } from '../src/series/live-timing.js';
import { estimateInterval, spreadWithinSeconds } from '../src/series/timing.js';

describe('LiveTiming', () => {
  it('a 3-s step at 1 Hz is a logging gap', () => {
    const t = new LiveTiming();
    for (const s of [0, 1000, 2000, 5000]) t.add(s);
    expect(t.timing()).toEqual({ intervalS: 1, gapThresholdS: 2 });
  });

  it('documents of one second are spread inside it, and move while the second is still being written', () => {
    const t = new LiveTiming();
    t.add(0);
    t.add(0);
    expect([t.time(0), t.time(1)]).toEqual([0, 500]);
    t.add(0);
    expect([t.time(0), t.time(1), t.time(2)]).toEqual([0, 1000 / 3, 2000 / 3]);
    t.add(1000);
    expect(t.groupStart).toBe(3);
    expect(t.time(2)).toBe(2000 / 3);
  });

  it('documents with no time before the first readable one take its second', () => {
    const t = new LiveTiming();
    t.add(NaN);
    expect(t.time(0)).toBeNaN();
    t.add(5000);
    expect([t.time(0), t.time(1)]).toEqual([5000, 5500]);
  });

  it('times and timing equal spreadWithinSeconds + estimateInterval of the documents so far, after every document', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 0, 1, 1, 1, 2, 3, 7, -2), { minLength: 1, maxLength: 120 }), (steps) => {
        const t = new LiveTiming();
        const raw: number[] = [];
        let s = 1_764_000_000_000;
        for (const d of steps) {
          s += d * 1000;
          raw.push(s);
          t.add(s);
          const times = spreadWithinSeconds(Float64Array.from(raw));
          for (let i = 0; i < raw.length; i++) expect(t.time(i)).toBe(times[i]);
          const want = estimateInterval(times);
          const got = t.timing();
          expect(got.gapThresholdS).toBe(want.gapThresholdS);
          if (Number.isNaN(want.intervalS)) expect(got.intervalS).toBeNaN();
          else expect(got.intervalS).toBeCloseTo(want.intervalS, 12);
        }
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});

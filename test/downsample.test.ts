import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bucketExtremes, minMaxDownsample } from '../src/report/downsample.js';

describe('minMaxDownsample', () => {
  it('a one-sample idle dip in a 4-hour busy log survives downsampling to 800 pixels', () => {
    const n = 4 * 3600;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = new Float64Array(n).fill(450);
    y[7777] = 71;
    const d = minMaxDownsample(x, y, { buckets: 800 });
    expect(d.x.length).toBeLessThanOrEqual(4 * 800);
    expect(Math.min(...d.y)).toBe(71);
    expect(d.x[d.y.indexOf(71)]).toBe(7777);
    // a plain mean over the dip's pixel would have hidden it: the pixel's samples, from the data
    const w = n / 800;
    const from = Math.floor(7777 / w) * w;
    const pixel = y.subarray(from, from + w);
    expect(pixel).toContain(71);
    expect(pixel.reduce((a, v) => a + v, 0) / pixel.length).toBeGreaterThan(420);
  });

  it('keeps every bucket minimum and maximum and the x order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 50, maxLength: 400 }),
        fc.integer({ min: 1, max: 10 }),
        (ys, buckets) => {
          const x = Float64Array.from(ys, (_, i) => i);
          const d = minMaxDownsample(x, ys, { buckets });
          for (let i = 1; i < d.x.length; i++) expect(d.x[i]!).toBeGreaterThan(d.x[i - 1]!);
          // independent: brute-force min/max per bucket of width n/buckets
          const w = (ys.length - 1) / buckets;
          for (let b = 0; b < buckets; b++) {
            const inB = (xv: number): boolean => Math.min(buckets - 1, Math.floor(xv / w)) === b;
            const full = ys.filter((_, i) => inB(i));
            const kept = Array.from(d.y).filter((_, i) => inB(d.x[i]!));
            if (full.length === 0) continue;
            expect(Math.min(...kept)).toBe(Math.min(...full));
            expect(Math.max(...kept)).toBe(Math.max(...full));
          }
        },
      ),
    );
  });

  it('missing values become one NaN point, so the drawn line breaks there', () => {
    const n = 1000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = Float64Array.from({ length: n }, (_, i) => (i >= 300 && i < 400 ? NaN : 100));
    const d = minMaxDownsample(x, y, { buckets: 10 });
    expect(Array.from(d.y).filter(Number.isNaN).length).toBe(1);
    expect(d.x[Array.from(d.y).findIndex(Number.isNaN)]).toBe(300);
  });

  it('short lines come back whole; bad bucket counts are rejected', () => {
    expect(Array.from(minMaxDownsample([0, 1, 2], [3, 4, 5], { buckets: 1 }).y)).toEqual([3, 4, 5]);
    expect(() => minMaxDownsample([0], [0], { buckets: 0 })).toThrow('invalid buckets: 0');
  });
});

describe('bucketExtremes', () => {
  it('gives each bucket its min and max, NaN for empty ones', () => {
    const r = bucketExtremes([0, 1, 2, 3, 9], [5, 1, 7, 7, 2], { buckets: 3 });
    // hand-worked: range 0..9, bucket width 3 → {0,1,2}, {3}, {9}
    expect(Array.from(r.min)).toEqual([1, 7, 2]);
    expect(Array.from(r.max)).toEqual([7, 7, 2]);
    expect(Array.from(bucketExtremes([0, 9], [1, 2], { buckets: 3 }).min)).toEqual([1, NaN, 2]);
  });
});

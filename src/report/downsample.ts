import { check } from '../errors.js';

export interface BucketOptions {
  /** Number of equal-width x buckets (e.g. pixels or characters). */
  buckets: number;
  /** x range bucketed; default the finite min and max of x. */
  xMin?: number;
  xMax?: number;
}

function xRange(x: ArrayLike<number>, o: BucketOptions): [number, number] {
  let lo = o.xMin ?? Infinity;
  let hi = o.xMax ?? -Infinity;
  if (o.xMin === undefined || o.xMax === undefined) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (!Number.isFinite(v)) continue;
      if (o.xMin === undefined && v < lo) lo = v;
      if (o.xMax === undefined && v > hi) hi = v;
    }
  }
  return [lo, hi];
}

function bucketOf(v: number, lo: number, hi: number, n: number): number {
  if (hi <= lo) return 0;
  return Math.min(n - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * n)));
}

/**
 * Minimum and maximum of the finite y values in each of `buckets` equal x ranges (NaN where a bucket
 * has none), so that a one-sample dip or spike survives any amount of downsampling.
 *
 * @example bucketExtremes([0, 1, 2, 3], [5, 1, 7, 7], { buckets: 2 }) // min [1, 7], max [5, 7]
 */
export function bucketExtremes(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: BucketOptions,
): { min: Float64Array; max: Float64Array } {
  const n = options.buckets;
  check(Number.isInteger(n) && n > 0, 'buckets', n);
  const min = new Float64Array(n).fill(NaN);
  const max = new Float64Array(n).fill(NaN);
  const [lo, hi] = xRange(x, options);
  for (let i = 0; i < x.length; i++) {
    const xv = x[i]!;
    const yv = y[i]!;
    if (!Number.isFinite(xv) || !Number.isFinite(yv) || xv < lo || xv > hi) continue;
    const b = bucketOf(xv, lo, hi, n);
    if (!(min[b]! <= yv)) min[b] = yv;
    if (!(max[b]! >= yv)) max[b] = yv;
  }
  return { min, max };
}

/**
 * Downsamples a line for drawing with the M4 rule: in each of `buckets` equal x ranges (one per
 * pixel column) it keeps the first, minimum, maximum and last point, in x order, so the drawn line
 * covers exactly the same pixels as the full one — idle dips stay visible, unlike a plain mean.
 * Missing y (NaN) is kept as one NaN point per run, so the line breaks there. Points must be in
 * x order. A line with no more than 4 points per bucket is returned whole.
 *
 * @example minMaxDownsample(t, watts, { buckets: 800 }) // ≤ 3200 points, every dip kept
 */
export function minMaxDownsample(x: ArrayLike<number>, y: ArrayLike<number>, options: BucketOptions): { x: Float64Array; y: Float64Array } {
  const n = options.buckets;
  check(Number.isInteger(n) && n > 0, 'buckets', n);
  check(x.length === y.length, 'lengths', `${x.length} x, ${y.length} y`);
  if (x.length <= 4 * n) return { x: Float64Array.from(x), y: Float64Array.from(y) };
  const [lo, hi] = xRange(x, options);
  const ox: number[] = [];
  const oy: number[] = [];
  let bucket = -1;
  let first = -1;
  let last = -1;
  let iMin = -1;
  let iMax = -1;
  const flush = (): void => {
    if (first < 0) return;
    const idx = [...new Set([first, iMin, iMax, last])].sort((a, b) => a - b);
    for (const i of idx) {
      ox.push(x[i]!);
      oy.push(y[i]!);
    }
    first = last = iMin = iMax = -1;
  };
  let inGap = false;
  for (let i = 0; i < x.length; i++) {
    const xv = x[i]!;
    const yv = y[i]!;
    if (!Number.isFinite(xv) || xv < lo || xv > hi) continue;
    if (Number.isNaN(yv)) {
      if (!inGap) {
        flush();
        ox.push(xv);
        oy.push(NaN);
        inGap = true;
      }
      continue;
    }
    inGap = false;
    const b = bucketOf(xv, lo, hi, n);
    if (b !== bucket) {
      flush();
      bucket = b;
    }
    if (first < 0) first = iMin = iMax = i;
    last = i;
    if (yv < y[iMin]!) iMin = i;
    if (yv > y[iMax]!) iMax = i;
  }
  flush();
  return { x: Float64Array.from(ox), y: Float64Array.from(oy) };
}

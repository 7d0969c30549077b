import { max, mean, min, quantile } from 'simple-statistics';

/** The finite values of a column, as a new array. */
export function finite(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out.push(v);
  }
  return out;
}

/** Summary statistics of a column, ignoring NaN; every field is NaN when no value is finite. */
export interface ColumnStats {
  count: number;
  mean: number;
  min: number;
  p5: number;
  p50: number;
  p95: number;
  max: number;
}

/**
 * Mean, min, 5th/50th/95th percentile (simple-statistics' quantile, linear interpolation) and max of the finite values.
 * @example columnStats(Float64Array.of(1, NaN, 3)) // { count: 2, mean: 2, min: 1, p50: 2, max: 3, ... }
 */
export function columnStats(values: ArrayLike<number>): ColumnStats {
  const all = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isFinite(x)) all[n++] = x;
  }
  if (n === 0) return { count: 0, mean: NaN, min: NaN, p5: NaN, p50: NaN, p95: NaN, max: NaN };
  const v = all.subarray(0, n) as unknown as number[];
  // three order statistics by selection (simple-statistics' multi-quantile), not a full sort
  const [p5, p50, p95] = quantile(v, [0.05, 0.5, 0.95]);
  return { count: n, mean: mean(v), min: min(v), p5: p5!, p50: p50!, p95: p95!, max: max(v) };
}

/**
 * A number for JSON: the value, or null where it is NaN or infinite (JSON has no NaN; a missing
 * figure is null, never 0).
 *
 * @example finiteOrNull(NaN) // null
 * @example finiteOrNull(71.5) // 71.5
 */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

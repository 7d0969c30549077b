import { max, mean, min, quantileSorted } from 'simple-statistics';

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
 * Mean, min, 5th/50th/95th percentile (simple-statistics' quantile) and max of the finite values.
 * @example columnStats(Float64Array.of(1, NaN, 3)) // { count: 2, mean: 2, min: 1, p50: 2, max: 3, ... }
 */
export function columnStats(values: ArrayLike<number>): ColumnStats {
  const v = finite(values);
  if (v.length === 0) return { count: 0, mean: NaN, min: NaN, p5: NaN, p50: NaN, p95: NaN, max: NaN };
  const sorted = v.slice().sort((a, b) => a - b);
  return {
    count: v.length,
    mean: mean(v),
    min: min(v),
    p5: quantileSorted(sorted, 0.05),
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    max: max(v),
  };
}

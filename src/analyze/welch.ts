import jstat from 'jstat';
import { mean, sampleVariance } from 'simple-statistics';

export interface WelchTest {
  /** Welch's t statistic (mean of a − mean of b over the standard error). */
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value; NaN when either sample has fewer than 2 values or both have no spread. */
  p: number;
}

/**
 * Welch's unequal-variance t-test of two samples (the means of `a` and `b` differ), two-sided. The
 * statistic and degrees of freedom come from simple-statistics' mean and sample variance, the
 * p-value from jStat's Student t distribution. With no spread in either sample, p is 0 when the
 * means differ and 1 when they are equal.
 *
 * @example
 * welchTest([30, 33, 29], [6, 7, 7]).p // 0.002 (per-movie runs vs one process over a folder)
 */
export function welchTest(a: readonly number[], b: readonly number[]): WelchTest {
  if (a.length < 2 || b.length < 2) return { t: NaN, df: NaN, p: NaN };
  const ma = mean(a as number[]);
  const mb = mean(b as number[]);
  const va = sampleVariance(a as number[]) / a.length;
  const vb = sampleVariance(b as number[]) / b.length;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { t: ma === mb ? 0 : Math.sign(ma - mb) * Infinity, df: NaN, p: ma === mb ? 1 : 0 };
  const t = (ma - mb) / se;
  const df = (va + vb) ** 2 / ((va * va) / (a.length - 1) + (vb * vb) / (b.length - 1));
  const p = 2 * (1 - jstat.jStat.studentt.cdf(Math.abs(t), df));
  return { t, df, p };
}

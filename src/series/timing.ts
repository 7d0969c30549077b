import { check } from '../errors.js';
import type { LoggingGap } from './types.js';

/**
 * Spreads documents that share one timestamp second evenly inside that second, in document order
 * (`-lms` logs write several documents per second with 1-s timestamps). Returns new times.
 *
 * @example spreadWithinSeconds(Float64Array.of(0, 0, 0, 0, 1000)) // [0, 250, 500, 750, 1000]
 */
export function spreadWithinSeconds(rawMs: Float64Array): Float64Array {
  const out = new Float64Array(rawMs.length);
  let i = 0;
  while (i < rawMs.length) {
    let j = i + 1;
    while (j < rawMs.length && rawMs[j] === rawMs[i]) j++;
    const n = j - i;
    for (let k = 0; k < n; k++) out[i + k] = rawMs[i]! + (k * 1000) / n;
    i = j;
  }
  return out;
}

export interface IntervalEstimate {
  /** Mean of the steps that are not gaps, seconds; NaN with fewer than 2 samples. */
  intervalS: number;
  /** Steps longer than this many seconds are logging gaps. */
  gapThresholdS: number;
}

/**
 * Estimates the real sampling interval and the logging-gap threshold from sample times.
 *
 * The median positive step gives a first interval `m`. A step is a gap when it is longer than
 * both `gapFactor × m` and `m + min(1 s, m)`: with 1-second timestamps, a logger whose true
 * period is a little over 1 s (the query itself takes time) writes steps of 1 and 2 s without
 * losing any sample, so a 2-s step at `-l 1` is not a gap, while a 3-s step is. The interval
 * reported is the mean of the non-gap steps, which recovers the true period (e.g. 1.03 s).
 *
 * @param gapFactor multiple of the interval beyond which a step is a gap; default 1.5.
 */
export function estimateInterval(timeMs: Float64Array, gapFactor = 1.5): IntervalEstimate {
  check(Number.isFinite(gapFactor) && gapFactor > 1, 'gap factor', gapFactor);
  const steps: number[] = [];
  for (let i = 1; i < timeMs.length; i++) {
    const d = timeMs[i]! - timeMs[i - 1]!;
    if (d > 0) steps.push(d);
  }
  if (steps.length === 0) return { intervalS: NaN, gapThresholdS: NaN };
  const sorted = steps.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const m = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const thresholdMs = Math.max(gapFactor * m, m + Math.min(1000, m));
  let sum = 0;
  let n = 0;
  for (const d of steps) {
    if (d <= thresholdMs) {
      sum += d;
      n++;
    }
  }
  return { intervalS: sum / n / 1000, gapThresholdS: thresholdMs / 1000 };
}

/**
 * Lists logging gaps: steps between consecutive samples longer than `gapThresholdS`.
 * Steps that go backwards are not gaps (they are reported as TIME_BACKWARDS warnings).
 */
export function findLoggingGaps(timeMs: Float64Array, gapThresholdS: number): LoggingGap[] {
  const gaps: LoggingGap[] = [];
  if (!Number.isFinite(gapThresholdS)) return gaps;
  const th = gapThresholdS * 1000;
  for (let i = 1; i < timeMs.length; i++) {
    const d = timeMs[i]! - timeMs[i - 1]!;
    if (d > th) gaps.push({ startMs: timeMs[i - 1]!, endMs: timeMs[i]!, durationS: d / 1000, sample: i });
  }
  return gaps;
}

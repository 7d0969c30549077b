import { check } from '../errors.js';
import { estimateInterval } from '../series/timing.js';

/** How the time between samples is read. Both default to an estimate from the samples' times. */
export interface TimingOptions {
  /** Steps longer than this (seconds) are logging gaps. Default: `log.gapThresholdS` as estimated by {@link estimateInterval}. */
  gapThresholdS?: number;
  /** Typical sampling interval (seconds). Default: estimated by {@link estimateInterval}. */
  intervalS?: number;
}

/** Durations of the samples and the timing they were computed with. */
export interface SampleDurations {
  /** Seconds each sample stands for (see {@link sampleDurations}). */
  durationS: Float64Array;
  gapThresholdS: number;
  intervalS: number;
}

/**
 * The time each sample stands for, in seconds: a sample holds until the next one. When the step to
 * the next sample is a logging gap (longer than `gapThresholdS`), goes backwards, or there is no next
 * sample, the sample stands for one typical interval (`intervalS`, capped at the step) and the rest
 * of the step is unknown time, neither busy nor idle.
 *
 * @param timeMs epoch ms per sample, in order.
 * @example
 * sampleDurations(Float64Array.of(0, 1000, 2000, 9000), { gapThresholdS: 2, intervalS: 1 }).durationS
 * // [1, 1, 1, 1]: the 7-s step is a logging gap, 6 s of it unknown
 */
export function sampleDurations(timeMs: Float64Array, options: TimingOptions = {}): SampleDurations {
  let { gapThresholdS, intervalS } = options;
  if (gapThresholdS === undefined || intervalS === undefined) {
    const est = estimateInterval(timeMs);
    gapThresholdS ??= est.gapThresholdS;
    intervalS ??= est.intervalS;
  }
  if (!Number.isFinite(intervalS)) intervalS = 1;
  if (!Number.isFinite(gapThresholdS)) gapThresholdS = Infinity;
  check(intervalS > 0, 'interval', intervalS);
  check(gapThresholdS > 0, 'gap threshold', gapThresholdS);
  const n = timeMs.length;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const step = i + 1 < n ? (timeMs[i + 1]! - timeMs[i]!) / 1000 : NaN;
    d[i] = step > 0 && step <= gapThresholdS ? step : step > 0 ? Math.min(intervalS, step) : i + 1 < n ? 0 : intervalS;
  }
  return { durationS: d, gapThresholdS, intervalS };
}

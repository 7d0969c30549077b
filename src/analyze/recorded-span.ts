import { sampleDurations, type TimingOptions } from './sample-durations.js';

/** A stretch of samples measured on the clock of the log, never negative. */
export interface RecordedSpan {
  /** Seconds the samples first..last stand for (each until the next sample; a logging gap's sample for one interval; a step back for 0). */
  recordedS: number;
  /** Seconds inside the stretch that no sample covers: the rest of each logging gap. */
  unrecordedS: number;
  /** recordedS + unrecordedS: the wall-clock span over forward steps only. */
  wallS: number;
}

/**
 * The time a stretch of samples (rows `first`..`last` of `timeMs`, inclusive) covers, split into
 * recorded time and unrecorded time (logging gaps), over forward steps only: a clock that steps
 * back adds nothing and one that steps forward past the gap threshold adds unrecorded time, so
 * the result is never negative and a clock step is never taken for work.
 *
 * @example
 * recordedSpan(Float64Array.of(0, 1000, 2000, 60_000, 61_000), 0, 4, { gapThresholdS: 2, intervalS: 1 })
 * // { recordedS: 5, unrecordedS: 57, wallS: 62 }
 */
export function recordedSpan(
  timeMs: Float64Array,
  first: number,
  last: number,
  options: TimingOptions & { durationS?: Float64Array } = {},
): RecordedSpan {
  if (first < 0 || last < first) return { recordedS: 0, unrecordedS: 0, wallS: 0 };
  const d = options.durationS ?? sampleDurations(timeMs, options).durationS;
  let rec = 0;
  let unrec = 0;
  for (let i = first; i <= last; i++) {
    rec += d[i]!;
    if (i < last) {
      const step = (timeMs[i + 1]! - timeMs[i]!) / 1000;
      if (step > d[i]!) unrec += step - d[i]!;
    }
  }
  return { recordedS: rec, unrecordedS: unrec, wallS: rec + unrec };
}

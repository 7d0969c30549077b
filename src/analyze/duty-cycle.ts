import { quantileSorted } from 'simple-statistics';
import type { GpuSeries } from '../series/types.js';
import { busyIdle, type BusyIdle, type BusyIdleOptions } from './busy-idle.js';
import { recordedSpan } from './recorded-span.js';

export interface DutyCycleOptions extends BusyIdleOptions {
  /** A classification already made by {@link busyIdle} (the other options are then ignored). */
  classification?: BusyIdle;
}

export interface DutyCycle {
  /** Busy seconds / known seconds inside the active span; 0 when the GPU never worked; NaN without known samples. */
  dutyCycle: number;
  /** Busy seconds / known seconds over the whole log. */
  dutyCycleWholeLog: number;
  /** Epoch ms of the first busy sample; NaN when none. */
  activeStartMs: number;
  /** Epoch ms where the last busy sample's time ends (its time + its duration); NaN when none. */
  activeEndMs: number;
  /**
   * Recorded seconds of the active span (first busy sample → end of the last busy sample), logging
   * gaps left out and over forward steps only, so never negative; 0 when never busy.
   */
  activeSpanS: number;
  /** Unrecorded seconds inside the active span (logging gaps, clock steps). */
  loggingGapS: number;
  /** activeSpanS + loggingGapS: the wall-clock span over forward steps. */
  wallSpanS: number;
  /** Busy seconds (all busy samples are inside the active span). */
  busyS: number;
  /** Seconds of samples inside the active span (the span minus logging gaps). */
  knownActiveS: number;
  /** Seconds inside the active span not covered by any sample (logging gaps). */
  unknownActiveS: number;
  /** Row indices [first, last] of the active span; -1 when never busy. */
  firstBusyRow: number;
  lastBusyRow: number;
  /** Power inside the active span, W: min, 1st/5th/10th percentile, mean over samples; NaN without power. */
  activePower: { minW: number; p1W: number; p5W: number; p10W: number; meanW: number };
  classification: BusyIdle;
}

/**
 * Duty cycle of one GPU: the share of its active span (first busy sample → end of the last busy
 * sample) during which it was busy, each sample standing for the time until the next one and
 * logging gaps left out of both sides. Also the share over the whole log, and the lowest power
 * inside the active span (min and low percentiles) to answer "power never fell below X W".
 *
 * @example
 * const d = dutyCycle(log.gpus[0]!, { gapThresholdS: log.gapThresholdS, intervalS: log.intervalS });
 * d.dutyCycle; // 1 for a GPU that never idled between its first and last busy sample
 * d.activePower.minW; // W
 */
export function dutyCycle(series: Pick<GpuSeries, 'timeMs' | 'columns' | 'length'>, options: DutyCycleOptions = {}): DutyCycle {
  const c = options.classification ?? busyIdle(series, options);
  const { busy, known, durationS: d } = c;
  const n = series.length;
  let first = -1;
  let last = -1;
  let busyS = 0;
  let knownAll = 0;
  for (let i = 0; i < n; i++) {
    if (!known[i]) continue;
    knownAll += d[i]!;
    if (busy[i]) {
      if (first < 0) first = i;
      last = i;
      busyS += d[i]!;
    }
  }
  const nanPower = { minW: NaN, p1W: NaN, p5W: NaN, p10W: NaN, meanW: NaN };
  if (first < 0) {
    return {
      dutyCycle: knownAll > 0 ? 0 : NaN,
      dutyCycleWholeLog: knownAll > 0 ? 0 : NaN,
      activeStartMs: NaN,
      activeEndMs: NaN,
      activeSpanS: 0,
      loggingGapS: 0,
      wallSpanS: 0,
      busyS: 0,
      knownActiveS: 0,
      unknownActiveS: 0,
      firstBusyRow: -1,
      lastBusyRow: -1,
      activePower: nanPower,
      classification: c,
    };
  }
  let knownActive = 0;
  const p = series.columns.powerW;
  const pwAll = new Float64Array(last - first + 1);
  let np = 0;
  for (let i = first; i <= last; i++) {
    if (known[i]) knownActive += d[i]!;
    if (!Number.isNaN(p[i]!)) pwAll[np++] = p[i]!;
  }
  const t = series.timeMs;
  const startMs = t[first]!;
  const endMs = t[last]! + d[last]! * 1000;
  const span = recordedSpan(t, first, last, { durationS: d });
  // a typed array sorts numerically without a comparator call per comparison
  const pw = pwAll.subarray(0, np).sort() as unknown as number[];
  const activePower = pw.length
    ? {
        minW: pw[0]!,
        p1W: quantileSorted(pw, 0.01),
        p5W: quantileSorted(pw, 0.05),
        p10W: quantileSorted(pw, 0.1),
        meanW: pw.reduce((a, b) => a + b, 0) / pw.length,
      }
    : nanPower;
  return {
    dutyCycle: busyS / knownActive,
    dutyCycleWholeLog: busyS / knownAll,
    activeStartMs: startMs,
    activeEndMs: endMs,
    activeSpanS: span.recordedS,
    loggingGapS: span.unrecordedS,
    wallSpanS: span.wallS,
    busyS,
    knownActiveS: knownActive,
    unknownActiveS: Math.max(0, span.wallS - knownActive),
    firstBusyRow: first,
    lastBusyRow: last,
    activePower,
    classification: c,
  };
}

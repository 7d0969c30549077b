import { check } from '../errors.js';
import type { GpuSeries } from '../series/types.js';
import { quantileSorted } from 'simple-statistics';
import { dutyCycle, type DutyCycle, type DutyCycleOptions } from './duty-cycle.js';

export interface IdleGapsOptions extends DutyCycleOptions {
  /** Idle intervals shorter than this many seconds are not listed or counted. Default 0 (all). */
  minGapS?: number;
  /** A duty cycle already computed for this series (its classification is reused). */
  duty?: DutyCycle;
}

export interface IdleGap {
  /** Epoch ms of the first idle sample. */
  startMs: number;
  /** Epoch ms where the last idle sample's time ends. */
  endMs: number;
  /** Seconds (sum of the idle samples' durations). */
  durationS: number;
  /** Rows [firstRow, lastRow] of the idle samples. */
  firstRow: number;
  lastRow: number;
  /** True when the interval stops at a logging gap rather than at a busy sample. */
  endsAtLoggingGap: boolean;
}

export interface IdleGaps {
  count: number;
  /** Seconds. */
  totalS: number;
  /** Median, 90th percentile and longest duration, seconds; 0 when there is no gap. */
  medianS: number;
  p90S: number;
  longestS: number;
  /** Share of the active span's known time spent in these gaps. */
  shareOfActive: number;
  /** Known seconds of the active span (the denominator of shareOfActive). */
  knownActiveS: number;
  gaps: IdleGap[];
}

/**
 * Maximal idle intervals of one GPU inside its active span (first busy → last busy sample). A run of
 * idle samples is cut at a logging gap (a step longer than the gap threshold) and at samples whose
 * state is unknown, so a logging gap is never counted as idle time.
 *
 * @example
 * const g = idleGaps(log.gpus[0]!, { gapThresholdS: log.gapThresholdS, intervalS: log.intervalS, minGapS: 2 });
 * g.count; g.totalS; g.gaps[0]?.durationS;
 */
export function idleGaps(series: Pick<GpuSeries, 'timeMs' | 'columns' | 'length'>, options: IdleGapsOptions = {}): IdleGaps {
  const minGap = options.minGapS ?? 0;
  check(Number.isFinite(minGap) && minGap >= 0, 'minimum gap', minGap);
  const duty = options.duty ?? dutyCycle(series, options);
  const { busy, known, durationS: d, gapThresholdS } = duty.classification;
  const t = series.timeMs;
  const gaps: IdleGap[] = [];
  const first = duty.firstBusyRow;
  const last = duty.lastBusyRow;
  let runStart = -1;
  let runS = 0;
  const close = (lastRow: number, atGap: boolean): void => {
    if (runStart >= 0 && runS >= minGap && runS > 0) {
      gaps.push({
        startMs: t[runStart]!,
        endMs: t[lastRow]! + d[lastRow]! * 1000,
        durationS: runS,
        firstRow: runStart,
        lastRow,
        endsAtLoggingGap: atGap,
      });
    }
    runStart = -1;
    runS = 0;
  };
  for (let i = first; i >= 0 && i <= last; i++) {
    if (known[i] && !busy[i]) {
      if (runStart < 0) runStart = i;
      runS += d[i]!;
      const step = i + 1 < series.length ? (t[i + 1]! - t[i]!) / 1000 : 0;
      if (step > gapThresholdS) close(i, true);
    } else if (runStart >= 0) {
      close(i - 1, false);
    }
  }
  const durations = gaps.map((g) => g.durationS).sort((a, b) => a - b);
  const totalS = durations.reduce((a, b) => a + b, 0);
  return {
    count: gaps.length,
    totalS,
    medianS: durations.length ? quantileSorted(durations, 0.5) : 0,
    p90S: durations.length ? quantileSorted(durations, 0.9) : 0,
    longestS: durations.length ? durations[durations.length - 1]! : 0,
    shareOfActive: duty.knownActiveS > 0 ? totalS / duty.knownActiveS : 0,
    knownActiveS: duty.knownActiveS,
    gaps,
  };
}

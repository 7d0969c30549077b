import type { TelemetryWarning } from '../errors.js';
import { isComputeProcess, lowerBound, rowOfSample } from './process-rows.js';
import type { GpuSeries, LoggingGap } from './types.js';

/** Thresholds for telling a clock that stepped from a logger that paused. */
export const CLOCK_LIMITS = {
  /** A logging gap at least this long (s) … */
  STEP_MIN_S: 30,
  /** … and at least this many sampling intervals, across which every GPU lists the same compute processes, is a clock step. */
  STEP_MIN_INTERVALS: 10,
  /** Samples stamped more than this (s, one day) before the next are a clock set after they were written (a node that booted with a wrong clock). */
  SET_MIN_S: 86_400,
} as const;

/** PIDs listed on GPU `g` in log sample `k`, sorted, or null when the GPU has no row or no process list there. */
function pidsAt(g: Pick<GpuSeries, 'sample' | 'processes' | 'columns'>, k: number): number[] | null {
  const r = rowOfSample(g, k);
  if (r < 0 || Number.isNaN(g.columns.processCount[r]!)) return null;
  const p = g.processes;
  const out: number[] = [];
  for (let i = lowerBound(p.row, r); i < p.length && p.row[i] === r; i++) if (isComputeProcess(p, i)) out.push(p.pid[i]!);
  return out.sort((x, y) => x - y);
}

/**
 * Warnings for time that cannot be true, beyond the steps back that the builder reports:
 * - `CLOCK_STEP`: a logging gap of at least {@link CLOCK_LIMITS}.STEP_MIN_S (and STEP_MIN_INTERVALS
 *   intervals) across which every GPU lists the same, non-empty set of compute processes. Work
 *   did not stop, so the step is the clock (NTP, a DST change read in the wrong zone) or a paused
 *   logger; either way the time is unrecorded, never counted as work or idle.
 * - `CLOCK_SET`: the first samples are stamped more than a day before the rest.
 *
 * @example
 * clockWarnings(log, (w) => console.log(w.message));
 * // "clock stepped forward 36000 s at document 12 while GPU … kept the same processes (4242): …"
 */
export function clockWarnings(
  log: {
    timeMs: Float64Array;
    ordinals: Int32Array;
    intervalS: number;
    loggingGaps: readonly LoggingGap[];
    gpus: readonly Pick<GpuSeries, 'key' | 'sample' | 'processes' | 'columns'>[];
  },
  warn: (w: TelemetryWarning) => void,
): void {
  const interval = Number.isFinite(log.intervalS) ? log.intervalS : 1;
  const minStep = Math.max(CLOCK_LIMITS.STEP_MIN_S, CLOCK_LIMITS.STEP_MIN_INTERVALS * interval);
  for (const gap of log.loggingGaps) {
    if (gap.durationS < minStep) continue;
    const k = gap.sample;
    let same = log.gpus.length > 0;
    const kept: string[] = [];
    for (const g of log.gpus) {
      const before = pidsAt(g, k - 1);
      const after = pidsAt(g, k);
      if (before === null || after === null || before.length === 0 || before.join() !== after.join()) {
        same = false;
        break;
      }
      kept.push(before.join(', '));
    }
    if (!same) continue;
    const doc = log.ordinals[k] ?? null;
    warn({
      code: 'CLOCK_STEP',
      message: `clock stepped forward ${Math.round(gap.durationS)} s at document ${doc} while every GPU kept the same processes (${[...new Set(kept)].join('; ')}): a clock step or a paused logger, counted as unrecorded time`,
      offset: null,
      document: doc,
    });
  }
  const t = log.timeMs;
  for (let i = 1; i < t.length && i <= t.length / 2; i++) {
    if (t[i]! - t[i - 1]! > CLOCK_LIMITS.SET_MIN_S * 1000) {
      const doc = log.ordinals[i] ?? null;
      warn({
        code: 'CLOCK_SET',
        message: `the first ${i} sample${i === 1 ? ' is' : 's are'} stamped ${Math.round((t[i]! - t[i - 1]!) / 86_400_000)} days before document ${doc}: a clock set after boot (the step is a logging gap, never work or idle time)`,
        offset: null,
        document: doc,
      });
      break;
    }
  }
}

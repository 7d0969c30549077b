import { quantileSorted } from 'simple-statistics';
import { isComputeProcess, lowerBound } from '../series/process-rows.js';
import type { GpuSeries } from '../series/types.js';
import { idleGaps, type IdleGap, type IdleGaps, type IdleGapsOptions } from './idle-gaps.js';

export interface LaunchesOptions extends IdleGapsOptions {
  /** Count only compute processes (type `C` or `C+G`, or unknown type). Default true. */
  computeOnly?: boolean;
  /** Idle gaps already computed for this series. */
  gaps?: IdleGaps;
}

/** One process on one GPU: when it was first and last listed. */
export interface ProcessSpan {
  pid: number;
  name: string | null;
  type: string | null;
  firstMs: number;
  lastMs: number;
  firstRow: number;
  lastRow: number;
  /** Samples listing it. */
  samples: number;
}

export interface Launches {
  /** Distinct processes (PIDs) seen on the GPU: the launches. */
  count: number;
  processes: ProcessSpan[];
  /** Idle gaps inside the active span during which (or right after which) a new PID first appears. */
  gapCount: number;
  launchGaps: IdleGap[];
  /** Seconds of idle time in launch gaps: the launch overhead. */
  overheadS: number;
  /** overheadS / all idle-gap seconds in the active span; 0 when there is no idle time. */
  overheadShareOfIdle: number;
  /** overheadS / known seconds of the active span. */
  overheadShareOfActive: number;
  /** Median duration of a launch gap, seconds: the median cost per launch; 0 when none. */
  medianGapS: number;
  /** Most compute processes listed at once. */
  maxConcurrent: number;
  /** Set when more than one compute process shared the GPU at once. */
  warning: string | null;
}

/**
 * Processes on one GPU from its `<processes>` lists, and how they relate to idle time: an idle gap
 * is a launch gap when a PID not seen before first appears in one of its samples or in the sample
 * right after it (the one where the GPU is busy again). The launch overhead is the idle time in
 * launch gaps; the median launch gap is the cost per launch.
 *
 * @example
 * const l = launches(log.gpus[0]!, { gapThresholdS: log.gapThresholdS, intervalS: log.intervalS });
 * l.count; l.gapCount; l.overheadS; l.maxConcurrent;
 */
export function launches(series: Pick<GpuSeries, 'timeMs' | 'columns' | 'length' | 'processes'>, options: LaunchesOptions = {}): Launches {
  const computeOnly = options.computeOnly ?? true;
  const gaps = options.gaps ?? idleGaps(series, options);
  const pt = series.processes;
  const t = series.timeMs;
  const byPid = new Map<number, ProcessSpan>();
  const perRow = new Int32Array(series.length);
  for (let i = 0; i < pt.length; i++) {
    if (computeOnly && !isComputeProcess(pt, i)) continue;
    const type = pt.typeCode[i]! >= 0 ? pt.types[pt.typeCode[i]!]! : null;
    const pid = pt.pid[i]!;
    const row = pt.row[i]!;
    perRow[row]!++;
    if (Number.isNaN(pid)) continue;
    const s = byPid.get(pid);
    if (s) {
      if (row < s.firstRow) {
        s.firstRow = row;
        s.firstMs = t[row]!;
      }
      if (row > s.lastRow) {
        s.lastRow = row;
        s.lastMs = t[row]!;
      }
      s.samples++;
    } else {
      byPid.set(pid, {
        pid,
        name: pt.nameCode[i]! >= 0 ? pt.names[pt.nameCode[i]!]! : null,
        type,
        firstMs: t[row]!,
        lastMs: t[row]!,
        firstRow: row,
        lastRow: row,
        samples: 1,
      });
    }
  }
  const processes = [...byPid.values()].sort((a, b) => a.firstRow - b.firstRow || a.pid - b.pid);
  const launchGaps = gaps.gaps.filter(launchGapTest(processes));
  const durations = launchGaps.map((g) => g.durationS).sort((a, b) => a - b);
  const overheadS = durations.reduce((a, b) => a + b, 0);
  let maxConcurrent = 0;
  for (const c of perRow) if (c > maxConcurrent) maxConcurrent = c;
  return {
    count: processes.length,
    processes,
    gapCount: launchGaps.length,
    launchGaps,
    overheadS,
    overheadShareOfIdle: gaps.totalS > 0 ? overheadS / gaps.totalS : 0,
    overheadShareOfActive: gaps.knownActiveS > 0 ? overheadS / gaps.knownActiveS : 0,
    medianGapS: durations.length ? quantileSorted(durations, 0.5) : 0,
    maxConcurrent,
    warning: maxConcurrent > 1 ? `${maxConcurrent} compute processes shared this GPU at once (one process per GPU keeps it busiest)` : null,
  };
}

/**
 * The launch-gap rule, one place for launches and attribution: an idle gap that does not end at a
 * logging gap is a launch gap when a PID not seen before first appears in one of its rows or in the
 * row right after it. `processes` must be sorted by `firstRow` (as {@link launches} returns them).
 *
 * @example launches(g).launchGaps equals idleGaps(g).gaps.filter(launchGapTest(launches(g).processes))
 */
export function launchGapTest(
  processes: readonly Pick<ProcessSpan, 'firstRow'>[],
): (gap: Pick<IdleGap, 'firstRow' | 'lastRow' | 'endsAtLoggingGap'>) => boolean {
  const firstRows = processes.map((p) => p.firstRow); // ascending
  return (g) => {
    if (g.endsAtLoggingGap) return false;
    const k = lowerBound(firstRows, g.firstRow);
    return k < firstRows.length && firstRows[k]! <= g.lastRow + 1;
  };
}

import type { GpuSeries } from '../series/types.js';
import type { DutyCycle } from './duty-cycle.js';
import { isComputeProcess } from '../series/process-rows.js';
import type { IdleGap } from './idle-gaps.js';
import { recordedSpan } from './recorded-span.js';
import { sampleDurations, type TimingOptions } from './sample-durations.js';

/**
 * Where the active GPU-time of a run went, in GPU-seconds. The parts add up to `totalS` exactly.
 * See docs/metrics.md ("Attribution").
 */
export interface Attribution {
  /** The GPU was working. */
  busyS: number;
  /** Idle gaps that end when a new compute process appears (start-up of a new process). */
  launchOverheadS: number;
  /** Idle while a compute process was listed on the GPU and no new one started (input, CPU, I/O). */
  processWaitS: number;
  /** Idle with no compute process listed and no launch ending the gap. */
  noProcessWaitS: number;
  /** Idle where the log has no process lists (old drivers, formats without processes): cause unknown. */
  idleUnknownS: number;
  /** On several GPUs: a GPU before its own first or after its own last busy sample while others work. */
  imbalanceS: number;
  /** Logging gaps, samples with no reading, and time a GPU is missing from the log. */
  unrecordedS: number;
  /** The sum of the parts: busy GPUs × the run's active span (wall clock over forward steps). */
  totalS: number;
}

/** The parts a run's active GPU-time is split into, in the order reports show them; they add up to `totalS`. */
export const ATTRIBUTION_PARTS = [
  'busyS',
  'launchOverheadS',
  'processWaitS',
  'noProcessWaitS',
  'idleUnknownS',
  'imbalanceS',
  'unrecordedS',
] as const;
export type AttributionPart = (typeof ATTRIBUTION_PARTS)[number];

/** An attribution of zeros. */
export function emptyAttribution(): Attribution {
  return { busyS: 0, launchOverheadS: 0, processWaitS: 0, noProcessWaitS: 0, idleUnknownS: 0, imbalanceS: 0, unrecordedS: 0, totalS: 0 };
}

/** Adds `b` into `a` (in place) and returns `a`. */
export function addAttribution(a: Attribution, b: Attribution, scale = 1): Attribution {
  for (const k of ATTRIBUTION_PARTS) a[k] += b[k] * scale;
  a.totalS += b.totalS * scale;
  return a;
}

type IdleClass = 'launchOverheadS' | 'processWaitS' | 'noProcessWaitS' | 'idleUnknownS';

/**
 * Attribution of one GPU over a run window of log samples `first`..`last` (indices into the
 * log's timeline; the run's active span, from the first busy sample of any GPU to the last).
 * Each of the GPU's rows in the window stands for the log's duration of that sample (see
 * sampleDurations):
 * - outside the GPU's own active span → imbalance;
 * - busy → busy; no reading → unrecorded;
 * - idle → its idle gap's class. `gaps` are the GPU's idle gaps with no minimum length (idleGaps:
 *   runs of idle rows between busy ones, cut at logging gaps and unreadable rows). A gap is launch
 *   overhead when `isLaunch` says so (launchGapTest, the rule `launches` counts by); otherwise
 *   process wait when a compute process is listed in any of its rows; otherwise no-process wait;
 *   unknown when none of its rows has a process list.
 * The rest of each logging-gap step and the samples the GPU is missing from are unrecorded.
 *
 * @example
 * gpuAttribution(g.series, g.duty, g.gaps.gaps, launchGapTest(g.launches.processes), log.timeMs, a.firstBusySample, a.lastBusySample, timing)
 * // { busyS: 39, launchOverheadS: 88, processWaitS: 0, …, totalS: 127 } (per-movie H100 capture)
 */
export function gpuAttribution(
  series: Pick<GpuSeries, 'length' | 'processes' | 'columns' | 'sample'>,
  duty: Pick<DutyCycle, 'classification' | 'firstBusyRow' | 'lastBusyRow'>,
  gaps: readonly IdleGap[],
  isLaunch: (gap: IdleGap) => boolean,
  logTimeMs: Float64Array,
  first: number,
  last: number,
  timing: TimingOptions & { logDurationS?: Float64Array } = {},
): Attribution {
  const out = emptyAttribution();
  if (first < 0 || last < first) return out;
  const D = timing.logDurationS ?? sampleDurations(logTimeMs, timing).durationS;
  const { busy, known } = duty.classification;
  const f = duty.firstBusyRow;
  const l = duty.lastBusyRow;
  // compute processes listed per row (−1: the row has no process list)
  const count = new Int32Array(series.length);
  const pc = series.columns.processCount;
  for (let i = 0; i < series.length; i++) if (Number.isNaN(pc[i]!)) count[i] = -1;
  const p = series.processes;
  for (let i = 0; i < p.length; i++) if (isComputeProcess(p, i) && count[p.row[i]!]! >= 0) count[p.row[i]!]!++;
  // class of each idle row inside the GPU's span
  const cls: (IdleClass | null)[] = new Array(series.length).fill(null);
  for (const g of gaps) {
    let proc = false;
    let lists = false;
    for (let i = g.firstRow; i <= g.lastRow; i++) {
      if (count[i]! > 0) proc = true;
      if (count[i]! >= 0) lists = true;
    }
    const c: IdleClass = isLaunch(g) ? 'launchOverheadS' : proc ? 'processWaitS' : lists ? 'noProcessWaitS' : 'idleUnknownS';
    for (let i = g.firstRow; i <= g.lastRow; i++) cls[i] = c;
  }
  out.unrecordedS += recordedSpan(logTimeMs, first, last, { durationS: D }).unrecordedS; // the rest of each logging-gap step
  let r = 0;
  while (r < series.length && series.sample[r]! < first) r++;
  for (let k = first; k <= last; k++) {
    if (r >= series.length || series.sample[r] !== k) {
      out.unrecordedS += D[k]!; // the GPU is missing from this sample
      continue;
    }
    const dk = D[k]!;
    if (f < 0 || r < f || r > l) out.imbalanceS += dk;
    else if (!known[r]) out.unrecordedS += dk;
    else if (busy[r]) out.busyS += dk;
    else out[cls[r] ?? 'idleUnknownS'] += dk;
    r++;
  }
  let total = 0;
  for (const k of ATTRIBUTION_PARTS) total += out[k];
  out.totalS = total;
  return out;
}

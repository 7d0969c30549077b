import type { GpuSeries } from '../series/types.js';
import type { DutyCycle } from './duty-cycle.js';
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

export const ATTRIBUTION_PARTS = ['busyS', 'launchOverheadS', 'processWaitS', 'noProcessWaitS', 'idleUnknownS', 'imbalanceS', 'unrecordedS'] as const;
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

/** Per row of one GPU: compute processes listed (−1 when the row has no process list) and whether a PID first appears there. */
function processRows(series: Pick<GpuSeries, 'length' | 'processes' | 'columns'>): { count: Int32Array; newPid: Uint8Array } {
  const count = new Int32Array(series.length);
  const newPid = new Uint8Array(series.length);
  const pc = series.columns.processCount;
  for (let i = 0; i < series.length; i++) if (Number.isNaN(pc[i]!)) count[i] = -1;
  const p = series.processes;
  const seen = new Set<number>();
  for (let i = 0; i < p.length; i++) {
    const type = p.typeCode[i]! >= 0 ? p.types[p.typeCode[i]!]! : 'C';
    if (!type.includes('C')) continue;
    const r = p.row[i]!;
    if (count[r]! >= 0) count[r]!++;
    const pid = p.pid[i]!;
    if (!Number.isNaN(pid) && !seen.has(pid)) {
      seen.add(pid);
      newPid[r] = 1;
    }
  }
  return { count, newPid };
}

/**
 * Attribution of one GPU over a run window of log samples `first`..`last` (indices into the
 * log's timeline; the run's active span, from the first busy sample of any GPU to the last).
 * Each of the GPU's rows in the window stands for its duration (see sampleDurations):
 * - outside the GPU's own active span → imbalance;
 * - busy → busy; no reading → unrecorded;
 * - idle → its idle gap's class. An idle gap is the run of idle rows between busy rows, cut at
 *   logging gaps and unreadable rows (as in idleGaps). It is launch overhead when a PID not seen
 *   before first appears in it or in the row right after; otherwise process wait when a compute
 *   process is listed in any of its rows; otherwise no-process wait; unknown when none of its
 *   rows has a process list.
 * The rest of each logging-gap step and the samples the GPU is missing from are unrecorded.
 *
 * @example
 * gpuAttribution(log.gpus[0]!, duty, log.timeMs, a.firstBusySample, a.lastBusySample, timing)
 * // { busyS: 33, launchOverheadS: 88, processWaitS: 0, …, totalS: 127 } (per-movie H100 capture)
 */
export function gpuAttribution(
  series: Pick<GpuSeries, 'length' | 'processes' | 'columns' | 'sample' | 'timeMs'>,
  duty: Pick<DutyCycle, 'classification' | 'firstBusyRow' | 'lastBusyRow'>,
  logTimeMs: Float64Array,
  first: number,
  last: number,
  timing: TimingOptions & { logDurationS?: Float64Array } = {},
): Attribution {
  const out = emptyAttribution();
  if (first < 0 || last < first) return out;
  const D = timing.logDurationS ?? sampleDurations(logTimeMs, timing).durationS;
  const { busy, known } = duty.classification;
  const { count, newPid } = processRows(series);
  const f = duty.firstBusyRow;
  const l = duty.lastBusyRow;
  // class of each idle row inside the GPU's span
  const cls: (IdleClass | null)[] = new Array(series.length).fill(null);
  const gapTh = duty.classification.gapThresholdS;
  let runStart = -1;
  const close = (end: number): void => {
    if (runStart < 0) return;
    let launch = end + 1 < series.length && newPid[end + 1] === 1 && end + 1 <= l + 1;
    let proc = false;
    let lists = false;
    for (let i = runStart; i <= end; i++) {
      if (newPid[i]) launch = true;
      if (count[i]! > 0) proc = true;
      if (count[i]! >= 0) lists = true;
    }
    const c: IdleClass = launch ? 'launchOverheadS' : proc ? 'processWaitS' : lists ? 'noProcessWaitS' : 'idleUnknownS';
    for (let i = runStart; i <= end; i++) cls[i] = c;
    runStart = -1;
  };
  for (let i = f; f >= 0 && i <= l; i++) {
    if (known[i] && !busy[i]) {
      if (runStart < 0) runStart = i;
      const step = i + 1 < series.length ? (series.timeMs[i + 1]! - series.timeMs[i]!) / 1000 : 0;
      if (step > gapTh) close(i);
    } else close(i - 1);
  }
  close(l);
  let r = 0;
  while (r < series.length && series.sample[r]! < first) r++;
  for (let k = first; k <= last; k++) {
    if (k < last) {
      const step = (logTimeMs[k + 1]! - logTimeMs[k]!) / 1000;
      if (step > D[k]!) out.unrecordedS += step - D[k]!;
    }
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

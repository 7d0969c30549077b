import { check, TelemetryError } from '../errors.js';
import { isComputeProcess } from '../series/process-rows.js';
import { sliceLog } from '../series/slice-log.js';
import type { TelemetryLog } from '../series/types.js';
import { busyIdle, type BusyIdle, type BusyIdleOptions } from './busy-idle.js';

/** A stretch with nothing running on any GPU at least this long (s) separates two jobs. */
export const DEFAULT_JOB_GAP_S = 30;

export interface FindJobsOptions extends Omit<BusyIdleOptions, 'gapThresholdS' | 'intervalS'> {
  /** Seconds with no compute process and no busy sample on any GPU that separate jobs. Default {@link DEFAULT_JOB_GAP_S}. */
  jobGapS?: number;
  /** Busy/idle classifications already made, one per GPU of `log.gpus` in order (analyzeLog's `duty.classification`). */
  classifications?: readonly BusyIdle[];
}

/** One job of a log: where its samples are and when it ran. */
export interface JobBounds {
  /** 1-based, in time order. */
  index: number;
  /** Samples (indices into log.timeMs) that belong to the job, inclusive: the log is cut in the middle of each separating stretch. */
  firstSample: number;
  lastSample: number;
  /** First and last sample in which a compute process is listed or a GPU is busy; -1 when none (a log where nothing ran). */
  firstActiveSample: number;
  lastActiveSample: number;
  /** Epoch ms of those samples; NaN when nothing ran. */
  startMs: number;
  endMs: number;
}

/**
 * Splits a log into jobs: a stretch of at least `jobGapS` seconds (wall clock over forward steps,
 * from the last sample where something ran to the next) in which no GPU lists a compute process
 * and no GPU is busy separates two jobs. A log that holds one job gives one; a log where nothing
 * ran gives one job with no active sample. The cut between two jobs falls in the middle of the
 * separating stretch, so each job keeps idle samples on both sides (its idle floor) and no job's
 * idle gaps hold time between jobs.
 *
 * @example
 * findJobs(log, { jobGapS: 30 }).map((j) => [j.index, j.firstActiveSample, j.lastActiveSample]);
 * // [[1, 2, 12], [2, 53, 63]] for a job, 40 s with nothing running, another job
 */
export function findJobs(log: TelemetryLog, options: FindJobsOptions = {}): JobBounds[] {
  const gapS = options.jobGapS ?? DEFAULT_JOB_GAP_S;
  check(Number.isFinite(gapS) && gapS > 0, 'job gap', gapS);
  const n = log.timeMs.length;
  const active = new Uint8Array(n);
  const timing = {
    ...(Number.isFinite(log.gapThresholdS) ? { gapThresholdS: log.gapThresholdS } : {}),
    ...(Number.isFinite(log.intervalS) ? { intervalS: log.intervalS } : {}),
  };
  for (const [k, g] of log.gpus.entries()) {
    const c = options.classifications?.[k] ?? busyIdle(g, { ...options, ...timing });
    for (let i = 0; i < g.length; i++) if (c.busy[i]) active[g.sample[i]!] = 1;
    const p = g.processes;
    for (let i = 0; i < p.length; i++) if (isComputeProcess(p, i)) active[g.sample[p.row[i]!]!] = 1;
  }
  const t = log.timeMs;
  const runs: { first: number; last: number }[] = [];
  let cur: { first: number; last: number } | null = null;
  let forward = 0; // wall seconds over forward steps since the last active sample
  for (let i = 0; i < n; i++) {
    if (i > 0) forward += Math.max(0, t[i]! - t[i - 1]!) / 1000;
    if (!active[i]) continue;
    if (cur !== null && forward < gapS) cur.last = i;
    else {
      cur = { first: i, last: i };
      runs.push(cur);
    }
    forward = 0;
  }
  if (runs.length === 0)
    return [{ index: 1, firstSample: 0, lastSample: n - 1, firstActiveSample: -1, lastActiveSample: -1, startMs: NaN, endMs: NaN }];
  return runs.map((r, k) => {
    const prev = runs[k - 1];
    const next = runs[k + 1];
    return {
      index: k + 1,
      firstSample: prev ? Math.floor((prev.last + r.first) / 2) + 1 : 0,
      lastSample: next ? Math.floor((r.last + next.first) / 2) : n - 1,
      firstActiveSample: r.first,
      lastActiveSample: r.last,
      startMs: t[r.first]!,
      endMs: t[r.last]!,
    };
  });
}

/**
 * Job `index` (1-based) of a log as a log of its own (see {@link findJobs} and sliceLog), and
 * whether it is the log's last job (a cut last document is then its own). Throws
 * INVALID_ARGUMENT naming the file when the log holds fewer jobs.
 *
 * @example jobLog(log, 2).log.documents // the samples of the second job
 */
export function jobLog(log: TelemetryLog, index: number, options: FindJobsOptions = {}): { log: TelemetryLog; isLastJob: boolean } {
  const jobs = findJobs(log, options);
  const j = jobs[index - 1];
  if (!j)
    throw new TelemetryError(
      'INVALID_ARGUMENT',
      `${log.source}#${index}: the log holds ${jobs.length} job${jobs.length === 1 ? '' : 's'}`,
      { file: log.source },
    );
  return { log: sliceLog(log, j.firstSample, j.lastSample), isLastJob: index === jobs.length };
}

import { ATTRIBUTION_PARTS, type AttributionPart } from '../analyze/attribution.js';
import type { LogSummary } from '../analyze/summarize-log.js';

/** One job of one log, as a row of the dataset's `runs` table. */
export interface RunRow {
  file: string;
  /** 1-based job number inside the file. */
  job: number;
  host: string;
  /** UTC date of the job's start (YYYY-MM-DD), the `date=` partition of its log. */
  date: string;
  format: string;
  gpus: number;
  busyGpus: number;
  models: string;
  driver: string;
  /** ISO 8601 UTC, or null when nothing ran. */
  start: string | null;
  end: string | null;
  complete: boolean;
  activeSpanS: number;
  dutyCycle: number | null;
  idleGaps: number;
  idleS: number;
  launches: number;
  launchGaps: number;
  launchOverheadS: number;
  activeEnergyJ: number;
  /** GPU-seconds inside the active span (busy GPUs × span), and those not busy. */
  gpuTimeS: number;
  wastedGpuTimeS: number;
  /** GPU-hours not busy inside the active span: what `fleet` ranks by. */
  wastedGpuH: number;
  /** The largest part of the wasted GPU-time (launch overhead, waiting in a process, …), or null. */
  mainCause: AttributionPart | null;
  /** Advice codes, most important first, comma-separated. */
  advice: string;
  warnings: number;
  busyS: number;
  launchOverheadAttributedS: number;
  processWaitS: number;
  noProcessWaitS: number;
  idleUnknownS: number;
  imbalanceS: number;
  unrecordedS: number;
}

/**
 * The `runs` rows of one log's summary: one per job, with its identity, verdict fields and where its
 * GPU-time went. The same figures `summarize --json` prints for the file.
 *
 * @example runRows(summarizeLog(log), 'gpu03')[0]?.wastedGpuH // 0.0061 (22 GPU-s idle in a 30-s span)
 */
export function runRows(s: LogSummary, host: string): RunRow[] {
  const models = [...new Set(s.gpus.map((g) => g.name ?? '?'))].join(', ');
  const warnings = Object.values(s.warningCounts).reduce((a, b) => a + (b ?? 0), 0);
  return s.jobs.map((j) => {
    const a = j.attribution;
    const wasted = Math.max(0, a.totalS - a.busyS);
    const parts = ATTRIBUTION_PARTS.filter((p) => p !== 'busyS');
    const main = parts.reduce<AttributionPart | null>((best, p) => (a[p] > 0 && (best === null || a[p] > a[best]) ? p : best), null);
    return {
      file: s.file,
      job: j.index,
      host,
      date: (j.start ?? s.start ?? 'unknown').slice(0, 10),
      format: s.format,
      gpus: j.gpus,
      busyGpus: j.busyGpus,
      models,
      driver: s.driverVersions.join(', '),
      start: j.start,
      end: j.end,
      complete: j.complete,
      activeSpanS: j.activeSpanS,
      dutyCycle: j.dutyCycle,
      idleGaps: j.idleGaps.count,
      idleS: j.idleGaps.totalS,
      launches: j.launches.count,
      launchGaps: j.launches.gapCount,
      launchOverheadS: j.launches.overheadS,
      activeEnergyJ: j.activeEnergyJ,
      gpuTimeS: a.totalS,
      wastedGpuTimeS: wasted,
      wastedGpuH: wasted / 3600,
      mainCause: main,
      advice: j.advice.join(','),
      warnings,
      busyS: a.busyS,
      launchOverheadAttributedS: a.launchOverheadS,
      processWaitS: a.processWaitS,
      noProcessWaitS: a.noProcessWaitS,
      idleUnknownS: a.idleUnknownS,
      imbalanceS: a.imbalanceS,
      unrecordedS: a.unrecordedS,
    };
  });
}

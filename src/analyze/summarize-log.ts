import { energyFootprint, type EnergyFootprint, type FootprintOptions } from './energy-footprint.js';
import type { LogFormat } from '../formats/sniff-format.js';
import type { TelemetryWarning } from '../errors.js';
import type { GpuSeries, TelemetryLog } from '../series/types.js';
import { runAdvice, type Advice, type AdviceThresholds } from './advice.js';
import { analyzeLog, type AnalyzeOptions, type GpuActivity } from './analyze-log.js';
import { addAttribution, emptyAttribution, type Attribution } from './attribution.js';
import { findJobs } from './find-jobs.js';
import { analyzeRun } from './run-result.js';
import { sliceLog } from '../series/slice-log.js';
import { energy } from './energy.js';
import { processCounts } from './processes.js';
import { columnStats, finiteOrNull } from './stats.js';

/** Per-GPU summary; every number is null when the log has no such reading. */
export interface GpuSummary {
  uuid: string | null;
  busId: string | null;
  index: number;
  minorNumber: number | null;
  name: string | null;
  architecture: string | null;
  samples: number;
  spanS: number | null;
  power: {
    meanW: number | null;
    p50W: number | null;
    p95W: number | null;
    maxW: number | null;
    minW: number | null;
    wholeLogEnergyJ: number | null;
    wholeLogEnergyWh: number | null;
  };
  utilization: { meanPct: number | null; maxPct: number | null };
  memory: { maxUsedMiB: number | null; totalMiB: number | null };
  temperature: { maxC: number | null };
  pcie: { txMeanKBps: number | null; txMaxKBps: number | null; rxMeanKBps: number | null; rxMaxKBps: number | null };
  /** null where the log has no process lists (`--query-gpu` CSV, dmon, `-q -d` text): unknown, not none. */
  processes: { distinctPids: number | null; maxConcurrent: number | null };
  /** Busy share of the active span (see docs/metrics.md); null when no sample's state is known. */
  dutyCycle: number | null;
  /** First busy sample → end of the last busy sample, seconds; 0 when never busy. */
  activeSpanS: number;
  /** Power threshold used for busy/idle, W; null when power was not used. */
  idleThresholdW: number | null;
  /** How the threshold was chosen, one line with its figures. */
  idleThresholdReason: string;
  /** `medianS` and `longestS` are null with no gap (no gaps have no median), never 0. */
  idleGaps: { count: number; totalS: number; medianS: number | null; longestS: number | null };
  /** `maxConcurrent`: most compute processes at once; `warning` when it is above 1 (one MotionCor2 per GPU). */
  launches: {
    count: number | null;
    gapCount: number | null;
    medianGapS: number | null;
    maxConcurrent: number | null;
    warning: string | null;
  };
  /** Where this GPU's time inside the active spans of the log's jobs went (GPU-seconds, summed over jobs; time between jobs is in no job); null when it never worked. */
  attribution: Attribution | null;
  /** Share of samples (0–1) with each clock event reason active (`sw_power_cap`, `hw_thermal_slowdown`, …); reasons never reported are left out. */
  clockEvents: Record<string, number>;
}

/** One job of the log (a stretch between `jobGapS` seconds with nothing running on any GPU). */
export interface JobSummary {
  /** 1-based. */
  index: number;
  /** First and last sample in which a compute process is listed or a GPU is busy (ISO 8601, UTC); null when nothing ran. */
  start: string | null;
  end: string | null;
  /** Recorded seconds from the job's first busy sample to the end of its last. */
  activeSpanS: number;
  loggingGapS: number;
  dutyCycle: number | null;
  complete: boolean;
  incompleteReasons: string[];
  idleGaps: { count: number; totalS: number };
  /** Distinct compute PIDs, in order of first appearance. */
  pids: number[];
  attribution: Attribution;
  /** GPUs in the log, and those that were busy in this job. */
  gpus: number;
  busyGpus: number;
  /** Process launches (distinct compute PIDs) and the idle gaps that ended with one, with their seconds. */
  launches: { count: number; gapCount: number; overheadS: number };
  /** GPU energy inside the job's active span, J. */
  activeEnergyJ: number;
  /** The advice codes this job triggered, most important first. */
  advice: string[];
}

/** What `summarize --json` prints for one file. Keys are stable; see docs/cli.md. */
export interface LogSummary {
  file: string;
  /** The log's format (xml, query-gpu-csv, dmon, …). */
  format: LogFormat;
  documents: number;
  damagedDocuments: number;
  bytes: number;
  warnings: TelemetryWarning[];
  warningCounts: TelemetryLog['warningCounts'];
  timeZone: string;
  driverVersions: string[];
  cudaVersions: string[];
  start: string | null;
  end: string | null;
  durationS: number | null;
  intervalS: number | null;
  gapThresholdS: number | null;
  loggingGaps: { count: number; totalS: number; longestS: number };
  /** Summed PCIe TX: moving average over `windowS` seconds, peak and plateau (median over the active span); null figures when TX is N/A. */
  pcieSum: { windowS: number; txPeakKBps: number | null; txPlateauKBps: number | null; note: string | null };
  /** Energy of all GPUs: whole log and inside each GPU's active span (J, Wh); per item with the `items` option, else null. */
  energy: {
    wholeLogEnergyJ: number;
    wholeLogEnergyWh: number;
    activeEnergyJ: number;
    activeEnergyWh: number;
    items: number | null;
    perItemJ: number | null;
    perItemWh: number | null;
    footprint: EnergyFootprint;
  };
  /** Recorded seconds from the first busy sample of any GPU to the end of the last, and the unrecorded seconds inside. */
  activeSpanS: number;
  loggingGapS: number;
  /** Where the active GPU-time of the log's jobs went, all GPUs and jobs (GPU-seconds). */
  attribution: Attribution;
  /** The jobs in the log (one for a log that holds one job). */
  jobs: JobSummary[];
  /** What to change, with the estimated saving (per job when the log holds several). */
  advice: Advice[];
  gpus: GpuSummary[];
}

export interface SummarizeOptions extends AnalyzeOptions, FootprintOptions {
  /** Seconds with nothing running on any GPU that separate jobs (default 30). */
  jobGapS?: number;
  advice?: Partial<AdviceThresholds>;
}

/** A figure for JSON: null where it is NaN (see {@link finiteOrNull}). */
export const num = finiteOrNull;

/** ISO 8601 with the zone's offset, e.g. `2026-11-23T18:58:49.000Z`. */
export function isoTime(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/**
 * Summarises a log: span, interval, logging gaps and, per GPU, power (mean/p50/p95/max over the
 * samples, energy by trapezoids not bridging logging gaps), utilisation, memory, temperature,
 * PCIe TX/RX and processes; and the activity analyses of {@link analyzeLog} (duty cycle, active
 * span, idle threshold, idle gaps, launches, summed PCIe TX), which take `options`.
 *
 * @example
 * const s = summarizeLog(await readLog('nvidiaLogging.xml'), { idleBelowW: 60, windowS: 10 });
 * s.gpus[0]?.power.wholeLogEnergyJ;
 */
export function summarizeLog(log: TelemetryLog, options: SummarizeOptions = {}): LogSummary {
  const activity = analyzeLog(log, options);
  const bounds = findJobs(log, { ...options, classifications: activity.gpus.map((g) => g.duty.classification) });
  const jobs: JobSummary[] = [];
  const advice: Advice[] = [];
  const whole = bounds.length === 1;
  // with several jobs, attribution is summed over the jobs, so the time between them is in none
  const gpuAttribution = new Map<string, Attribution>();
  const attribution = whole ? activity.attribution : emptyAttribution();
  for (const b of bounds) {
    const part = whole ? log : sliceLog(log, b.firstSample, b.lastSample);
    const label = whole ? 'this run' : `job ${b.index}`;
    const act = whole ? activity : analyzeLog(part, options);
    const r = analyzeRun(part, { ...options, label, job: whole ? null : b.index, isLastJob: b.index === bounds.length, activity: act });
    if (!whole) {
      addAttribution(attribution, r.attribution);
      for (const g of act.gpus) {
        if (g.attribution === null) continue;
        const sum = gpuAttribution.get(g.series.key) ?? emptyAttribution();
        gpuAttribution.set(g.series.key, addAttribution(sum, g.attribution));
      }
    }
    jobs.push({
      index: b.index,
      start: isoTime(b.startMs),
      end: isoTime(Number.isFinite(b.endMs) ? b.endMs + (log.intervalS > 0 ? log.intervalS * 1000 : 0) : NaN),
      activeSpanS: r.activeSpanS,
      loggingGapS: r.loggingGapS,
      dutyCycle: r.dutyCycle,
      complete: r.complete,
      incompleteReasons: r.incompleteReasons,
      idleGaps: { count: r.idleGaps.count, totalS: r.idleGaps.totalS },
      pids: r.pids,
      attribution: r.attribution,
      gpus: r.gpus,
      busyGpus: r.busyGpus,
      launches: { count: r.launches.count, gapCount: r.launches.gapCount, overheadS: r.launches.overheadS },
      activeEnergyJ: r.activeEnergyJ,
      advice: [],
    });
    const jobAdvice = runAdvice(r, options.advice);
    jobs[jobs.length - 1]!.advice = jobAdvice.map((a) => a.code);
    advice.push(...jobAdvice);
  }
  let total = 0;
  let longest = 0;
  for (const g of log.loggingGaps) {
    total += g.durationS;
    longest = Math.max(longest, g.durationS);
  }
  return {
    file: log.source,
    format: log.format,
    documents: log.documents,
    damagedDocuments: log.damagedDocuments,
    bytes: log.bytes,
    warnings: log.warnings,
    warningCounts: log.warningCounts,
    timeZone: log.timeZone,
    driverVersions: log.driverVersions,
    cudaVersions: log.cudaVersions,
    start: isoTime(log.startMs),
    end: isoTime(log.endMs),
    durationS: num(log.durationS),
    intervalS: num(log.intervalS),
    gapThresholdS: num(log.gapThresholdS),
    loggingGaps: { count: log.loggingGaps.length, totalS: total, longestS: longest },
    pcieSum: {
      windowS: activity.pcie.windowS,
      txPeakKBps: activity.pcie.txPeakKBps,
      txPlateauKBps: activity.pcie.txPlateauKBps,
      note: activity.pcie.note,
    },
    energy: {
      wholeLogEnergyJ: activity.energy.wholeLogEnergyJ,
      wholeLogEnergyWh: activity.energy.wholeLogEnergyWh,
      activeEnergyJ: activity.energy.activeEnergyJ,
      activeEnergyWh: activity.energy.activeEnergyWh,
      items: options.items ?? null,
      perItemJ: activity.energy.perItemJ,
      perItemWh: activity.energy.perItemWh,
      footprint: energyFootprint(activity.energy.wholeLogEnergyJ, options),
    },
    activeSpanS: activity.activeSpanS,
    loggingGapS: activity.loggingGapS,
    attribution,
    jobs,
    advice,
    gpus: log.gpus.map((g, k) =>
      summarizeGpu(g, log, activity.gpus[k]!, whole ? activity.gpus[k]!.attribution : (gpuAttribution.get(g.key) ?? null)),
    ),
  };
}

function summarizeGpu(g: GpuSeries, log: TelemetryLog, a: GpuActivity, attribution: Attribution | null): GpuSummary {
  const c = g.columns;
  const power = columnStats(c.powerW);
  const util = columnStats(c.gpuUtilPct);
  const mem = columnStats(c.fbUsedMiB);
  const total = columnStats(c.fbTotalMiB);
  const temp = columnStats(c.gpuTempC);
  const tx = columnStats(c.pcieTxKBps);
  const rx = columnStats(c.pcieRxKBps);
  const knowsProcesses = c.processCount.some((v) => !Number.isNaN(v));
  const e = energy(g, Number.isFinite(log.gapThresholdS) ? { gapThresholdS: log.gapThresholdS } : {});
  const minor = g.identity.minorNumber === null ? NaN : Number(g.identity.minorNumber);
  return {
    uuid: g.identity.uuid,
    busId: g.identity.busId ?? g.id,
    index: g.index,
    minorNumber: num(minor),
    name: g.identity.name,
    architecture: g.identity.architecture,
    samples: g.length,
    spanS: g.length ? num((g.timeMs[g.length - 1]! - g.timeMs[0]!) / 1000) : null,
    power: {
      meanW: num(power.mean),
      p50W: num(power.p50),
      p95W: num(power.p95),
      maxW: num(power.max),
      minW: num(power.min),
      wholeLogEnergyJ: e.coveredS > 0 ? e.joules : null,
      wholeLogEnergyWh: e.coveredS > 0 ? e.wattHours : null,
    },
    utilization: { meanPct: num(util.mean), maxPct: num(util.max) },
    memory: { maxUsedMiB: num(mem.max), totalMiB: num(total.max) },
    temperature: { maxC: num(temp.max) },
    pcie: { txMeanKBps: num(tx.mean), txMaxKBps: num(tx.max), rxMeanKBps: num(rx.mean), rxMaxKBps: num(rx.max) },
    processes: knowsProcesses ? processCounts(g) : { distinctPids: null, maxConcurrent: null },
    dutyCycle: num(a.duty.dutyCycle),
    activeSpanS: a.duty.activeSpanS,
    idleThresholdW: a.duty.classification.thresholdW,
    idleThresholdReason: a.duty.classification.reason,
    idleGaps: {
      count: a.gaps.count,
      totalS: a.gaps.totalS,
      medianS: a.gaps.count ? a.gaps.medianS : null,
      longestS: a.gaps.count ? a.gaps.longestS : null,
    },
    launches: knowsProcesses
      ? {
          count: a.launches.count,
          gapCount: a.launches.gapCount,
          medianGapS: a.launches.gapCount ? num(a.launches.medianGapS) : null,
          maxConcurrent: a.launches.maxConcurrent,
          warning: a.launches.warning,
        }
      : { count: null, gapCount: null, medianGapS: null, maxConcurrent: null, warning: null },
    attribution,
    clockEvents: Object.fromEntries(
      Object.entries(a.clockEvents)
        .filter(([, v]) => v.knownSamples > 0)
        .map(([k, v]) => [k, v.share]),
    ),
  };
}

import { median } from 'simple-statistics';
import { check } from '../errors.js';
import type { TelemetryLog } from '../series/types.js';
import { analyzeLog, type AnalyzeOptions, type LogActivity } from './analyze-log.js';
import type { Attribution } from './attribution.js';
import { completeness, type IncompleteReason } from './completeness.js';

/** Clock event reasons that mean the GPU was held back by a limit (power or heat), not idle. */
export const THROTTLE_REASONS = [
  'sw_power_cap',
  'hw_slowdown',
  'hw_power_brake_slowdown',
  'sw_thermal_slowdown',
  'hw_thermal_slowdown',
] as const;

/** Figures of the busy samples, the evidence for "slower busy work". */
export interface BusyEvidence {
  /** Mean power of busy samples, W; null without power. */
  meanPowerW: number | null;
  /** Mean SM clock of busy samples, MHz; null without clocks. */
  meanSmClockMHz: number | null;
  /** Highest SM clock of busy samples, MHz. */
  maxSmClockMHz: number | null;
  /** Share of busy samples with any throttle reason active (power cap, thermal, brake); null when never reported. */
  throttledShare: number | null;
  /** Per reason: share of busy samples with it active. */
  reasonShares: Record<string, number>;
  /** Mean SM clock of the throttled busy samples, MHz; null when none. */
  throttledSmClockMHz: number | null;
}

/**
 * One run (a log, or one job of a log) reduced to the figures a verdict needs. It holds no sample
 * data, so thousands of runs fit in memory (compare reads a log, keeps this, and drops the log).
 */
export interface RunResult {
  label: string;
  file: string;
  /** Job number (1-based) when the run is one job of a log, else null. */
  job: number | null;
  items: number | null;
  complete: boolean;
  incompleteReasons: IncompleteReason[];
  /** Some GPU was busy at least once. */
  worked: boolean;
  /** Recorded seconds from the first busy sample of any GPU to the end of the last (logging gaps out). */
  activeSpanS: number;
  /** Unrecorded seconds inside that span. */
  loggingGapS: number;
  /** activeSpanS / items; null without items. */
  secondsPerItem: number | null;
  /** Busy seconds / known seconds of the GPUs' active spans; null when no GPU worked. */
  dutyCycle: number | null;
  /** Known GPU-seconds inside the GPUs' active spans. */
  activeGpuS: number;
  idleGaps: { count: number; totalS: number; medianS: number | null; longestS: number | null };
  launches: { count: number; gapCount: number; overheadS: number; medianGapS: number | null; maxConcurrent: number };
  /** Energy inside the GPUs' active spans, over the whole log, and of the busy samples alone, J. */
  activeEnergyJ: number;
  wholeLogEnergyJ: number;
  busyEnergyJ: number;
  energyPerItemJ: number | null;
  minActivePowerW: number | null;
  meanActivePowerW: number | null;
  txPeakKBps: number | null;
  txPlateauKBps: number | null;
  gpus: number;
  busyGpus: number;
  /** Idle power threshold per GPU, W. */
  idleThresholdW: (number | null)[];
  attribution: Attribution;
  busy: BusyEvidence;
  /** Seconds the log covers (first to last sample, forward steps), for runs that did no work. */
  logDurationS: number;
  /** Input warnings (damaged documents, impossible readings, clock steps), counted. */
  warningCount: number;
  /** Distinct compute PIDs over all GPUs, in order of first appearance. */
  pids: number[];
}

export interface RunOptions extends AnalyzeOptions {
  /** analyzeLog of this same log with these same options, when the caller has it (not done again). */
  activity?: LogActivity;
  label?: string;
  job?: number | null;
  /** The run is the last job of its log (a cut last document is its own). Default true. */
  isLastJob?: boolean;
}

const medianOrNull = (xs: number[]): number | null => (xs.length ? median(xs) : null);

function busyEvidence(a: LogActivity): BusyEvidence {
  let nP = 0;
  let sP = 0;
  let nC = 0;
  let sC = 0;
  let maxC = -Infinity;
  let nBusy = 0;
  let nThr = 0;
  let nThrKnown = 0;
  let sThrC = 0;
  let nThrC = 0;
  const reasonCount: Record<string, number> = {};
  for (const g of a.gpus) {
    const { busy } = g.duty.classification;
    const c = g.series.columns;
    const flags = THROTTLE_REASONS.map((r) => [r, g.series.flags[r]] as const).filter(([, f]) => f !== undefined);
    for (let i = 0; i < g.series.length; i++) {
      if (!busy[i]) continue;
      nBusy++;
      const p = c.powerW[i]!;
      if (!Number.isNaN(p)) {
        sP += p;
        nP++;
      }
      const clk = c.smClockMHz[i]!;
      if (!Number.isNaN(clk)) {
        sC += clk;
        nC++;
        if (clk > maxC) maxC = clk;
      }
      let known = false;
      let thr = false;
      for (const [r, f] of flags) {
        const v = f![i]!;
        if (Number.isNaN(v)) continue;
        known = true;
        if (v === 1) {
          thr = true;
          reasonCount[r] = (reasonCount[r] ?? 0) + 1;
        }
      }
      if (known) nThrKnown++;
      if (thr) {
        nThr++;
        if (!Number.isNaN(clk)) {
          sThrC += clk;
          nThrC++;
        }
      }
    }
  }
  return {
    meanPowerW: nP ? sP / nP : null,
    meanSmClockMHz: nC ? sC / nC : null,
    maxSmClockMHz: nC ? maxC : null,
    throttledShare: nThrKnown ? nThr / nThrKnown : null,
    reasonShares: Object.fromEntries(Object.entries(reasonCount).map(([k, v]) => [k, nBusy ? v / nBusy : 0])),
    throttledSmClockMHz: nThrC ? sThrC / nThrC : null,
  };
}

/** Energy of the busy samples alone (power × the sample's duration), J: the work itself, for telling runs of different work apart. */
function busyEnergy(a: LogActivity): number {
  let j = 0;
  for (const g of a.gpus) {
    const { busy, durationS } = g.duty.classification;
    const p = g.series.columns.powerW;
    for (let i = 0; i < g.series.length; i++) if (busy[i] && !Number.isNaN(p[i]!)) j += p[i]! * durationS[i]!;
  }
  return j;
}

/**
 * Analyses one run and keeps only the figures a verdict needs (see {@link RunResult}): active span
 * (recorded, never negative), completeness, items and seconds per item, duty cycle, idle gaps,
 * launches, energy, power, summed PCIe TX, the attribution of its GPU-time and the evidence about
 * its busy work (power, SM clock, throttle reasons).
 *
 * @example
 * const r = analyzeRun(await readLog('perfile.xml.gz'), { label: 'perfile', items: 20 });
 * r.complete; r.secondsPerItem; r.attribution.launchOverheadS;
 */
export function analyzeRun(log: TelemetryLog, options: RunOptions = {}): RunResult {
  const items = options.items ?? null;
  if (items !== null) check(Number.isFinite(items) && items > 0, 'items', items);
  const a =
    options.activity ??
    analyzeLog(log, { ...options, items: items === null || !Number.isInteger(items) ? undefined : items } as AnalyzeOptions);
  const done = completeness(a, { isLastJob: options.isLastJob ?? true });
  let busy = 0;
  let known = 0;
  let busyGpus = 0;
  let count = 0;
  let totalS = 0;
  let longestS = 0;
  const gapDurations: number[] = [];
  const launchDurations: number[] = [];
  let lCount = 0;
  let lGaps = 0;
  let overhead = 0;
  let maxConc = 0;
  let minP = Infinity;
  let sumP = 0;
  let nP = 0;
  for (const g of a.gpus) {
    lCount += g.launches.count;
    maxConc = Math.max(maxConc, g.launches.maxConcurrent);
    if (g.duty.firstBusyRow < 0) continue;
    busyGpus++;
    busy += g.duty.busyS;
    known += g.duty.knownActiveS;
    count += g.gaps.count;
    totalS += g.gaps.totalS;
    longestS = Math.max(longestS, g.gaps.longestS);
    for (const x of g.gaps.gaps) gapDurations.push(x.durationS);
    lGaps += g.launches.gapCount;
    overhead += g.launches.overheadS;
    for (const x of g.launches.launchGaps) launchDurations.push(x.durationS);
    const p = g.series.columns.powerW;
    for (let i = g.duty.firstBusyRow; i <= g.duty.lastBusyRow; i++) {
      const v = p[i]!;
      if (Number.isNaN(v)) continue;
      if (v < minP) minP = v;
      sumP += v;
      nP++;
    }
  }
  let logDurationS = 0;
  for (let i = 1; i < log.timeMs.length; i++) logDurationS += Math.max(0, log.timeMs[i]! - log.timeMs[i - 1]!) / 1000;
  let warningCount = 0;
  for (const v of Object.values(log.warningCounts)) warningCount += v ?? 0;
  return {
    label: options.label ?? log.source,
    file: log.source,
    job: options.job ?? null,
    items,
    complete: done.complete,
    incompleteReasons: done.reasons,
    worked: done.worked,
    activeSpanS: a.activeSpanS,
    loggingGapS: a.loggingGapS,
    secondsPerItem: items !== null && done.worked ? a.activeSpanS / items : null,
    dutyCycle: known > 0 ? busy / known : null,
    activeGpuS: known,
    idleGaps: { count, totalS, medianS: medianOrNull(gapDurations), longestS: count ? longestS : null },
    launches: { count: lCount, gapCount: lGaps, overheadS: overhead, medianGapS: medianOrNull(launchDurations), maxConcurrent: maxConc },
    activeEnergyJ: a.energy.activeEnergyJ,
    wholeLogEnergyJ: a.energy.wholeLogEnergyJ,
    busyEnergyJ: busyEnergy(a),
    energyPerItemJ: items !== null ? a.energy.activeEnergyJ / items : null,
    minActivePowerW: nP ? minP : null,
    meanActivePowerW: nP ? sumP / nP : null,
    txPeakKBps: a.pcie.txPeakKBps,
    txPlateauKBps: a.pcie.txPlateauKBps,
    gpus: a.gpus.length,
    busyGpus,
    idleThresholdW: a.gpus.map((g) => g.duty.classification.thresholdW),
    attribution: a.attribution,
    busy: busyEvidence(a),
    logDurationS,
    warningCount,
    pids: [
      ...new Set(
        a.gpus
          .flatMap((g) => g.launches.processes)
          .sort((x, y) => x.firstMs - y.firstMs || x.pid - y.pid)
          .map((p) => p.pid),
      ),
    ],
  };
}

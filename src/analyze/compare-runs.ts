import { quantileSorted } from 'simple-statistics';
import type { TelemetryLog } from '../series/types.js';
import { analyzeLog, type AnalyzeOptions, type LogActivity } from './analyze-log.js';

export interface LabeledLog {
  label: string;
  log: TelemetryLog;
}

/** One run in a comparison (the `--json` keys of `compare`). */
export interface RunComparison {
  label: string;
  file: string;
  /** 1 = shortest active span; runs where no GPU worked come last. */
  rank: number;
  /** First busy sample of any GPU → end of the last busy sample of any GPU, seconds. */
  activeSpanS: number;
  /** Busy seconds / known seconds of the active spans, over the GPUs that worked; null when none did. */
  dutyCycle: number | null;
  /** GPU-seconds of known (non-gap) time inside the active spans, summed over the GPUs that worked. */
  activeGpuS: number;
  idleGaps: { count: number; totalS: number; medianS: number; longestS: number };
  launches: { count: number; gapCount: number; overheadS: number; overheadShareOfIdle: number; medianGapS: number; maxConcurrent: number };
  /** Energy inside the GPUs' active spans, summed over GPUs, J. */
  energyJ: number;
  /** Energy over the whole log, J. */
  energyWholeLogJ: number;
  /** energyJ per item with the `items` option, else null. */
  energyPerItemJ: number | null;
  /** Lowest and mean power of the samples inside the active spans, W; null without power. */
  minActivePowerW: number | null;
  meanActivePowerW: number | null;
  txPeakKBps: number | null;
  txPlateauKBps: number | null;
  /** GPUs in the log, and those with at least one busy sample. */
  gpus: number;
  busyGpus: number;
  /** Distinct compute processes per GPU. */
  processesPerGpu: number[];
  /** Idle power threshold per GPU, W. */
  idleThresholdW: (number | null)[];
}

/** A plain-language reason, with the metric it rests on and each run's figure. */
export interface Reason {
  text: string;
  metric: string;
  values: Record<string, number | null>;
}

export interface Comparison {
  runs: RunComparison[];
  /** Label of the run with the shortest active span; null when no run worked. */
  winner: string | null;
  reasons: Reason[];
}

const f0 = (v: number): string => v.toFixed(0);
const f1 = (v: number): string => (Math.round(v * 10) / 10).toFixed(1);
const pct = (v: number): string => `${Math.round(v * 100)} %`;
const kbps = (v: number): string => (v >= 1e6 ? `${(v / 1e6).toFixed(2)} GB/s` : v >= 1e3 ? `${(v / 1e3).toFixed(1)} MB/s` : `${v.toFixed(0)} KB/s`);

function summarizeRun(label: string, a: LogActivity): Omit<RunComparison, 'rank'> {
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
  const med = (xs: number[]): number => (xs.length ? quantileSorted(xs.sort((x, y) => x - y), 0.5) : 0);
  return {
    label,
    file: a.log.source,
    activeSpanS: a.activeSpanS,
    dutyCycle: known > 0 ? busy / known : null,
    activeGpuS: known,
    idleGaps: { count, totalS, medianS: med(gapDurations), longestS },
    launches: { count: lCount, gapCount: lGaps, overheadS: overhead, overheadShareOfIdle: totalS > 0 ? overhead / totalS : 0, medianGapS: med(launchDurations), maxConcurrent: maxConc },
    energyJ: a.energy.activeTotalJ,
    energyWholeLogJ: a.energy.totalJ,
    energyPerItemJ: a.energy.perItemJ,
    minActivePowerW: nP ? minP : null,
    meanActivePowerW: nP ? sumP / nP : null,
    txPeakKBps: a.pcie.txPeakKBps,
    txPlateauKBps: a.pcie.txPlateauKBps,
    gpus: a.gpus.length,
    busyGpus,
    processesPerGpu: a.gpus.map((g) => g.launches.count),
    idleThresholdW: a.gpus.map((g) => g.duty.classification.thresholdW),
  };
}

/**
 * Compares runs of the same work: ranks them by active span (shortest first; runs in which no GPU
 * worked last) and explains, in plain language, why the fastest wins. Every reason is computed
 * from the runs' figures and is only given when the figures support it; its `values` hold each
 * run's figure for `metric`.
 *
 * @example
 * const c = compareRuns([{ label: 'folder', log: a }, { label: 'perfile', log: b }]);
 * c.winner; // 'folder'
 * c.reasons.map((r) => r.text);
 */
export function compareRuns(runs: readonly LabeledLog[], options: AnalyzeOptions = {}): Comparison {
  const rows = runs.map((r) => summarizeRun(r.label, analyzeLog(r.log, options)));
  const order = rows
    .map((r, i) => ({ r, i }))
    .sort((x, y) => (x.r.busyGpus === 0 ? 1 : 0) - (y.r.busyGpus === 0 ? 1 : 0) || x.r.activeSpanS - y.r.activeSpanS || x.i - y.i);
  const ranked: RunComparison[] = order.map(({ r }, k) => ({ ...r, rank: k + 1 }));
  const win = ranked[0];
  if (!win || win.busyGpus === 0) return { runs: ranked, winner: null, reasons: [] };
  const reasons: Reason[] = [];
  const vals = (pick: (r: RunComparison) => number | null): Record<string, number | null> => Object.fromEntries(ranked.map((r) => [r.label, pick(r)]));
  for (const s of ranked.slice(1)) {
    if (s.busyGpus === 0) continue;
    const W = win.label;
    const S = s.label;
    if (s.activeSpanS > win.activeSpanS) {
      reasons.push({
        metric: 'activeSpanS',
        text: `${W} finished its work in ${f1(win.activeSpanS)} s of active span, ${S} took ${f1(s.activeSpanS)} s (${(s.activeSpanS / win.activeSpanS).toFixed(2)} × as long).`,
        values: vals((r) => r.activeSpanS),
      });
    }
    if (win.dutyCycle !== null && s.dutyCycle !== null && win.dutyCycle - s.dutyCycle >= 0.05) {
      reasons.push({
        metric: 'dutyCycle',
        text: `${W}'s GPUs were busy ${pct(win.dutyCycle)} of its active span, ${S}'s only ${pct(s.dutyCycle)}.`,
        values: vals((r) => r.dutyCycle),
      });
    }
    if (s.idleGaps.totalS > win.idleGaps.totalS) {
      // idle GPU-seconds over active GPU-seconds: with several GPUs both are summed over the GPUs
      const share = s.activeGpuS > 0 ? s.idleGaps.totalS / s.activeGpuS : 0;
      reasons.push({
        metric: 'idleGaps.totalS',
        text: `${S} spent ${f0(s.idleGaps.totalS)} ${s.busyGpus > 1 ? 'GPU-s' : 's'} (${pct(share)} of its ${s.busyGpus > 1 ? 'GPUs\' active time' : 'active span'}) idle in ${s.idleGaps.count} idle gap${s.idleGaps.count === 1 ? '' : 's'} (median ${f1(s.idleGaps.medianS)} s); ${W} had ${win.idleGaps.count === 0 ? 'none' : `${win.idleGaps.count} (${f0(win.idleGaps.totalS)} s)`}.`,
        values: vals((r) => r.idleGaps.totalS),
      });
    }
    if (s.launches.gapCount > 0 && s.launches.count > win.launches.count) {
      reasons.push({
        metric: 'launches.overheadS',
        text: `${s.launches.gapCount} of ${S}'s idle gaps ended with a new process starting: it launched ${s.launches.count} processes and spent ${f0(s.launches.overheadS)} s (${pct(s.launches.overheadShareOfIdle)} of its idle time) waiting between them, a median ${f1(s.launches.medianGapS)} s per launch; ${W} ran ${win.launches.count} process${win.launches.count === 1 ? '' : 'es'} on ${win.busyGpus} GPU${win.busyGpus === 1 ? '' : 's'}${win.launches.gapCount ? ` with ${win.launches.gapCount} launch gap(s)` : ''}.`,
        values: vals((r) => r.launches.overheadS),
      });
    }
    const nonLaunchS = s.idleGaps.totalS - s.launches.overheadS;
    const nonLaunchN = s.idleGaps.count - s.launches.gapCount;
    if (s.idleGaps.totalS > win.idleGaps.totalS && nonLaunchS > 0.5 * s.idleGaps.totalS) {
      reasons.push({
        metric: 'idleGaps.nonLaunchS',
        text: `${nonLaunchN} of ${S}'s ${s.idleGaps.count} idle gaps (${f0(nonLaunchS)} s) came with no process launch (${s.launches.count} process${s.launches.count === 1 ? '' : 'es'} on ${s.busyGpus} GPU${s.busyGpus === 1 ? '' : 's'}): its GPUs waited inside running processes, for input or the CPU, not for start-up.`,
        values: vals((r) => r.idleGaps.totalS - r.launches.overheadS),
      });
    }
    const sThr = Math.min(...s.idleThresholdW.map((t) => t ?? -Infinity));
    if (win.minActivePowerW !== null && s.minActivePowerW !== null && win.minActivePowerW > s.minActivePowerW && Number.isFinite(sThr) && s.minActivePowerW < sThr) {
      reasons.push({
        metric: 'minActivePowerW',
        text: `Inside its active span ${W}'s power never fell below ${f0(win.minActivePowerW)} W, while ${S} dropped to ${f0(s.minActivePowerW)} W, idle power (below its ${f0(sThr)} W idle threshold).`,
        values: vals((r) => r.minActivePowerW),
      });
    }
    if (s.launches.maxConcurrent > 1 && win.launches.maxConcurrent <= 1) {
      reasons.push({
        metric: 'launches.maxConcurrent',
        text: `${S} had up to ${s.launches.maxConcurrent} compute processes sharing one GPU at once; ${W} never more than ${win.launches.maxConcurrent}.`,
        values: vals((r) => r.launches.maxConcurrent),
      });
    }
    if (win.txPlateauKBps !== null && s.txPlateauKBps !== null && win.txPlateauKBps > 1.1 * s.txPlateauKBps) {
      reasons.push({
        metric: 'txPlateauKBps',
        text: `${W} kept the summed PCIe TX at a plateau of ${kbps(win.txPlateauKBps)}, ${S} at ${kbps(s.txPlateauKBps)}.`,
        values: vals((r) => r.txPlateauKBps),
      });
    }
    if (win.energyJ < s.energyJ) {
      reasons.push({
        metric: 'energyJ',
        text: `${W} used ${(win.energyJ / 1000).toFixed(1)} kJ inside its active span, ${S} ${(s.energyJ / 1000).toFixed(1)} kJ (${f0((s.energyJ / win.energyJ - 1) * 100)} % more).`,
        values: vals((r) => r.energyJ),
      });
    }
  }
  // More GPUs without more data moved: I/O-bound, not GPU-bound.
  for (const more of ranked) {
    for (const fewer of ranked) {
      if (more.busyGpus <= fewer.busyGpus || fewer.busyGpus === 0 || more.txPlateauKBps === null || fewer.txPlateauKBps === null) continue;
      if (more.txPlateauKBps <= 1.1 * fewer.txPlateauKBps) {
        reasons.push({
          metric: 'txPlateauKBps',
          text: `${more.label} used ${more.busyGpus} GPUs against ${fewer.busyGpus} for ${fewer.label}, yet its summed PCIe TX plateau (${kbps(more.txPlateauKBps)}) was no higher than ${fewer.label}'s (${kbps(fewer.txPlateauKBps)}): more GPUs did not move more data, so the work is I/O-bound rather than GPU-bound.`,
          values: vals((r) => r.txPlateauKBps),
        });
      }
    }
  }
  return { runs: ranked, winner: win.label, reasons };
}

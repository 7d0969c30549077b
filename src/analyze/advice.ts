import type { RunResult } from './run-result.js';

/** What to change. Each code is defined, with its trigger and saving, in docs/metrics.md ("Advice"). */
export type AdviceCode =
  | 'NO_WORK'
  | 'IDLE_GPU'
  | 'LAUNCH_OVERHEAD'
  | 'SHARED_GPU'
  | 'IO_WAIT'
  | 'NO_PROCESS_WAIT'
  | 'IMBALANCE'
  | 'THROTTLED'
  | 'LOGGING_GAPS';

/** Thresholds that trigger advice. Shares are of the run's attributed GPU-time (Attribution.totalS). */
export const ADVICE_THRESHOLDS = {
  /** Launch overhead share, and the fewest launch gaps, for LAUNCH_OVERHEAD. */
  launchMinShare: 0.1,
  launchMinGaps: 2,
  /** Process-wait share for IO_WAIT. */
  ioWaitMinShare: 0.2,
  /** No-process-wait share for NO_PROCESS_WAIT. */
  noProcessWaitMinShare: 0.2,
  /** Imbalance share for IMBALANCE. */
  imbalanceMinShare: 0.1,
  /** Share of busy samples with a throttle reason active for THROTTLED. */
  throttledMinShare: 0.2,
  /** Unrecorded share for LOGGING_GAPS. */
  unrecordedMinShare: 0.1,
  /** A saving of at least this share of the span is `high`, at least `mediumPct` `medium`, else `low`. */
  highPct: 25,
  mediumPct: 10,
};
export type AdviceThresholds = typeof ADVICE_THRESHOLDS;

export type Severity = 'high' | 'medium' | 'low';

/** One piece of advice: data only; docs and sentences are written by src/report/sentences.ts. */
export interface Advice {
  code: AdviceCode;
  severity: Severity;
  /** Labels of the runs it is about. */
  runs: string[];
  /** The figures that triggered it and that its sentence quotes (seconds, counts, shares 0–1, W, MHz). */
  figures: Record<string, number | null>;
  /** Wall-clock seconds the change would save on this run, from its attribution; null when it cannot be estimated. */
  estimatedSavingS: number | null;
  /** That saving as a percentage of the run's active span (wall clock). */
  estimatedSavingPct: number | null;
}

const SEVERITY_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** The order advice is listed in: by severity, then by the larger saving. */
export function byImportance(a: Pick<Advice, 'severity' | 'estimatedSavingS'>, b: Pick<Advice, 'severity' | 'estimatedSavingS'>): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (b.estimatedSavingS ?? 0) - (a.estimatedSavingS ?? 0);
}

/** The median severity of several (the more severe of the two middle ones). */
export function medianSeverity(severities: readonly Severity[]): Severity {
  return [...severities].sort((x, y) => SEVERITY_RANK[x] - SEVERITY_RANK[y])[Math.floor(severities.length / 2)]!;
}

/**
 * Advice for one run, each with the figure that triggers it and the wall-clock saving estimated
 * from the run's attribution: a part of the GPU-time (launch overhead, waiting, imbalance) divided
 * by the GPUs that worked, since they wait side by side. Sorted by severity, then saving.
 *
 * @example
 * runAdvice(analyzeRun(perfileLog, { label: 'perfile' }))[0]
 * // { code: 'LAUNCH_OVERHEAD', severity: 'high', estimatedSavingS: 88, estimatedSavingPct: 69.3, … }
 */
export function runAdvice(r: RunResult, thresholds: Partial<AdviceThresholds> = {}): Advice[] {
  const t = { ...ADVICE_THRESHOLDS, ...thresholds };
  const out: Advice[] = [];
  const span = r.activeSpanS + r.loggingGapS;
  const at = r.attribution;
  const total = at.totalS;
  const n = Math.max(1, r.busyGpus);
  const severity = (pct: number | null, fallback: Severity): Severity =>
    pct === null ? fallback : pct >= t.highPct ? 'high' : pct >= t.mediumPct ? 'medium' : 'low';
  const add = (code: AdviceCode, figures: Record<string, number | null>, savingS: number | null, fallback: Severity = 'medium'): void => {
    const pct = savingS !== null && span > 0 ? (100 * savingS) / span : null;
    out.push({ code, severity: severity(pct, fallback), runs: [r.label], figures, estimatedSavingS: savingS, estimatedSavingPct: pct });
  };
  if (!r.worked) {
    add('NO_WORK', { gpus: r.gpus, logDurationS: r.logDurationS, gpuS: r.gpus * r.logDurationS }, null, 'high');
    return out;
  }
  const idleGpus = r.gpus - r.busyGpus;
  if (idleGpus > 0) add('IDLE_GPU', { idleGpus, gpus: r.gpus, idleGpuS: idleGpus * span }, null, 'high');
  const share = (v: number): number => (total > 0 ? v / total : 0);
  if (share(at.launchOverheadS) >= t.launchMinShare && r.launches.gapCount >= t.launchMinGaps) {
    add(
      'LAUNCH_OVERHEAD',
      {
        launchOverheadS: at.launchOverheadS,
        share: share(at.launchOverheadS),
        launches: r.launches.count,
        launchGaps: r.launches.gapCount,
        medianGapS: r.launches.medianGapS,
      },
      at.launchOverheadS / n,
    );
  }
  if (r.launches.maxConcurrent > 1) add('SHARED_GPU', { maxConcurrent: r.launches.maxConcurrent }, null, 'high');
  if (share(at.processWaitS) >= t.ioWaitMinShare)
    add('IO_WAIT', { processWaitS: at.processWaitS, share: share(at.processWaitS), txPlateauKBps: r.txPlateauKBps }, at.processWaitS / n);
  if (share(at.noProcessWaitS) >= t.noProcessWaitMinShare)
    add('NO_PROCESS_WAIT', { noProcessWaitS: at.noProcessWaitS, share: share(at.noProcessWaitS) }, at.noProcessWaitS / n);
  if (r.busyGpus > 1 && share(at.imbalanceS) >= t.imbalanceMinShare)
    add('IMBALANCE', { imbalanceS: at.imbalanceS, share: share(at.imbalanceS), busyGpus: r.busyGpus }, at.imbalanceS / n);
  const thr = r.busy.throttledShare;
  if (thr !== null && thr >= t.throttledMinShare) {
    const c = r.busy.throttledSmClockMHz;
    const max = r.busy.maxSmClockMHz;
    const saving = c !== null && max !== null && max > 0 ? (at.busyS * thr * Math.max(0, 1 - c / max)) / n : null;
    add('THROTTLED', { throttledShare: thr, throttledSmClockMHz: c, maxSmClockMHz: max, ...r.busy.reasonShares }, saving);
  }
  if (share(at.unrecordedS) >= t.unrecordedMinShare)
    add('LOGGING_GAPS', { unrecordedS: at.unrecordedS, share: share(at.unrecordedS) }, null, 'low');
  return out.sort(byImportance);
}

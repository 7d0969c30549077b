import { analyzeLog, type AnalyzeOptions, type GpuActivity, type LogActivity } from '../analyze/analyze-log.js';
import { compareResults, type Comparison, type LabeledLog } from '../analyze/compare-runs.js';
import { analyzeRun } from '../analyze/run-result.js';

export type { LabeledLog };

/** Every analysis of one run that the report draws (see analyzeLog). */
export interface RunReport extends LogActivity {
  label: string;
}

export interface ReportData {
  runs: RunReport[];
  /** compareRuns over the same runs and options: the table and the plain-language reasons. */
  comparison: Comparison;
}

/**
 * Runs the analyses the report shows over every run, with the same options as `summarize` and
 * `compare` (so every figure matches theirs): per GPU busy/idle and its idle threshold, duty cycle,
 * idle gaps, launches; per run summed PCIe TX with its moving average and energy; and the comparison.
 *
 * @example
 * const data = reportData([{ label: 'folder', log: folder }, { label: 'perfile', log: perfile }]);
 * data.runs[0]!.gpus[0]!.duty.dutyCycle; data.comparison.reasons;
 */
export function reportData(runs: readonly LabeledLog[], options: AnalyzeOptions = {}): ReportData {
  // each log is analysed once: the charts draw that analysis, and the comparison's run results are
  // made from it (analyzeRun takes it as `activity`) instead of analysing every log again
  const activities = runs.map(({ log }) => analyzeLog(log, options));
  const results = runs.map((r, i) =>
    analyzeRun(r.log, {
      ...options,
      label: r.label,
      job: r.job ?? null,
      items: r.items ?? options.items,
      isLastJob: r.isLastJob ?? true,
      activity: activities[i]!,
    }),
  );
  return {
    runs: runs.map(({ label }, i) => ({ label, ...activities[i]! })),
    comparison: compareResults(results, options),
  };
}

export type { GpuActivity };

import { analyzeLog, type AnalyzeOptions, type GpuActivity, type LogActivity } from '../analyze/analyze-log.js';
import { compareRuns, type Comparison, type LabeledLog } from '../analyze/compare-runs.js';

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
  return {
    runs: runs.map(({ label, log }) => ({ label, ...analyzeLog(log, options) })),
    comparison: compareRuns(runs, options),
  };
}

export type { GpuActivity };

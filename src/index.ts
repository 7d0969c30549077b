/**
 * mc2-telemetry: read any nvidia-smi log into typed per-GPU series, and say with numbers and charts
 * why one way of running a GPU job keeps the GPUs busier than another.
 *
 * The root holds what a script or notebook needs, in the order data flows:
 * - reading: {@link readLog} (every format, plain or compressed) → a {@link TelemetryLog};
 *   {@link followLog} for a log still being written (live figures after every new sample);
 * - analyses: {@link summarizeLog} (what `summarize --json` prints), {@link analyzeLog},
 *   {@link analyzeRun} and {@link compareRuns} (the verdict), and the single steps (busy/idle, duty
 *   cycle, idle gaps, launches, energy, summed PCIe, jobs, attribution, advice);
 * - tables: {@link toTable} (arquero), {@link exportLogs} (CSV … Parquet, OpenMetrics, Perfetto);
 * - text and pictures: the sentences, terminal formatting, the charts (SVG) and {@link htmlReport};
 * - many logs: {@link ingest} into a Parquet dataset and {@link fleet} over it (DuckDB).
 * The building blocks (splitter, parsers, builders, sanitisers, layouts) are in
 * `mc2-telemetry/advanced`.
 */
export { TelemetryError, type TelemetryWarning, type WarningCode, type ErrorCode } from './errors.js';

// reading
export { readLog, readLogs, type ReadOptions } from './series/read-log.js';
export type { TelemetryLog, GpuSeries, ProcessTable, LoggingGap } from './series/types.js';
export type { InputSource } from './io/open-input.js';
export { sniffFormat, LOG_FORMATS, type LogFormat } from './formats/sniff-format.js';
export { METRICS, METRIC_KEYS, type MetricKey, type MetricDef } from './parse/fields.js';
export { followLog, type FollowLogOptions, type LiveUpdate } from './analyze/follow-log.js';
export type { LiveGpuState, WatchSummary } from './analyze/live-log.js';

// analyses
export { summarizeLog, type LogSummary, type GpuSummary, type JobSummary, type SummarizeOptions } from './analyze/summarize-log.js';
export { analyzeLog, type AnalyzeOptions, type LogActivity, type GpuActivity } from './analyze/analyze-log.js';
export { analyzeRun, type RunResult, type RunOptions } from './analyze/run-result.js';
export {
  compareRuns,
  compareResults,
  COMPARE_THRESHOLDS,
  type Comparison,
  type CompareOptions,
  type Configuration,
  type Difference,
  type Finding,
  type RankedRun,
  type Verdict,
  type LabeledLog,
} from './analyze/compare-runs.js';
export { findJobs, jobLog, DEFAULT_JOB_GAP_S, type JobBounds } from './analyze/find-jobs.js';
export { busyIdle, BUSY_IDLE_DEFAULTS, type BusyIdle, type BusySignal } from './analyze/busy-idle.js';
export { dutyCycle, type DutyCycle } from './analyze/duty-cycle.js';
export { idleGaps, type IdleGap, type IdleGaps } from './analyze/idle-gaps.js';
export { launches, type Launches, type ProcessSpan } from './analyze/launches.js';
export { energy, type Energy } from './analyze/energy.js';
export { energyFootprint, type EnergyFootprint } from './analyze/energy-footprint.js';
export { pcieSum, type PcieSum } from './analyze/pcie-sum.js';
export { gpuAttribution, ATTRIBUTION_PARTS, type Attribution, type AttributionPart } from './analyze/attribution.js';
export { runAdvice, ADVICE_THRESHOLDS, type Advice, type AdviceCode, type Severity } from './analyze/advice.js';

// tables
export { toTable, type ToTableOptions } from './table/to-table.js';
export { exportLogs, EXPORT_FORMATS, type ExportFormat, type ExportOptions } from './table/export-logs.js';
export { idleGapsTable } from './table/idle-gaps-table.js';
export type { AnalysedInput } from './table/run-inputs.js';
export { launchesTable } from './table/launches-table.js';
export { comparisonTable } from './table/comparison-table.js';

// text and pictures
export { adviceText, comparisonJson, differenceText, findingText, summaryJson, verdictText, warningText } from './report/sentences.js';
export { formatSummary } from './report/format-summary.js';
export { formatComparison } from './report/format-compare.js';
export { renderPlot } from './report/plot-svg.js';
export { reportData, type ReportData, type RunReport } from './report/report-data.js';
export { htmlReport, type HtmlReportOptions } from './report/html-report.js';
export { powerChart, powerPlot, type ChartOptions } from './report/power-chart.js';
export { pcieChart, pciePlot } from './report/pcie-chart.js';
export { idleGapChart, idleGapPlot } from './report/idle-gap-chart.js';
export { launchTimeline, launchTimelinePlot } from './report/launch-timeline.js';
export { dutyCycleChart, dutyCyclePlot } from './report/duty-cycle-chart.js';
export { attributionChart, attributionPlot } from './report/attribution-chart.js';

// many logs
export { ingest, type IngestOptions, type IngestResult } from './dataset/ingest.js';
export { fleet, query, type FleetAnswer } from './dataset/fleet.js';

/**
 * `mc2-telemetry/advanced`: the building blocks behind the public API of `mc2-telemetry`, for
 * those who extend the tool (a new format, analysis or chart: docs/architecture.md): the byte
 * sources, the document splitter, the sample builder and parsers, the series builder, every
 * analysis step, table layouts, text helpers and sanitisers. Everything the root exports is here
 * too. These names may change between minor versions; the root's do not.
 *
 * Data flows one way: io (bytes) → documents → parse (samples) → series → analyze → table/report.
 */
// everything the root exports
export * from './index.js';
export { TelemetryError, type TelemetryWarning, type WarningCode, type ErrorCode } from './errors.js';

// io
export { openInput, type InputSource, type OpenedInput, type OpenOptions } from './io/open-input.js';
export { tailFile, type TailEvent, type TailOptions } from './io/tail-file.js';

// documents
export { DocumentSplitter, type RawDocument, type SplitterOptions } from './documents/document-splitter.js';
export { splitDocuments } from './documents/split-documents.js';
export { CommentTracker, commentOpenAtEnd, STRAY_COMMENT_BYTES } from './documents/comment-tracker.js';

// parse
export {
  parseDocument,
  parseToResult,
  corruptDocument,
  ParseError,
  type DocResult,
  type ParserKind,
  type ParseDocumentOptions,
} from './parse/parse-document.js';
export { dropStderrLines, NVIDIA_SMI_STDERR, type DroppedLines } from './parse/stderr-lines.js';
export { SampleBuilder, type Sample, type GpuSample, type ProcessSample, type GpuIdentity } from './parse/sample.js';
export { METRICS, METRIC_KEYS, METRIC_INDEX, type MetricKey, type MetricDef } from './parse/fields.js';
export { parseQuantity, parseFlag, parseText, type Unit } from './parse/values.js';
export { parseWallTime, ZoneClock, type WallTime } from './parse/timestamp.js';

// series
export { readLog, readLogs, type ReadOptions } from './series/read-log.js';
export { LogBuilder, type LogBuilderOptions } from './series/log-builder.js';
export { DocumentClock } from './series/document-clock.js';
export { LiveTiming } from './series/live-timing.js';
export { GrowingColumn } from './series/growable.js';
export { SortedCounts } from './series/sorted-counts.js';
export { followSamples, type FollowEvent, type FollowSamplesOptions } from './series/follow-samples.js';
export { gpuKeys, duplicateGpuWarning } from './series/gpu-keys.js';
export { estimateInterval, findLoggingGaps, spreadWithinSeconds, type IntervalEstimate } from './series/timing.js';
export type { TelemetryLog, GpuSeries, ProcessTable, LoggingGap } from './series/types.js';

// analyze
export { summarizeLog, type LogSummary, type GpuSummary } from './analyze/summarize-log.js';
export { energy, type Energy, type EnergyOptions } from './analyze/energy.js';
export { processCounts, type ProcessCounts } from './analyze/processes.js';
export { columnStats, finiteOrNull, type ColumnStats } from './analyze/stats.js';
export { LiveLog, type LiveGpuState, type LiveLogOptions, type WatchSummary } from './analyze/live-log.js';
export { LiveGpu, LIVE_SPLIT_REFRESH_SHARE } from './analyze/live-gpu.js';
export { ActivityTally } from './analyze/activity-tally.js';
export { RunningIdleFloor } from './analyze/running-idle-floor.js';
export { sampleDurations, type SampleDurations, type TimingOptions } from './analyze/sample-durations.js';
export {
  busyIdle,
  classifySample,
  powerThreshold,
  floorAgreeW,
  CKMEANS_MAX_VALUES,
  type BusyIdle,
  type BusyIdleOptions,
  type BusySignal,
  type PowerLevels,
  type PowerThreshold,
  type SampleRule,
  type ThresholdMethod,
} from './analyze/busy-idle.js';
export { dutyCycle, type DutyCycle, type DutyCycleOptions } from './analyze/duty-cycle.js';
export { idleGaps, type IdleGap, type IdleGaps, type IdleGapsOptions } from './analyze/idle-gaps.js';
export { launches, type Launches, type LaunchesOptions, type ProcessSpan } from './analyze/launches.js';
export { pcieSum, DEFAULT_PCIE_WINDOW_S, type PcieSum, type PcieSumOptions, type PcieGpu } from './analyze/pcie-sum.js';
export { energyReport, type EnergyReport, type EnergyReportOptions, type GpuEnergy } from './analyze/energy-report.js';
export { clockEvents, type ClockEventShare } from './analyze/clock-events.js';
export { analyzeLog, type AnalyzeOptions, type LogActivity, type GpuActivity } from './analyze/analyze-log.js';
export {
  compareRuns,
  compareResults,
  COMPARE_THRESHOLDS,
  type Comparison,
  type CompareOptions,
  type CompareThresholds,
  type Configuration,
  type ComparisonWarning,
  type Difference,
  type Finding,
  type RankedRun,
  type RunComparison,
  type Verdict,
  type LabeledLog,
} from './analyze/compare-runs.js';
export { analyzeRun, THROTTLE_REASONS, type RunResult, type RunOptions, type BusyEvidence } from './analyze/run-result.js';
export { gpuAttribution, ATTRIBUTION_PARTS, type Attribution, type AttributionPart } from './analyze/attribution.js';
export { runAdvice, ADVICE_THRESHOLDS, type Advice, type AdviceCode, type AdviceThresholds, type Severity } from './analyze/advice.js';
export { completeness, type Completeness, type IncompleteReason } from './analyze/completeness.js';
export { findJobs, DEFAULT_JOB_GAP_S, type JobBounds, type FindJobsOptions } from './analyze/find-jobs.js';
export { recordedSpan, type RecordedSpan } from './analyze/recorded-span.js';
export { welchTest, type WelchTest } from './analyze/welch.js';
export { BUSY_IDLE_DEFAULTS, idleFloor } from './analyze/busy-idle.js';
export { sliceLog } from './series/slice-log.js';
export {
  READING_BOUNDS,
  dropImpossibleReadings,
  impossibleReason,
  impossibleValueWarning,
  type DroppedReadings,
} from './series/reading-bounds.js';
export { CLOCK_LIMITS, clockWarnings } from './series/clock-warnings.js';
export { matchRunName, benchmarkMatrix, type BenchmarkMatrix, type MatrixEntry } from './analyze/benchmark-matrix.js';

// table (issue 4): logs and analyses as arquero tables, exports
export { toTable, type ToTableOptions } from './table/to-table.js';
export {
  layoutLogs,
  runLabel,
  REASON_PREFIX,
  type Layout,
  type LayoutOptions,
  type Block,
  type BlockColumn,
  type ColumnSpec,
} from './table/blocks.js';
export { exportLogs, EXPORT_FORMATS, type ExportFormat, type ExportOptions } from './table/export-logs.js';
export { csvCell } from './table/csv-cell.js';
export { idleGapsTable } from './table/idle-gaps-table.js';
export { launchesTable } from './table/launches-table.js';
export { comparisonTable } from './table/comparison-table.js';

// report
export { formatSummary } from './report/format-summary.js';
export { formatComparison, formatMatrix } from './report/format-compare.js';
export { formatWatchSummary, liveLine } from './report/format-watch.js';
export { wrapWords, textTable, fmt, type TextColumn } from './report/text-table.js';
export {
  adviceText,
  comparisonJson,
  differenceText,
  findingText,
  verdictText,
  warningText,
  duration,
  throughput,
  energyText,
  PART_NAMES,
} from './report/sentences.js';
export { attributionChart, PART_COLORS } from './report/attribution-chart.js';
export { jsonForTerminal, sanitizeTerminal } from './report/sanitize.js';
export { cleanText, UNSAFE_CHARACTERS, type CleanTextOptions } from './clean-text.js';
// report (issue 4): charts, HTML report, sparkline
export { renderPlot } from './report/plot-svg.js';
export { reportData, type ReportData, type RunReport } from './report/report-data.js';
export { htmlReport, type HtmlReportOptions } from './report/html-report.js';
export { powerChart, type ChartOptions } from './report/power-chart.js';
export { pcieChart } from './report/pcie-chart.js';
export { idleGapChart } from './report/idle-gap-chart.js';
export { launchTimeline } from './report/launch-timeline.js';
export { dutyCycleChart } from './report/duty-cycle-chart.js';
export { minMaxDownsample, bucketExtremes, type BucketOptions } from './report/downsample.js';
export { sparkline, type SparklineOptions } from './report/sparkline.js';
export { powerSparklines } from './report/format-summary.js';
export { escapeHtml } from './report/escape-html.js';

// added by later issues
export { sniffFormat, LOG_FORMATS, type LogFormat } from './formats/sniff-format.js';
export { readerFor } from './formats/reader-for.js';
export { LineSplitter, csvCells, type LineReader } from './formats/line-reader.js';
export { ProcessTimeline, PROCESS_MATCH_MS } from './formats/process-timeline.js';
export { energyFootprint, type EnergyFootprint, type FootprintOptions } from './analyze/energy-footprint.js';
export { traceEvents, type TraceEvent } from './table/write-trace.js';
export { DCGM_METRICS } from './table/write-openmetrics.js';
export { ingest, type IngestOptions, type IngestResult } from './dataset/ingest.js';
export { fleet, query, FLEET_SQL, type FleetAnswer, type Row } from './dataset/fleet.js';
export { runRows, type RunRow } from './dataset/run-rows.js';
export { compressionOf, type Compression } from './io/decompress.js';
export { archiveMembers, isTarArchive, type ArchiveMember } from './io/archive.js';
export { fitTable, rate } from './report/text-table.js';
export { ANSI, PLAIN, useColour, type Style } from './report/style.js';
export { wallClock } from './report/wall-clock.js';

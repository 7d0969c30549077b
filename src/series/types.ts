import type { LogFormat } from '../formats/sniff-format.js';
import type { TelemetryWarning, WarningCode } from '../errors.js';
import type { MetricKey } from '../parse/fields.js';
import type { GpuIdentity } from '../parse/sample.js';

/**
 * Processes seen on one GPU, one row per (sample, process), dictionary-encoded strings.
 * `row` indexes the GPU's series rows.
 */
export interface ProcessTable {
  length: number;
  row: Int32Array;
  pid: Float64Array;
  usedMemoryMiB: Float64Array;
  gpuInstanceId: Float64Array;
  computeInstanceId: Float64Array;
  /** Index into `names`, -1 when unknown. */
  nameCode: Int32Array;
  names: string[];
  /** Index into `types` (`C`, `G`, `C+G`), -1 when unknown. */
  typeCode: Int32Array;
  types: string[];
}

/**
 * One GPU's time series: typed columns of equal length, NaN for missing values. Units are in the
 * column names (see METRICS in src/parse/fields.ts).
 */
export interface GpuSeries {
  /** UUID, or the PCI bus id where the log has no UUID. */
  key: string;
  /** Order of first appearance in the log (0-based). */
  index: number;
  /** `<gpu id>` attribute of the first sample. */
  id: string | null;
  identity: GpuIdentity;
  length: number;
  /** Index of each row's document in {@link TelemetryLog.timeMs}. */
  sample: Int32Array;
  /** Epoch milliseconds of each row (see docs/time.md for zone and -lms spreading). */
  timeMs: Float64Array;
  columns: Record<MetricKey, Float64Array>;
  /** Clock throttle/event reasons, 1 active / 0 not / NaN unknown, keys without prefix (`sw_power_cap`). */
  flags: Record<string, Float64Array>;
  /** Cumulative event reason counters in µs (v13 drivers), keys without prefix. */
  counters: Record<string, Float64Array>;
  processes: ProcessTable;
}

/** A stretch with no samples: the logger was late, not the GPU idle. */
export interface LoggingGap {
  /** Epoch ms of the last sample before the gap. */
  startMs: number;
  /** Epoch ms of the first sample after it. */
  endMs: number;
  /** endMs − startMs, in seconds. */
  durationS: number;
  /** Index (in timeMs) of the sample after the gap. */
  sample: number;
}

/** A whole log: per-document times, per-GPU series, and what went wrong on the way. */
export interface TelemetryLog {
  /** Path or stream name. */
  source: string;
  /** The log's format (found from its content). */
  format: LogFormat;
  /** Decompressed bytes read. */
  bytes: number;
  /** Size on disk (compressed for .gz) when known. */
  sizeBytes: number | null;
  gzip: boolean;
  /** Complete documents parsed into samples. */
  documents: number;
  /** Documents that were cut or did not parse. */
  damagedDocuments: number;
  /** Warnings, at most `maxWarnings` (default 1000) kept; `warningCounts` counts them all. */
  warnings: TelemetryWarning[];
  warningCounts: Partial<Record<WarningCode, number>>;
  /** IANA zone the timestamps were read in. */
  timeZone: string;
  driverVersions: string[];
  cudaVersions: string[];
  /** Epoch ms per sample (document), in file order. */
  timeMs: Float64Array;
  /** Document ordinal per sample. */
  ordinals: Int32Array;
  /** First and last sample time (ms), NaN when empty. */
  startMs: number;
  endMs: number;
  /** (end − start) in seconds. */
  durationS: number;
  /** Estimated real sampling interval in seconds (mean of the non-gap steps). */
  intervalS: number;
  /** Steps longer than this (seconds) are logging gaps. */
  gapThresholdS: number;
  loggingGaps: LoggingGap[];
  gpus: GpuSeries[];
}

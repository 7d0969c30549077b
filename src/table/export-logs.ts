import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { check } from '../errors.js';
import type { TelemetryLog } from '../series/types.js';
import { layoutLogs, type LayoutOptions } from './blocks.js';
import { writeCsv, writeJson, writeNdjson } from './row-writers.js';
import { writeArrow } from './write-arrow.js';
import { writeParquet } from './write-parquet.js';
import { writeOpenMetrics } from './write-openmetrics.js';
import { writeTrace } from './write-trace.js';

/** The formats `exportLogs` and `export --format` write. */
export const EXPORT_FORMATS = ['csv', 'ndjson', 'json', 'arrow', 'parquet', 'openmetrics', 'trace'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions extends LayoutOptions {
  format: ExportFormat;
  /** OpenMetrics: the `Hostname` label (default `unknown`). */
  host?: string;
}

/** Writes to a Node stream, waiting for `drain` when its buffer is full. */
function streamSink(out: Writable): (chunk: string | Uint8Array) => Promise<void> {
  return async (chunk) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
}

/**
 * Writes one or more logs to `out` in a table format: the layout of {@link layoutLogs} (long form, or
 * wide with `wide: true`; a `run` column for several logs), preceded by `time` (ISO 8601 UTC text in
 * CSV/NDJSON/JSON, a UTC millisecond timestamp in Arrow/Parquet).
 *
 * Every format is written a batch of rows at a time (Parquet through parquet-wasm's stream writer),
 * OpenMetrics a series at a time. Does not end `out`.
 *
 * @example
 * await exportLogs([log], { format: 'parquet' }, createWriteStream('run.parquet'));
 * // duckdb: SELECT run, avg(powerW) FROM 'run.parquet' GROUP BY run
 */
export async function exportLogs(logs: TelemetryLog | readonly TelemetryLog[], options: ExportOptions, out: Writable): Promise<void> {
  check((EXPORT_FORMATS as readonly string[]).includes(options.format), 'format', options.format);
  const sink = streamSink(out);
  const list = Array.isArray(logs) ? (logs as readonly TelemetryLog[]) : [logs as TelemetryLog];
  if (options.format === 'openmetrics') return writeOpenMetrics(list, { labels: options.labels, host: options.host }, sink);
  if (options.format === 'trace') return writeTrace(list, { labels: options.labels }, sink);
  const layout = layoutLogs(logs, options);
  switch (options.format) {
    case 'csv':
      return writeCsv(layout, sink);
    case 'ndjson':
      return writeNdjson(layout, sink);
    case 'json':
      return writeJson(layout, sink);
    case 'arrow':
      return writeArrow(layout, sink);
    case 'parquet':
      return writeParquet(layout, sink);
  }
}

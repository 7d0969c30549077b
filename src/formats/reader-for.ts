import type { TelemetryWarning } from '../errors.js';
import { ComputeAppsCsvReader } from './compute-apps-csv.js';
import { DmonReader } from './dmon.js';
import type { LineReader } from './line-reader.js';
import { PmonReader } from './pmon.js';
import { QueryGpuCsvReader } from './query-gpu-csv.js';
import { QueryTextReader } from './query-text.js';
import type { LogFormat } from './sniff-format.js';

/**
 * The line reader for a line-oriented format.
 *
 * @example readerFor('dmon').line('#Date Time gpu pwr', 0) // []
 */
export function readerFor(
  format: Exclude<LogFormat, 'xml'>,
  options: { fields?: string; onWarning?: (w: TelemetryWarning) => void } = {},
): LineReader {
  switch (format) {
    case 'query-gpu-csv':
      return new QueryGpuCsvReader(options);
    case 'compute-apps-csv':
      return new ComputeAppsCsvReader(options);
    case 'dmon':
      return new DmonReader(options);
    case 'pmon':
      return new PmonReader(options);
    case 'query-text':
      return new QueryTextReader(options);
  }
}

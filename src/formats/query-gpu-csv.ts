import type { TelemetryWarning } from '../errors.js';
import { METRIC_INDEX } from '../parse/fields.js';
import { completeGpuSample, emptyGpuSample, type GpuSample, type Sample } from '../parse/sample.js';
import { parseFlag, parseQuantity, parseText } from '../parse/values.js';
import { csvCells, type LineReader } from './line-reader.js';
import { Round } from './round.js';
import { queryGpuField, type QueryTarget } from './query-fields.js';

export interface QueryGpuCsvOptions {
  /**
   * The field list given to `--query-gpu=` (comma-separated), for a file written with `noheader`;
   * ignored when the file has its header.
   */
  fields?: string;
  onWarning?: (w: TelemetryWarning) => void;
}

/**
 * Reads `nvidia-smi --query-gpu=… --format=csv` line by line into samples: any field subset and
 * order, with or without `noheader` (then `fields` names the columns) and `nounits`, at `-l` or
 * `-lms`, several GPUs interleaved. Rows of one polling round (no GPU twice) make one sample,
 * stamped with its first row's time. A GPU is keyed by UUID, else bus id, else index.
 *
 * @example
 * const r = new QueryGpuCsvReader();
 * r.line('timestamp, uuid, power.draw [W]', 0);                                   // []
 * r.line('2026/12/02 04:39:56.756, GPU-1, 78.16 W', 32);                          // []
 * r.end()[0]!.gpus[0]!.values[METRIC_INDEX.powerW];                               // 78.16
 */
export class QueryGpuCsvReader implements LineReader {
  private columns: (QueryTarget | null)[] | null = null;
  private readonly round = new Round();
  private readonly onWarning: (w: TelemetryWarning) => void;

  constructor(options: QueryGpuCsvOptions = {}) {
    this.onWarning = options.onWarning ?? (() => undefined);
    if (options.fields !== undefined) this.columns = options.fields.split(',').map(queryGpuField);
  }

  line(text: string, offset: number): Sample[] {
    if (text.trim() === '') return [];
    const cells = csvCells(text);
    if (this.columns === null || (offset === 0 && cells.some((c) => /^(?:timestamp|uuid|index|power\.draw)\b/i.test(c)))) {
      if (cells.every((c) => !/^\d|^GPU-|^\[/.test(c))) {
        this.columns = cells.map(queryGpuField);
        return [];
      }
      if (this.columns === null) throw new Error('CSV_NO_HEADER');
    }
    const cols = this.columns;
    if (cells.length !== cols.length) {
      this.onWarning({
        code: 'CORRUPT_DOCUMENT',
        message: `row at byte ${offset} has ${cells.length} cells, the header ${cols.length}; skipped`,
        offset,
        document: this.round.ordinal,
      });
      return [];
    }
    const g = emptyGpuSample(null);
    let stamp: string | null = null;
    let driver: string | null = null;
    let index: string | null = null;
    cols.forEach((c, k) => {
      if (c === null) return;
      const v = cells[k]!;
      switch (c.kind) {
        case 'metric':
          g.values[METRIC_INDEX[c.key]] = parseQuantity(v, c.unit);
          break;
        case 'identity':
          g.identity[c.field] = parseText(v);
          break;
        case 'flag':
          g.flags[c.key] = parseFlag(v);
          break;
        case 'timestamp':
          stamp = v;
          break;
        case 'driver':
          driver = parseText(v);
          break;
        case 'index':
          index = v;
          break;
      }
    });
    g.id = g.identity.busId ?? (g.identity.uuid === null && index !== null ? `index-${index}` : null);
    completeGpuSample(g);
    const key = g.identity.uuid ?? g.id ?? '';
    const out = this.round.closeBefore(key);
    this.round
      .take(key, () => ({ offset, timestamp: stamp, driverVersion: driver, cudaVersion: null, attachedGpus: NaN }))
      .gpus.push(g as GpuSample);
    return out;
  }

  end(): Sample[] {
    return this.round.end();
  }
}

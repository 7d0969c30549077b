import type { TelemetryWarning } from '../errors.js';
import { METRIC_INDEX, type MetricKey } from '../parse/fields.js';
import { completeGpuSample, emptyGpuSample, type Sample } from '../parse/sample.js';
import { parseQuantity, type Unit } from '../parse/values.js';
import type { LineReader } from './line-reader.js';
import { Round } from './round.js';
import { monitorHeader, monitorStamp, type MonitorLayout } from './monitor-columns.js';

/**
 * dmon columns (`-s p u c v m e t`) and the XML field each carries, with the factor from dmon's
 * unit: `rxpci`/`txpci` are MB/s (× 1000 → KB/s, the XML's unit); `fb`/`bar1` are what dmon calls
 * MB, the XML's MiB.
 */
export const DMON_COLUMNS: Readonly<Record<string, { key: MetricKey; unit: Unit; factor: number }>> = {
  pwr: { key: 'powerDrawW', unit: 'W', factor: 1 },
  gtemp: { key: 'gpuTempC', unit: 'C', factor: 1 },
  mtemp: { key: 'memoryTempC', unit: 'C', factor: 1 },
  sm: { key: 'gpuUtilPct', unit: '%', factor: 1 },
  mem: { key: 'memoryUtilPct', unit: '%', factor: 1 },
  enc: { key: 'encoderUtilPct', unit: '%', factor: 1 },
  dec: { key: 'decoderUtilPct', unit: '%', factor: 1 },
  mclk: { key: 'memClockMHz', unit: 'MHz', factor: 1 },
  pclk: { key: 'graphicsClockMHz', unit: 'MHz', factor: 1 },
  fb: { key: 'fbUsedMiB', unit: 'MiB', factor: 1 },
  bar1: { key: 'bar1UsedMiB', unit: 'MiB', factor: 1 },
  rxpci: { key: 'pcieRxKBps', unit: 'KB/s', factor: 1000 },
  txpci: { key: 'pcieTxKBps', unit: 'KB/s', factor: 1000 },
};

/**
 * Reads `nvidia-smi dmon` output (any `-s`, `-o` D, T, DT or none; `-f FILE` or redirected
 * stdout) into samples: one per polling round (no GPU twice), each GPU keyed by its dmon index.
 * Without a Date column the rows are placed on 1970-01-01, without a Time column one second apart
 * (dmon's default `-d 1`), with a warning.
 *
 * @example
 * const r = new DmonReader();
 * r.line('#Date       Time        gpu    pwr     sm   txpci', 0);
 * r.line(' 20261202   04:39:56      0     78      0      44', 60);
 * r.end()[0]!.gpus[0]!.values[METRIC_INDEX.pcieTxKBps]; // 44000
 */
export class DmonReader implements LineReader {
  private layout: MonitorLayout | null = null;
  private readonly round = new Round();
  private warned = false;
  private readonly onWarning: (w: TelemetryWarning) => void;

  constructor(options: { onWarning?: (w: TelemetryWarning) => void } = {}) {
    this.onWarning = options.onWarning ?? (() => undefined);
  }

  line(text: string, offset: number): Sample[] {
    const t = text.trim();
    if (t === '') return [];
    if (t.startsWith('#')) {
      // the first `#` line of a block names the columns; the second gives units
      this.layout = monitorHeader(t, this.layout);
      return [];
    }
    const layout = this.layout;
    if (layout === null) return [];
    const cells = t.split(/\s+/);
    if (cells.length !== layout.names.length) {
      this.onWarning({
        code: 'CORRUPT_DOCUMENT',
        message: `dmon row at byte ${offset} has ${cells.length} columns, the header ${layout.names.length}; skipped`,
        offset,
        document: this.round.ordinal,
      });
      return [];
    }
    if ((layout.date < 0 || layout.time < 0) && !this.warned) {
      this.warned = true;
      this.onWarning({
        code: 'BAD_TIMESTAMP',
        message:
          layout.time < 0
            ? 'dmon rows have no time (log with `-o DT`): rounds placed 1 s apart from 1970-01-01 00:00:00'
            : 'dmon rows have no date (log with `-o DT`): times placed on 1970-01-01',
        offset,
        document: this.round.ordinal,
      });
    }
    const gi = layout.names.indexOf('gpu');
    const index = gi >= 0 ? cells[gi]! : '0';
    const g = emptyGpuSample(`index-${index}`);
    layout.names.forEach((name, k) => {
      const c = DMON_COLUMNS[name];
      if (c !== undefined) g.values[METRIC_INDEX[c.key]] = parseQuantity(cells[k]!, c.unit) * c.factor;
    });
    completeGpuSample(g);
    const out = this.round.closeBefore(index);
    this.round
      .take(index, () => ({
        offset,
        timestamp: monitorStamp(cells, layout, this.round.ordinal),
        driverVersion: null,
        cudaVersion: null,
        attachedGpus: NaN,
      }))
      .gpus.push(g);
    return out;
  }

  end(): Sample[] {
    return this.round.end();
  }
}

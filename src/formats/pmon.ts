import type { TelemetryWarning } from '../errors.js';
import { completeGpuSample, emptyGpuSample, type GpuSample, type Sample } from '../parse/sample.js';
import { parseQuantity } from '../parse/values.js';
import type { LineReader } from './line-reader.js';
import { Round } from './round.js';
import { monitorHeader, monitorStamp, type MonitorLayout } from './monitor-columns.js';

/**
 * Reads `nvidia-smi pmon` output (any `-s`, `-o`) into samples that hold process lists: a row per
 * process per GPU per round, `-` in the pid column for a GPU with none. Rows of one round (one
 * time, no process twice) make one sample. pmon gives no GPU readings: read it beside a GPU log of
 * the same run (`dmon.txt+pmon.txt`), or alone for launches.
 *
 * @example
 * const r = new PmonReader();
 * r.line('#Date       Time        gpu         pid   type     sm    fb    command', 0);
 * r.line(' 20261202   04:40:05      0        1965     C     85  9596    python3', 70);
 * r.end()[0]!.gpus[0]!.processes![0]!.pid; // 1965
 */
export class PmonReader implements LineReader {
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
      this.layout = monitorHeader(t, this.layout);
      return [];
    }
    const layout = this.layout;
    if (layout === null) return [];
    const n = layout.names.length;
    const parts = t.split(/\s+/);
    if (parts.length < n) {
      this.onWarning({
        code: 'CORRUPT_DOCUMENT',
        message: `pmon row at byte ${offset} has ${parts.length} columns, the header ${n}; skipped`,
        offset,
        document: this.round.ordinal,
      });
      return [];
    }
    // the command is the last column and may hold spaces
    const cells = [...parts.slice(0, n - 1), parts.slice(n - 1).join(' ')];
    if (layout.time < 0 && !this.warned) {
      this.warned = true;
      this.onWarning({
        code: 'BAD_TIMESTAMP',
        message: 'pmon rows have no time (log with `-o DT`): rounds placed 1 s apart from 1970-01-01 00:00:00',
        offset,
        document: this.round.ordinal,
      });
    }
    const col = (name: string): string | null => {
      const k = layout.names.indexOf(name);
      return k < 0 ? null : cells[k]!;
    };
    const index = col('gpu') ?? '0';
    const pidText = col('pid') ?? '-';
    const stamp = monitorStamp(cells, layout, this.round.ordinal);
    const key = `${index}/${pidText}`;
    // without times in the rows, only a repeated GPU and process begins the next round
    const out = this.round.closeBefore(key, layout.time >= 0 ? stamp : undefined);
    const sample = this.round.take(
      key,
      () => ({ offset, timestamp: stamp, driverVersion: null, cudaVersion: null, attachedGpus: NaN }),
      stamp,
    );
    let g: GpuSample | undefined = sample.gpus.find((x) => x.id === `index-${index}`);
    if (g === undefined) {
      g = emptyGpuSample(`index-${index}`);
      g.processes = [];
      sample.gpus.push(g);
    }
    const pid = parseQuantity(pidText, 'count');
    if (!Number.isNaN(pid)) {
      const name = col('command');
      const type = col('type');
      g.processes!.push({
        pid,
        type: type === null || type === '-' ? null : type,
        name: name === null || name === '-' ? null : name,
        usedMemoryMiB: parseQuantity(col('fb') ?? '-', 'MiB'),
        gpuInstanceId: NaN,
        computeInstanceId: NaN,
      });
    }
    completeGpuSample(g);
    return out;
  }

  end(): Sample[] {
    return this.round.end();
  }
}

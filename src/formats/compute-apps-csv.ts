import type { TelemetryWarning } from '../errors.js';
import { completeGpuSample, emptyGpuSample, type ProcessSample, type Sample } from '../parse/sample.js';
import { parseQuantity, parseText } from '../parse/values.js';
import { csvCells, type LineReader } from './line-reader.js';
import { Round } from './round.js';

const COLUMNS: Readonly<Record<string, 'timestamp' | 'uuid' | 'busId' | 'name' | 'pid' | 'processName' | 'memory'>> = {
  timestamp: 'timestamp',
  gpu_uuid: 'uuid',
  gpu_bus_id: 'busId',
  gpu_serial: 'name',
  gpu_name: 'name',
  pid: 'pid',
  process_name: 'processName',
  name: 'processName',
  used_gpu_memory: 'memory',
  used_memory: 'memory',
};

/**
 * Reads `nvidia-smi --query-compute-apps=… --format=csv -l 1` into samples that hold only process
 * lists. nvidia-smi writes a row per running compute process and nothing in a round with none,
 * so the file says nothing about the GPUs' readings: it is read beside a GPU log of the same run
 * (see `processes` in readLog). Rows of one round (one timestamp, no process twice) make one
 * sample. Without a timestamp column the rows cannot be placed in time; each round is then
 * unplaceable and the reader warns.
 *
 * @example
 * const r = new ComputeAppsCsvReader();
 * r.line('timestamp, gpu_uuid, pid, process_name, used_gpu_memory [MiB]', 0);
 * r.line('2026/12/02 04:40:05.802, GPU-1, 1965, python3, 9596 MiB', 64);
 * r.end()[0]!.gpus[0]!.processes; // [{ pid: 1965, name: 'python3', usedMemoryMiB: 9596, … }]
 */
export class ComputeAppsCsvReader implements LineReader {
  private columns: (string | null)[] | null = null;
  private readonly round = new Round();
  private readonly onWarning: (w: TelemetryWarning) => void;

  constructor(options: { fields?: string; onWarning?: (w: TelemetryWarning) => void } = {}) {
    this.onWarning = options.onWarning ?? (() => undefined);
    if (options.fields !== undefined) this.columns = options.fields.split(',').map(column);
  }

  line(text: string, offset: number): Sample[] {
    if (text.trim() === '') return [];
    let cells = csvCells(text);
    if (cells.includes('pid') || (this.columns === null && !/^\d/.test(cells[0] ?? ''))) {
      this.columns = cells.map(column);
      return [];
    }
    if (this.columns === null) throw new Error('CSV_NO_HEADER');
    const cols = this.columns;
    if (cells.length > cols.length && cols.includes('processName')) {
      // a process name with commas in it: nvidia-smi does not quote
      const at = cols.indexOf('processName');
      const extra = cells.length - cols.length;
      cells = [...cells.slice(0, at), cells.slice(at, at + extra + 1).join(','), ...cells.slice(at + extra + 1)];
    }
    if (cells.length !== cols.length) {
      this.onWarning({
        code: 'CORRUPT_DOCUMENT',
        message: `row at byte ${offset} has ${cells.length} cells, the header ${cols.length}; skipped`,
        offset,
        document: this.round.ordinal,
      });
      return [];
    }
    const get = (name: string): string | null => {
      const k = cols.indexOf(name);
      return k < 0 ? null : cells[k]!;
    };
    const stamp = get('timestamp') ?? '';
    const uuid = parseText(get('uuid') ?? '');
    const busId = parseText(get('busId') ?? '');
    const pid = parseQuantity(get('pid') ?? '', 'count');
    const rawName = get('processName');
    const name = rawName === null || rawName === '[No data]' ? null : parseText(rawName);
    const proc: ProcessSample = {
      pid,
      type: 'C',
      name,
      usedMemoryMiB: parseQuantity(get('memory') ?? '', 'MiB'),
      gpuInstanceId: NaN,
      computeInstanceId: NaN,
    };
    const gpuKey = uuid ?? busId ?? '';
    const key = `${gpuKey}/${pid}`;
    const out = this.round.closeBefore(key, stamp);
    const sample = this.round.take(
      key,
      () => ({ offset, timestamp: stamp === '' ? null : stamp, driverVersion: null, cudaVersion: null, attachedGpus: NaN }),
      stamp,
    );
    let g = sample.gpus.find((x) => (x.identity.uuid ?? x.identity.busId ?? '') === gpuKey);
    if (g === undefined) {
      g = emptyGpuSample(busId);
      g.identity.uuid = uuid;
      g.identity.busId = busId;
      g.processes = [];
      sample.gpus.push(g);
    }
    g.processes!.push(proc);
    completeGpuSample(g);
    return out;
  }

  end(): Sample[] {
    return this.round.end();
  }
}

function column(header: string): string | null {
  return (
    COLUMNS[
      header
        .trim()
        .replace(/\s*\[[^\]]*\]$/, '')
        .toLowerCase()
    ] ?? null
  );
}

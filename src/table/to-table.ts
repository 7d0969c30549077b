import { table, type ColumnTable } from 'arquero';
import type { TelemetryLog } from '../series/types.js';
import { layoutLogs, type Block, type LayoutOptions } from './blocks.js';

export interface ToTableOptions extends LayoutOptions {
  /** Also add a `time` column of `Date` objects (built row by row; `timeMs` is always there). */
  dates?: boolean;
}

/** Concatenates one column of every block: typed arrays by block copies, text by fills. */
function concatColumn(blocks: readonly Block[], name: string, kind: string, length: number): ArrayLike<unknown> {
  if (blocks.length === 1) {
    const c = blocks[0]!.columns.get(name)!;
    if (c.kind !== 'text') return c.values;
  }
  if (kind === 'text') {
    const out = new Array<string | null>(length);
    let at = 0;
    for (const b of blocks) {
      const c = b.columns.get(name);
      out.fill(c?.kind === 'text' ? c.value : null, at, at + b.length);
      at += b.length;
    }
    return out;
  }
  const out = kind === 'int' ? new Int32Array(length) : new Float64Array(length);
  let at = 0;
  for (const b of blocks) {
    const c = b.columns.get(name);
    if (c && c.kind !== 'text') out.set(c.values, at);
    else if (out instanceof Float64Array) out.fill(NaN, at, at + b.length);
    at += b.length;
  }
  return out;
}

/**
 * One or more logs as an arquero table.
 *
 * Long form (default): one row per GPU per sample, columns `run` (several logs or `labels` given),
 * `timeMs` (epoch ms), `relativeS` (seconds since the log's first sample), `gpuIndex`, `gpuUuid`,
 * `gpuBusId`, `gpuName`, every metric with its unit in the name (`powerW`, `gpuUtilPct`, `fbUsedMiB`,
 * `pcieTxKBps`, … — see METRICS) and the clock event reasons as `reason_<name>` (1 active, 0 not).
 * Wide (`wide: true`): one row per sample, `gpu<i>_<column>` per GPU. Missing values are NaN.
 *
 * The series' typed arrays go into the table as they are when one GPU's rows make the whole table
 * (a single-GPU log); otherwise each column is put together with one block copy per GPU.
 *
 * @example
 * const t = toTable(await readLog('nvidiaLogging.xml.gz'));
 * t.groupby('gpuIndex').rollup({ meanW: op.mean('powerW') }).print();
 * @example
 * toTable([folder, perfile], { labels: ['folder', 'perfile'] }) // a `run` column tells them apart
 */
export function toTable(logs: TelemetryLog | readonly TelemetryLog[], options: ToTableOptions = {}): ColumnTable {
  const layout = layoutLogs(logs, options);
  const cols: Record<string, ArrayLike<unknown>> = {};
  for (const spec of layout.columns) {
    cols[spec.name] = concatColumn(layout.blocks, spec.name, spec.kind, layout.length);
    if (options.dates && spec.name === 'timeMs') {
      const t = cols.timeMs as Float64Array;
      cols.time = Array.from(t, (ms) => (Number.isFinite(ms) ? new Date(ms) : null));
    }
  }
  return table(cols);
}

import { check } from '../errors.js';
import { METRIC_KEYS } from '../parse/fields.js';
import type { GpuSeries, TelemetryLog } from '../series/types.js';

/**
 * A column of a block: numbers (NaN = missing) or one text value repeated over the block.
 * Numbers keep the series' own typed arrays where the layout allows, so nothing is copied row by row.
 */
export type BlockColumn =
  | { kind: 'number'; values: Float64Array }
  | { kind: 'int'; values: Int32Array }
  | { kind: 'text'; value: string | null };

/** A run of rows that share their text columns: one GPU of one log (long form) or one log (wide). */
export interface Block {
  length: number;
  columns: Map<string, BlockColumn>;
}

/** A column's name and kind, the same for every block of one layout. */
export interface ColumnSpec {
  name: string;
  kind: BlockColumn['kind'];
}

export interface LayoutOptions {
  /** One row per sample with columns per GPU (`gpu0_powerW`, …) instead of one row per GPU per sample. */
  wide?: boolean;
  /**
   * One label per log, put in a `run` column. Default: no `run` column for a single log, the file
   * name without `.xml`/`.xml.gz` for several.
   */
  labels?: string[];
}

/** A layout: the union schema of every block, and the blocks in order. */
export interface Layout {
  columns: ColumnSpec[];
  blocks: Block[];
  /** Total rows. */
  length: number;
}

/** Prefix of clock-event-reason flag columns (`reason_sw_power_cap`, 1 active / 0 not). */
export const REASON_PREFIX = 'reason_';

/**
 * A run label from a log's source: the file name without folders and `.xml`/`.xml.gz`.
 * @example runLabel('/data/h100-folder.xml.gz') // 'h100-folder'
 */
export function runLabel(source: string): string {
  const base = source.split(/[\\/]/).pop() ?? source;
  return base.replace(/\.xml(\.gz)?$/i, '') || source;
}

/** Labels for logs: the given ones (checked) or file names, made unique with `#2`, `#3`. */
export function runLabels(logs: readonly TelemetryLog[], labels?: readonly string[]): string[] {
  if (labels) {
    check(labels.length === logs.length, 'labels', `${labels.length} labels for ${logs.length} logs`);
    return [...labels];
  }
  const seen = new Map<string, number>();
  return logs.map((l) => {
    const b = runLabel(l.source);
    const n = (seen.get(b) ?? 0) + 1;
    seen.set(b, n);
    return n > 1 ? `${b}#${n}` : b;
  });
}

function flagKeys(gpus: readonly GpuSeries[]): string[] {
  const keys = new Set<string>();
  for (const g of gpus) for (const k of Object.keys(g.flags)) keys.add(k);
  return [...keys].sort();
}

function relativeS(timeMs: Float64Array, startMs: number): Float64Array {
  const out = new Float64Array(timeMs.length);
  for (let i = 0; i < timeMs.length; i++) out[i] = (timeMs[i]! - startMs) / 1000;
  return out;
}

function longBlock(log: TelemetryLog, g: GpuSeries, run: string | null, flags: string[]): Block {
  const cols = new Map<string, BlockColumn>();
  if (run !== null) cols.set('run', { kind: 'text', value: run });
  cols.set('timeMs', { kind: 'number', values: g.timeMs });
  cols.set('relativeS', { kind: 'number', values: relativeS(g.timeMs, log.startMs) });
  cols.set('gpuIndex', { kind: 'int', values: new Int32Array(g.length).fill(g.index) });
  cols.set('gpuUuid', { kind: 'text', value: g.identity.uuid });
  cols.set('gpuBusId', { kind: 'text', value: g.identity.busId ?? g.id });
  cols.set('gpuName', { kind: 'text', value: g.identity.name });
  for (const k of METRIC_KEYS) cols.set(k, { kind: 'number', values: g.columns[k] });
  for (const f of flags) {
    const v = g.flags[f];
    cols.set(REASON_PREFIX + f, { kind: 'number', values: v ?? new Float64Array(g.length).fill(NaN) });
  }
  return { length: g.length, columns: cols };
}

/** Wide column name of a GPU's metric: `gpu0_powerW`. */
export function wideName(gpuIndex: number, column: string): string {
  return `gpu${gpuIndex}_${column}`;
}

function wideBlock(log: TelemetryLog, run: string | null, gpuCount: number, flags: string[]): Block {
  const n = log.timeMs.length;
  const cols = new Map<string, BlockColumn>();
  if (run !== null) cols.set('run', { kind: 'text', value: run });
  cols.set('timeMs', { kind: 'number', values: log.timeMs });
  cols.set('relativeS', { kind: 'number', values: relativeS(log.timeMs, log.startMs) });
  const scatter = (g: GpuSeries | undefined, src: Float64Array | undefined): Float64Array => {
    const out = new Float64Array(n).fill(NaN);
    if (!g || !src) return out;
    // A GPU present in every document needs no scatter: the series is already one value per sample.
    if (g.length === n && g.sample[0] === 0 && g.sample[n - 1] === n - 1) return src;
    for (let i = 0; i < g.length; i++) out[g.sample[i]!] = src[i]!;
    return out;
  };
  for (let gi = 0; gi < gpuCount; gi++) {
    const g = log.gpus[gi];
    for (const k of METRIC_KEYS) cols.set(wideName(gi, k), { kind: 'number', values: scatter(g, g?.columns[k]) });
    for (const f of flags) cols.set(wideName(gi, REASON_PREFIX + f), { kind: 'number', values: scatter(g, g?.flags[f]) });
  }
  return { length: n, columns: cols };
}

/**
 * Lays out one or more logs as blocks of columns with one shared schema: long form (a block per GPU
 * per log; columns `run`?, `timeMs`, `relativeS`, `gpuIndex`, `gpuUuid`, `gpuBusId`, `gpuName`, every
 * metric of METRICS with its unit in the name, then `reason_*` flags) or wide (a block per log;
 * `run`?, `timeMs`, `relativeS`, then `gpu<i>_<metric>` for every GPU). `relativeS` is seconds since
 * the log's first sample. Columns a log lacks (a flag its driver does not report, a GPU it does not
 * have) are NaN.
 *
 * The table builders ({@link toTable}) and every exporter share this layout.
 *
 * @example
 * const { columns, blocks } = layoutLogs([folder, perfile], { labels: ['folder', 'perfile'] });
 */
export function layoutLogs(input: TelemetryLog | readonly TelemetryLog[], options: LayoutOptions = {}): Layout {
  const logs = Array.isArray(input) ? (input as readonly TelemetryLog[]) : [input as TelemetryLog];
  const withRun = Array.isArray(input) ? logs.length > 1 || options.labels !== undefined : options.labels !== undefined;
  const labels = runLabels(logs, options.labels);
  const flags = flagKeys(logs.flatMap((l) => l.gpus));
  const blocks: Block[] = [];
  if (options.wide) {
    const gpuCount = Math.max(0, ...logs.map((l) => l.gpus.length));
    logs.forEach((l, i) => {
      blocks.push(wideBlock(l, withRun ? labels[i]! : null, gpuCount, flags));
    });
  } else {
    logs.forEach((l, i) => {
      for (const g of l.gpus) blocks.push(longBlock(l, g, withRun ? labels[i]! : null, flags));
    });
  }
  const columns: ColumnSpec[] = [];
  if (blocks.length) for (const [name, c] of blocks[0]!.columns) columns.push({ name, kind: c.kind });
  else if (withRun) columns.push({ name: 'run', kind: 'text' });
  return { columns, blocks, length: blocks.reduce((a, b) => a + b.length, 0) };
}

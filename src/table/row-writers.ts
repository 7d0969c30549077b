import type { Block, ColumnSpec, Layout } from './blocks.js';
import { csvCell } from './csv-cell.js';

/** Where text output goes: a function that takes a chunk and resolves when it may take more. */
export type ChunkSink = (chunk: string) => Promise<void>;

/** Rows put into one string before it is written. */
const BATCH_ROWS = 2048;

/** ISO 8601 UTC with milliseconds, or null. */
function iso(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

type Cell = (row: number) => string | number | null;

function cellReaders(block: Block, columns: readonly ColumnSpec[]): Cell[] {
  return columns.map((spec) => {
    const c = block.columns.get(spec.name);
    if (!c) return () => null;
    if (c.kind === 'text') return () => c.value;
    const v = c.values;
    return (i: number) => v[i]!;
  });
}

/** Column names of text exports: `time` (ISO 8601 from `timeMs`) first, then the layout's columns. */
export function textHeader(layout: Layout): string[] {
  return ['time', ...layout.columns.map((c) => c.name)];
}

/**
 * Writes a layout as CSV (RFC 4180, CRLF line ends, header row, formula-neutralised text, empty
 * cells for missing values), a batch of rows at a time.
 */
export async function writeCsv(layout: Layout, sink: ChunkSink): Promise<void> {
  await sink(`${textHeader(layout).map(csvCell).join(',')}\r\n`);
  for (const b of layout.blocks) {
    const cells = cellReaders(b, layout.columns);
    // text cells are the same on every row of a block: escape them once
    const fixed = layout.columns.map((spec) => {
      const c = b.columns.get(spec.name);
      return c?.kind === 'text' ? csvCell(c.value) : null;
    });
    const time = b.columns.get('timeMs');
    const t = time && time.kind === 'number' ? time.values : null;
    let out = '';
    for (let i = 0; i < b.length; i++) {
      let line = csvCell(t ? iso(t[i]!) : null);
      for (let k = 0; k < cells.length; k++) line += `,${fixed[k] ?? csvCell(cells[k]!(i))}`;
      out += `${line}\r\n`;
      if ((i + 1) % BATCH_ROWS === 0) {
        await sink(out);
        out = '';
      }
    }
    if (out) await sink(out);
  }
}

function jsonValue(v: string | number | null): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  return JSON.stringify(v);
}

async function writeObjects(layout: Layout, sink: ChunkSink, sep: string, first: string, last: string): Promise<void> {
  const keys = textHeader(layout).map((k) => `${JSON.stringify(k)}:`);
  await sink(first);
  let n = 0;
  for (const b of layout.blocks) {
    const cells = cellReaders(b, layout.columns);
    const time = b.columns.get('timeMs');
    const t = time && time.kind === 'number' ? time.values : null;
    let out = '';
    for (let i = 0; i < b.length; i++) {
      let obj = `{${keys[0]}${jsonValue(t ? iso(t[i]!) : null)}`;
      for (let k = 0; k < cells.length; k++) obj += `,${keys[k + 1]}${jsonValue(cells[k]!(i))}`;
      out += `${n++ === 0 || sep === '\n' ? '' : sep}${obj}}${sep === '\n' ? '\n' : ''}`;
      if ((i + 1) % BATCH_ROWS === 0) {
        await sink(out);
        out = '';
      }
    }
    if (out) await sink(out);
  }
  await sink(last);
}

/** Writes a layout as newline-delimited JSON: one object per row, missing values null. */
export function writeNdjson(layout: Layout, sink: ChunkSink): Promise<void> {
  return writeObjects(layout, sink, '\n', '', '');
}

/** Writes a layout as one JSON array of row objects, missing values null, streamed. */
export function writeJson(layout: Layout, sink: ChunkSink): Promise<void> {
  return writeObjects(layout, sink, ',\n', '[\n', '\n]\n');
}

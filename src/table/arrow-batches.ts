import {
  Field,
  Float64,
  Int32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  TimestampMillisecond,
  Utf8,
  vectorFromArray,
  type Data,
  type DataType,
} from 'apache-arrow';
import type { Block, ColumnSpec, Layout } from './blocks.js';

/** Validity bitmap (1 = present) and null count of a float column: NaN is null. */
function validity(v: Float64Array): { bitmap: Uint8Array | undefined; nulls: number } {
  const bitmap = new Uint8Array((v.length + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < v.length; i++) {
    if (Number.isNaN(v[i]!)) nulls++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { bitmap: nulls ? bitmap : undefined, nulls };
}

function arrowType(kind: ColumnSpec['kind']): DataType {
  return kind === 'text' ? new Utf8() : kind === 'int' ? new Int32() : new Float64();
}

/**
 * The Arrow schema of a layout: `time` (timestamp[ms, UTC], from `timeMs` rounded to the
 * millisecond) first, then every layout column: Float64 (NaN → null), Int32, Utf8.
 */
export function arrowSchema(layout: Layout): Schema {
  return new Schema([
    new Field('time', new TimestampMillisecond('UTC'), true),
    ...layout.columns.map((c) => new Field(c.name, arrowType(c.kind), true)),
  ]);
}

function columnData(block: Block, spec: ColumnSpec): Data {
  const c = block.columns.get(spec.name);
  const n = block.length;
  if (!c || c.kind === 'text') {
    const value = c?.kind === 'text' ? c.value : null;
    return vectorFromArray(new Array<string | null>(n).fill(value), new Utf8()).data[0]!;
  }
  if (c.kind === 'int') return makeData({ type: new Int32(), length: n, data: c.values });
  const { bitmap, nulls } = validity(c.values);
  return makeData({ type: new Float64(), length: n, data: c.values, nullBitmap: bitmap, nullCount: nulls });
}

function timeData(block: Block): Data {
  const c = block.columns.get('timeMs');
  const n = block.length;
  const ms = new BigInt64Array(n);
  let bitmap: Uint8Array | undefined;
  let nulls = 0;
  if (c && c.kind === 'number') {
    const v = validity(c.values);
    bitmap = v.bitmap;
    nulls = v.nulls;
    for (let i = 0; i < n; i++) {
      const t = c.values[i]!;
      if (Number.isFinite(t)) ms[i] = BigInt(Math.round(t));
    }
  } else {
    bitmap = new Uint8Array((n + 7) >> 3);
    nulls = n;
  }
  return makeData({ type: new TimestampMillisecond('UTC'), length: n, data: ms, nullBitmap: bitmap, nullCount: nulls });
}

/**
 * A layout as Arrow record batches, one per block (a GPU of a log, or a log when wide), lazily.
 * Float columns are the series' own arrays with a validity bitmap added (no row copy).
 */
export function* arrowBatches(layout: Layout, schema: Schema = arrowSchema(layout)): Generator<RecordBatch> {
  for (const b of layout.blocks) {
    const children = [timeData(b), ...layout.columns.map((c) => columnData(b, c))];
    yield new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: b.length, nullCount: 0, children }));
  }
}

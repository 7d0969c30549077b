import { createRequire } from 'node:module';
import type { Layout } from './blocks.js';
import { RecordBatchStreamWriter, type RecordBatch } from 'apache-arrow';
import { arrowBatches, arrowSchema } from './arrow-batches.js';
import type { ByteSink } from './write-arrow.js';

type ParquetWasm = typeof import('parquet-wasm/node');
let wasm: ParquetWasm | null = null;

function parquetWasm(): ParquetWasm {
  // the node build of parquet-wasm loads its .wasm synchronously on require
  wasm ??= createRequire(import.meta.url)('parquet-wasm/node') as ParquetWasm;
  return wasm;
}

/**
 * Writes a layout as Parquet with parquet-wasm (the Rust `parquet` crate compiled to WebAssembly),
 * Snappy-compressed, from the same Arrow schema as {@link writeArrow}: `time` is a UTC millisecond
 * timestamp, missing values are nulls. Streams: each Arrow record batch (a block of rows: one GPU of
 * one log, its columns views of the series) goes through parquet-wasm's stream writer as it is made,
 * and the bytes go to `sink` as they come, so the Parquet file is never held whole in memory.
 */
export async function writeParquet(layout: Layout, sink: ByteSink): Promise<void> {
  const pw = parquetWasm();
  const schema = arrowSchema(layout);
  const batches = arrowBatches(layout, schema)[Symbol.iterator]();
  let current: RecordBatch | null = null;
  let at = 0;
  const source = new ReadableStream({
    pull(ctrl) {
      if (current === null || at >= current.numRows) {
        const next = batches.next();
        if (next.done) {
          ctrl.close();
          return;
        }
        current = next.value;
        at = 0;
      }
      // a slice of an Arrow JS batch (a view) to a parquet-wasm batch, through one IPC message:
      // only GROUP_ROWS rows are ever copied at once, however long one GPU's series is
      const part = current.slice(at, Math.min(current.numRows, at + GROUP_ROWS));
      at += GROUP_ROWS;
      const w = new RecordBatchStreamWriter();
      w.reset(undefined, schema);
      w.write(part);
      w.finish();
      ctrl.enqueue(pw.Table.fromIPCStream(w.toUint8Array(true)).recordBatch(0));
    },
  });
  const props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.SNAPPY).setCreatedBy('mc2-telemetry').build();
  const bytes = (await pw.transformParquetStream(source, props)).getReader();
  for (;;) {
    const r = await bytes.read();
    if (r.done) return;
    await sink(r.value as Uint8Array);
  }
}

/** Rows handed to the Parquet writer at once (and so at most per row group). */
export const GROUP_ROWS = 65_536;

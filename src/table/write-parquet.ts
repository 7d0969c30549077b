import { createRequire } from 'node:module';
import type { Layout } from './blocks.js';
import { arrowStreamBytes, type ByteSink } from './write-arrow.js';

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
 * timestamp, missing values are nulls. Parquet's footer comes last, so the file is built in memory
 * (about its own size, well under the series it comes from) and then handed to `sink`.
 */
export async function writeParquet(layout: Layout, sink: ByteSink): Promise<void> {
  const pw = parquetWasm();
  const table = pw.Table.fromIPCStream(arrowStreamBytes(layout));
  const props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.SNAPPY).setCreatedBy('mc2-telemetry').build();
  const bytes = pw.writeParquet(table, props);
  await sink(bytes);
}

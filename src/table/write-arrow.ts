import { RecordBatchFileWriter, RecordBatchStreamWriter } from 'apache-arrow';
import type { Layout } from './blocks.js';
import { arrowBatches, arrowSchema } from './arrow-batches.js';

/** Where binary output goes: resolves when it may take more. */
export type ByteSink = (chunk: Uint8Array) => Promise<void>;

/**
 * Writes a layout as an Arrow IPC file (Feather v2, `.arrow`) with apache-arrow's record batch
 * writer, one batch per block, handing bytes to `sink` as each batch is encoded. `stream: true`
 * writes the IPC stream format instead.
 */
export async function writeArrow(layout: Layout, sink: ByteSink, options: { stream?: boolean } = {}): Promise<void> {
  const schema = arrowSchema(layout);
  const writer = options.stream ? new RecordBatchStreamWriter() : new RecordBatchFileWriter();
  const pump = (async () => {
    for await (const chunk of writer) await sink(chunk);
  })();
  writer.reset(undefined, schema);
  for (const batch of arrowBatches(layout, schema)) {
    writer.write(batch);
    // let the pump hand this batch's bytes to the sink before the next batch is built
    await new Promise((r) => setImmediate(r));
  }
  writer.finish();
  await pump;
}

/** The layout as Arrow IPC stream bytes, in memory (for the Parquet writer). */
export function arrowStreamBytes(layout: Layout): Uint8Array {
  const schema = arrowSchema(layout);
  const writer = new RecordBatchStreamWriter();
  writer.reset(undefined, schema);
  for (const batch of arrowBatches(layout, schema)) writer.write(batch);
  writer.finish();
  return writer.toUint8Array(true);
}

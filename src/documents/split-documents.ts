import type { TelemetryWarning } from '../errors.js';
import { DocumentSplitter, type RawDocument, type SplitterOptions } from './document-splitter.js';

/**
 * Streams complete documents out of a byte stream. See {@link DocumentSplitter} for what is
 * tolerated; faults go to `options.onWarning`.
 *
 * @example
 * for await (const doc of splitDocuments(input.chunks)) console.log(doc.ordinal, doc.offset);
 */
export async function* splitDocuments(
  chunks: AsyncIterable<Uint8Array>,
  options: SplitterOptions = {},
): AsyncGenerator<RawDocument, { bytes: number; documents: number; ordinals: number; warnings: TelemetryWarning[] }> {
  const s = new DocumentSplitter(options);
  for await (const c of chunks) {
    for (const d of s.push(c)) yield d;
  }
  for (const d of s.end()) yield d;
  return { bytes: s.bytes, documents: s.documents, ordinals: s.ordinals, warnings: s.warnings };
}

/**
 * Worker-thread entry: parses batches of documents for {@link ParsePool}. A batch is one buffer
 * holding several documents back to back; each result is a Sample or the parse error.
 */
import { parentPort } from 'node:worker_threads';
import { errorByteOffset, ParseError, parseDocument, type ParserKind } from './parse-document.js';
import type { Sample } from './sample.js';

export interface BatchRequest {
  id: number;
  parser: ParserKind;
  buf: ArrayBuffer;
  /** Per document: start, end (in buf), ordinal, offset. */
  docs: Float64Array;
}

/** A sample, or the error and its byte offset within the document (null when unknown). */
export type DocResult = { sample: Sample } | { error: string; byte: number | null };

export interface BatchResponse {
  id: number;
  results: DocResult[];
}

parentPort?.on('message', (req: BatchRequest) => {
  const results: DocResult[] = [];
  const bytes = new Uint8Array(req.buf);
  for (let i = 0; i < req.docs.length; i += 4) {
    const start = req.docs[i]!;
    const end = req.docs[i + 1]!;
    const doc = bytes.subarray(start, end);
    try {
      results.push({ sample: parseDocument(doc, { parser: req.parser, ordinal: req.docs[i + 2]!, offset: req.docs[i + 3]! }) });
    } catch (e) {
      results.push({ error: e instanceof Error ? e.message : String(e), byte: e instanceof ParseError ? errorByteOffset(doc, e.position, req.parser) : null });
    }
  }
  parentPort!.postMessage({ id: req.id, results } satisfies BatchResponse);
});

/**
 * Worker-thread entry: parses batches of documents for {@link ParsePool}. A batch is one buffer
 * holding several documents back to back; each result is a Sample or the parse error.
 */
import { parentPort } from 'node:worker_threads';
import { parseToResult, type DocResult, type ParserKind } from './parse-document.js';

export interface BatchRequest {
  id: number;
  parser: ParserKind;
  buf: ArrayBuffer;
  /** Per document: start, end (in buf), ordinal, offset. */
  docs: Float64Array;
}

export interface BatchResponse {
  id: number;
  results: DocResult[];
}

parentPort?.on('message', (req: BatchRequest) => {
  const results: DocResult[] = [];
  const bytes = new Uint8Array(req.buf);
  for (let i = 0; i < req.docs.length; i += 4) {
    const doc = bytes.subarray(req.docs[i]!, req.docs[i + 1]!);
    results.push(parseToResult(doc, { parser: req.parser, ordinal: req.docs[i + 2]!, offset: req.docs[i + 3]! }));
  }
  parentPort!.postMessage({ id: req.id, results } satisfies BatchResponse);
});

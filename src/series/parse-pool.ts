import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RawDocument } from '../documents/document-splitter.js';
import type { ParserKind } from '../parse/parse-document.js';
import type { DocResult } from '../parse/parse-document.js';
import type { BatchRequest, BatchResponse } from '../parse/parse-worker.js';

/** The worker script: the compiled one beside this module, or dist/ when running from sources. */
function workerUrl(): URL {
  const here = new URL('../parse/parse-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../dist/parse/parse-worker.js', import.meta.url);
}

/**
 * A pool of worker threads that parse batches of documents. Batches are copied into one buffer
 * each (documents are views into the reader's buffers) and transferred; results come back in
 * the order the batches were sent.
 */
export class ParsePool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: { req: BatchRequest; resolve: (r: DocResult[]) => void; reject: (e: unknown) => void }[] = [];
  private readonly pending = new Map<number, { resolve: (r: DocResult[]) => void; reject: (e: unknown) => void; worker: Worker }>();
  private nextId = 0;

  constructor(
    size: number,
    private readonly parser: ParserKind,
  ) {
    const url = workerUrl();
    for (let i = 0; i < size; i++) {
      const w = new Worker(url);
      w.on('message', (res: BatchResponse) => this.done(w, res));
      w.on('error', (e) => this.fail(w, e));
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  /** Parses documents on a worker; resolves with one result per document, in order. */
  parse(docs: readonly RawDocument[]): Promise<DocResult[]> {
    let total = 0;
    for (const d of docs) total += d.bytes.length;
    const buf = new ArrayBuffer(total);
    const view = new Uint8Array(buf);
    const meta = new Float64Array(docs.length * 4);
    let o = 0;
    docs.forEach((d, i) => {
      view.set(d.bytes, o);
      meta[i * 4] = o;
      meta[i * 4 + 1] = o + d.bytes.length;
      meta[i * 4 + 2] = d.ordinal;
      meta[i * 4 + 3] = d.offset;
      o += d.bytes.length;
    });
    const req: BatchRequest = { id: this.nextId++, parser: this.parser, buf, docs: meta };
    return new Promise((resolve, reject) => {
      const w = this.idle.pop();
      if (w === undefined) this.waiting.push({ req, resolve, reject });
      else this.send(w, req, resolve, reject);
    });
  }

  private send(w: Worker, req: BatchRequest, resolve: (r: DocResult[]) => void, reject: (e: unknown) => void): void {
    this.pending.set(req.id, { resolve, reject, worker: w });
    w.postMessage(req, [req.buf]);
  }

  private done(w: Worker, res: BatchResponse): void {
    const p = this.pending.get(res.id);
    this.pending.delete(res.id);
    p?.resolve(res.results);
    const next = this.waiting.shift();
    if (next) this.send(w, next.req, next.resolve, next.reject);
    else this.idle.push(w);
  }

  private fail(w: Worker, e: unknown): void {
    for (const [id, p] of this.pending) {
      if (p.worker === w) {
        this.pending.delete(id);
        p.reject(e);
      }
    }
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

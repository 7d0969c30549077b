import { DocumentSplitter, type RawDocument } from '../documents/document-splitter.js';
import { TelemetryError, type TelemetryWarning } from '../errors.js';
import { openInput, type InputSource } from '../io/open-input.js';
import { availableParallelism } from 'node:os';
import { parseToResult, type DocResult, type ParserKind } from '../parse/parse-document.js';
import type { Sample } from '../parse/sample.js';
import { ParsePool } from './parse-pool.js';
import { diagnoseNonLog } from './diagnose.js';
import { LogBuilder, type LogBuilderOptions } from './log-builder.js';
import type { TelemetryLog } from './types.js';

/** The `<?xml ?>` and `<!DOCTYPE>` lines before each document, in bytes (about). */
const PROLOG_BYTES = 80;

export interface ReadOptions extends LogBuilderOptions {
  /** `fast` (default: WebAssembly scanner, JavaScript scanner for what it declines), `js` (JavaScript scanner only) or `reference` (fast-xml-parser). */
  parser?: ParserKind;
  /** Documents larger than this are skipped with a warning. Default 64 MiB. */
  maxDocumentBytes?: number;
  /** Display name for streams. */
  name?: string;
  /** Called after each chunk with decompressed bytes read so far (for progress bars). */
  onProgress?: (bytesRead: number, documents: number) => void;
  /** Called with each sample as it is parsed (live output). */
  onSample?: (sample: Sample) => void;
  /** Stops reading (e.g. on SIGINT); what was read is summarised. */
  signal?: AbortSignal;
  /**
   * Worker threads that parse documents while this thread reads: a number, or `auto` (several
   * for large files, none for small ones). Default 0: everything in this thread.
   */
  workers?: number | 'auto';
}

/**
 * Reads a whole nvidia-smi XML log into per-GPU series, streaming: memory stays about one
 * document plus the series, whatever the file size.
 *
 * Damaged input never throws once a document has been read: every complete document is kept and
 * each fault is a warning with its code, byte offset and document ordinal.
 *
 * @throws TelemetryError ENOENT/EISDIR/EACCES for unreadable paths; NO_DOCUMENTS or NOT_XML_LOG
 *   when not one document could be read (the message says what the input looks like instead).
 * @example
 * const log = await readLog('nvidiaLogging.xml.gz', { timeZone: 'Australia/Melbourne' });
 * const gpu = log.gpus[0]!;
 * gpu.columns.powerW; // Float64Array of watts, NaN where missing
 */
export async function readLog(input: InputSource, options: ReadOptions = {}): Promise<TelemetryLog> {
  const opened = await openInput(input, { name: options.name });
  const builder = new LogBuilder(options);
  const parser = options.parser ?? 'fast';
  const splitter = new DocumentSplitter({
    maxDocumentBytes: options.maxDocumentBytes,
    onWarning: (w) => builder.warn(w),
  });
  const headParts: Buffer[] = [];
  let headLen = 0;
  const HEAD = 4096;

  /** Adds one document's parse result, in file order. */
  const accept = (d: { ordinal: number; offset: number; length: number }, r: DocResult): void => {
    if ('error' in r) {
      const pos = r.byte === null ? d.offset : d.offset + r.byte;
      builder.warn({
        code: 'CORRUPT_DOCUMENT',
        message: `document ${d.ordinal} at byte ${d.offset} does not parse: ${r.error} (near byte ${pos}); skipped`,
        offset: pos,
        document: d.ordinal,
      });
      return;
    }
    const size = opened.decompressedSizeHint;
    if (builder.samples === 0 && size !== null) {
      // every document of a log is about the same size: allocate the columns once
      builder.expectSamples(((size - d.offset) / (d.length + PROLOG_BYTES)) * 1.04 + 16);
    }
    builder.add(r.sample);
    options.onSample?.(r.sample);
  };

  const workers = resolveWorkers(options.workers, opened.sizeBytes, opened.gzip());
  const pool = workers > 0 ? new ParsePool(workers, parser) : null;
  const inflight: { meta: { ordinal: number; offset: number; length: number }[]; results: Promise<DocResult[]> }[] = [];
  const drainOne = async (): Promise<void> => {
    const b = inflight.shift()!;
    const results = await b.results;
    b.meta.forEach((m, i) => accept(m, results[i]!));
  };

  const take = async (docs: RawDocument[]): Promise<void> => {
    if (docs.length === 0) return;
    if (pool === null) {
      for (const d of docs) accept({ ordinal: d.ordinal, offset: d.offset, length: d.bytes.length }, parseToResult(d.bytes, { parser, ordinal: d.ordinal, offset: d.offset }));
      return;
    }
    // the documents are views into the reader's buffers: the pool copies them now
    inflight.push({ meta: docs.map((d) => ({ ordinal: d.ordinal, offset: d.offset, length: d.bytes.length })), results: pool.parse(docs) });
    while (inflight.length > 2 * workers) await drainOne();
  };

  const signal = options.signal;
  const it = opened.chunks[Symbol.asyncIterator]();
  const aborted = signal
    ? new Promise<IteratorResult<Uint8Array>>((resolve) => {
        if (signal.aborted) resolve({ done: true, value: undefined });
        signal.addEventListener('abort', () => resolve({ done: true, value: undefined }), { once: true });
      })
    : null;
  try {
    for (;;) {
      const r = aborted ? await Promise.race([it.next(), aborted]) : await it.next();
      if (r.done) break;
      const chunk = r.value;
      if (headLen < HEAD) {
        const part = Buffer.from(chunk.subarray(0, HEAD - headLen));
        headParts.push(part);
        headLen += part.length;
      }
      await take(splitter.push(chunk));
      options.onProgress?.(splitter.bytes, builder.samples);
    }
  } finally {
    if (signal?.aborted) void it.return?.();
  }
  await take(splitter.end());
  try {
    while (inflight.length) await drainOne();
  } finally {
    await pool?.close();
  }
  for (const w of opened.warnings) builder.warn(w);

  if (builder.samples === 0) {
    const gz = opened.warnings.find((w) => w.code === 'GZIP_ERROR' || w.code === 'READ_ERROR');
    if (gz !== undefined) throw new TelemetryError('READ_FAILED', `${gz.message}: no nvidia-smi XML document could be read`, { file: opened.name, offset: gz.offset });
    const why = diagnoseNonLog(Buffer.concat(headParts), splitter.bytes, splitter.ordinals);
    throw new TelemetryError(why.code, `${opened.name}: ${why.message}`, { file: opened.name, offset: 0 });
  }
  return builder.finish({ source: opened.name, bytes: splitter.bytes, sizeBytes: opened.sizeBytes, gzip: opened.gzip() });
}

/** Reads several logs, one after another. */
export async function readLogs(inputs: InputSource[], options: ReadOptions = {}): Promise<TelemetryLog[]> {
  const out: TelemetryLog[] = [];
  for (const i of inputs) out.push(await readLog(i, options));
  return out;
}

export type { TelemetryWarning };

/**
 * How many parse workers to use: a number as given; `auto` uses min(cores − 1, 4) for inputs over
 * 64 MB (plain) or 4 MB (gzip, compressed size) on machines with more than 2 cores, and none
 * otherwise: on 2 cores the reading thread and one worker were slower than one thread (measured,
 * docs/performance.md), and each worker costs ~25 MB.
 */
export function resolveWorkers(workers: number | 'auto' | undefined, sizeBytes: number | null, gzip: boolean, cores = availableParallelism()): number {
  if (workers === undefined || workers === 0) return 0;
  if (workers === 'auto') {
    if (cores <= 2 || sizeBytes === null || sizeBytes < (gzip ? 4 : 64) * 1024 * 1024) return 0;
    return Math.min(cores - 1, 4);
  }
  if (!Number.isInteger(workers) || workers < 0 || workers > 64) throw new TelemetryError('INVALID_ARGUMENT', `invalid workers: ${workers}`);
  return workers;
}

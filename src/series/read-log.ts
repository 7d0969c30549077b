import { DocumentSplitter, type RawDocument } from '../documents/document-splitter.js';
import { TelemetryError, type TelemetryWarning } from '../errors.js';
import { openInput, type InputSource } from '../io/open-input.js';
import { availableParallelism } from 'node:os';
import { corruptDocument, parseToResult, type DocResult, type ParserKind } from '../parse/parse-document.js';
import type { Sample } from '../parse/sample.js';
import { ParsePool } from './parse-pool.js';
import { diagnoseNonLog } from './diagnose.js';
import { LineSplitter, MAX_LINE_BYTES } from '../formats/line-reader.js';
import { readerFor } from '../formats/reader-for.js';
import { ProcessTimeline } from '../formats/process-timeline.js';
import { sniffFormat, type LogFormat } from '../formats/sniff-format.js';
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
  /** The log's format; default: found from its first bytes ({@link sniffFormat}). */
  format?: LogFormat;
  /** For a `--query-gpu` CSV written with `noheader`: the field list given to `--query-gpu=`. */
  fields?: string;
  /**
   * A process log of the same run (`--query-compute-apps` CSV or pmon) whose process lists are laid
   * onto this log's samples where they have none (CSV, dmon and `-d` text logs have no processes).
   */
  processes?: InputSource;
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
  const timeline = options.processes === undefined ? null : new ProcessTimeline(await readSamples(options.processes, options));
  const head = await peekHead(opened.chunks, HEAD_BYTES);
  const chunks = head.chunks;
  const format = options.format ?? sniffFormat(head.text) ?? 'xml';
  if (format !== 'xml') return readLineLog(opened, chunks, format, builder, timeline, options);
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
      builder.warn(corruptDocument(d, r));
      return;
    }
    const size = opened.decompressedSizeHint;
    if (builder.samples === 0 && size !== null) {
      // every document of a log is about the same size: allocate the columns once
      builder.expectSamples(((size - d.offset) / (d.length + PROLOG_BYTES)) * 1.04 + 16);
    }
    timeline?.attach(r.sample);
    builder.add(r.sample);
    options.onSample?.(r.sample);
  };

  const workers = resolveWorkers(options.workers, opened.sizeBytes, opened.gzip());
  const pool = workers > 0 ? new ParsePool(workers, parser) : null;
  const inflight: { meta: { ordinal: number; offset: number; length: number }[]; results: Promise<DocResult[]> }[] = [];
  const drainOne = async (): Promise<void> => {
    const b = inflight.shift()!;
    const results = await b.results;
    b.meta.forEach((m, i) => {
      accept(m, results[i]!);
    });
  };

  const take = async (docs: RawDocument[]): Promise<void> => {
    if (docs.length === 0) return;
    if (pool === null) {
      for (const d of docs)
        accept(
          { ordinal: d.ordinal, offset: d.offset, length: d.bytes.length },
          parseToResult(d.bytes, { parser, ordinal: d.ordinal, offset: d.offset }),
        );
      return;
    }
    // the documents are views into the reader's buffers: the pool copies them now
    inflight.push({ meta: docs.map((d) => ({ ordinal: d.ordinal, offset: d.offset, length: d.bytes.length })), results: pool.parse(docs) });
    while (inflight.length > 2 * workers) await drainOne();
  };

  const signal = options.signal;
  const it = chunks[Symbol.asyncIterator]();
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
      if (splitter.ordinals === 0 && splitter.bytes > NO_LOG_LIMIT_BYTES) {
        // an endless or huge input with no log in it (/dev/zero, a disk image): stop, do not read it all
        const why = diagnoseNonLog(Buffer.concat(headParts), splitter.bytes, 0);
        throw new TelemetryError(
          'NOT_XML_LOG',
          `${opened.name}: no nvidia-smi document in the first ${NO_LOG_LIMIT_BYTES >> 20} MiB (${why.message}); stopped reading`,
          { file: opened.name, offset: 0 },
        );
      }
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
    const gz = opened.warnings.find((w) => w.code === 'GZIP_ERROR' || w.code === 'DECOMPRESS_ERROR' || w.code === 'READ_ERROR');
    if (gz !== undefined)
      throw new TelemetryError('READ_FAILED', `${gz.message}: no nvidia-smi XML document could be read`, {
        file: opened.name,
        offset: gz.offset,
      });
    const why = diagnoseNonLog(Buffer.concat(headParts), splitter.bytes, splitter.ordinals);
    throw new TelemetryError(why.code, `${opened.name}: ${why.message}`, { file: opened.name, offset: 0 });
  }
  return builder.finish({ source: opened.name, bytes: splitter.bytes, sizeBytes: opened.sizeBytes, gzip: opened.gzip() });
}

/** An XML input with not one document start in this many bytes is not a log: reading stops. */
export const NO_LOG_LIMIT_BYTES = 64 << 20;

/** Bytes read before the format is decided. */
const HEAD_BYTES = 8192;

/**
 * The first `n` bytes of a chunk stream (decoded as text for sniffing) and the whole stream
 * again. A UTF-16 stream (a byte-order mark: PowerShell's `>`) is transcoded to UTF-8 here, so
 * every reader after this sees UTF-8.
 */
async function peekHead(source: AsyncIterable<Uint8Array>, n: number): Promise<{ text: string; chunks: AsyncIterable<Uint8Array> }> {
  const it = source[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let len = 0;
  let done = false;
  while (len < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    if (r.value.length === 0) continue;
    taken.push(r.value);
    len += r.value.length;
  }
  async function* rest(): AsyncGenerator<Uint8Array> {
    yield* taken;
    if (!done) {
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    }
  }
  const first = Buffer.concat(taken.map((c) => Buffer.from(c.buffer, c.byteOffset, c.length)));
  const utf16 = first[0] === 0xff && first[1] === 0xfe ? 'utf-16le' : first[0] === 0xfe && first[1] === 0xff ? 'utf-16be' : null;
  if (utf16 === null) return { text: first.toString('latin1', 0, n), chunks: rest() };
  const label = utf16;
  async function* transcoded(): AsyncGenerator<Uint8Array> {
    const d = new TextDecoder(label);
    for await (const c of rest()) {
      const t = d.decode(c, { stream: true });
      if (t.length > 0) yield Buffer.from(t, 'utf8');
    }
    const t = d.decode();
    if (t.length > 0) yield Buffer.from(t, 'utf8');
  }
  return { text: new TextDecoder(label).decode(first), chunks: transcoded() };
}

/** Reads a line-oriented log (CSV, dmon, pmon, `-q` text) into the builder. */
async function readLineLog(
  opened: Awaited<ReturnType<typeof openInput>>,
  chunks: AsyncIterable<Uint8Array>,
  format: Exclude<LogFormat, 'xml'>,
  builder: LogBuilder,
  timeline: ProcessTimeline | null,
  options: ReadOptions,
): Promise<TelemetryLog> {
  const reader = readerFor(format, { fields: options.fields, onWarning: (w) => builder.warn(w) });
  let bytes = 0;
  const add = (samples: Sample[]): void => {
    for (const s of samples) {
      timeline?.attach(s);
      builder.add(s);
      options.onSample?.(s);
    }
  };
  const splitter = new LineSplitter();
  const take = ({ texts, offsets }: { texts: string[]; offsets: number[] }): void => {
    for (let k = 0; k < texts.length; k++) add(reader.line(texts[k]!, offsets[k]!));
    const last = texts.length - 1;
    if (last >= 0) bytes = offsets[last]! + Buffer.byteLength(texts[last]!) + 1;
  };
  try {
    for await (const chunk of chunks) {
      if (options.signal?.aborted) break;
      take(splitter.push(chunk));
      options.onProgress?.(bytes, builder.samples);
    }
    take(splitter.end());
  } catch (e) {
    if (e instanceof Error && e.message === 'LINE_TOO_LONG') {
      const at = (e as Error & { offset: number }).offset;
      throw new TelemetryError(
        'NOT_XML_LOG',
        `${opened.name}: a line longer than ${MAX_LINE_BYTES} bytes at byte ${at}: not a line-oriented nvidia-smi log`,
        { file: opened.name, offset: at },
      );
    }
    if (e instanceof Error && e.message === 'CSV_NO_HEADER') {
      throw new TelemetryError(
        'INVALID_ARGUMENT',
        `${opened.name}: CSV written with noheader: give its columns with --fields (the list given to --query-gpu=)`,
        { file: opened.name, offset: 0 },
      );
    }
    if (e instanceof TelemetryError && e.file === null)
      throw new TelemetryError(e.code, `${opened.name}: ${e.message}`, { file: opened.name, offset: e.offset });
    throw e;
  }
  add(reader.end());
  for (const w of opened.warnings) builder.warn(w);
  if (builder.samples === 0)
    throw new TelemetryError('NO_DOCUMENTS', `${opened.name}: ${FORMAT_NAMES[format]} with no sample in it`, {
      file: opened.name,
      offset: 0,
    });
  return builder.finish({ source: opened.name, bytes, sizeBytes: opened.sizeBytes, gzip: opened.gzip(), format });
}

/** How each format is named in messages. */
export const FORMAT_NAMES: Readonly<Record<LogFormat, string>> = {
  xml: 'nvidia-smi XML',
  'query-gpu-csv': '`--query-gpu` CSV',
  'compute-apps-csv': '`--query-compute-apps` CSV',
  dmon: 'nvidia-smi dmon output',
  pmon: 'nvidia-smi pmon output',
  'query-text': '`nvidia-smi -q` text',
};

/** Every sample of a (small) log, unbuilt: the process log of a pair. */
async function readSamples(input: InputSource, options: ReadOptions): Promise<Sample[]> {
  const out: Sample[] = [];
  await readLog(input, { timeZone: options.timeZone, parser: options.parser, onSample: (s) => out.push(s) });
  return out;
}

/**
 * Reads several logs, one after another.
 *
 * @example
 * const [a, b] = await readLogs(['folder.xml.gz', 'perfile.xml.gz']);
 * a.gpus[0]?.columns.powerW; // Float64Array of watts
 */
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
export function resolveWorkers(
  workers: number | 'auto' | undefined,
  sizeBytes: number | null,
  gzip: boolean,
  cores = availableParallelism(),
): number {
  if (workers === undefined || workers === 0) return 0;
  if (workers === 'auto') {
    if (cores <= 2 || sizeBytes === null || sizeBytes < (gzip ? 4 : 64) * 1024 * 1024) return 0;
    return Math.min(cores - 1, 4);
  }
  if (!Number.isInteger(workers) || workers < 0 || workers > 64)
    throw new TelemetryError('INVALID_ARGUMENT', `invalid workers: ${workers}`);
  return workers;
}

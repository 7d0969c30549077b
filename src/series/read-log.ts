import type { RawDocument } from '../documents/document-splitter.js';
import { DocumentSplitter } from '../documents/document-splitter.js';
import { TelemetryError, type TelemetryWarning } from '../errors.js';
import { openInput, type InputSource } from '../io/open-input.js';
import { ParseError, parseDocument, type ParserKind } from '../parse/parse-document.js';
import type { Sample } from '../parse/sample.js';
import { diagnoseNonLog } from './diagnose.js';
import { LogBuilder, type LogBuilderOptions } from './log-builder.js';
import type { TelemetryLog } from './types.js';

/** The `<?xml ?>` and `<!DOCTYPE>` lines before each document, in bytes (about). */
const PROLOG_BYTES = 80;

export interface ReadOptions extends LogBuilderOptions {
  /** `fast` (default) or `reference` (fast-xml-parser). */
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

  const take = (docs: RawDocument[]): void => {
    for (const d of docs) {
      let s: Sample;
      try {
        s = parseDocument(d.bytes, { parser, ordinal: d.ordinal, offset: d.offset });
      } catch (e) {
        if (!(e instanceof ParseError) && !(e instanceof Error)) throw e;
        const pos = e instanceof ParseError ? d.offset + positionToByte(d, e.position, parser) : d.offset;
        builder.warn({
          code: 'CORRUPT_DOCUMENT',
          message: `document ${d.ordinal} at byte ${d.offset} does not parse: ${e.message} (near byte ${pos}); skipped`,
          offset: pos,
          document: d.ordinal,
        });
        continue;
      }
      if (builder.samples === 0 && opened.sizeBytes !== null && !opened.gzip()) {
        // every document of a log is about the same size: allocate the columns once
        builder.expectSamples(((opened.sizeBytes - d.offset) / (d.bytes.length + PROLOG_BYTES)) * 1.04 + 16);
      }
      builder.add(s);
      options.onSample?.(s);
    }
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
      take(splitter.push(chunk));
      options.onProgress?.(splitter.bytes, builder.samples);
    }
  } finally {
    if (signal?.aborted) void it.return?.();
  }
  take(splitter.end());
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

/** Byte offset within a document of a parse error position (a char index in the decoded text). */
function positionToByte(d: RawDocument, position: number, parser: ParserKind): number {
  // the fast parser reads latin1 (one char per byte); the reference reads UTF-8
  return parser === 'fast' ? position : Buffer.byteLength(d.text.slice(0, position));
}

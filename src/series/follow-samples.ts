import { DocumentSplitter } from '../documents/document-splitter.js';
import { TelemetryError, type TelemetryWarning } from '../errors.js';
import { compressionOf } from '../io/decompress.js';
import { hasGzipMagic } from '../io/gunzip.js';
import { LineSplitter, type LineReader } from '../formats/line-reader.js';
import { readerFor } from '../formats/reader-for.js';
import { sniffFormat, type LogFormat } from '../formats/sniff-format.js';
import { tailFile, type TailEvent } from '../io/tail-file.js';
import { corruptDocument, parseToResult, type ParserKind } from '../parse/parse-document.js';
import type { Sample } from '../parse/sample.js';

export interface FollowSamplesOptions {
  /** How often to look at the file, ms. Default 250. */
  intervalMs?: number;
  /** Stops following; the generator returns after the samples already read. */
  signal?: AbortSignal;
  /** Which XML parser. Default `fast`. */
  parser?: ParserKind;
  /** The log's format; default: found from the first bytes. */
  logFormat?: LogFormat | 'auto';
  /** For a `--query-gpu` CSV written with `noheader`: the field list given to `--query-gpu=`. */
  fields?: string;
  /** Every warning of the reader (cut or corrupt documents, junk, odd lines). */
  onWarning?: (w: TelemetryWarning) => void;
}

/** What {@link followSamples} yields: the file's events, and the samples of each new stretch of bytes. */
export type FollowEvent = Exclude<TailEvent, { kind: 'data' }> | { kind: 'samples'; samples: Sample[] };

/**
 * Follows a log that nvidia-smi is still writing and yields its samples as their bytes land: XML
 * documents as each one's last block is written, line formats (CSV, dmon, -q text) as each round
 * of lines is complete; the format is found from the first bytes, as `readLog` finds it. A file
 * that starts over (nvidia-smi restarted) is read again from its start after a `reset` event.
 * When `signal` aborts, a line format's last round is yielded; a document still being written is
 * not read (it is not damaged, only unfinished).
 *
 * @example
 * for await (const e of followSamples('gpu.xml', { signal })) if (e.kind === 'samples') n += e.samples.length;
 */
export async function* followSamples(path: string, options: FollowSamplesOptions = {}): AsyncGenerator<FollowEvent> {
  const onWarning = (w: TelemetryWarning): void => options.onWarning?.(w);
  const parser = options.parser ?? 'fast';
  let format: LogFormat | null = options.logFormat !== undefined && options.logFormat !== 'auto' ? options.logFormat : null;
  let splitter = new DocumentSplitter({ onWarning });
  let lines = new LineSplitter();
  let reader: LineReader | null = null;
  const samplesOf = (bytes: Uint8Array | null): Sample[] => {
    if (format === null && bytes !== null)
      format = sniffFormat(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1', 0, 8192)) ?? 'xml';
    if (format === null || format === 'xml') {
      const out: Sample[] = [];
      for (const d of bytes === null ? splitter.end() : splitter.push(bytes)) {
        // the whole-log reader's parse-or-warn step
        const r = parseToResult(d.bytes, { parser, ordinal: d.ordinal, offset: d.offset });
        if ('error' in r) onWarning(corruptDocument(d, r));
        else out.push(r.sample);
      }
      return out;
    }
    reader ??= readerFor(format, { fields: options.fields, onWarning });
    const r = reader;
    const { texts, offsets } = bytes === null ? lines.end() : lines.push(bytes);
    const out = texts.flatMap((t, k) => r.line(t, offsets[k]!));
    // a line reader holds its last round until the next one starts: at a reset, take it too
    return bytes === null ? [...out, ...r.end()] : out;
  };
  for await (const e of tailFile(path, { intervalMs: options.intervalMs ?? 250, ...(options.signal ? { signal: options.signal } : {}) })) {
    if (e.kind === 'data') {
      if (e.offset === 0) refuseCompressed(path, e.bytes);
      const samples = samplesOf(e.bytes);
      if (samples.length) yield { kind: 'samples', samples };
      continue;
    }
    if (e.kind === 'reset') {
      const samples = samplesOf(null);
      if (samples.length) yield { kind: 'samples', samples };
      splitter = new DocumentSplitter({ onWarning });
      lines = new LineSplitter();
      reader = null;
    }
    yield e;
  }
  // a line format's last round, whose lines are all in, is read; a document still being written is not
  if (reader !== null) {
    const samples = (reader as LineReader).end();
    if (samples.length) yield { kind: 'samples', samples };
  }
}

/**
 * A compressed file cannot be followed as it grows (nvidia-smi writes plain text; a finished
 * compressed log is read whole by readLog): one line naming the file and the container.
 */
function refuseCompressed(path: string, head: Uint8Array): void {
  const kind = hasGzipMagic(head) ? 'gzip' : compressionOf(head);
  if (kind === null) return;
  throw new TelemetryError(
    'READ_FAILED',
    `${path}: ${kind}-compressed (byte 0): watch follows a plain log as nvidia-smi writes it; summarize reads compressed logs`,
    { file: path, offset: 0 },
  );
}

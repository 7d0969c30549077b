import { ParseError, type TelemetryWarning } from '../errors.js';
import { scanDocument } from './fast-scan.js';
import { referenceParseDocument } from './reference-parse.js';
import { SampleBuilder, type Sample } from './sample.js';
import { dropStderrLines } from './stderr-lines.js';
import { wasmScanner } from './wasm-scan.js';

/** A sample, or the error and its byte offset within the document (null when unknown). */
export type DocResult = { sample: Sample } | { error: string; byte: number | null };

/**
 * `fast`: the WebAssembly scanner, with the JavaScript scanner for documents it declines and for
 * text input; `js`: the JavaScript scanner only; `reference`: fast-xml-parser.
 */
export type ParserKind = 'fast' | 'js' | 'reference';

export interface ParseDocumentOptions {
  /** `fast` (default): the path-aware scanners (WebAssembly, then JavaScript). `js`: the JavaScript scanner only. `reference`: fast-xml-parser. */
  parser?: ParserKind;
  /** Document ordinal, carried into the sample. Default 0. */
  ordinal?: number;
  /** Byte offset, carried into the sample. Default 0. */
  offset?: number;
  /** The bytes hold no nvidia-smi stderr line (they were taken out already). */
  stderrChecked?: boolean;
}

/**
 * Parses one `<nvidia_smi_log>` document (prolog optional) into a {@link Sample}. nvidia-smi's
 * own stderr lines inside the document (a logger run with `2>&1`) are taken out first and listed
 * in `sample.stderrLines`.
 *
 * @throws ParseError when the document is not well-formed where it is read.
 * @example
 * const s = parseDocument(xmlText);
 * s.gpus[0]?.values[METRIC_INDEX.powerW]; // watts, NaN when missing
 */
export function parseDocument(input: string | Uint8Array, options: ParseDocumentOptions = {}): Sample {
  const b = new SampleBuilder();
  b.begin(options.ordinal ?? 0, options.offset ?? 0);
  const parser = options.parser ?? 'fast';
  const reference = parser === 'reference';
  if (typeof input !== 'string') {
    const buf = Buffer.from(input.buffer, input.byteOffset, input.length);
    let checked = options.stderrChecked === true;
    const w = wasmScanner();
    if (parser === 'fast' && w !== null) {
      // a document it declines leaves the builder untouched
      if (w.scan(buf, b)) return b.finish();
      // every line ends in a tag: no stderr line can be inside
      checked ||= !w.strayLine;
    } else if (!checked && w !== null) checked = !w.hasStrayLine(buf);
    if (!checked) {
      const dropped = dropStderrLines(buf);
      if (dropped !== null) {
        const sample = parseDocument(dropped.bytes, { ...options, stderrChecked: true });
        sample.stderrLines = dropped.lines;
        return sample;
      }
    }
    if (!reference) {
      // latin1 keeps every byte as one char; the few leaf values with non-ASCII bytes are
      // re-decoded as UTF-8 (scanDocument's latin1 mode), so the result equals a UTF-8 decode.
      if (buf.length > PIECE_BYTES) {
        // A multi-GPU document is decoded one GPU at a time: strings this size die young in
        // V8, where one string of the whole document would wait for a full GC.
        try {
          scanDocument(gpuPieces(buf), b, true);
          return b.finish();
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
          b.begin(options.ordinal ?? 0, options.offset ?? 0); // odd layout: read it whole
        }
      }
      scanDocument(buf.toString('latin1'), b, true);
      return b.finish();
    }
    input = buf.toString('utf8');
  }
  const text = input;
  if (reference) {
    const at = text.indexOf('<nvidia_smi_log');
    if (at < 0) throw new ParseError('no <nvidia_smi_log> element', 0);
    referenceParseDocument(at > 0 ? text.slice(at) : text, b);
  } else {
    scanDocument(text, b);
  }
  return b.finish();
}

export { ParseError };

/** The byte offset within a document of a parse error's position (a char index in what was parsed). */
export function errorByteOffset(input: Uint8Array, position: number, parser: ParserKind = 'fast'): number {
  // the fast parsers read latin1 (one char per byte); the reference reads UTF-8
  if (parser !== 'reference') return position;
  return Buffer.byteLength(Buffer.from(input.buffer, input.byteOffset, input.length).toString('utf8').slice(0, position));
}

/** Documents above this size are scanned in pieces cut before a `<gpu`. */
const PIECE_BYTES = 96 * 1024;
const GPU_ID = Buffer.from('gpu id="', 'latin1');
/** Pieces are cut about this often: about one GPU of a v13 document each, far below V8's 128 KiB large-object size. */
const PIECE_STEP = 24 * 1024;

/**
 * The document as latin1 strings, cut before a `<gpu id="` start tag every PIECE_STEP bytes or
 * so. Only a little of the document is searched (from each step to the next GPU); a document
 * with no such tag is one piece.
 */
function gpuPieces(buf: Buffer): string[] {
  const pieces: string[] = [];
  let start = 0;
  let from = PIECE_STEP;
  while (from < buf.length) {
    const at = buf.indexOf(GPU_ID, from);
    if (at < 0) break;
    if (buf[at - 1] !== 0x3c) {
      from = at + GPU_ID.length;
      continue;
    }
    pieces.push(buf.toString('latin1', start, at - 1));
    start = at - 1;
    from = start + PIECE_STEP;
  }
  pieces.push(buf.toString('latin1', start));
  return pieces;
}

/**
 * {@link parseDocument} for the reader and its workers: the sample, or the error with its byte
 * offset within the document, so that a damaged document becomes a warning and not a throw.
 */
export function parseToResult(bytes: Uint8Array, options: ParseDocumentOptions = {}): DocResult {
  try {
    return { sample: parseDocument(bytes, options) };
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    return { error: e.message, byte: e instanceof ParseError ? errorByteOffset(bytes, e.position, options.parser) : null };
  }
}

/**
 * The CORRUPT_DOCUMENT warning for a document that did not parse (a {@link parseToResult} error):
 * one wording for the whole-log reader and for a followed log.
 *
 * @example corruptDocument({ ordinal: 3, offset: 81920 }, { error: 'unclosed <gpu>', byte: 512 }).message
 * // 'document 3 at byte 81920 does not parse: unclosed <gpu> (near byte 82432); skipped'
 */
export function corruptDocument(d: { ordinal: number; offset: number }, r: { error: string; byte: number | null }): TelemetryWarning {
  const pos = r.byte === null ? d.offset : d.offset + r.byte;
  return {
    code: 'CORRUPT_DOCUMENT',
    message: `document ${d.ordinal} at byte ${d.offset} does not parse: ${r.error} (near byte ${pos}); skipped`,
    offset: pos,
    document: d.ordinal,
  };
}

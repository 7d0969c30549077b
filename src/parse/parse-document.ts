import { ParseError, scanDocument } from './fast-scan.js';
import { referenceParseDocument } from './reference-parse.js';
import { SampleBuilder, type Sample } from './sample.js';

export type ParserKind = 'fast' | 'reference';

export interface ParseDocumentOptions {
  /** `fast` (default): the path-aware scanner. `reference`: fast-xml-parser. */
  parser?: ParserKind;
  /** Document ordinal, carried into the sample. Default 0. */
  ordinal?: number;
  /** Byte offset, carried into the sample. Default 0. */
  offset?: number;
}

/**
 * Parses one `<nvidia_smi_log>` document (prolog optional) into a {@link Sample}.
 *
 * @throws ParseError when the document is not well-formed where it is read.
 * @example
 * const s = parseDocument(xmlText);
 * s.gpus[0]?.values[METRIC_INDEX.powerW]; // watts, NaN when missing
 */
export function parseDocument(input: string | Uint8Array, options: ParseDocumentOptions = {}): Sample {
  const b = new SampleBuilder();
  b.begin(options.ordinal ?? 0, options.offset ?? 0);
  const reference = (options.parser ?? 'fast') === 'reference';
  if (typeof input !== 'string') {
    const buf = Buffer.from(input.buffer, input.byteOffset, input.length);
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

/** Documents above this size are scanned in per-GPU pieces. */
const PIECE_BYTES = 96 * 1024;
const GPU_OPEN = Buffer.from('<gpu', 'latin1');

/** The document as latin1 strings, cut before each `<gpu` start tag. */
function gpuPieces(buf: Buffer): string[] {
  const pieces: string[] = [];
  let start = 0;
  let at = buf.indexOf(GPU_OPEN, 1);
  while (at >= 0) {
    const next = buf[at + 4];
    if (next === 0x20 || next === 0x3e || next === 0x09 || next === 0x0a || next === 0x0d || next === 0x2f) {
      pieces.push(buf.toString('latin1', start, at));
      start = at;
    }
    at = buf.indexOf(GPU_OPEN, at + 4);
  }
  pieces.push(buf.toString('latin1', start));
  return pieces;
}

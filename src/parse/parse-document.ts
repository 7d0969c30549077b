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
export function parseDocument(text: string, options: ParseDocumentOptions = {}): Sample {
  const b = new SampleBuilder();
  b.begin(options.ordinal ?? 0, options.offset ?? 0);
  if ((options.parser ?? 'fast') === 'reference') {
    const at = text.indexOf('<nvidia_smi_log');
    if (at < 0) throw new ParseError('no <nvidia_smi_log> element', 0);
    referenceParseDocument(at > 0 ? text.slice(at) : text, b);
  } else {
    scanDocument(text, b);
  }
  return b.finish();
}

export { ParseError };

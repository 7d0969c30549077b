import { BANG, BOM_0, BOM_1, BOM_2, DASH, GT, LBRACKET, LT, QUESTION, RBRACKET, SLASH, isXmlSpace } from '../bytes.js';
import type { TelemetryWarning } from '../errors.js';
import { CommentTracker, commentOpenAtEnd, STRAY_COMMENT_BYTES } from './comment-tracker.js';
import { NameFinder } from './name-finder.js';

/** One complete `<nvidia_smi_log>…</nvidia_smi_log>` document cut from the byte stream. */
export class RawDocument {
  constructor(
    /** Ordinal of the document in the file, 0-based, counting damaged documents too. */
    readonly ordinal: number,
    /** Byte offset of the root start tag in the (decompressed) stream. */
    readonly offset: number,
    /** The document's bytes, from `<nvidia_smi_log` to `</nvidia_smi_log>` inclusive (a view, not a copy). */
    readonly bytes: Uint8Array,
  ) {}

  /** The document decoded as UTF-8. */
  get text(): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length).toString('utf8');
  }
}

export interface SplitterOptions {
  /** A document larger than this is skipped with DOCUMENT_TOO_LARGE. Default 64 MiB. */
  maxDocumentBytes?: number;
  /** Called for each fault found. */
  onWarning?: (w: TelemetryWarning) => void;
}

const NAME = Buffer.from('nvidia_smi_log', 'latin1');
const CLOSE_TAG = Buffer.from('</nvidia_smi_log>', 'latin1');
const EMPTY = Buffer.alloc(0);
const XML_DECL = Buffer.from('<?xml', 'latin1');
const PROLOG_STARTS = ['<?xml', '<!DOCTYPE', '<nvidia_smi_log'];

/** Whether [j, e) is the beginning of a document cut short: a (partial) XML declaration, DOCTYPE or root tag. */
function isPrologPrefix(buf: Buffer, j: number, e: number): boolean {
  const head = buf.toString('latin1', j, Math.min(e, j + 16));
  return PROLOG_STARTS.some((p) => p.startsWith(head) || head.startsWith(p));
}

/**
 * Cuts a concatenation of nvidia-smi XML documents into single documents, incrementally.
 *
 * Feed bytes with {@link DocumentSplitter.push} in chunks of any size and call
 * {@link DocumentSplitter.end} at the end of the stream. Tolerates a BOM, CRLF, leading junk,
 * XML comments, inline DTDs, missing prolog, a truncated last document and a corrupt document in
 * the middle: every complete document is returned, and each fault is reported through
 * `onWarning` with its byte offset and document ordinal.
 *
 * Memory is bounded by about one document (plus one chunk).
 *
 * @example
 * const s = new DocumentSplitter();
 * const docs = [...s.push(chunk1), ...s.push(chunk2), ...s.end()];
 */
export class DocumentSplitter {
  private buf: Buffer = EMPTY;
  /** Absolute offset of buf[0]. */
  private base = 0;
  /** Start of the current document in buf, or -1 while searching for one. */
  private docStart = -1;
  /** Where the search for the current document's end may resume (relative to buf). */
  private scanFrom = 0;
  /** Absolute offset where the current inter-document region began. */
  private gapStart = 0;
  private skipping = false;
  /** Absolute offset of junk in a region already dropped (reported with the rest of the region), or -1. */
  private pendingJunk = -1;
  /** Comments of the current inter-document region (a start tag inside one is not a document). */
  private readonly comments = new CommentTracker();
  private ordinal = 0;
  /** Documents cut by the start of another, and end tags met outside any document after one: the signature of two writers. */
  private cutByStart = 0;
  private orphanEnds = 0;
  private firstOrphan = -1;
  private readonly maxBytes: number;
  private readonly finder = new NameFinder();
  private readonly onWarning: (w: TelemetryWarning) => void;
  /** Warnings, also passed to onWarning. */
  readonly warnings: TelemetryWarning[] = [];
  /** Total bytes pushed. */
  bytes = 0;
  /** Count of complete documents returned. */
  documents = 0;
  /** Count of documents seen, damaged included. */
  get ordinals(): number {
    return this.ordinal;
  }

  constructor(options: SplitterOptions = {}) {
    this.maxBytes = options.maxDocumentBytes ?? 64 << 20;
    const cb = options.onWarning;
    this.onWarning = (w) => {
      this.warnings.push(w);
      cb?.(w);
    };
  }

  /** Adds bytes; returns the documents completed by them. */
  push(chunk: Uint8Array): RawDocument[] {
    if (chunk.length === 0) return [];
    const c = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    if (this.buf.length > 0 && c.length > 1 << 16) {
      // Finish the document that spans the boundary with a small copy, then use the rest of the
      // chunk in place instead of copying all of it behind the leftover.
      const close = c.indexOf(CLOSE_TAG);
      if (close >= 0 && close + CLOSE_TAG.length < c.length) {
        const cut = close + CLOSE_TAG.length;
        const first = this.pushPart(c.subarray(0, cut));
        const rest = this.pushPart(c.subarray(cut));
        return first.length ? (rest.length ? first.concat(rest) : first) : rest;
      }
    }
    return this.pushPart(c);
  }

  private pushPart(c: Buffer): RawDocument[] {
    this.finder.reset();
    this.bytes += c.length;
    this.buf = this.buf.length === 0 ? c : Buffer.concat([this.buf, c]);
    const out: RawDocument[] = [];
    this.drain(out);
    this.compact();
    return out;
  }

  /** Ends the stream; reports a truncated last document or trailing junk. */
  end(): RawDocument[] {
    this.finder.reset();
    const out: RawDocument[] = [];
    this.drain(out);
    if (this.docStart >= 0) {
      const at = this.base + this.docStart;
      this.warn(
        'TRUNCATED_DOCUMENT',
        `document ${this.ordinal} at byte ${at} is cut after ${this.buf.length - this.docStart} bytes (no </nvidia_smi_log>)`,
        at,
        this.ordinal,
      );
      this.ordinal++;
    } else if (!this.skipping) {
      const relStart = Math.max(0, this.gapStart - this.base);
      const j = junkIn(this.buf, relStart, this.buf.length);
      if (j >= 0 && isPrologPrefix(this.buf, j, this.buf.length)) {
        // the stream stops inside the next document's prolog or root tag: a cut document, not junk
        const xml = this.buf.lastIndexOf(XML_DECL, j);
        const rel = xml >= relStart ? xml : j;
        if (this.pendingJunk >= 0) this.checkGap(rel);
        this.warn(
          'TRUNCATED_DOCUMENT',
          `document ${this.ordinal} at byte ${this.base + rel} is cut inside its prolog after ${this.buf.length - rel} bytes (no <nvidia_smi_log>)`,
          this.base + rel,
          this.ordinal,
        );
        this.ordinal++;
      } else {
        this.checkGap(this.buf.length);
      }
    }
    if (this.orphanEnds > 0) {
      this.warn(
        'INTERLEAVED_WRITERS',
        `two writers interleave in this file (two loggers appending to one path?): ${this.cutByStart} documents cut by another's start, ${this.orphanEnds} document ends with no start (first at byte ${this.firstOrphan}); each kept document is well-formed but may join blocks of both`,
        this.firstOrphan,
        null,
      );
    }
    this.buf = EMPTY;
    this.docStart = -1;
    return out;
  }

  private warn(code: TelemetryWarning['code'], message: string, offset: number | null, document: number | null): void {
    this.onWarning({ code, message, offset, document });
  }

  /**
   * One pass over the buffer: every occurrence of `nvidia_smi_log` is classified by the bytes
   * around it as a start tag (`<nvidia_smi_log`), an end tag (`</nvidia_smi_log>`) or neither
   * (the name inside a DOCTYPE or inline DTD).
   */
  private drain(out: RawDocument[]): void {
    const buf = this.buf;
    const n = buf.length;
    for (;;) {
      const q = this.finder.indexOf(buf, this.scanFrom);
      if (q < 0) {
        this.scanFrom = Math.max(this.scanFrom, n - NAME.length - 2);
        this.checkSize();
        return;
      }
      const after = buf[q + NAME.length];
      if (after === undefined) {
        this.scanFrom = Math.max(this.scanFrom, q - 2);
        this.checkSize();
        return;
      }
      const prev = q >= 1 ? buf[q - 1] : undefined;
      if (prev === LT && isNameEnd(after)) {
        // start tag
        const p = q - 1;
        this.scanFrom = q + NAME.length;
        if (this.docStart >= 0) {
          const at = this.base + this.docStart;
          this.cutByStart++;
          this.warn(
            'TRUNCATED_DOCUMENT',
            `document ${this.ordinal} at byte ${at} is cut after ${p - this.docStart} bytes: another document starts at byte ${this.base + p}`,
            at,
            this.ordinal,
          );
          this.ordinal++;
          this.docStart = p;
          continue;
        }
        if (this.comments.covers(this.buf, this.base, this.gapStart, p)) {
          // inside a comment (closed later, or not yet): this start tag is part of it. Scan on rather
          // than jump to the comment's end, so that the result does not depend on whether the end
          // has arrived yet, and a later document with its own <?xml declaration ends a stray comment.
          this.scanFrom = q + NAME.length;
          continue;
        }
        if (!this.skipping) this.checkGap(p);
        this.skipping = false;
        this.docStart = p;
        continue;
      }
      if (prev === SLASH && q >= 2 && buf[q - 2] === LT && (after === GT || isXmlSpace(after))) {
        // end tag
        const gt = after === GT ? q + NAME.length : buf.indexOf(GT, q + NAME.length);
        if (gt < 0) {
          this.scanFrom = Math.max(this.scanFrom, q - 2);
          this.checkSize();
          return;
        }
        const end = gt + 1;
        this.scanFrom = end;
        if (this.docStart < 0) {
          // an end tag with no start: part of junk, reported with the gap. After a document cut by
          // another's start, it is the rest of the cut one: a second writer's blocks in between.
          if (this.cutByStart > 0) {
            this.orphanEnds++;
            if (this.firstOrphan < 0) this.firstOrphan = this.base + q - 2;
          }
          continue;
        }
        if (end - this.docStart > this.maxBytes) {
          this.warnTooLarge();
        } else {
          out.push(new RawDocument(this.ordinal, this.base + this.docStart, buf.subarray(this.docStart, end)));
          this.documents++;
        }
        this.ordinal++;
        this.docStart = -1;
        this.gapStart = this.base + end;
        continue;
      }
      this.scanFrom = q + NAME.length;
    }
  }

  /** Skips a document that has outgrown maxDocumentBytes; resynchronises on the next start tag. */
  private warnTooLarge(): void {
    const at = this.base + this.docStart;
    this.warn('DOCUMENT_TOO_LARGE', `document ${this.ordinal} at byte ${at} exceeds ${this.maxBytes} bytes; skipped`, at, this.ordinal);
  }

  private checkSize(): void {
    if (this.docStart < 0 || this.buf.length - this.docStart <= this.maxBytes) return;
    this.warnTooLarge();
    this.ordinal++;
    this.docStart = -1;
    this.skipping = true;
  }

  /** Reports junk in the inter-document region [gapStart, relEnd). */
  private checkGap(relEnd: number, defer = false): void {
    const relStart = Math.max(0, this.gapStart - this.base);
    const junk = relEnd > relStart ? junkIn(this.buf, relStart, relEnd) : -1;
    const at = junk >= 0 ? this.base + junk : -1;
    if (defer) {
      // the region is being dropped to bound memory: remember where its junk began, report once
      if (this.pendingJunk < 0) this.pendingJunk = at;
      return;
    }
    const from = this.pendingJunk >= 0 ? this.pendingJunk : at;
    this.pendingJunk = -1;
    if (from >= 0) {
      this.warn(
        'JUNK',
        `${this.base + relEnd - from} bytes of unexpected data at byte ${from} before document ${this.ordinal}`,
        from,
        this.ordinal,
      );
    }
  }

  /** Drops consumed bytes (without copying: the rest is a view). */
  private compact(): void {
    const TAIL = NAME.length + 2;
    let keep: number;
    if (this.docStart >= 0) keep = this.docStart;
    else if (this.skipping) keep = Math.max(0, this.buf.length - TAIL);
    else {
      keep = Math.max(0, this.gapStart - this.base);
      // Bound the inter-document region: junk is reported, then dropped.
      if (this.buf.length - keep > STRAY_COMMENT_BYTES && !commentOpenAtEnd(this.buf, keep)) {
        this.checkGap(this.buf.length - TAIL, true);
        keep = this.buf.length - TAIL;
        this.gapStart = this.base + keep;
      }
    }
    keep = Math.min(keep, this.scanFrom);
    if (keep <= 0) return;
    this.scanFrom -= keep;
    if (this.docStart >= 0) this.docStart -= keep;
    this.base += keep;
    this.buf = keep >= this.buf.length ? EMPTY : this.buf.subarray(keep);
  }
}

function isNameEnd(b: number): boolean {
  return b === GT || b === SLASH || isXmlSpace(b);
}

/**
 * Returns the offset of the first byte in [s, e) that is not whitespace, BOM, an XML
 * declaration, a DOCTYPE (internal subset included), a comment or a processing instruction;
 * -1 when there is none.
 */
export function junkIn(buf: Uint8Array, s: number, e: number): number {
  let i = s;
  while (i < e) {
    const b = buf[i]!;
    if (isXmlSpace(b)) {
      i++;
      continue;
    }
    if (b === BOM_0 && buf[i + 1] === BOM_1 && buf[i + 2] === BOM_2) {
      i += 3;
      continue;
    }
    if (b === LT) {
      const n = buf[i + 1];
      if (n === QUESTION) {
        const q = indexOf2(buf, QUESTION, GT, i + 2, e);
        if (q < 0) return i;
        i = q + 2;
        continue;
      }
      if (n === BANG) {
        if (buf[i + 2] === DASH && buf[i + 3] === DASH) {
          const q = indexOf3(buf, DASH, DASH, GT, i + 4, e);
          if (q < 0) return i;
          i = q + 3;
          continue;
        }
        // <!DOCTYPE ... [ ... ]>
        let j = i + 2;
        let depth = 0;
        for (; j < e; j++) {
          const c = buf[j];
          if (c === LBRACKET) depth++;
          else if (c === RBRACKET) depth--;
          else if (c === GT && depth <= 0) break;
        }
        if (j >= e) return i;
        i = j + 1;
        continue;
      }
    }
    return i;
  }
  return -1;
}

function indexOf2(buf: Uint8Array, a: number, b: number, s: number, e: number): number {
  for (let i = s; i + 1 < e; i++) if (buf[i] === a && buf[i + 1] === b) return i;
  return -1;
}
function indexOf3(buf: Uint8Array, a: number, b: number, c: number, s: number, e: number): number {
  for (let i = s; i + 2 < e; i++) if (buf[i] === a && buf[i + 1] === b && buf[i + 2] === c) return i;
  return -1;
}

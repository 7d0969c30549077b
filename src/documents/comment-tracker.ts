/**
 * Comments between documents. A start tag of `<nvidia_smi_log>` inside an XML comment of the
 * region between two documents is not a document; a stray `<!--` (a killed writer, junk) must not
 * swallow the rest of the log. The document splitter asks this tracker about each start tag it
 * meets outside a document; the state is kept in absolute stream offsets so that many start tags in
 * one region cost linear time, whatever the buffer's refills.
 */

const COMMENT_OPEN = Buffer.from('<!--', 'latin1');
const COMMENT_CLOSE = Buffer.from('-->', 'latin1');
const XML_DECL = Buffer.from('<?xml', 'latin1');

/**
 * A comment open for more than this many bytes between documents is a stray `<!--` (junk), not
 * one that hides documents; the splitter holds no more junk between documents than this.
 */
export const STRAY_COMMENT_BYTES = 1 << 20;

/**
 * Tracks the newest comment opened in the current inter-document region, its end, and the first
 * `<?xml` declaration after its opening (all stream offsets, -1 while unknown), and how far each
 * has been searched.
 *
 * @example
 * const t = new CommentTracker();
 * const buf = Buffer.from('<!-- <nvidia_smi_log> --> <nvidia_smi_log>');
 * t.covers(buf, 0, 0, 5); // true: the first start tag is inside the comment
 * t.covers(buf, 0, 0, 26); // false: the second follows its end
 */
export class CommentTracker {
  /** The region these figures belong to (its stream offset); -1 before the first question. */
  private region = -1;
  /** Searched for openings up to here. */
  private scanned = 0;
  /** The newest opening `<!--` found, its `-->` and how far that was searched for. */
  private open = -1;
  private close = -1;
  private closeScanned = 0;
  /** The first `<?xml` after the opening, and how far that was searched for. */
  private xml = -1;
  private xmlScanned = 0;

  /**
   * Whether position `p` of `buf` (a start tag outside any document) lies inside a comment of
   * the inter-document region: one opened before `p` and not closed before it (closed later, or
   * not yet). A comment stops counting when a document with its own `<?xml` declaration starts after
   * its opening, or after STRAY_COMMENT_BYTES. `base` is the stream offset of `buf[0]`, `gapStart`
   * the stream offset where the inter-document region starts.
   */
  covers(buf: Buffer, base: number, gapStart: number, p: number): boolean {
    const gapFrom = Math.max(0, gapStart - base);
    if (gapFrom >= p) return false;
    if (this.region !== gapStart || this.scanned - base > p) {
      this.region = gapStart;
      this.scanned = gapStart;
      this.open = -1;
    }
    // the newest opening in [scanned, p); none straddles `scanned` (buf[p] is '<' of a start tag)
    const from = Math.max(gapFrom, this.scanned - base);
    if (from < p) {
      const rel = buf.subarray(from, p).lastIndexOf(COMMENT_OPEN);
      if (rel >= 0) {
        this.open = base + from + rel;
        this.close = -1;
        this.closeScanned = this.open + 4;
        this.xml = -1;
        this.xmlScanned = this.open + 4;
      }
      this.scanned = base + p;
    }
    if (this.open < 0 || this.open - base < gapFrom) return false;
    const com = this.open - base;
    if (this.close < 0) {
      const s0 = Math.max(com + 4, this.closeScanned - base);
      const e = buf.indexOf(COMMENT_CLOSE, s0);
      if (e >= 0) this.close = base + e;
      else this.closeScanned = base + Math.max(s0, buf.length - 2);
    }
    if (this.close >= 0 && this.close - base < p) return false;
    if (p - com > STRAY_COMMENT_BYTES) return false;
    if (this.xml < 0) {
      const s1 = Math.max(com + 4, this.xmlScanned - base);
      if (s1 < p) {
        const x = buf.subarray(s1, p).indexOf(XML_DECL);
        if (x >= 0) this.xml = base + s1 + x;
        else this.xmlScanned = base + Math.max(s1, p - 4);
      }
    }
    return !(this.xml >= 0 && this.xml - base < p);
  }
}

/**
 * Whether a comment is open (opened, not closed, and not yet a stray) at the end of `buf`, in the
 * inter-document region that starts at index `from`: the splitter then keeps the region rather than
 * dropping it as junk.
 *
 * @example commentOpenAtEnd(Buffer.from('junk <!-- still open'), 0) // true
 * @example commentOpenAtEnd(Buffer.from('<!-- closed --> junk'), 0) // false
 */
export function commentOpenAtEnd(buf: Buffer, from: number): boolean {
  const com = buf.subarray(from).lastIndexOf(COMMENT_OPEN);
  return com >= 0 && buf.indexOf(COMMENT_CLOSE, from + com + 4) < 0 && buf.length - (from + com) <= STRAY_COMMENT_BYTES;
}

import type { Sample } from '../parse/sample.js';

/** A reader of a line-oriented log format: each line (without its line end) in order, with its byte offset. */
export interface LineReader {
  /** Takes one line; returns the samples it completes. */
  line(text: string, offset: number): Sample[];
  /** The stream ended; returns the last samples. */
  end(): Sample[];
}

/**
 * The cells of one nvidia-smi CSV line: split at commas, trimmed. nvidia-smi does not quote; a
 * cell in double quotes (a spreadsheet's re-save) is unquoted.
 *
 * @example csvCells('2026/12/02 04:39:56.756, 0, NVIDIA H200, 78.16 W') // ['2026/12/02 04:39:56.756', '0', 'NVIDIA H200', '78.16 W']
 */
export function csvCells(line: string): string[] {
  return line.split(',').map((c) => {
    const t = c.trim();
    return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"') : t;
  });
}

/** No line of a text log is near this long: more is binary data or one huge line, read no further. */
export const MAX_LINE_BYTES = 1 << 20;

/**
 * Cuts a byte stream into lines (LF or CRLF; a UTF-8 BOM at the start dropped), incrementally,
 * each with the byte offset where it starts.
 *
 * @example
 * const s = new LineSplitter();
 * s.push(Buffer.from('a\r\nb')); // { texts: ['a'], offsets: [0] }
 * s.end();                       // { texts: ['b'], offsets: [3] }
 * @throws Error LINE_TOO_LONG (with `offset`) past {@link MAX_LINE_BYTES} without a line end.
 */
export class LineSplitter {
  private carry: Buffer = Buffer.alloc(0);
  private base = 0;
  private first = true;

  push(chunk: Uint8Array): { texts: string[]; offsets: number[] } {
    let buf = this.carry.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length) : Buffer.concat([this.carry, chunk]);
    if (this.first && buf.length >= 3) {
      this.first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
        buf = buf.subarray(3);
        this.base = 3;
      }
    }
    let at = 0;
    const texts: string[] = [];
    const offsets: number[] = [];
    for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a, at)) {
      const end = nl > at && buf[nl - 1] === 0x0d ? nl - 1 : nl;
      texts.push(buf.toString('utf8', at, end));
      offsets.push(this.base + at);
      at = nl + 1;
    }
    this.base += at;
    // a copy: the caller's chunk may be a reused buffer
    this.carry = Buffer.from(buf.subarray(at));
    if (this.carry.length > MAX_LINE_BYTES) throw Object.assign(new Error('LINE_TOO_LONG'), { offset: this.base });
    return { texts, offsets };
  }

  end(): { texts: string[]; offsets: number[] } {
    const c = this.carry;
    this.carry = Buffer.alloc(0);
    return c.length === 0 ? { texts: [], offsets: [] } : { texts: [c.toString('utf8').replace(/\r$/, '')], offsets: [this.base] };
  }
}

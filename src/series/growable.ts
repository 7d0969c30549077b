/**
 * Append-only typed-array columns. Values go into fixed-size chunks (no doubling slack), and
 * {@link GrowableFloat64.finish} copies them into one exact-size array and releases the chunks,
 * so a finished series costs 8 bytes per value. Given a capacity (the reader's estimate of the
 * sample count), a column is one block from the start, and finish() returns it without a copy
 * (as a view when at most 1/8 of it is unused).
 */
const CHUNK = 4096;

export class GrowableFloat64 {
  private chunks: Float64Array[] = [];
  private cur: Float64Array;
  private pos = 0;
  length = 0;

  constructor(capacity = 64) {
    this.cur = new Float64Array(capacity > CHUNK ? capacity : Math.max(capacity, 16));
  }

  push(v: number): void {
    if (this.pos === this.cur.length) this.next();
    this.cur[this.pos++] = v;
    this.length++;
  }

  /** Appends `n` NaNs. */
  pushNaN(n: number): void {
    for (let i = 0; i < n; i++) this.push(NaN);
  }

  private next(): void {
    if (this.cur.length < CHUNK && this.chunks.length === 0) {
      // grow the first chunk up to full size before starting a list of chunks
      const bigger = new Float64Array(Math.min(CHUNK, this.cur.length * 4));
      bigger.set(this.cur);
      this.cur = bigger;
      return;
    }
    this.chunks.push(this.pos === this.cur.length ? this.cur : this.cur.subarray(0, this.pos));
    this.cur = new Float64Array(CHUNK);
    this.pos = 0;
  }

  /** The values; the builder is empty afterwards. */
  finish(): Float64Array {
    if (this.chunks.length === 0 && this.cur.length > CHUNK && this.pos >= this.cur.length - (this.cur.length >> 3)) {
      const one = this.pos === this.cur.length ? this.cur : this.cur.subarray(0, this.pos);
      this.cur = new Float64Array(0);
      this.pos = 0;
      this.length = 0;
      return one;
    }
    const out = new Float64Array(this.length);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    out.set(this.cur.subarray(0, this.pos), o);
    this.chunks = [];
    this.cur = new Float64Array(0);
    this.pos = 0;
    this.length = 0;
    return out;
  }
}

export class GrowableInt32 {
  private chunks: Int32Array[] = [];
  private cur: Int32Array;
  private pos = 0;
  length = 0;

  constructor(capacity = 64) {
    this.cur = new Int32Array(capacity > CHUNK ? capacity : Math.max(capacity, 16));
  }

  push(v: number): void {
    if (this.pos === this.cur.length) {
      if (this.cur.length < CHUNK) {
        const bigger = new Int32Array(Math.min(CHUNK, this.cur.length * 4));
        bigger.set(this.cur);
        this.cur = bigger;
      } else {
        this.chunks.push(this.cur);
        this.cur = new Int32Array(CHUNK);
        this.pos = 0;
      }
    }
    this.cur[this.pos++] = v;
    this.length++;
  }

  /** The values; the builder is empty afterwards. */
  finish(): Int32Array {
    if (this.chunks.length === 0 && this.cur.length > CHUNK && this.pos >= this.cur.length - (this.cur.length >> 3)) {
      const one = this.pos === this.cur.length ? this.cur : this.cur.subarray(0, this.pos);
      this.cur = new Int32Array(0);
      this.pos = 0;
      this.length = 0;
      return one;
    }
    const out = new Int32Array(this.length);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    out.set(this.cur.subarray(0, this.pos), o);
    this.chunks = [];
    this.cur = new Int32Array(0);
    this.pos = 0;
    this.length = 0;
    return out;
  }
}

/** Dictionary-encodes strings: each distinct value is stored once. */
export class Dictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  /** The code of `v`, -1 for null. */
  code(v: string | null): number {
    if (v === null) return -1;
    let c = this.index.get(v);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(v);
      this.index.set(v, c);
    }
    return c;
  }
}

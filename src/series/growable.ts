/**
 * Append-only typed-array columns. Values go into fixed-size chunks (no doubling slack), and
 * `finish()` copies them into one exact-size array and releases the chunks, so a finished series
 * costs 8 bytes per value (4 for Int32). Given a capacity (the reader's estimate of the sample
 * count), a column is one block from the start, and finish() returns it without a copy (as a view
 * when at most 1/8 of it is unused).
 */
const CHUNK = 4096;

type Typed = Float64Array | Int32Array;

class Growable<T extends Typed> {
  private chunks: T[] = [];
  private cur: T;
  private pos = 0;
  length = 0;

  constructor(
    private readonly make: (n: number) => T,
    capacity: number,
  ) {
    this.cur = make(capacity > CHUNK ? capacity : Math.max(capacity, 16));
  }

  push(v: number): void {
    if (this.pos === this.cur.length) this.next();
    this.cur[this.pos++] = v;
    this.length++;
  }

  private next(): void {
    if (this.cur.length < CHUNK && this.chunks.length === 0) {
      // grow the first chunk up to full size before starting a list of chunks
      const bigger = this.make(Math.min(CHUNK, this.cur.length * 4));
      bigger.set(this.cur);
      this.cur = bigger;
      return;
    }
    this.chunks.push(this.cur);
    this.cur = this.make(CHUNK);
    this.pos = 0;
  }

  /** The values; the builder is empty afterwards. */
  finish(): T {
    let out: T;
    if (this.chunks.length === 0 && this.cur.length > CHUNK && this.pos >= this.cur.length - (this.cur.length >> 3)) {
      out = this.pos === this.cur.length ? this.cur : (this.cur.subarray(0, this.pos) as T);
    } else {
      out = this.make(this.length);
      let o = 0;
      for (const c of this.chunks) {
        out.set(c, o);
        o += c.length;
      }
      out.set(this.cur.subarray(0, this.pos), o);
    }
    this.chunks = [];
    this.cur = this.make(0);
    this.pos = 0;
    this.length = 0;
    return out;
  }
}

export class GrowableFloat64 extends Growable<Float64Array> {
  constructor(capacity = 64) {
    super((n) => new Float64Array(n), capacity);
  }

  /** Appends `n` NaNs. */
  pushNaN(n: number): void {
    for (let i = 0; i < n; i++) this.push(NaN);
  }
}

export class GrowableInt32 extends Growable<Int32Array> {
  constructor(capacity = 64) {
    super((n) => new Int32Array(n), capacity);
  }
}

/**
 * A Float64Array that doubles as it fills, read and written in place (`data`, first `length`
 * values): for columns still growing that must be read while they grow (a live log).
 */
export class GrowingColumn {
  data = new Float64Array(256);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const b = new Float64Array(this.data.length * 2);
      b.set(this.data);
      this.data = b;
    }
    this.data[this.length++] = v;
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

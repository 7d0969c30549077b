/** An append-only typed-array column that doubles its capacity as it grows. */
export class GrowableFloat64 {
  private data: Float64Array;
  length = 0;

  constructor(capacity = 64) {
    this.data = new Float64Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }

  /** Appends `n` NaNs. */
  pushNaN(n: number): void {
    while (this.data.length < this.length + n) this.grow();
    this.data.fill(NaN, this.length, this.length + n);
    this.length += n;
  }

  private grow(): void {
    const next = new Float64Array(Math.max(16, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }

  /** A right-sized copy. */
  finish(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

export class GrowableInt32 {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 64) {
    this.data = new Int32Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(Math.max(16, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  finish(): Int32Array {
    return this.data.slice(0, this.length);
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

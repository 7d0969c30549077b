/**
 * A multiset of numbers kept as sorted distinct values with a count and a sum per value, for
 * running medians and "sum of the values at most x" over a stream whose values repeat (sampling
 * steps, power limits, utilisation percentages, power readings). Each operation costs O(log d)
 * to find a value and O(d) to insert a new one, d the number of distinct values (a 1-Hz log's
 * steps have a handful), never O(number of values added).
 *
 * Values may be quantised on the way in (`quantum`): each distinct value is then `round(v /
 * quantum) × quantum`, while `sumAtMost` still adds the values as given.
 *
 * @example
 * const s = new SortedCounts();
 * for (const v of [1000, 1000, 2000, 1000]) s.add(v);
 * s.median(); // 1000
 */
export class SortedCounts {
  private keys = new Float64Array(16);
  private counts = new Float64Array(16);
  private sums = new Float64Array(16);
  /** Number of distinct (quantised) values. */
  distinct = 0;
  /** Number of values held (with repeats). */
  size = 0;

  constructor(private readonly quantum = 0) {}

  private keyOf(v: number): number {
    return this.quantum > 0 ? Math.round(v / this.quantum) * this.quantum : v;
  }

  /** Index of the first key ≥ k. */
  private lowerBound(k: number): number {
    let lo = 0;
    let hi = this.distinct;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.keys[mid]! < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Adds `times` copies of `v` (a finite number); a negative `times` takes copies away. */
  add(v: number, times = 1): void {
    const k = this.keyOf(v);
    const i = this.lowerBound(k);
    if (i < this.distinct && this.keys[i] === k) {
      this.counts[i]! += times;
      this.sums[i]! += v * times;
      this.size += times;
      if (this.counts[i]! <= 0) this.removeAt(i);
      return;
    }
    if (times <= 0) return;
    if (this.distinct === this.keys.length) {
      const grow = (a: Float64Array): Float64Array<ArrayBuffer> => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.keys = grow(this.keys);
      this.counts = grow(this.counts);
      this.sums = grow(this.sums);
    }
    this.keys.copyWithin(i + 1, i, this.distinct);
    this.counts.copyWithin(i + 1, i, this.distinct);
    this.sums.copyWithin(i + 1, i, this.distinct);
    this.keys[i] = k;
    this.counts[i] = times;
    this.sums[i] = v * times;
    this.distinct++;
    this.size += times;
  }

  /** Takes one copy (or `times`) of `v` away. */
  remove(v: number, times = 1): void {
    this.add(v, -times);
  }

  private removeAt(i: number): void {
    this.size -= this.counts[i]!; // the count is ≤ 0 here: size was lowered by more than was held
    this.keys.copyWithin(i, i + 1, this.distinct);
    this.counts.copyWithin(i, i + 1, this.distinct);
    this.sums.copyWithin(i, i + 1, this.distinct);
    this.distinct--;
  }

  /** The value of rank r (0-based, in sorted order); NaN outside. */
  at(r: number): number {
    if (!(r >= 0 && r < this.size)) return NaN;
    let seen = 0;
    for (let i = 0; i < this.distinct; i++) {
      seen += this.counts[i]!;
      if (r < seen) return this.keys[i]!;
    }
    return NaN;
  }

  /** The median as simple-statistics' `median` gives it (mean of the two middle values for an even size); NaN when empty. */
  median(): number {
    const n = this.size;
    if (n === 0) return NaN;
    const mid = n >> 1;
    return n % 2 ? this.at(mid) : (this.at(mid - 1) + this.at(mid)) / 2;
  }

  /** Smallest value; NaN when empty. */
  min(): number {
    return this.distinct ? this.keys[0]! : NaN;
  }

  /** Count and sum of the values whose key is ≤ x. */
  atMost(x: number): { count: number; sum: number } {
    let count = 0;
    let sum = 0;
    for (let i = 0; i < this.distinct && this.keys[i]! <= x; i++) {
      count += this.counts[i]!;
      sum += this.sums[i]!;
    }
    return { count, sum };
  }

  /** Whether any value's key lies in (lo, hi]. */
  anyIn(lo: number, hi: number): boolean {
    const i = this.lowerBound(lo);
    const j = i < this.distinct && this.keys[i] === lo ? i + 1 : i;
    return j < this.distinct && this.keys[j]! <= hi;
  }

  /**
   * At most `max` values spread evenly over the sorted values (the ranks round(k(n−1)/(max−1))),
   * or all of them when there are no more than `max`.
   */
  evenSample(max: number): number[] {
    const n = this.size;
    const out: number[] = [];
    if (n <= max) {
      for (let i = 0; i < this.distinct; i++) for (let c = 0; c < this.counts[i]!; c++) out.push(this.keys[i]!);
      return out;
    }
    let i = 0;
    let seen = this.counts[0]!;
    for (let k = 0; k < max; k++) {
      const r = Math.round((k * (n - 1)) / (max - 1));
      while (r >= seen) seen += this.counts[++i]!;
      out.push(this.keys[i]!);
    }
    return out;
  }
}

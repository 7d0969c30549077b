import { GrowingColumn } from './growable.js';
import { SortedCounts } from './sorted-counts.js';

/**
 * The times and timing of a log's documents as they arrive, equal at every moment to what a
 * whole-log read of the documents so far gives: each document's time spread inside its second
 * (`spreadWithinSeconds`: -lms logs share one timestamp second), and the sampling interval and
 * logging-gap threshold of `estimateInterval`. Times of the documents in the last second seen are
 * provisional (a later document of the same second moves them); the others are settled. A
 * document costs O(d) (d distinct steps, a handful), not O(documents so far).
 *
 * @example
 * const t = new LiveTiming();
 * for (const s of [0, 1000, 2000, 5000]) t.add(s);
 * t.timing(); // { intervalS: 1, gapThresholdS: 2 }: the 3-s step is a logging gap
 */
export class LiveTiming {
  private readonly raw = new GrowingColumn();
  private readonly settledTimes = new GrowingColumn();
  // exact steps, not rounded: a GPU missing from one document of an -lms second has a step of
  // exactly twice the median, and whether that is a gap must come out as a whole-log read says
  private readonly steps = new SortedCounts();
  /** First document of the last second seen (its group); documents before it are settled. */
  groupStart = 0;
  private groupRaw = NaN;
  private cache: { n: number; value: { intervalS: number; gapThresholdS: number } } | null = null;

  constructor(private readonly gapFactor = 1.5) {}

  /** Documents added. */
  get length(): number {
    return this.raw.length;
  }

  /** Adds one document's time (epoch ms; NaN before the first readable timestamp). */
  add(rawMs: number): void {
    this.cache = null;
    const n = this.raw.length;
    // a new second settles the group before it; documents with no time yet join the first real one
    if (n > 0 && !Number.isNaN(this.groupRaw) && rawMs !== this.groupRaw) {
      const g = n - this.groupStart;
      for (let k = 0; k < g; k++) {
        const t = this.groupRaw + (k * 1000) / g;
        const i = this.settledTimes.length;
        if (i > 0) this.addStep(t - this.settledTimes.data[i - 1]!, 1);
        this.settledTimes.push(t);
      }
      this.groupStart = n;
    }
    if (!Number.isNaN(rawMs)) this.groupRaw = rawMs;
    this.raw.push(rawMs);
  }

  private addStep(d: number, times: number): void {
    if (d > 0) this.steps.add(d, times);
  }

  /** Epoch ms of document i as the documents so far place it. */
  time(i: number): number {
    if (i < this.groupStart) return this.settledTimes.data[i]!;
    if (Number.isNaN(this.groupRaw)) return NaN;
    return this.groupRaw + ((i - this.groupStart) * 1000) / (this.raw.length - this.groupStart);
  }

  /** Interval (mean of the non-gap steps, s) and gap threshold (s), as `estimateInterval` gives them for the documents so far. */
  timing(): { intervalS: number; gapThresholdS: number } {
    const n = this.raw.length;
    if (this.cache !== null && this.cache.n === n) return this.cache.value;
    // the provisional steps of the last second, added for the estimate and taken out again
    const tail: number[] = [];
    for (let i = Math.max(1, this.groupStart); i < n; i++) tail.push(this.time(i) - this.time(i - 1));
    for (const d of tail) this.addStep(d, 1);
    let intervalS = NaN;
    let gapThresholdS = NaN;
    if (this.steps.size > 0) {
      const m = this.steps.median();
      const thresholdMs = Math.max(this.gapFactor * m, m + Math.min(1000, m));
      const below = this.steps.atMost(thresholdMs);
      intervalS = below.sum / below.count / 1000;
      gapThresholdS = thresholdMs / 1000;
    }
    for (const d of tail) this.addStep(d, -1);
    this.cache = { n, value: { intervalS, gapThresholdS } };
    return this.cache.value;
  }
}

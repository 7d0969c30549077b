import { BUSY_IDLE_DEFAULTS } from './busy-idle.js';

interface Bucket {
  count: number;
  min: number;
  max: number;
}

/**
 * The idle floor of a stream of power readings, kept as readings arrive: after every `add`,
 * `floorW` equals {@link idleFloor} of all the readings so far (the lowest reading another lies
 * within `agreeW` of; the lowest reading when none does), at O(1) per reading. Readings go into
 * buckets `agreeW` wide, so a reading's nearest others are in its own bucket and the two beside
 * it; the floor only falls.
 *
 * @example
 * const f = new RunningIdleFloor(10);
 * for (const w of [5, 300, 71, 310, 72]) f.add(w);
 * f.floorW; // 71: the lone 5 W glitch is not the floor
 */
export class RunningIdleFloor {
  private readonly buckets = new Map<number, Bucket>();
  private pairedMin = Infinity;
  private lowest = Infinity;
  /** Readings added. */
  count = 0;

  constructor(readonly agreeW: number = BUSY_IDLE_DEFAULTS.FLOOR_AGREE_W) {}

  /** The idle floor so far, W; NaN before the first reading. */
  get floorW(): number {
    return this.count === 0 ? NaN : Number.isFinite(this.pairedMin) ? this.pairedMin : this.lowest;
  }

  /** Adds one finite reading, W. */
  add(x: number): void {
    const a = this.agreeW;
    const b = Math.floor(x / a);
    const near = (v: number | undefined): boolean => v !== undefined && Math.abs(v - x) <= a;
    const here = this.buckets.get(b);
    const below = this.buckets.get(b - 1);
    const above = this.buckets.get(b + 1);
    const pairs = near(here?.min) || near(here?.max) || near(below?.max) || near(above?.min);
    if (pairs) {
      // x is paired, and so is every reading it agrees with: the lowest of them is the lowest of
      // its own bucket's (all within agreeW of x) or a lone reading in the bucket below
      let m = x;
      if (here !== undefined && near(here.min)) m = Math.min(m, here.min);
      if (below !== undefined && below.count === 1 && near(below.max)) m = Math.min(m, below.max);
      if (m < this.pairedMin) this.pairedMin = m;
    }
    if (x < this.lowest) this.lowest = x;
    this.count++;
    if (here === undefined) this.buckets.set(b, { count: 1, min: x, max: x });
    else {
      here.count++;
      if (x < here.min) here.min = x;
      if (x > here.max) here.max = x;
    }
  }
}

/**
 * Running sums over one GPU's rows, in order, for the live figures (see `LiveGpu`): known, busy
 * and recorded seconds, the active span (first busy row → end of the last), logging gaps inside
 * it, idle gaps (runs of idle rows closed by a busy row) and the current idle streak — what
 * dutyCycle, recordedSpan and idleGaps compute over a whole series, one row at a time. A row's
 * duration is `s + k × interval` seconds (a row before a logging gap, and the last row, stand for
 * one interval, which changes as the log grows), so each sum is a pair (s, k) read with the
 * interval of the moment.
 *
 * @example
 * const t = new ActivityTally();
 * t.push(0, 2, 0, 1, 0, NaN); // row 0 busy, 1 s
 * t.push(1, 1, 1000, 1, 0, NaN); // row 1 idle, 1 s
 * t.push(2, 2, 2000, 0, 1, NaN); // row 2 busy, the last row: one interval
 * [t.gaps, t.busyS + t.busyK * 1]; // [1, 2]: one idle gap; 2 busy seconds at a 1-s interval
 */
export class ActivityTally {
  knownS = 0;
  knownK = 0;
  busyS = 0;
  busyK = 0;
  recS = 0;
  recK = 0;
  /** Steps (s) and count of the rows before a logging gap. */
  gapS = 0;
  gapK = 0;
  first = -1;
  firstTime = NaN;
  last = -1;
  lastTime = NaN;
  lastDurS = 0;
  lastDurK = 0;
  /** Sums before the first busy row. */
  knownBeforeS = 0;
  knownBeforeK = 0;
  recBeforeS = 0;
  recBeforeK = 0;
  gapBeforeS = 0;
  gapBeforeK = 0;
  /** Sums through the last busy row (gap sums before it). */
  knownThroughS = 0;
  knownThroughK = 0;
  recThroughS = 0;
  recThroughK = 0;
  gapThroughS = 0;
  gapThroughK = 0;
  streakS = 0;
  streakK = 0;
  /** Idle gaps closed by a busy row: count, sum, longest with no interval and with one. */
  gaps = 0;
  gapsS = 0;
  gapsK = 0;
  long0 = -Infinity;
  long1 = -Infinity;
  /** Idle runs closed since the last busy row (gaps once a busy row follows). */
  pend = 0;
  pendS = 0;
  pendK = 0;
  pendLong0 = -Infinity;
  pendLong1 = -Infinity;
  runOpen = false;
  runS = 0;
  runK = 0;

  clone(): ActivityTally {
    return Object.assign(new ActivityTally(), this);
  }

  /**
   * One row: its state (0 unknown, 1 idle, 2 busy), its time (ms), its duration (s, k) and, for a
   * row before a logging gap, the step to the next row (ms; NaN otherwise).
   */
  push(row: number, state: number, time: number, durS: number, durK: number, gapStepMs: number): void {
    const busy = state === 2;
    const known = state !== 0;
    if (busy) {
      if (this.first < 0) {
        this.first = row;
        this.firstTime = time;
        this.knownBeforeS = this.knownS;
        this.knownBeforeK = this.knownK;
        this.recBeforeS = this.recS;
        this.recBeforeK = this.recK;
        this.gapBeforeS = this.gapS;
        this.gapBeforeK = this.gapK;
      }
      this.last = row;
      this.lastTime = time;
      this.lastDurS = durS;
      this.lastDurK = durK;
      this.gapThroughS = this.gapS;
      this.gapThroughK = this.gapK;
    }
    this.recS += durS;
    this.recK += durK;
    if (known) {
      this.knownS += durS;
      this.knownK += durK;
    }
    const atGap = !Number.isNaN(gapStepMs);
    if (atGap) {
      this.gapS += gapStepMs / 1000;
      this.gapK++;
    }
    if (busy) {
      this.busyS += durS;
      this.busyK += durK;
      this.knownThroughS = this.knownS;
      this.knownThroughK = this.knownK;
      this.recThroughS = this.recS;
      this.recThroughK = this.recK;
      this.streakS = 0;
      this.streakK = 0;
    } else {
      this.streakS += durS;
      this.streakK += durK;
    }
    if (this.first < 0) return;
    if (state === 1) {
      this.runOpen = true;
      this.runS += durS;
      this.runK += durK;
      if (atGap) this.closeRun();
    } else if (this.runOpen) this.closeRun();
    if (busy && this.pend > 0) {
      this.gaps += this.pend;
      this.gapsS += this.pendS;
      this.gapsK += this.pendK;
      this.long0 = Math.max(this.long0, this.pendLong0);
      this.long1 = Math.max(this.long1, this.pendLong1);
      this.pend = 0;
      this.pendS = 0;
      this.pendK = 0;
      this.pendLong0 = -Infinity;
      this.pendLong1 = -Infinity;
    }
  }

  private closeRun(): void {
    if (this.runS > 0 || this.runK > 0) {
      this.pend++;
      this.pendS += this.runS;
      this.pendK += this.runK;
      if (this.runK === 0) this.pendLong0 = Math.max(this.pendLong0, this.runS);
      else this.pendLong1 = Math.max(this.pendLong1, this.runS);
    }
    this.runOpen = false;
    this.runS = 0;
    this.runK = 0;
  }
}

import type { Sample } from '../parse/sample.js';

/**
 * The sample a line reader fills from one round of lines (one query of nvidia-smi): the keys it
 * holds (a GPU, or a GPU and a process), the time written on its lines, and the ordinal of the next
 * sample. A key that comes again, or another time, means the next round has begun; the last round
 * is closed at the end of the stream. Shared by the CSV, dmon and pmon readers.
 *
 * @example
 * const r = new Round();
 * r.take('GPU-1', () => ({ offset: 0, timestamp: null, driverVersion: null, cudaVersion: null, attachedGpus: NaN }));
 * r.closeBefore('GPU-1').length; // 1: GPU-1 again, so the round with it is over
 */
export class Round {
  /** The open round's sample; null between rounds. */
  sample: Sample | null = null;
  /** Ordinal of the next sample. */
  ordinal = 0;
  private readonly keys = new Set<string>();
  private stamp: string | null = null;

  /**
   * Closes the open round when `key` is already in it, or when `stamp` is given and is not the
   * time the round was opened with: its sample, else nothing.
   */
  closeBefore(key: string, stamp?: string): Sample[] {
    if (this.sample === null) return [];
    return this.keys.has(key) || (stamp !== undefined && stamp !== this.stamp) ? this.end() : [];
  }

  /**
   * The open round's sample with `key` now in it; when none is open, one is opened with what
   * `head` gives (called then only, while `ordinal` is the new sample's) and `stamp`.
   */
  take(key: string, head: () => Omit<Sample, 'ordinal' | 'gpus'>, stamp: string | null = null): Sample {
    if (this.sample === null) {
      this.sample = { ordinal: this.ordinal, ...head(), gpus: [] };
      this.ordinal++;
      this.stamp = stamp;
    }
    this.keys.add(key);
    return this.sample;
  }

  /** Closes the open round: its sample, or nothing when none is open. */
  end(): Sample[] {
    const s = this.sample;
    if (s === null) return [];
    this.sample = null;
    this.keys.clear();
    return [s];
  }
}

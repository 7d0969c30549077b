import type { TelemetryWarning } from '../errors.js';
import type { Sample } from '../parse/sample.js';
import { parseWallTime, ZoneClock, type WallTime } from '../parse/timestamp.js';

/**
 * The time of each document, in file order: its `<timestamp>` read in the log's zone, the DST
 * fold chosen so that time does not run back an hour in a repeated hour. A document with no
 * readable timestamp takes the previous document's time (NaN before the first readable one; the
 * reader gives those the first real time) with a BAD_TIMESTAMP warning; a time before the previous
 * one is kept, with a TIME_BACKWARDS warning. Used by `LogBuilder` and `LiveLog`, so a log read
 * whole and one followed live get the same times.
 *
 * @example
 * const clock = new DocumentClock('UTC', (w) => warnings.push(w));
 * clock.timeOf(sample); // 1796146723000 for <timestamp>Tue Dec  1 17:38:43 2026</timestamp>
 */
export class DocumentClock {
  private readonly clock: ZoneClock;
  private lastRaw = NaN;
  private preferLater = false;

  constructor(
    timeZone: string,
    private readonly warn: (w: TelemetryWarning) => void,
  ) {
    this.clock = new ZoneClock(timeZone);
  }

  /** The IANA zone the timestamps are read in. */
  get zone(): string {
    return this.clock.zone;
  }

  /** Epoch ms of one document (see the class). */
  timeOf(s: Sample): number {
    const wall = s.timestamp === null ? null : parseWallTime(s.timestamp);
    if (wall === null) {
      this.warn({
        code: 'BAD_TIMESTAMP',
        message: `document ${s.ordinal} at byte ${s.offset}: ${s.timestamp === null ? 'no <timestamp>' : `unreadable <timestamp> ${JSON.stringify(s.timestamp.slice(0, 40))}`}; time of the previous document used`,
        offset: s.offset,
        document: s.ordinal,
      });
      return this.lastRaw;
    }
    const t = this.timeInZone(wall);
    if (t < this.lastRaw) {
      this.warn({
        code: 'TIME_BACKWARDS',
        message: `document ${s.ordinal} at byte ${s.offset}: timestamp ${s.timestamp} is ${(this.lastRaw - t) / 1000} s before the previous one`,
        offset: s.offset,
        document: s.ordinal,
      });
    }
    this.lastRaw = t;
    return t;
  }

  /** Chooses the DST fold so that time does not run back an hour in a repeated hour. */
  private timeInZone(wall: WallTime): number {
    let t = this.clock.toEpochMs(wall, this.preferLater);
    if (this.clock.isAmbiguous(wall)) {
      if (!this.preferLater && t < this.lastRaw) {
        const later = this.clock.toEpochMs(wall, true);
        if (later >= this.lastRaw) {
          this.preferLater = true;
          t = later;
        }
      }
    } else {
      this.preferLater = false;
    }
    return t;
  }
}

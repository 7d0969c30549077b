import { DateTime } from 'luxon';
import { TelemetryError } from '../errors.js';

const MONTHS: Record<string, number> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};
const RE = /^\s*(?:[A-Za-z]{3},?\s+)?([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?\s+(\d{4})\s*$/;

/** Wall-clock fields of an nvidia-smi `<timestamp>`. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Milliseconds, where the text has them (`--query-gpu` CSV writes `.756`); absent means 0. */
  ms?: number;
}

/** `--query-gpu` CSV (`2026/12/02 04:39:56.756`) and dmon/pmon `-o DT` (`20261202 04:39:56`). */
const NUMERIC = /^\s*(\d{4})[/-]?(\d{2})[/-]?(\d{2})[ T]+(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?\s*$/;

/**
 * Reads nvidia-smi's `<timestamp>` text (`Mon Nov 23 19:11:45 2026`, day space-padded:
 * `Tue Dec  3 05:27:00 2019`), and the numeric forms of `--query-gpu` CSV
 * (`2026/12/02 04:39:56.756`) and dmon/pmon (`20261202 04:39:56`). Returns null when the text is
 * not such a timestamp.
 *
 * @example parseWallTime('Tue Dec  3 05:27:00 2019') // { year: 2019, month: 12, day: 3, hour: 5, ... }
 */
export function parseWallTime(text: string): WallTime | null {
  const n = NUMERIC.exec(text);
  if (n !== null) {
    const t: WallTime = { year: +n[1]!, month: +n[2]!, day: +n[3]!, hour: +n[4]!, minute: +n[5]!, second: +n[6]! };
    if (n[7] !== undefined) t.ms = Math.round(+`0.${n[7]}` * 1000);
    if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31 || t.hour > 23 || t.minute > 59 || t.second > 60) return null;
    return t;
  }
  const m = RE.exec(text);
  if (m === null) return null;
  const month = MONTHS[m[1]!];
  if (month === undefined) return null;
  const t = { year: +m[6]!, month, day: +m[2]!, hour: +m[3]!, minute: +m[4]!, second: +m[5]! };
  if (t.day < 1 || t.day > 31 || t.hour > 23 || t.minute > 59 || t.second > 60) return null;
  return t;
}

/**
 * Converts wall-clock times in one IANA zone to epoch milliseconds. The zone offset is looked up
 * once per local hour and cached. In the repeated hour after a DST fall-back the earlier offset
 * is used unless `preferLater` is set.
 */
export class ZoneClock {
  readonly zone: string;
  private readonly cache = new Map<number, number[]>();
  private readonly utc: boolean;

  /** @throws TelemetryError INVALID_ARGUMENT for an unknown zone. */
  constructor(zone = 'UTC') {
    // UTC (the default) needs no zone database: skip luxon and Intl, which cost ~60 ms to start.
    const utc = zone === 'UTC' || zone === 'Etc/UTC' || zone === 'utc';
    const z = utc ? 'UTC' : zone === 'local' ? DateTime.local().zoneName : zone;
    if (!utc && !DateTime.local().setZone(z).isValid) throw new TelemetryError('INVALID_ARGUMENT', `invalid time zone: ${zone}`);
    this.zone = z;
    this.utc = utc || z === 'UTC' || z === 'Etc/UTC';
  }

  /** Epoch ms of a wall time in this zone. */
  toEpochMs(t: WallTime, preferLater = false): number {
    const naive = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.ms ?? 0);
    if (this.utc) return naive;
    const c = this.candidates(naive);
    return naive - (preferLater ? c[c.length - 1]! : c[0]!) * 60_000;
  }

  /** Whether this wall hour occurs twice (DST fall-back). */
  isAmbiguous(t: WallTime): boolean {
    if (this.utc) return false;
    return this.candidates(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second)).length > 1;
  }

  /**
   * The zone offsets (minutes east of UTC) under which the wall hour of `naive` exists, earliest
   * instant first: two in a repeated hour, one otherwise. In a skipped hour (spring-forward) the
   * offset before the change is used. Independent of how the date library resolves ambiguity.
   */
  private candidates(naive: number): number[] {
    const hourKey = Math.floor(naive / 3_600_000);
    let c = this.cache.get(hourKey);
    if (c === undefined) {
      const hour = hourKey * 3_600_000;
      const offsetAt = (ms: number): number => DateTime.fromMillis(ms, { zone: this.zone }).offset;
      const before = offsetAt(hour - 86_400_000);
      const after = offsetAt(hour + 86_400_000);
      // an offset fits when the instant it gives really has that offset; the earlier instant has the larger offset
      c = [...new Set([before, after])].filter((o) => offsetAt(hour - o * 60_000) === o).sort((a, b) => b - a);
      if (c.length === 0) c = [before];
      this.cache.set(hourKey, c);
    }
    return c;
  }
}

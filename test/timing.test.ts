import { describe, expect, it } from 'vitest';
import { estimateInterval, findLoggingGaps, parseWallTime, spreadWithinSeconds, ZoneClock } from '../src/advanced.js';

describe('parseWallTime', () => {
  it('reads nvidia-smi timestamps, with the day space-padded', () => {
    expect(parseWallTime('Tue Dec  3 05:27:00 2019')).toEqual({ year: 2019, month: 12, day: 3, hour: 5, minute: 27, second: 0 });
    expect(parseWallTime('Mon Nov 23 19:11:45 2026')).toEqual({ year: 2026, month: 11, day: 23, hour: 19, minute: 11, second: 45 });
  });
  it('reads the numeric forms of --query-gpu CSV (with ms) and dmon -o DT', () => {
    expect(parseWallTime('2026/12/02 04:39:56.756')).toEqual({ year: 2026, month: 12, day: 2, hour: 4, minute: 39, second: 56, ms: 756 });
    expect(parseWallTime('20261202 04:39:56')).toEqual({ year: 2026, month: 12, day: 2, hour: 4, minute: 39, second: 56 });
  });
  it('returns null for anything else', () => {
    expect(parseWallTime('2026-11-23 19:11:45 UTC')).toBeNull();
    expect(parseWallTime('2026/13/23 19:11:45')).toBeNull();
    expect(parseWallTime('Mon Foo 23 19:11:45 2026')).toBeNull();
    expect(parseWallTime('')).toBeNull();
  });
});

describe('ZoneClock', () => {
  it('UTC is the default', () => {
    expect(new ZoneClock().toEpochMs({ year: 2026, month: 11, day: 23, hour: 19, minute: 11, second: 45 })).toBe(
      Date.parse('2026-11-23T19:11:45Z'),
    );
  });
  it('reads wall time in an IANA zone', () => {
    const c = new ZoneClock('Asia/Tokyo');
    expect(c.toEpochMs({ year: 2026, month: 11, day: 24, hour: 4, minute: 11, second: 45 })).toBe(Date.parse('2026-11-23T19:11:45Z'));
    const m = new ZoneClock('Australia/Melbourne'); // UTC+11 in November (daylight time)
    expect(m.toEpochMs({ year: 2026, month: 11, day: 24, hour: 6, minute: 0, second: 0 })).toBe(Date.parse('2026-11-23T19:00:00Z'));
  });
  it('rejects an unknown zone', () => {
    expect(() => new ZoneClock('Mars/Olympus')).toThrow('invalid time zone: Mars/Olympus');
  });
});

describe('spreadWithinSeconds', () => {
  it('spreads documents sharing a second evenly inside it, in order', () => {
    expect([...spreadWithinSeconds(Float64Array.of(0, 0, 0, 0, 1000, 1000, 2000))]).toEqual([0, 250, 500, 750, 1000, 1500, 2000]);
  });
  it('leaves one-per-second logs alone', () => {
    expect([...spreadWithinSeconds(Float64Array.of(0, 1000, 3000))]).toEqual([0, 1000, 3000]);
  });
});

describe('estimateInterval and findLoggingGaps', () => {
  it('at -l 1, steps of 1 and 2 s lose no sample; the interval is their mean and a 5-s step is a gap', () => {
    // 1-s timestamps of a logger whose true period is a little over 1 s
    const t = Float64Array.from([0, 1, 2, 4, 5, 6, 7, 9, 10, 15, 16].map((s) => s * 1000));
    const e = estimateInterval(t);
    expect(e.gapThresholdS).toBe(2); // max(1.5 × 1 s, 1 s + 1 s)
    // non-gap steps: 1,1,2,1,1,1,2,1,1 → mean 11/9 s
    expect(e.intervalS).toBeCloseTo(11 / 9, 12);
    expect(findLoggingGaps(t, e.gapThresholdS)).toEqual([{ startMs: 10_000, endMs: 15_000, durationS: 5, sample: 9 }]);
  });
  it('at -lms 200 (spread), the threshold is 1.5 × interval-ish and a missing second is a gap', () => {
    const raw = Float64Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3].map((s) => s * 1000));
    const t = spreadWithinSeconds(raw);
    const e = estimateInterval(t);
    expect(e.gapThresholdS).toBeCloseTo(0.4, 12); // m = 0.2 s: max(0.3, 0.2 + 0.2)
    expect(findLoggingGaps(t, e.gapThresholdS).map((g) => g.durationS)).toEqual([1.2]);
  });
  it('a single sample has no interval', () => {
    expect(estimateInterval(Float64Array.of(5))).toEqual({ intervalS: NaN, gapThresholdS: NaN });
  });
  it('times going backwards are not gaps', () => {
    expect(findLoggingGaps(Float64Array.of(0, 1000, -5000, -4000), 2)).toEqual([]);
  });
  it('rejects a gap factor of 1 or less', () => {
    expect(() => estimateInterval(Float64Array.of(0, 1000), 1)).toThrow('invalid gap factor: 1');
  });
});

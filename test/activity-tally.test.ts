import { describe, expect, it } from 'vitest';
import { ActivityTally } from '../src/analyze/activity-tally.js';

/**
 * The running sums, row by row, against scenario A's rows worked by hand (test/helpers/scenarios.ts):
 * busy 5–9, idle 10–13, busy 14–17, idle 18–19, a 4-s logging step 19 → 23, idle 23–24, busy 25–26,
 * idle 27–29; 1-s interval.
 */
describe('ActivityTally', () => {
  it('scenario A: busy 11 s of 19 known seconds in the active span, three idle gaps (4 s; 2 s ending at the logging gap; 2 s)', () => {
    const t = new ActivityTally();
    const secs = [...Array.from({ length: 20 }, (_, i) => i), 23, 24, 25, 26, 27, 28, 29];
    const busy = (s: number): boolean => (s >= 5 && s <= 9) || (s >= 14 && s <= 17) || s === 25 || s === 26;
    secs.forEach((s, row) => {
      const next = secs[row + 1];
      const last = next === undefined;
      const gap = !last && next - s > 2; // the gap threshold of a 1-Hz log
      t.push(row, busy(s) ? 2 : 1, s * 1000, last || gap ? 0 : 1, last || gap ? 1 : 0, gap ? (next - s) * 1000 : NaN);
    });
    const I = 1;
    expect(t.busyS + t.busyK * I).toBe(11);
    expect(t.first).toBe(5);
    expect(t.last).toBe(23); // second 26 (rows 0–19 are seconds 0–19, then 23, 24, 25, 26)
    // known active span: seconds 5–19 (15 rows) and 23–26 (4 rows), each standing for 1 s
    expect(t.knownThroughS - t.knownBeforeS + (t.knownThroughK - t.knownBeforeK) * I).toBe(19);
    // logging gap inside the span: the 4-s step stands for 1 s recorded and 3 s unrecorded
    expect(t.gapThroughS - t.gapBeforeS - (t.gapThroughK - t.gapBeforeK) * I).toBe(3);
    // idle gaps inside the span: 10–13 (4 s), 18–19 (2 s, ends at the logging gap), 23–24 (2 s)
    expect(t.gaps).toBe(3);
    expect(t.gapsS + t.gapsK * I).toBe(8);
    expect(Math.max(t.long0, t.long1 + I)).toBe(4);
    // the idle streak: seconds 27–29, the last one interval
    expect(t.streakS + t.streakK * I).toBe(3);
  });

  it('a copy goes on without changing the original', () => {
    const t = new ActivityTally();
    t.push(0, 2, 0, 1, 0, NaN);
    const c = t.clone();
    c.push(1, 1, 1000, 1, 0, NaN);
    c.push(2, 2, 2000, 0, 1, NaN);
    expect([c.gaps, t.gaps]).toEqual([1, 0]);
  });
});

import { describe, expect, it } from 'vitest';
import { idleGaps } from '../src/analyze/idle-gaps.js';
import { readLog } from '../src/series/read-log.js';
import { scenarioA } from './helpers/scenarios.js';
import { synthLog } from './helpers/synth-log.js';

const T0 = Date.UTC(2026, 10, 23, 19, 0, 0);

describe('idleGaps', () => {
  it('scenario A: three idle intervals in the span, the logging gap cuts one and is never idle', async () => {
    const log = await readLog({ text: scenarioA(), name: 'a' });
    const g = idleGaps(log.gpus[0]!, { gapThresholdS: log.gapThresholdS, intervalS: log.intervalS });
    expect(g.gaps.map((x) => [(x.startMs - T0) / 1000, (x.endMs - T0) / 1000, x.durationS, x.endsAtLoggingGap])).toEqual([
      [10, 14, 4, false],
      [18, 20, 2, true],
      [23, 25, 2, false],
    ]);
    expect(g.count).toBe(3);
    expect(g.totalS).toBe(8);
    expect(g.medianS).toBe(2);
    expect(g.longestS).toBe(4);
    expect(g.shareOfActive).toBeCloseTo(8 / 19, 12);
  });

  it('minGapS drops shorter intervals', async () => {
    const log = await readLog({ text: scenarioA(), name: 'a' });
    const g = idleGaps(log.gpus[0]!, { minGapS: 3 });
    expect(g.count).toBe(1);
    expect(g.totalS).toBe(4);
    expect(() => idleGaps(log.gpus[0]!, { minGapS: -1 })).toThrow('invalid minimum gap: -1');
  });

  it('median and p90 of ten gaps of 1..10 s', async () => {
    // busy 1 s, then idle k s, for k = 1..10, then busy 1 s
    const pattern: boolean[] = [];
    for (let k = 1; k <= 10; k++) pattern.push(true, ...Array<boolean>(k).fill(false));
    pattern.push(true);
    const log = await readLog({
      text: synthLog({
        gpus: 1,
        seconds: pattern.length,
        state: (t) => (pattern[t] ? { powerW: 300, utilPct: 100 } : { powerW: 70, utilPct: 0 }),
      }),
      name: 'p',
    });
    const g = idleGaps(log.gpus[0]!);
    expect(g.gaps.map((x) => x.durationS)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(g.totalS).toBe(55);
    expect(g.medianS).toBe(5.5);
    // 90th percentile, interpolated between order statistics: position 0.9 × (10 − 1) = 8.1 → 9 + 0.1 × (10 − 9)
    expect(g.p90S).toBeCloseTo(9.1, 12);
    expect(g.longestS).toBe(10);
  });

  it('a GPU busy throughout has no idle gap', async () => {
    const log = await readLog({ text: synthLog({ gpus: 1, seconds: 8, state: () => ({ powerW: 300, utilPct: 100 }) }), name: 'b' });
    expect(idleGaps(log.gpus[0]!).count).toBe(0);
  });
});

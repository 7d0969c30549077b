import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dutyCycle } from '../src/analyze/duty-cycle.js';
import { idleGaps } from '../src/analyze/idle-gaps.js';
import { readLog } from '../src/series/read-log.js';
import { scenarioA } from './helpers/scenarios.js';
import { synthLog } from './helpers/synth-log.js';

const read = (text: string) => readLog({ text, name: 'synth' });
const T0 = Date.UTC(2026, 10, 23, 19, 0, 0);

describe('dutyCycle', () => {
  it('scenario A: span 5 → 27 s, 11 busy s of 19 known s (3 s of logging gap left out)', async () => {
    const log = await read(scenarioA());
    const d = dutyCycle(log.gpus[0]!, { gapThresholdS: log.gapThresholdS, intervalS: log.intervalS });
    expect(d.activeStartMs).toBe(T0 + 5000);
    expect(d.activeEndMs).toBe(T0 + 27000);
    // recorded time: the 3 s of the 4-s logging step beyond one interval are unrecorded
    expect(d.activeSpanS).toBe(19);
    expect(d.loggingGapS).toBe(3);
    expect(d.wallSpanS).toBe(22);
    expect(d.busyS).toBe(11);
    expect(d.knownActiveS).toBe(19);
    expect(d.unknownActiveS).toBe(3);
    expect(d.dutyCycle).toBeCloseTo(11 / 19, 12);
    // 27 samples of 1 s each over the whole log
    expect(d.dutyCycleWholeLog).toBeCloseTo(11 / 27, 12);
    expect(d.activePower.minW).toBe(72);
    expect(d.activePower.meanW).toBeCloseTo((300 * 5 + 120 * 3 + 80 + 350 * 4 + 72 * 4 + 250 * 2) / 19, 10);
  });

  it('a GPU that never idles has duty cycle 1 and its minimum power is its lowest busy reading', async () => {
    const log = await read(synthLog({ gpus: 1, seconds: 10, state: (t) => ({ powerW: 200 + t * 10, utilPct: 100 }) }));
    const d = dutyCycle(log.gpus[0]!);
    expect(d.dutyCycle).toBe(1);
    expect(d.dutyCycleWholeLog).toBe(1);
    // 10 samples of 1 s, the last standing for one interval
    expect(d.activeSpanS).toBe(10);
    expect(d.activePower.minW).toBe(200);
  });

  it('a GPU that never works has duty cycle 0 and an empty active span', async () => {
    const log = await read(synthLog({ gpus: 1, seconds: 10, state: () => ({ powerW: 70, utilPct: 0 }) }));
    const d = dutyCycle(log.gpus[0]!);
    expect(d.dutyCycle).toBe(0);
    expect(d.activeSpanS).toBe(0);
    expect(Number.isNaN(d.activePower.minW)).toBe(true);
  });

  it('property: busy time + idle-gap time = known time of the active span, duty in [0, 1]', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 3, maxLength: 40 }),
        fc.array(fc.nat({ max: 39 }), { maxLength: 5 }),
        async (pattern, missing) => {
          const miss = new Set(missing.filter((m) => m > 0 && m < pattern.length - 1));
          const log = await read(
            synthLog({
              gpus: 1,
              seconds: pattern.length,
              missingSeconds: miss,
              state: (t) => (pattern[t] ? { powerW: 300, utilPct: 100 } : { powerW: 70, utilPct: 0 }),
            }),
          );
          const opts = { gapThresholdS: 1.5, intervalS: 1 };
          const d = dutyCycle(log.gpus[0]!, opts);
          const g = idleGaps(log.gpus[0]!, { ...opts, duty: d });
          const busyKept = pattern.filter((b, t) => b && !miss.has(t)).length;
          // a single idle reading in the whole log is taken for an outlier (see idleFloor)
          if (pattern.filter((b, t) => !b && !miss.has(t)).length === 1) return;
          expect(d.busyS).toBe(busyKept);
          if (busyKept === 0) return;
          expect(d.dutyCycle).toBeGreaterThan(0);
          expect(d.dutyCycle).toBeLessThanOrEqual(1);
          expect(d.busyS + g.totalS).toBeCloseTo(d.knownActiveS, 9);
        },
      ),
      { numRuns: 60 },
    );
  });
});

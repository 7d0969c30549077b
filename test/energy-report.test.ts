import { describe, expect, it } from 'vitest';
import { energyReport } from '../src/analyze/energy-report.js';
import { readLog } from '../src/series/read-log.js';
import { scenarioA } from './helpers/scenarios.js';
import { synthLog } from './helpers/synth-log.js';

describe('energyReport', () => {
  it('scenario A: trapezoids worked by hand, 3941 J in the active span, 4546 J over the log, the logging gap not bridged', async () => {
    const log = await readLog({ text: scenarioA(), name: 'a' });
    const e = energyReport(log.gpus, { gapThresholdS: log.gapThresholdS, intervalS: log.intervalS, items: 3 });
    // active span 5 → 27 s: 4×300 + 210 + 2×120 + 100 + 215 + 3×350 + 211 + 72 (to t = 19) + 72 + 161 + 250 + 160 (23 → 27)
    expect(e.gpus[0]!.activeEnergyJ).toBeCloseTo(3941, 9);
    // plus 4×70 + 185 before the span and 2×70 after it
    expect(e.gpus[0]!.wholeLogEnergyJ).toBeCloseTo(4546, 9);
    expect(e.wholeLogEnergyWh).toBeCloseTo(4546 / 3600, 12);
    expect(e.perItemJ).toBeCloseTo(3941 / 3, 9);
  });

  it('two GPUs add up; a GPU that never works has no active energy', async () => {
    const log = await readLog({
      text: synthLog({ gpus: 2, seconds: 4, state: (_t, g) => ({ powerW: g === 0 ? 300 : 70, utilPct: g === 0 ? 100 : 0 }) }),
      name: 'b',
    });
    const e = energyReport(log.gpus);
    expect(e.gpus.map((g) => g.wholeLogEnergyJ)).toEqual([900, 210]);
    expect(e.gpus.map((g) => g.activeEnergyJ)).toEqual([900, 0]);
    expect(e.wholeLogEnergyJ).toBe(1110);
    expect(e.perItemJ).toBeNull();
    expect(() => energyReport(log.gpus, { items: 0 })).toThrow('invalid items: 0');
  });
});

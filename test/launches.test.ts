import { describe, expect, it } from 'vitest';
import { launches } from '../src/analyze/launches.js';
import { readLog } from '../src/series/read-log.js';
import { scenarioA } from './helpers/scenarios.js';
import { synthLog } from './helpers/synth-log.js';

const T0 = Date.UTC(2026, 10, 23, 19, 0, 0);

describe('launches', () => {
  it('scenario A: 3 processes; the gaps ending where PID 102 and 103 appear are launch gaps, the one cut by the logging gap is not', async () => {
    const log = await readLog({ text: scenarioA(), name: 'a' });
    const l = launches(log.gpus[0]!, { gapThresholdS: log.gapThresholdS, intervalS: log.intervalS });
    expect(l.count).toBe(3);
    expect(l.processes.map((p) => [p.pid, (p.firstMs - T0) / 1000, (p.lastMs - T0) / 1000, p.samples])).toEqual([
      [101, 5, 9, 5],
      [102, 13, 17, 5],
      [103, 25, 26, 2],
    ]);
    expect(l.gapCount).toBe(2);
    expect(l.launchGaps.map((g) => g.durationS)).toEqual([4, 2]);
    expect(l.overheadS).toBe(6);
    expect(l.overheadShareOfIdle).toBeCloseTo(6 / 8, 12);
    expect(l.overheadShareOfActive).toBeCloseTo(6 / 19, 12);
    expect(l.medianGapS).toBe(3);
    expect(l.maxConcurrent).toBe(1);
    expect(l.warning).toBeNull();
  });

  it('two compute processes at once give max concurrent 2 and a warning; graphics processes are not counted', async () => {
    const log = await readLog({
      text: synthLog({
        gpus: 1,
        seconds: 6,
        state: (t) => ({
          powerW: 300,
          utilPct: 100,
          processes: [{ pid: 1, type: 'G', name: 'Xorg' }, { pid: 10 }, ...(t >= 2 && t <= 3 ? [{ pid: 11 }] : [])],
        }),
      }),
      name: 's',
    });
    const l = launches(log.gpus[0]!);
    expect(l.count).toBe(2);
    expect(l.maxConcurrent).toBe(2);
    expect(l.warning).toMatch(/^2 compute processes shared this GPU/);
    expect(launches(log.gpus[0]!, { computeOnly: false }).maxConcurrent).toBe(3);
  });
});

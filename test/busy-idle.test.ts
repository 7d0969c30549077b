import { describe, expect, it } from 'vitest';
import { busyIdle } from '../src/analyze/busy-idle.js';
import { METRIC_KEYS, type MetricKey } from '../src/parse/fields.js';
import { readLog } from '../src/series/read-log.js';
import { scenarioA } from './helpers/scenarios.js';
import { synthLog } from './helpers/synth-log.js';

const read = (text: string) => readLog({ text, name: 'synth' });
const busyTimes = (c: { busy: Uint8Array }, timeMs: Float64Array) =>
  Array.from(c.busy).flatMap((b, i) => (b ? [(timeMs[i]! - timeMs[0]!) / 1000] : []));

describe('busyIdle', () => {
  it('puts the threshold 10 % of the headroom above the idle floor when the power limit is known', async () => {
    const log = await read(scenarioA());
    const g = log.gpus[0]!;
    const c = busyIdle(g, { gapThresholdS: log.gapThresholdS, intervalS: log.intervalS });
    expect(c.method).toBe('idle-floor+limit');
    // floor 70 W, limit 700 W: 70 + 0.1 × 630 = 133 W
    expect(c.thresholdW).toBeCloseTo(133, 10);
    expect(c.floorW).toBe(70);
    expect(c.limitW).toBe(700);
    // 120 W "warm idle" and 80 W with a fresh context stay idle; 300 W with util 0 (t = 9) is busy
    expect(busyTimes(c, g.timeMs)).toEqual([5, 6, 7, 8, 9, 14, 15, 16, 17, 25, 26]);
  });

  it('busySignal util ignores power: the 300 W sample with 0 % utilisation is idle', async () => {
    const log = await read(scenarioA());
    const c = busyIdle(log.gpus[0]!, { busySignal: 'util' });
    expect(c.thresholdW).toBeNull();
    expect(busyTimes(c, log.gpus[0]!.timeMs)).toEqual([5, 6, 7, 8, 14, 15, 16, 17, 25, 26]);
  });

  it('idleBelowW overrides the threshold', async () => {
    const log = await read(scenarioA());
    const c = busyIdle(log.gpus[0]!, { idleBelowW: 100, busySignal: 'power' });
    expect(c.method).toBe('user');
    expect(c.thresholdW).toBe(100);
    expect(busyTimes(c, log.gpus[0]!.timeMs)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 25, 26]);
  });

  it('a GPU that never idles is busy in every sample, not split at its noise', async () => {
    const log = await read(synthLog({ gpus: 1, seconds: 20, state: (t) => ({ powerW: 260 + (t % 5) * 20, utilPct: 100 }) }));
    for (const busySignal of ['power', 'both'] as const) {
      const c = busyIdle(log.gpus[0]!, { busySignal });
      expect(c.method).toBe('never-idle');
      expect(Array.from(c.busy).every((b) => b === 1)).toBe(true);
    }
  });

  it('a GPU that never idles for two days at 1 Hz (172,800 samples) is classified, not a stack overflow', () => {
    // the lowest reading was once taken with Math.min(...readings), which throws beyond ~120,000
    const n = 172_800;
    const col = (f: (i: number) => number): Float64Array => Float64Array.from({ length: n }, (_, i) => f(i));
    const columns = Object.fromEntries(METRIC_KEYS.map((k) => [k, new Float64Array(n).fill(NaN)])) as Record<MetricKey, Float64Array>;
    columns.powerW = col((i) => 260 + (i % 5) * 20);
    columns.gpuUtilPct = col(() => 100);
    columns.powerLimitW = col(() => 700);
    const c = busyIdle({ length: n, timeMs: col((i) => i * 1000), columns });
    expect(c.method).toBe('never-idle');
    expect(c.thresholdW).toBe(260);
    expect(c.busy.every((b) => b === 1)).toBe(true);
  });

  it('a GPU that never works (idle power wandering between 70 and 125 W, 0 % util) has no busy sample', async () => {
    const log = await read(synthLog({ gpus: 1, seconds: 20, state: (t) => ({ powerW: t % 2 ? 125 : 70, utilPct: 0 }) }));
    const c = busyIdle(log.gpus[0]!);
    expect(Array.from(c.busy).every((b) => b === 0)).toBe(true);
  });

  it('without a power limit, ckmeans splits two far-apart levels at the midpoint of the gap', async () => {
    const log = await read(
      synthLog({
        gpus: [{ powerLimitW: NaN }],
        seconds: 20,
        state: (t) => ({ powerW: t < 10 ? 70 + (t % 2) : 300 + (t % 3), utilPct: 0 }),
      }),
    );
    const c = busyIdle(log.gpus[0]!, { busySignal: 'power' });
    expect(c.method).toBe('ckmeans');
    expect(c.thresholdW).toBe((71 + 300) / 2);
    expect(busyTimes(c, log.gpus[0]!.timeMs)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('without a power limit, one power level is all busy or all idle by its median utilisation', async () => {
    const busyLog = await read(
      synthLog({ gpus: [{ powerLimitW: NaN }], seconds: 10, state: (t) => ({ powerW: 290 + (t % 3) * 5, utilPct: 100 }) }),
    );
    const c1 = busyIdle(busyLog.gpus[0]!);
    expect(c1.method).toBe('one-level');
    expect(Array.from(c1.busy).every((b) => b === 1)).toBe(true);
    const idleLog = await read(
      synthLog({ gpus: [{ powerLimitW: NaN }], seconds: 10, state: (t) => ({ powerW: 70 + (t % 3), utilPct: 0 }) }),
    );
    const c2 = busyIdle(idleLog.gpus[0]!);
    expect(Array.from(c2.busy).every((b) => b === 0)).toBe(true);
  });

  it('rejects a bad override with a specific message', async () => {
    const log = await read(scenarioA());
    expect(() => busyIdle(log.gpus[0]!, { idleBelowW: -3 })).toThrow('invalid idle below: -3');
    expect(() => busyIdle(log.gpus[0]!, { busySignal: 'x' as 'power' })).toThrow('invalid busy signal: x');
  });
});

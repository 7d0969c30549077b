import { describe, expect, it } from 'vitest';
import { pcieSum } from '../src/analyze/pcie-sum.js';
import { readLog } from '../src/series/read-log.js';
import { synthLog } from './helpers/synth-log.js';

const T0 = Date.UTC(2026, 10, 23, 19, 0, 0);

describe('pcieSum', () => {
  it('sums two GPUs on a common grid; the 4-s trailing average peaks at 4000 and its median is 2500 KB/s', async () => {
    // GPU 0 sends 1000 KB/s throughout; GPU 1 starts sending 3000 KB/s at t = 5
    const log = await readLog({
      text: synthLog({ gpus: 2, seconds: 10, state: (t, g) => ({ powerW: 100, txKBps: g === 0 ? 1000 : t >= 5 ? 3000 : 0, rxKBps: 7 }) }),
      name: 'p',
    });
    const p = pcieSum(log.gpus, { windowS: 4 });
    expect(Array.from(p.grid.timeMs)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((s) => T0 + s * 1000));
    expect(Array.from(p.grid.txSumKBps)).toEqual([1000, 1000, 1000, 1000, 1000, 4000, 4000, 4000, 4000, 4000]);
    // trailing window of 4 grid points, first full window at t = 3
    expect(Array.from(p.grid.txMovingKBps).slice(3)).toEqual([1000, 1000, 1750, 2500, 3250, 4000, 4000]);
    expect(Array.from(p.grid.txMovingKBps).slice(0, 3).every(Number.isNaN)).toBe(true);
    expect(p.txPeakKBps).toBe(4000);
    // median of the 7 values above
    expect(p.txPlateauKBps).toBe(2500);
    expect(p.rxPeakKBps).toBe(14);
    expect(p.note).toBeNull();
    expect(p.gpus.map((g) => g.txMaxKBps)).toEqual([1000, 3000]);
  });

  it('the plateau is taken over the given span only', async () => {
    const log = await readLog({ text: synthLog({ gpus: 1, seconds: 20, state: (t) => ({ txKBps: t >= 10 ? 500 : 0 }) }), name: 'p' });
    const p = pcieSum(log.gpus, { windowS: 2, fromMs: T0 + 12000, toMs: T0 + 20000 });
    expect(p.txPlateauKBps).toBe(500);
  });

  it('holds each reading until the next sample: -lms logs and 1-s logs of the same signal agree', async () => {
    const sig = (t: number) => ({ txKBps: Math.floor(t) % 4 < 2 ? 2000 : 0 });
    const a = await readLog({ text: synthLog({ gpus: 1, seconds: 16, state: sig }), name: 'a' });
    const b = await readLog({ text: synthLog({ gpus: 1, seconds: 16, perSecond: 5, state: sig }), name: 'b' });
    const pa = pcieSum(a.gpus, { windowS: 4, gridS: 0.2 });
    const pb = pcieSum(b.gpus, { windowS: 4, gridS: 0.2 });
    expect(pa.txPeakKBps).toBeCloseTo(1000, 9);
    expect(pb.txPeakKBps).toBeCloseTo(1000, 9);
    expect(pa.txPlateauKBps).toBeCloseTo(pb.txPlateauKBps!, 9);
  });

  it('a logging gap is no reading, not zero traffic', async () => {
    const log = await readLog({
      text: synthLog({ gpus: 1, seconds: 12, missingSeconds: [4, 5, 6, 7], state: () => ({ txKBps: 800 }) }),
      name: 'g',
    });
    const p = pcieSum(log.gpus, { windowS: 2 });
    const finiteSums = Array.from(p.grid.txSumKBps).filter(Number.isFinite);
    expect(finiteSums.every((v) => v === 800)).toBe(true);
    expect(p.txPlateauKBps).toBe(800);
  });

  it('TX N/A everywhere (K80) gives null figures and says so', async () => {
    const log = await readLog({
      text: synthLog({ gpus: 2, seconds: 5, style: 'v9', state: () => ({ powerW: 60, txKBps: null, rxKBps: null }) }),
      name: 'k80',
    });
    const p = pcieSum(log.gpus);
    expect(p.txPeakKBps).toBeNull();
    expect(p.txPlateauKBps).toBeNull();
    expect(p.note).toMatch(/TX is N\/A in every sample/);
    expect(p.windowS).toBe(10);
    expect(() => pcieSum(log.gpus, { windowS: -3 })).toThrow('invalid window: -3');
  });
});

describe('pcieSum over logs with a long hole', () => {
  it('two runs appended seven years apart: a small grid, and the figures of the runs themselves', async () => {
    const { readLog } = await import('../src/series/read-log.js');
    const { synthLog } = await import('./helpers/synth-log.js');
    const run = (startMs: number, tx: number) =>
      synthLog({
        gpus: 1,
        seconds: 40,
        startMs,
        state: (t) => ({ powerW: 300, utilPct: 100, txKBps: t < 20 ? tx : 2 * tx, processes: [{ pid: 1 }] }),
      });
    const a = Date.UTC(2019, 2, 29, 12, 0, 0);
    const b = Date.UTC(2026, 10, 23, 19, 0, 0);
    const both = await readLog({ text: run(a, 1000) + run(b, 3000) });
    const p = pcieSum(both.gpus, { windowS: 10, gapThresholdS: both.gapThresholdS, intervalS: both.intervalS });
    // 40 s + 40 s of readings, each padded with one 10-s window: far from 7 years of seconds
    expect(p.grid.timeMs.length).toBeLessThan(200);
    // the second run's TX doubles to 6000 KB/s for its last 20 s: a 10-s window reaches 6000
    expect(p.txPeakKBps).toBe(6000);
    const alone = await readLog({ text: run(b, 3000) });
    expect(pcieSum(alone.gpus, { windowS: 10, gapThresholdS: alone.gapThresholdS, intervalS: alone.intervalS }).txPeakKBps).toBe(6000);
  });
});

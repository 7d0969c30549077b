import { describe, expect, it } from 'vitest';
import { readLog } from '../src/series/read-log.js';
import { synthLog } from './helpers/synth-log.js';

describe('synthLog', () => {
  it('writes one document per second that the reader reads back with the chosen values', async () => {
    const xml = synthLog({
      gpus: 2,
      seconds: 5,
      state: (t, g) => ({
        powerW: 70 + t + g * 100,
        utilPct: t * 10,
        txKBps: 1000 * t,
        rxKBps: 5,
        processes: t >= 2 ? [{ pid: 100 + g }] : [],
        activeFlags: t === 0 ? ['gpu_idle'] : [],
      }),
    });
    expect(xml.match(/<\?xml/g)?.length).toBe(5);
    const log = await readLog({ text: xml, name: 'synth' });
    expect(log.documents).toBe(5);
    expect(log.damagedDocuments).toBe(0);
    expect(log.gpus.length).toBe(2);
    const g1 = log.gpus[1]!;
    expect(Array.from(g1.columns.powerW)).toEqual([170, 171, 172, 173, 174]);
    expect(Array.from(g1.columns.gpuUtilPct)).toEqual([0, 10, 20, 30, 40]);
    expect(Array.from(g1.columns.pcieTxKBps)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(Array.from(g1.flags.gpu_idle!)).toEqual([1, 0, 0, 0, 0]);
    expect(Array.from(g1.processes.pid)).toEqual([101, 101, 101]);
    expect(Array.from(g1.timeMs)).toEqual([0, 1, 2, 3, 4].map((s) => Date.UTC(2026, 10, 23, 19, 0, s)));
  });

  it('v9 style with N/A TX and a missing second gives power_draw, NaN TX and a logging gap', async () => {
    const xml = synthLog({
      gpus: 1,
      seconds: 8,
      style: 'v9',
      missingSeconds: [3, 4, 5],
      state: () => ({ powerW: 28, utilPct: 0, txKBps: null }),
    });
    const log = await readLog({ text: xml, name: 'k80' });
    expect(log.documents).toBe(5);
    const g = log.gpus[0]!;
    expect(Array.from(g.columns.powerW)).toEqual([28, 28, 28, 28, 28]);
    expect(Array.from(g.columns.pcieTxKBps).every(Number.isNaN)).toBe(true);
    expect(log.loggingGaps.length).toBe(1);
    expect(log.loggingGaps[0]!.durationS).toBe(4);
  });

  it('perSecond writes several documents per timestamp second', async () => {
    const log = await readLog({
      text: synthLog({ gpus: 1, seconds: 2, perSecond: 4, state: (t) => ({ powerW: 100 + t * 4 }) }),
      name: 'lms',
    });
    expect(log.documents).toBe(8);
    expect(Array.from(log.gpus[0]!.columns.powerW)).toEqual([100, 101, 102, 103, 104, 105, 106, 107]);
  });
});

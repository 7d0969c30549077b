import { describe, expect, it } from 'vitest';
import { op } from 'arquero';
import { readLog } from '../src/series/read-log.js';
import { METRIC_KEYS } from '../src/parse/fields.js';
import { toTable } from '../src/table/to-table.js';
import { synthLog } from './helpers/synth-log.js';

const T0 = Date.UTC(2026, 10, 23, 19, 0, 0);

/** 2 GPUs, 5 s; GPU 0 draws 100 + t W, GPU 1 draws 200 + t W; GPU 1 has no TX reading at t = 2. */
function twoGpuXml(): string {
  return synthLog({
    gpus: [
      { uuid: 'GPU-a', name: 'Card A' },
      { uuid: 'GPU-b', name: 'Card B' },
    ],
    seconds: 5,
    state: (t, g) => ({ powerW: (g === 0 ? 100 : 200) + t, utilPct: g * 50, txKBps: g === 1 && t === 2 ? null : 1000 * (t + 1) }),
  });
}

describe('toTable', () => {
  it('a single-GPU log goes in without copying: the power column is the series array itself', async () => {
    const log = await readLog({ text: synthLog({ gpus: 1, seconds: 3, state: (t) => ({ powerW: 70 + t }) }) });
    const t = toTable(log);
    expect(t.numRows()).toBe(3);
    expect(t.column('powerW')).toBe(log.gpus[0]!.columns.powerW);
    expect(Array.from(t.array('powerW') as ArrayLike<number>)).toEqual([70, 71, 72]);
    expect(t.columnNames()).not.toContain('run');
  });

  it('long form has one row per GPU per sample with identity, time and every metric', async () => {
    const log = await readLog({ text: twoGpuXml() });
    const t = toTable(log);
    expect(t.numRows()).toBe(10);
    for (const k of METRIC_KEYS) expect(t.columnNames()).toContain(k);
    for (const c of ['timeMs', 'relativeS', 'gpuIndex', 'gpuUuid', 'gpuName', 'gpuBusId', 'reason_gpu_idle'])
      expect(t.columnNames()).toContain(c);
    const rows = t.objects() as Record<string, unknown>[];
    // hand-worked: GPU 0 rows first, then GPU 1; relative time 0..4 s; TX N/A at GPU 1 t=2 → NaN
    expect(rows.map((r) => r.gpuUuid)).toEqual(['GPU-a', 'GPU-a', 'GPU-a', 'GPU-a', 'GPU-a', 'GPU-b', 'GPU-b', 'GPU-b', 'GPU-b', 'GPU-b']);
    expect(rows.map((r) => r.powerW)).toEqual([100, 101, 102, 103, 104, 200, 201, 202, 203, 204]);
    expect(rows.map((r) => r.relativeS)).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
    expect(rows.map((r) => r.timeMs)).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4].map((s) => T0 + s * 1000));
    expect(rows[7]!.pcieTxKBps).toBeNaN();
    expect(rows[6]!.pcieTxKBps).toBe(2000);
    expect(rows[9]!.gpuName).toBe('Card B');
    expect(rows[9]!.gpuIndex).toBe(1);
  });

  it('wide form has one row per sample and gpu<i>_ columns', async () => {
    const log = await readLog({ text: twoGpuXml() });
    const t = toTable(log, { wide: true });
    expect(t.numRows()).toBe(5);
    expect(Array.from(t.array('gpu0_powerW') as ArrayLike<number>)).toEqual([100, 101, 102, 103, 104]);
    expect(Array.from(t.array('gpu1_powerW') as ArrayLike<number>)).toEqual([200, 201, 202, 203, 204]);
    expect((t.array('gpu1_pcieTxKBps') as Float64Array)[2]).toBeNaN();
    expect(t.columnNames()).not.toContain('gpuName');
  });

  it('wide form leaves a GPU NaN in the samples where it is absent', async () => {
    // GPU 1 only appears from t = 2 on: two logs concatenated would be needed, so build the document set by hand
    const a = synthLog({ gpus: [{ uuid: 'GPU-a' }], seconds: 2, state: () => ({ powerW: 50 }) });
    const b = synthLog({
      gpus: [{ uuid: 'GPU-a' }, { uuid: 'GPU-b' }],
      seconds: 2,
      startMs: T0 + 2000,
      state: (_t, g) => ({ powerW: g ? 60 : 50 }),
    });
    const log = await readLog({ text: a + b });
    const t = toTable(log, { wide: true });
    const p1 = Array.from(t.array('gpu1_powerW') as ArrayLike<number>);
    expect(p1.slice(0, 2).every(Number.isNaN)).toBe(true);
    expect(p1.slice(2)).toEqual([60, 60]);
  });

  it('several runs go into one table with a run column from labels', async () => {
    const a = await readLog({ text: synthLog({ gpus: 1, seconds: 3, state: () => ({ powerW: 100 }) }) });
    const b = await readLog({ text: twoGpuXml() });
    const t = toTable([a, b], { labels: ['folder', 'sem'] });
    expect(t.numRows()).toBe(13);
    const means = t
      .groupby('run')
      .rollup({ n: op.count(), meanW: op.mean('powerW') })
      .orderby('run')
      .objects();
    // hand-worked: folder 3 rows at 100 W; sem 10 rows, mean of 100..104 and 200..204 = 152
    expect(means).toEqual([
      { run: 'folder', n: 3, meanW: 100 },
      { run: 'sem', n: 10, meanW: 152 },
    ]);
  });

  it('run labels default to file names and must match the number of logs', async () => {
    const a = await readLog({ text: synthLog({ gpus: 1, seconds: 2, state: () => ({ powerW: 1 }) }), name: '/x/h100-folder.xml.gz' });
    const b = await readLog({ text: synthLog({ gpus: 1, seconds: 2, state: () => ({ powerW: 1 }) }), name: 'perfile.xml' });
    expect(toTable([a, b]).dedupe('run').array('run')).toEqual(['h100-folder', 'perfile']);
    expect(() => toTable([a, b], { labels: ['one'] })).toThrow('invalid labels: 1 labels for 2 logs');
  });

  it('dates: true adds a Date column matching timeMs', async () => {
    const log = await readLog({ text: synthLog({ gpus: 1, seconds: 2, state: () => ({ powerW: 1 }) }) });
    const t = toTable(log, { dates: true });
    expect((t.array('time') as Date[]).map((d) => d.toISOString())).toEqual(['2026-11-23T19:00:00.000Z', '2026-11-23T19:00:01.000Z']);
  });
});

import { describe, expect, it } from 'vitest';
import { compareRuns, type Finding } from '../src/analyze/compare-runs.js';
import { readLog } from '../src/series/read-log.js';
import { synthLog, type SynthState } from './helpers/synth-log.js';

const idle: SynthState = { powerW: 70, utilPct: 0, txKBps: 0 };
/** One process busy from t = 2 to 21 (20 s). */
const longLived = (t: number): SynthState =>
  t >= 2 && t <= 21 ? { powerW: 300, utilPct: 100, processes: [{ pid: 1 }], txKBps: 1000 } : idle;
/** Four processes of 4 busy seconds at t = 2, 9, 16, 23, each after 3 idle seconds (the first after the log start). */
const perItem = (t: number): SynthState => {
  const k = Math.floor((t - 2) / 7);
  const inK = (t - 2) % 7;
  return t >= 2 && k < 4 && inK < 4 ? { powerW: 300, utilPct: 100, processes: [{ pid: 11 + k }], txKBps: 1000 } : idle;
};
const log = (state: (t: number, g: number) => SynthState, gpus = 1, seconds = 30) =>
  readLog({ text: synthLog({ gpus, seconds, state }), name: 'synth' });
const kinds = (fs: readonly Finding[]): string[] => fs.map((f) => f.kind).sort();

describe('compareRuns', () => {
  it('ranks by active span, decomposes the difference and gives findings with the figures worked out by hand', async () => {
    const c = compareRuns([
      { label: 'perfile', log: await log(perItem) },
      { label: 'folder', log: await log(longLived) },
    ]);
    expect(c.winner).toBe('folder');
    expect(c.verdict).toBe('unrepeated'); // single runs: no test
    expect(c.significant).toBe(false);
    const [f, p] = c.runs;
    expect([f!.label, f!.rank, f!.activeSpanS, f!.dutyCycle, f!.complete]).toEqual(['folder', 1, 20, 1, true]);
    // perfile: busy 2–5, 9–12, 16–19, 23–26; span 2 → 27 = 25 s, 16 busy s, 3 gaps of 3 s each ending in a new PID
    expect([p!.label, p!.rank, p!.activeSpanS, p!.dutyCycle]).toEqual(['perfile', 2, 25, 16 / 25]);
    expect(p!.attribution).toEqual({
      busyS: 16,
      launchOverheadS: 9,
      processWaitS: 0,
      noProcessWaitS: 0,
      idleUnknownS: 0,
      imbalanceS: 0,
      unrecordedS: 0,
      totalS: 25,
    });
    expect(f!.attribution.busyS).toBe(20);
    // the difference: 5 s = 9 s launch overhead − 4 s busy (perfile did 16 busy s, folder 20)
    const d = c.differences[0]!;
    expect([d.faster, d.slower, d.extraSpanS, d.extraGpuS]).toEqual(['folder', 'perfile', 5, 5]);
    expect(d.parts.launchOverheadS).toBe(9);
    expect(d.parts.busyS).toBe(-4);
    // folder: 19 steps at 300 W and one step 300 → 70 W inside 2 → 22 s; perfile less, so no energy finding
    expect(f!.activeEnergyJ).toBe(19 * 300 + 185);
    expect(p!.activeEnergyJ).toBe(12 * 300 + 7 * 185 + 6 * 70);
    expect(kinds(c.findings)).toEqual(['DUTY_CYCLE', 'IDLE_POWER', 'LAUNCH_OVERHEAD', 'SPAN', 'TX_PLATEAU']);
    const launch = c.findings.find((x) => x.kind === 'LAUNCH_OVERHEAD')!;
    expect(launch.runs).toEqual(['folder', 'perfile']);
    expect(launch.figures).toMatchObject({ folder: 0, perfile: 9, launches: 4, otherLaunches: 1, launchGaps: 3, medianGapS: 3 });
    // advice: perfile waited 9 of 25 GPU-s for launches (36 %): saving 9 s = 36 % of its span
    const a = c.advice.find((x) => x.code === 'LAUNCH_OVERHEAD')!;
    expect([a.runs, a.estimatedSavingS, a.estimatedSavingPct, a.severity]).toEqual([['perfile'], 9, 36, 'high']);
  });

  it('identical runs are a tie, with no finding and no difference', async () => {
    const c = compareRuns([
      { label: 'a', log: await log(longLived) },
      { label: 'b', log: await log(longLived) },
    ]);
    expect(c.verdict).toBe('tie');
    expect(c.winner).toBeNull();
    expect(c.findings).toEqual([]);
    expect(c.differences[0]!.extraSpanS).toBe(0);
  });

  it('more GPUs with no higher summed TX plateau is a MORE_GPUS_SAME_TX finding; with a higher plateau it is not', async () => {
    const oneGpu = await log(longLived);
    const twoSplit = await log((t) => ({ ...longLived(t), txKBps: longLived(t).txKBps! / 2 }), 2);
    const c = compareRuns([
      { label: 'one', log: oneGpu },
      { label: 'two', log: twoSplit },
    ]);
    const io = c.findings.filter((r) => r.kind === 'MORE_GPUS_SAME_TX');
    expect(io.map((x) => [x.runs, x.figures.txPlateauKBps, x.figures.otherTxPlateauKBps])).toEqual([[['two', 'one'], 1000, 1000]]);
    const twoFull = await log(longLived, 2);
    expect(
      compareRuns([
        { label: 'one', log: oneGpu },
        { label: 'two', log: twoFull },
      ]).findings.some((r) => r.kind === 'MORE_GPUS_SAME_TX'),
    ).toBe(false);
  });

  it('a run in which no GPU worked ranks last, is named NO_WORK and never wins', async () => {
    const c = compareRuns([
      { label: 'idle', log: await log(() => idle) },
      { label: 'work', log: await log(perItem) },
    ]);
    expect(c.runs.map((r) => r.label)).toEqual(['work', 'idle']);
    expect(c.runs[1]!.dutyCycle).toBeNull();
    expect(c.verdict).toBe('single');
    expect(c.winner).toBeNull();
    expect(c.warnings.filter((w) => w.code === 'NO_WORK').map((w) => w.runs)).toEqual([['idle']]);
    expect(c.advice.find((a) => a.runs[0] === 'idle')!.code).toBe('NO_WORK');
    const none = compareRuns([{ label: 'idle', log: await log(() => idle) }]);
    expect([none.winner, none.verdict]).toEqual([null, 'no-work']);
  });

  it('runs of different work: DIFFERENT_WORK without items; with items, ranked by seconds per item', async () => {
    // long-lived over 20 busy s (20 items of 1 s) against per-item over 4 items (16 busy s, 25 s span)
    const runs = [
      { label: 'folder', log: await log(longLived, 1, 30) },
      { label: 'perfile', log: await log((t) => (t < 10 ? perItem(t) : idle)) }, // 2 items only: busy 2–5, 9
    ];
    const c = compareRuns(runs);
    const w = c.warnings.find((x) => x.code === 'DIFFERENT_WORK')!;
    expect(w.runs).toEqual(['folder', 'perfile']);
    expect(w.figures.ratio).toBeGreaterThan(1.5);
    const per = compareRuns(runs.map((r) => ({ ...r, items: r.label === 'folder' ? 20 : 2 })));
    expect(per.basis).toBe('secondsPerItem');
    expect(per.runs.map((r) => [r.label, r.secondsPerItem])).toEqual([
      ['folder', 1],
      ['perfile', 4], // busy 2–5 and 9: span 2 → 10 = 8 s over 2 items
    ]);
    expect(per.warnings.some((x) => x.code === 'DIFFERENT_WORK')).toBe(false);
  });

  it("repeats: configuration statistics by hand and Welch's test decide the winner; overlapping repeats give no clear winner", async () => {
    // spans 20, 21, 22 (long-lived shifted) against 25, 25, 26
    const shifted =
      (n: number) =>
      (t: number): SynthState =>
        t >= 2 && t <= 21 + n ? { powerW: 300, utilPct: 100, processes: [{ pid: 1 }], txKBps: 1000 } : idle;
    const c = compareRuns([
      { label: 'folder', log: await log(shifted(0)) },
      { label: 'folder', log: await log(shifted(1)) },
      { label: 'folder', log: await log(shifted(2)) },
      { label: 'perfile', log: await log(perItem) },
      { label: 'perfile', log: await log(perItem) },
      {
        label: 'perfile',
        log: await log((t) => (t === 27 ? { ...idle, powerW: 300, utilPct: 100, processes: [{ pid: 99 }] } : perItem(t))),
      },
    ]);
    const [fc, pc] = c.configurations;
    expect([fc!.label, fc!.n, fc!.activeSpanS]).toEqual(['folder', 3, { mean: 21, min: 20, max: 22, sd: 1 }]);
    expect([pc!.label, pc!.n, pc!.activeSpanS.mean, pc!.activeSpanS.min, pc!.activeSpanS.max]).toEqual(['perfile', 3, 76 / 3, 25, 26]);
    expect(pc!.activeSpanS.sd).toBeCloseTo(Math.sqrt(1 / 3), 12);
    // Welch by hand: se² = 1/3 + (1/3)/3; t = (76/3 − 21) / se; df = se⁴ / ((1/3)²/2 + (1/9)²/2)
    const se2 = 1 / 3 + 1 / 9;
    expect(c.test!.t).toBeCloseTo((76 / 3 - 21) / Math.sqrt(se2), 10);
    expect(c.test!.df).toBeCloseTo(se2 ** 2 / ((1 / 3) ** 2 / 2 + (1 / 9) ** 2 / 2), 10);
    expect(c.test!.p).toBeLessThan(0.05);
    expect([c.verdict, c.winner, c.significant]).toEqual(['winner', 'folder', true]);
    const noisy = compareRuns([
      { label: 'a', log: await log(shifted(0), 1, 40) },
      { label: 'a', log: await log(shifted(6), 1, 40) },
      { label: 'b', log: await log(shifted(4), 1, 40) },
      { label: 'b', log: await log(shifted(8), 1, 40) },
    ]);
    // spans 20, 26 against 24, 28: means 23 and 26, Welch p ≈ 0.5
    expect([noisy.verdict, noisy.winner, noisy.significant]).toEqual(['no-clear-winner', null, false]);
    expect(noisy.test!.p).toBeGreaterThan(0.3);
  });
});

describe('compareRuns with several GPUs', () => {
  it('imbalance: a GPU idle after its own last work while another works is attributed to imbalance (known ground truth)', async () => {
    // GPU 0 busy 2–21, GPU 1 busy 2–11 then idle with no process: run span 20 s on 2 GPUs = 40 GPU-s
    const c = compareRuns([{ label: 'fixed', log: await log((t, g) => (g === 1 && t > 11 ? idle : longLived(t)), 2) }]);
    const r = c.runs[0]!;
    expect(r.attribution).toEqual({
      busyS: 30,
      launchOverheadS: 0,
      processWaitS: 0,
      noProcessWaitS: 0,
      idleUnknownS: 0,
      imbalanceS: 10,
      unrecordedS: 0,
      totalS: 40,
    });
    const a = c.advice.find((x) => x.code === 'IMBALANCE')!;
    expect([a.estimatedSavingS, a.figures.share]).toEqual([5, 0.25]);
  });
});

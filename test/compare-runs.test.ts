import { describe, expect, it } from 'vitest';
import { compareRuns } from '../src/analyze/compare-runs.js';
import { readLog } from '../src/series/read-log.js';
import { synthLog, type SynthState } from './helpers/synth-log.js';

const idle: SynthState = { powerW: 70, utilPct: 0, txKBps: 0 };
/** One process busy from t = 2 to 21 (20 s). */
const longLived = (t: number): SynthState => (t >= 2 && t <= 21 ? { powerW: 300, utilPct: 100, processes: [{ pid: 1 }], txKBps: 1000 } : idle);
/** Four processes of 4 busy seconds at t = 2, 9, 16, 23, each after 3 idle seconds (the first after the log start). */
const perItem = (t: number): SynthState => {
  const k = Math.floor((t - 2) / 7);
  const inK = (t - 2) % 7;
  return t >= 2 && k < 4 && inK < 4 ? { powerW: 300, utilPct: 100, processes: [{ pid: 11 + k }], txKBps: 1000 } : idle;
};
const log = (state: (t: number, g: number) => SynthState, gpus = 1, seconds = 30) => readLog({ text: synthLog({ gpus, seconds, state }), name: 'synth' });

describe('compareRuns', () => {
  it('ranks by active span and gives each reason with the figures worked out by hand', async () => {
    const c = compareRuns([
      { label: 'perfile', log: await log(perItem) },
      { label: 'folder', log: await log(longLived) },
    ]);
    expect(c.winner).toBe('folder');
    const [f, p] = c.runs;
    expect([f!.label, f!.rank, f!.activeSpanS, f!.dutyCycle]).toEqual(['folder', 1, 20, 1]);
    // perfile: busy 2–5, 9–12, 16–19, 23–26; span 2 → 27 = 25 s, 16 busy s
    expect([p!.label, p!.rank, p!.activeSpanS, p!.dutyCycle]).toEqual(['perfile', 2, 25, 16 / 25]);
    expect(p!.idleGaps).toEqual({ count: 3, totalS: 9, medianS: 3, longestS: 3 });
    expect(p!.launches).toEqual({ count: 4, gapCount: 3, overheadS: 9, overheadShareOfIdle: 1, medianGapS: 3, maxConcurrent: 1 });
    expect(p!.minActivePowerW).toBe(70);
    expect(f!.minActivePowerW).toBe(300);
    // folder: 19 steps at 300 W and one step 300 → 70 W inside 2 → 22 s
    expect(f!.energyJ).toBe(19 * 300 + 185);
    const byMetric = Object.fromEntries(c.reasons.map((r) => [r.metric, r]));
    // perfile in 2 → 27 s: 12 steps at 300 W, 7 steps 300 ↔ 70 W (185 W mean), 6 steps at 70 W = 5315 J, less than folder's
    expect(p!.energyJ).toBe(12 * 300 + 7 * 185 + 6 * 70);
    // so no energy reason; TX flows only while busy, so perfile's summed TX plateau is lower
    expect(Object.keys(byMetric).sort()).toEqual(['activeSpanS', 'dutyCycle', 'idleGaps.totalS', 'launches.overheadS', 'minActivePowerW', 'txPlateauKBps']);
    expect(byMetric.activeSpanS!.text).toBe('folder finished its work in 20.0 s of active span, perfile took 25.0 s (1.25 × as long).');
    expect(byMetric['launches.overheadS']!.text).toBe(
      "3 of perfile's idle gaps ended with a new process starting: it launched 4 processes and spent 9 s (100 % of its idle time) waiting between them, a median 3.0 s per launch; folder ran 1 process on 1 GPU.",
    );
    expect(byMetric['launches.overheadS']!.values).toEqual({ folder: 0, perfile: 9 });
    expect(byMetric.minActivePowerW!.text).toContain("folder's power never fell below 300 W, while perfile dropped to 70 W");
  });

  it('identical runs give no reason at all (no canned text)', async () => {
    const c = compareRuns([
      { label: 'a', log: await log(longLived) },
      { label: 'b', log: await log(longLived) },
    ]);
    expect(c.winner).toBe('a');
    expect(c.reasons).toEqual([]);
  });

  it('more GPUs with no higher summed TX plateau is called I/O-bound; with a higher plateau it is not', async () => {
    const oneGpu = await log(longLived);
    const twoSplit = await log((t) => ({ ...longLived(t), txKBps: longLived(t).txKBps! / 2 }), 2);
    const c = compareRuns([
      { label: 'one', log: oneGpu },
      { label: 'two', log: twoSplit },
    ]);
    const io = c.reasons.filter((r) => r.text.includes('I/O-bound'));
    expect(io.length).toBe(1);
    expect(io[0]!.values).toEqual({ one: 1000, two: 1000 });
    const twoFull = await log(longLived, 2);
    expect(compareRuns([{ label: 'one', log: oneGpu }, { label: 'two', log: twoFull }]).reasons.some((r) => r.text.includes('I/O-bound'))).toBe(false);
  });

  it('a run in which no GPU worked ranks last and never wins', async () => {
    const c = compareRuns([
      { label: 'idle', log: await log(() => idle) },
      { label: 'work', log: await log(perItem) },
    ]);
    expect(c.winner).toBe('work');
    expect(c.runs[1]!.label).toBe('idle');
    expect(c.runs[1]!.dutyCycle).toBeNull();
    const none = compareRuns([{ label: 'idle', log: await log(() => idle) }]);
    expect(none.winner).toBeNull();
  });
});

describe('compareRuns with several GPUs', () => {
  it('states idle time as a share of the GPUs\' summed active time, not of the wall-clock span', async () => {
    // 2 GPUs, both running perItem: per GPU 25 s active, 9 s idle in 3 gaps → 18 of 50 GPU-s = 36 %
    const c = compareRuns([
      { label: 'perfile', log: await log(perItem, 2) },
      { label: 'folder', log: await log(longLived, 2) },
    ]);
    const p = c.runs.find((r) => r.label === 'perfile')!;
    expect(p.activeGpuS).toBe(50);
    expect(p.idleGaps.totalS).toBe(18);
    const idle = c.reasons.find((r) => r.metric === 'idleGaps.totalS')!;
    expect(idle.text).toMatch(/^perfile spent 18 GPU-s \(36 % of its GPUs' active time\) idle in 6 idle gaps/);
  });
});

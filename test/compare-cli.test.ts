import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compareCommand } from '../src/cli/compare.js';
import { synthLog, type SynthState } from './helpers/synth-log.js';

const idle: SynthState = { powerW: 70, utilPct: 0 };
/** Busy for `busyS` seconds from t = 2. */
const run = (busyS: number) =>
  synthLog({
    gpus: 1,
    seconds: busyS + 6,
    state: (t) => (t >= 2 && t < 2 + busyS ? { powerW: 300, utilPct: 100, processes: [{ pid: 5 }] } : idle),
  });

function sink(): { stream: Writable; text: () => string } {
  let s = '';
  return {
    stream: new Writable({
      write(chunk, _e, cb) {
        s += String(chunk);
        cb();
      },
    }),
    text: () => s,
  };
}

describe('compare command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc2-compare-'));
  const spans: Record<string, number> = { 'm3g-GNU-2': 20, 'm3g-GNU-3': 14, 'm3g-sem-2': 30, 'm3a-GNU-2': 22 };
  for (const [k, v] of Object.entries(spans)) writeFileSync(join(dir, `nvidiaLogging-${k}.xml`), run(v));

  it('a folder with --pattern gives the matrix of active span by node × strategy × GPU count and ranks the runs', async () => {
    const out = sink();
    const code = await compareCommand([dir], { json: true, pattern: 'nvidiaLogging-{node}-{strategy}-{gpus}.xml' }, out.stream);
    expect(code).toBe(0);
    const j = JSON.parse(out.text());
    expect(j.winner).toBe('nvidiaLogging-m3g-GNU-3');
    expect(j.runs.map((r: { activeSpanS: number }) => r.activeSpanS)).toEqual([14, 20, 22, 30]);
    expect(j.matrix.columns).toEqual(['2', '3']);
    expect(j.matrix.rows).toEqual([
      { key: ['m3a', 'GNU'], values: [22, null] },
      { key: ['m3g', 'GNU'], values: [20, 14] },
      { key: ['m3g', 'sem'], values: [30, null] },
    ]);
    for (const k of [
      'label',
      'file',
      'job',
      'rank',
      'complete',
      'items',
      'secondsPerItem',
      'activeSpanS',
      'loggingGapS',
      'dutyCycle',
      'idleGaps',
      'launches',
      'activeEnergyJ',
      'minActivePowerW',
      'meanActivePowerW',
      'txPlateauKBps',
      'attribution',
    ])
      expect(j.runs[0]).toHaveProperty(k);
    for (const r of j.reasons) expect(Object.keys(r).sort()).toEqual(['figures', 'kind', 'metric', 'runs', 'text']);
    for (const w of j.warnings) expect(Object.keys(w).sort()).toEqual(['code', 'figures', 'message', 'runs']);
    for (const a of j.advice)
      expect(Object.keys(a).sort()).toEqual(['code', 'estimatedSavingPct', 'estimatedSavingS', 'figures', 'runs', 'severity', 'text']);
    expect(j.configurations.map((x: { label: string; n: number }) => x.n)).toEqual([1, 1, 1, 1]);
    expect(typeof j.significant).toBe('boolean');
  });

  it('label=FILE arguments and the text output', async () => {
    const out = sink();
    const code = await compareCommand(
      [`slow=${join(dir, 'nvidiaLogging-m3g-sem-2.xml')}`, `fast=${join(dir, 'nvidiaLogging-m3g-GNU-3.xml')}`],
      {},
      out.stream,
    );
    expect(code).toBe(0);
    const text = out.text();
    expect(text).toMatch(/#1 fast\s+#2 slow/);
    expect(text).toContain('Fastest: fast by active span, from single runs');
    expect(text).toContain('slow took 30 s of active span, fast 14 s (2.1 × as long).');
    // the checks come before the verdict; every line fits 80 columns
    expect(text.indexOf('Checks:')).toBeLessThan(text.indexOf('Fastest:'));
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    // --items: fast's active span 2 → 16 s = 13 steps at 300 W + one 300 → 70 W step, over 7 items
    const withItems = sink();
    await compareCommand([`fast=${join(dir, 'nvidiaLogging-m3g-GNU-3.xml')}`], { items: ['7'], json: true }, withItems.stream);
    expect(JSON.parse(withItems.text()).runs[0].energyPerItemJ).toBeCloseTo((13 * 300 + 185) / 7, 9);
  });

  it('--thresholds FILE changes the tie tolerance and the advice trigger; unknown keys are refused', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'mc2-th-'));
    const f = join(tmp, 't.json');
    const args = [`slow=${join(dir, 'nvidiaLogging-m3g-sem-2.xml')}`, `fast=${join(dir, 'nvidiaLogging-m3g-GNU-3.xml')}`];
    const plain = sink();
    await compareCommand(args, { json: true }, plain.stream);
    expect(JSON.parse(plain.text()).verdict).toBe('unrepeated');
    writeFileSync(f, JSON.stringify({ compare: { tieShare: 5 }, advice: { launchMinShare: 2 } }));
    const loose = sink();
    await compareCommand(args, { json: true, thresholds: f }, loose.stream);
    const j = JSON.parse(loose.text());
    expect(j.verdict).toBe('tie');
    expect(j.advice.some((a: { code: string }) => a.code === 'LAUNCH_OVERHEAD')).toBe(false);
    writeFileSync(f, JSON.stringify({ compare: { tieShares: 5 } }));
    await expect(compareCommand(args, { thresholds: f })).rejects.toThrow(/invalid --thresholds: .*unknown key compare.tieShares/);
  });

  it('rejects a bad flag with the flag named', async () => {
    await expect(compareCommand([dir], { window: '-3' })).rejects.toThrow('invalid --window: -3');
    await expect(compareCommand([dir], { idleBelow: 'lots' })).rejects.toThrow('invalid --idle-below: lots');
  });
});

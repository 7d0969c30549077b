import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../src/analyze/analyze-log.js';
import { compareRuns } from '../src/analyze/compare-runs.js';
import { readLog } from '../src/series/read-log.js';
import { CAPTURES_DIR, CAPTURES_SKIP_REASON, HAVE_CAPTURES, ROOT } from './helpers/corpus.js';
import { rawActivity, rawDocs } from './helpers/raw-activity.js';

const folder = join(CAPTURES_DIR, 'h100-folder.xml.gz');
const perfile = join(CAPTURES_DIR, 'h100-perfile.xml.gz');
const fixtures = join(ROOT, 'fixtures', 'captures');

describe.skipIf(!HAVE_CAPTURES)(`real H100 captures (${HAVE_CAPTURES ? 'present' : CAPTURES_SKIP_REASON})`, () => {
  it('perfile: 20 processes, 19 launch gaps, launch overhead and duty cycle as an independent regex reading of the XML gives', async () => {
    const raw = rawActivity(rawDocs(perfile));
    const a = analyzeLog(await readLog(perfile));
    const g = a.gpus[0]!;
    expect(raw.distinctPids).toBe(20);
    expect(g.launches.count).toBe(20);
    const rawLaunch = raw.gaps.filter((x) => x.launch);
    expect(rawLaunch.length).toBe(19);
    expect(g.launches.gapCount).toBe(19);
    expect(g.duty.classification.thresholdW).toBeCloseTo(raw.thresholdW, 9);
    expect(g.duty.activeSpanS).toBe(raw.activeSpanS);
    expect(g.duty.busyS).toBe(raw.busyS);
    expect(g.gaps.count).toBe(raw.gaps.length);
    expect(g.gaps.totalS).toBe(raw.gaps.reduce((s, x) => s + x.durationS, 0));
    expect(g.launches.overheadS).toBe(rawLaunch.reduce((s, x) => s + x.durationS, 0));
    const sorted = rawLaunch.map((x) => x.durationS).sort((x, y) => x - y);
    expect(g.launches.medianGapS).toBe(sorted[9]);
    expect(g.gaps.gaps.map((x) => x.startMs)).toEqual(raw.gaps.map((x) => x.start));
    expect(a.energy.activeTotalJ).toBeCloseTo(raw.energyActiveJ, 6);
  });

  it('folder: one process and no idle gap inside its active span, as the independent reading gives', async () => {
    const raw = rawActivity(rawDocs(folder));
    const a = analyzeLog(await readLog(folder));
    const g = a.gpus[0]!;
    expect(raw.distinctPids).toBe(1);
    expect(raw.gaps.length).toBe(0);
    expect(g.gaps.count).toBe(0);
    expect(g.duty.dutyCycle).toBe(1);
    expect(g.duty.activeSpanS).toBe(raw.activeSpanS);
    expect(a.energy.activeTotalJ).toBeCloseTo(raw.energyActiveJ, 6);
    // the minimum power inside the span is the lowest raw power between the first and last busy document
    const docs = rawDocs(folder);
    const t0 = docs.findIndex((d) => d.t === g.duty.activeStartMs);
    const inSpan = docs.slice(t0).filter((d) => d.t < g.duty.activeEndMs);
    expect(g.duty.activePower.minW).toBe(Math.min(...inSpan.map((d) => d.powerW)));
  });

  it('compare folder=… perfile=… ranks folder first and its reasons cite the launch overhead with the independent figures', async () => {
    const rawP = rawActivity(rawDocs(perfile));
    const c = compareRuns([
      { label: 'perfile', log: await readLog(perfile) },
      { label: 'folder', log: await readLog(folder) },
    ]);
    expect(c.winner).toBe('folder');
    expect(c.runs.map((r) => [r.label, r.rank])).toEqual([
      ['folder', 1],
      ['perfile', 2],
    ]);
    const launch = c.reasons.find((r) => r.metric === 'launches.overheadS');
    expect(launch).toBeDefined();
    const overhead = rawP.gaps.filter((x) => x.launch).reduce((s, x) => s + x.durationS, 0);
    expect(launch!.values.perfile).toBe(overhead);
    expect(launch!.text).toContain(`spent ${overhead.toFixed(0)} s`);
    expect(launch!.text).toContain('launched 20 processes');
    expect(launch!.text).toMatch(/^19 of perfile's idle gaps/);
    const span = c.reasons.find((r) => r.metric === 'activeSpanS')!;
    expect(span.values).toEqual({ folder: rawActivity(rawDocs(folder)).activeSpanS, perfile: rawP.activeSpanS });
  });
});

describe('new H100 captures in fixtures/captures', () => {
  it('two processes sharing one GPU: max concurrent 2 with a warning (ground truth: PIDs 511 and 512 together in 21 documents)', async () => {
    const a = analyzeLog(await readLog(join(fixtures, 'h100-shared.xml.gz')));
    const l = a.gpus[0]!.launches;
    expect(l.count).toBe(2);
    expect(l.processes.map((p) => p.pid)).toEqual([512, 511]);
    expect(l.maxConcurrent).toBe(2);
    expect(l.warning).toMatch(/^2 compute processes shared this GPU/);
  });

  it('I/O-bound run: one process, low duty cycle, idle gaps that are not launch gaps', async () => {
    const file = join(fixtures, 'h100-iobound.xml.gz');
    const raw = rawActivity(rawDocs(file));
    const a = analyzeLog(await readLog(file));
    const g = a.gpus[0]!;
    expect(g.launches.count).toBe(1);
    expect(g.launches.gapCount).toBe(0);
    expect(g.duty.dutyCycle).toBeLessThan(0.5);
    expect(g.duty.dutyCycle).toBeCloseTo(raw.busyS / raw.activeSpanS, 12);
    expect(g.gaps.count).toBe(raw.gaps.length);
    // 10 movies, each read for ~3.5 s from disk between GPU bursts: at least 8 idle gaps of 2 s or more
    expect(g.gaps.gaps.filter((x) => x.durationS >= 2).length).toBeGreaterThanOrEqual(8);
    // compared with the folder run, the reason given is waiting inside the process, with the independent idle total
    if (HAVE_CAPTURES) {
      const c = compareRuns([
        { label: 'folder', log: await readLog(folder) },
        { label: 'io', log: await readLog(file) },
      ]);
      const r = c.reasons.find((x) => x.metric === 'idleGaps.nonLaunchS')!;
      expect(r.values.io).toBe(raw.gaps.reduce((sum, x) => sum + x.durationS, 0));
      expect(r.text).toMatch(new RegExp(`^${raw.gaps.length} of io's ${raw.gaps.length} idle gaps`));
      expect(c.reasons.some((x) => x.metric === 'launches.overheadS')).toBe(false);
    }
  });

  it('-lms 200 per-file run: 8 processes and 7 launch gaps', async () => {
    const a = analyzeLog(await readLog(join(fixtures, 'h100-perfile-lms.xml.gz')));
    const l = a.gpus[0]!.launches;
    expect(l.processes.map((p) => p.pid)).toEqual([815, 845, 875, 901, 931, 961, 987, 1017]);
    expect(l.gapCount).toBe(7);
  });
});

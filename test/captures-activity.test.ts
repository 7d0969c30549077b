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
    expect(a.energy.activeEnergyJ).toBeCloseTo(raw.energyActiveJ, 6);
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
    expect(a.energy.activeEnergyJ).toBeCloseTo(raw.energyActiveJ, 6);
    // the minimum power inside the span is the lowest raw power from the first to the last busy
    // document, both found by the independent reading
    const docs = rawDocs(folder);
    expect(g.duty.activeStartMs).toBe(docs[raw.firstBusy]!.t);
    const inSpan = docs.slice(raw.firstBusy, raw.lastBusy + 1);
    expect(g.duty.activePower.minW).toBe(Math.min(...inSpan.map((d) => d.powerW)));
  });

  it('compare folder=… perfile=…: folder wins; the attribution parts equal the independent reading and add up; the estimated saving is within 25 % of the measured difference', async () => {
    const rawP = rawActivity(rawDocs(perfile));
    const rawF = rawActivity(rawDocs(folder));
    const c = compareRuns([
      { label: 'perfile', log: await readLog(perfile) },
      { label: 'folder', log: await readLog(folder) },
    ]);
    expect(c.winner).toBe('folder');
    expect(c.runs.map((r) => [r.label, r.rank, r.complete])).toEqual([
      ['folder', 1, true],
      ['perfile', 2, true],
    ]);
    const p = c.runs[1]!;
    const launch = rawP.gaps.filter((x) => x.launch).reduce((s, x) => s + x.durationS, 0);
    const wait = rawP.gaps.filter((x) => !x.launch && x.withProcess).reduce((s, x) => s + x.durationS, 0);
    const noProc = rawP.gaps.filter((x) => !x.launch && !x.withProcess).reduce((s, x) => s + x.durationS, 0);
    expect(p.attribution).toEqual({
      busyS: rawP.busyS,
      launchOverheadS: launch,
      processWaitS: wait,
      noProcessWaitS: noProc,
      idleUnknownS: 0,
      imbalanceS: 0,
      unrecordedS: 0,
      totalS: rawP.activeSpanS,
    });
    expect(p.activeSpanS).toBe(rawP.activeSpanS);
    expect(c.runs[0]!.activeSpanS).toBe(rawF.activeSpanS);
    // the saving estimated from perfile's attribution against what running it the folder way measured
    const measured = rawP.activeSpanS - rawF.activeSpanS;
    const advice = c.advice.find((a) => a.code === 'LAUNCH_OVERHEAD' && a.runs[0] === 'perfile')!;
    expect(advice.estimatedSavingS).toBe(launch);
    expect(Math.abs(advice.estimatedSavingS! - measured) / measured).toBeLessThan(0.25);
    const d = c.differences[0]!;
    expect(d.extraSpanS).toBe(measured);
    expect(d.parts.launchOverheadS + d.parts.busyS + d.parts.processWaitS + d.parts.noProcessWaitS).toBe(measured);
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
    // its attribution: the idle time is waiting inside the one process (equal to the independent idle total), advice IO_WAIT, no launch advice
    const c = compareRuns([{ label: 'io', log: await readLog(file) }]);
    const r = c.runs[0]!;
    expect(r.attribution.processWaitS).toBe(raw.gaps.filter((x) => x.withProcess && !x.launch).reduce((sum, x) => sum + x.durationS, 0));
    expect(r.attribution.launchOverheadS).toBe(0);
    expect(r.attribution.busyS + r.attribution.processWaitS + r.attribution.noProcessWaitS).toBe(r.attribution.totalS);
    expect(c.advice.map((a) => a.code)).toContain('IO_WAIT');
    expect(c.advice.map((a) => a.code)).not.toContain('LAUNCH_OVERHEAD');
  });

  it('-lms 200 per-file run: 8 processes and 7 launch gaps', async () => {
    const a = analyzeLog(await readLog(join(fixtures, 'h100-perfile-lms.xml.gz')));
    const l = a.gpus[0]!.launches;
    expect(l.processes.map((p) => p.pid)).toEqual([815, 845, 875, 901, 931, 961, 987, 1017]);
    expect(l.gapCount).toBe(7);
  });
});

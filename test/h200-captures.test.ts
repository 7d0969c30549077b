import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../src/analyze/analyze-log.js';
import { compareRuns } from '../src/analyze/compare-runs.js';
import { findJobs } from '../src/analyze/find-jobs.js';
import { analyzeRun } from '../src/analyze/run-result.js';
import { summarizeLog } from '../src/analyze/summarize-log.js';
import { readLog } from '../src/series/read-log.js';
import { sliceLog } from '../src/series/slice-log.js';
import { ROOT } from './helpers/corpus.js';
import { groundTruth } from './helpers/ground-truth.js';
import { rawActivity, rawDocs } from './helpers/raw-activity.js';

/**
 * The H200 captures of 2026-12-02 (fixtures/captures/capture2-log.txt) against the host's ground
 * truth (PIDs, launch and exit times, items) and an independent regex reading of the XML.
 */
const dir = join(ROOT, 'fixtures', 'captures');
const file = (name: string): string => join(dir, `h200-${name}.xml.gz`);
const gt = groundTruth();
const pidsOf = (scenario: string): number[] => gt.procs.filter((p) => p.scenario === scenario).map((p) => p.pid);

describe('H200 captures against the host ground truth', () => {
  it('every scenario lists exactly the PIDs the host launched, in launch order', async () => {
    for (const s of ['folder24', 'perfile8', 'rep-folder-1', 'rep-perfile-1', 'rep-perfile-2', 'rep-perfile-3', 'twojobs', 'twins']) {
      const a = analyzeLog(await readLog(file(s)));
      expect(
        a.gpus[0]!.launches.processes.map((p) => p.pid),
        s,
      ).toEqual(pidsOf(s));
    }
  });

  it('long-lived over 24 movies against one process per movie over 8: DIFFERENT_WORK without items; per item the long-lived run wins', async () => {
    const runs = [
      { label: 'perfile', log: await readLog(file('perfile8')) },
      { label: 'folder', log: await readLog(file('folder24')) },
    ];
    const plain = compareRuns(runs);
    // without items the per-movie run is "faster" by span, but the check names the different work
    expect(plain.runs[0]!.label).toBe('folder');
    expect(plain.warnings.find((w) => w.code === 'DIFFERENT_WORK')?.runs.sort()).toEqual(['folder', 'perfile']);
    const items = Object.fromEntries(gt.jobs.map((j) => [j.scenario, j.items]));
    const c = compareRuns(runs.map((r) => ({ ...r, items: r.label === 'folder' ? items.folder24 : items.perfile8 })));
    expect(c.basis).toBe('secondsPerItem');
    expect(c.winner).toBe('folder');
    const rawF = rawActivity(rawDocs(file('folder24')));
    const rawP = rawActivity(rawDocs(file('perfile8')));
    expect(c.runs.map((r) => [r.label, r.secondsPerItem])).toEqual([
      ['folder', rawF.activeSpanS / 24],
      ['perfile', rawP.activeSpanS / 8],
    ]);
    // per movie the per-movie run is 3–5 × slower, as the host's wall clocks say
    const wall = (s: string) => gt.jobs.find((j) => j.scenario === s)!;
    const ratioHost = (wall('perfile8').endMs - wall('perfile8').startMs) / 8 / ((wall('folder24').endMs - wall('folder24').startMs) / 24);
    expect(ratioHost).toBeGreaterThan(3);
    expect(c.runs[1]!.secondsPerItem! / c.runs[0]!.secondsPerItem!).toBeGreaterThan(3);
  });

  it("two jobs in one log: found with their PIDs, spans inside the host's job windows, and no idle gap holds the 40 s between them", async () => {
    const log = await readLog(file('twojobs'));
    const jobs = findJobs(log);
    expect(jobs.length).toBe(2);
    const j1 = gt.jobs.find((j) => j.scenario === 'twojobs-job1')!;
    const j2 = gt.jobs.find((j) => j.scenario === 'twojobs-job2')!;
    const procs = gt.procs.filter((p) => p.scenario === 'twojobs');
    const s = summarizeLog(log);
    expect(s.jobs.map((j) => j.pids)).toEqual([
      procs.filter((p) => p.startMs < j1.endMs).map((p) => p.pid),
      procs.filter((p) => p.startMs >= j2.startMs).map((p) => p.pid),
    ]);
    for (const [k, host] of [j1, j2].entries()) {
      const b = jobs[k]!;
      // timestamps have 1-s resolution: the job's activity lies inside the host's window ± 1 s
      expect(b.startMs).toBeGreaterThanOrEqual(host.startMs - 1000);
      expect(b.endMs).toBeLessThanOrEqual(host.endMs + 1000);
      const r = analyzeRun(sliceLog(log, b.firstSample, b.lastSample), { isLastJob: k === 1 });
      expect(r.complete).toBe(true);
      expect(r.activeSpanS).toBeLessThanOrEqual((host.endMs - host.startMs) / 1000 + 1);
      expect(r.idleGaps.longestS ?? 0).toBeLessThan(10);
    }
    // summarize adds the jobs up: one GPU, so its attribution is the two jobs' spans, and the pause is in none
    expect(s.attribution.totalS).toBeCloseTo(s.jobs[0]!.activeSpanS + s.jobs[1]!.activeSpanS, 9);
    expect(s.gpus[0]!.attribution).toEqual(s.attribution);
    expect(s.attribution.launchOverheadS).toBeLessThan(10);
    // whole, the log reads as one job whose idle time holds the pause
    expect(analyzeRun(log).idleGaps.longestS).toBeGreaterThan(35);
    // with a job gap longer than the pause it is one job
    expect(findJobs(log, { jobGapS: 60 }).length).toBe(1);
  });

  it("three repeats of each strategy: statistics equal an independent computation, folder wins by Welch's test, and the estimated saving is within 25 % of the measured difference", async () => {
    const runs = [];
    const spans: Record<string, number[]> = { folder: [], perfile: [] };
    for (const r of [1, 2, 3]) {
      for (const s of ['folder', 'perfile']) {
        runs.push({ label: s, log: await readLog(file(`rep-${s}-${r}`)) });
        spans[s]!.push(rawActivity(rawDocs(file(`rep-${s}-${r}`))).activeSpanS);
      }
    }
    const c = compareRuns(runs);
    const f = c.configurations.find((x) => x.label === 'folder')!;
    const p = c.configurations.find((x) => x.label === 'perfile')!;
    expect([f.n, p.n]).toEqual([3, 3]);
    expect(f.activeSpanS.mean).toBeCloseTo(mean(spans.folder!), 12);
    expect(f.activeSpanS.sd!).toBeCloseTo(sampleStandardDeviation(spans.folder!), 12);
    expect(p.activeSpanS.mean).toBeCloseTo(mean(spans.perfile!), 12);
    expect(p.activeSpanS.sd!).toBeCloseTo(sampleStandardDeviation(spans.perfile!), 12);
    expect([c.verdict, c.winner, c.significant]).toEqual(['winner', 'folder', true]);
    const measured = mean(spans.perfile!) - mean(spans.folder!);
    const saving = c.advice.find((a) => a.code === 'LAUNCH_OVERHEAD' && a.runs[0] === 'perfile')!.estimatedSavingS!;
    expect(Math.abs(saving - measured) / measured).toBeLessThan(0.25);
  });
});

describe('a killed logger', () => {
  it('sigkill is incomplete (logger cut, still busy) and never ranked above the complete -lms run', async () => {
    const c = compareRuns([
      { label: 'sigkill', log: await readLog(join(dir, 'h100-sigkill.xml.gz')) },
      { label: 'lms', log: await readLog(join(dir, 'h100-perfile-lms.xml.gz')) },
    ]);
    expect(c.runs.map((r) => [r.label, r.complete])).toEqual([
      ['lms', true],
      ['sigkill', false],
    ]);
    expect(c.runs[1]!.incompleteReasons).toContain('LOGGER_CUT');
    expect(c.warnings.find((w) => w.code === 'INCOMPLETE_RUN')!.runs).toEqual(['sigkill']);
    expect(c.winner).toBeNull();
  });
});

/** The documents of a capture, edited one by one, as a new log. */
function edited(name: string, edit: (doc: string, i: number) => string): Promise<Awaited<ReturnType<typeof readLog>>> {
  const text = gunzipSync(readFileSync(file(name))).toString('latin1');
  const docs = text
    .split('<?xml')
    .slice(1)
    .map((d) => `<?xml${d}`);
  return readLog({ text: docs.map(edit).join(''), name: `${name}-edited` });
}
const setFirst = (doc: string, tag: string, value: string): string =>
  doc.replace(new RegExp(`<${tag}>[^<]*</${tag}>`), `<${tag}>${value}</${tag}>`);

describe('readings and clocks that cannot be true (built from a real H200 capture)', () => {
  it('a 3.7 MW glitch, a −1 W reading and 4294967295 % utilisation are dropped with warnings and move neither the threshold nor the duty cycle', async () => {
    const clean = analyzeRun(await readLog(file('rep-perfile-1')));
    const log = await edited('rep-perfile-1', (d, i) =>
      i === 20
        ? setFirst(d, 'average_power_draw', '3714815.00 W')
        : i === 3
          ? setFirst(d, 'average_power_draw', '-1.00 W')
          : i === 25
            ? setFirst(d, 'gpu_util', '4294967295 %')
            : d,
    );
    const w = log.warnings.filter((x) => x.code === 'IMPOSSIBLE_VALUE');
    expect(w.map((x) => x.document)).toEqual(expect.arrayContaining([3, 20, 25]));
    expect(w.some((x) => x.message.includes('3714815') && x.message.includes('powerW'))).toBe(true);
    expect(w.some((x) => x.message.includes('4294967295') && x.message.includes('gpuUtilPct'))).toBe(true);
    const g = log.gpus[0]!;
    expect(Number.isNaN(g.columns.powerW[20]!)).toBe(true);
    const r = analyzeRun(log);
    expect(r.idleThresholdW).toEqual(clean.idleThresholdW);
    // the dropped sample's state becomes unknown (its power is gone): the duty cycle moves by at most one sample's share
    expect(Math.abs(r.dutyCycle! - clean.dutyCycle!)).toBeLessThan(1.5 / r.activeSpanS);
    // energy loses at most the two steps around each dropped reading (≤ 2 × 1.1 s × 700 W), never gains MJ
    expect(Math.abs(r.activeEnergyJ - clean.activeEnergyJ)).toBeLessThan(2 * 2 * 1.1 * 700);
    const s = summarizeLog(log);
    expect(s.gpus[0]!.utilization.maxPct).toBeLessThanOrEqual(100);
    expect(s.gpus[0]!.power.maxW!).toBeLessThan(700);
  });

  it('a clock stepped forward 10 h while the same process ran is a CLOCK_STEP, unrecorded, and leaves the span as it was', async () => {
    const clean = analyzeRun(await readLog(file('rep-folder-2')));
    // documents 8.. stamped 10 h later (the process 1177 runs from document 5 to 10)
    const log = await edited('rep-folder-2', (d, i) =>
      i < 8
        ? d
        : d.replace(
            /<timestamp>(\w+ \w+\s+\d+) (\d+):(\d+:\d+) (\d+)<\/timestamp>/,
            (_m, day: string, h: string, ms: string, y: string) =>
              `<timestamp>${day} ${String(Number(h) + 10).padStart(2, '0')}:${ms} ${y}</timestamp>`,
          ),
    );
    expect(log.warnings.map((w) => w.code)).toContain('CLOCK_STEP');
    const r = analyzeRun(log);
    expect(r.activeSpanS).toBeCloseTo(clean.activeSpanS, 0);
    expect(r.loggingGapS).toBeGreaterThan(35_000);
    expect(r.attribution.unrecordedS).toBeGreaterThan(35_000);
    expect(r.attribution.busyS).toBeCloseTo(clean.attribution.busyS, 0);
  });

  it('a clock stepped back 60 s gives no negative duration, span or ratio', async () => {
    const log = await edited('rep-perfile-2', (d, i) =>
      i < 15
        ? d
        : d.replace(
            /<timestamp>(\w+ \w+\s+\d+) (\d+):(\d+):(\d+) (\d+)<\/timestamp>/,
            (_m, day: string, h: string, m: string, sec: string, y: string) =>
              `<timestamp>${day} ${h}:${String(Number(m) - 1).padStart(2, '0')}:${sec} ${y}</timestamp>`,
          ),
    );
    expect(log.warnings.map((w) => w.code)).toContain('TIME_BACKWARDS');
    const r = analyzeRun(log);
    expect(r.activeSpanS).toBeGreaterThan(0);
    expect(r.loggingGapS).toBeGreaterThanOrEqual(0);
    for (const v of Object.values(r.attribution)) expect(v).toBeGreaterThanOrEqual(0);
    const c = compareRuns([
      { label: 'stepped', log },
      { label: 'clean', log: await readLog(file('rep-perfile-3')) },
    ]);
    for (const f of c.findings) for (const v of Object.values(f.figures)) if (v !== null) expect(v).toBeGreaterThanOrEqual(0);
  });
});

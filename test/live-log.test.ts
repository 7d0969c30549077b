import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiveLog, LogBuilder, METRIC_INDEX, analyzeLog, parseDocument, readLog, splitDocuments, type Sample } from '../src/advanced.js';
import { completeGpuSample, emptyGpuSample } from '../src/parse/sample.js';
import { ROOT } from './helpers/corpus.js';
import { batchFigures, differences, liveFigures, samplesOf } from './helpers/live-figures.js';
import { rawActivity, rawDocs } from './helpers/raw-activity.js';

/**
 * LiveLog, fed one parsed document at a time (as `watch` and `followLog` feed it), gives after
 * every document the figures a whole-log read of the documents so far gives (LogBuilder +
 * analyzeLog), and reaches the figures of the independent reading of the captures.
 */
const CAPTURES = join(ROOT, 'fixtures', 'captures');
const file = (name: string): string => join(CAPTURES, `h200-${name}.xml.gz`);

async function live(path: string): Promise<LiveLog> {
  const l = new LiveLog();
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const bytes = gunzipSync(readFileSync(path));
    for (let i = 0; i < bytes.length; i += 4096) yield bytes.subarray(i, i + 4096); // as a logger writes
  }
  for await (const d of splitDocuments(chunks(), { onWarning: (w) => l.warn(w) })) {
    l.add(parseDocument(d.bytes, { ordinal: d.ordinal, offset: d.offset }));
  }
  return l;
}

/** Feeds `samples` to a LiveLog and checks every GPU's figures after each one against the whole-log read of the prefix. */
function checkEveryPrefix(samples: Sample[], options: { idleBelowW?: number } = {}): string[] {
  const l = new LiveLog(options);
  const bad: string[] = [];
  samples.forEach((s, k) => {
    l.add(s);
    const want = batchFigures(samples.slice(0, k + 1), options);
    const got = l.states();
    if (got.length !== want.length) bad.push(`after ${k + 1}: ${got.length} GPUs, want ${want.length}`);
    want.forEach((w, j) => {
      const g = liveFigures(got[j]!);
      for (const d of differences(w, g)) bad.push(`after ${k + 1}, GPU ${j}: ${d} ${g[d]} (whole-log read: ${w[d]})`);
    });
  });
  return bad;
}

describe('LiveLog', () => {
  const logs = [
    ...readdirSync(CAPTURES)
      .filter((f) => f.endsWith('.xml.gz'))
      .map((f) => join(CAPTURES, f)),
    ...['gpu.csv', 'gpu-lms.csv', 'dmon.txt', 'q.txt.gz', 'qd.txt.gz'].map((f) => join(CAPTURES, 'twins', `h200-twins-${f}`)),
  ];
  it.each(logs.map((p) => [p.slice(CAPTURES.length + 1), p]))(
    '%s: after every sample, the figures of a whole-log read of the samples so far',
    async (_name, path) => {
      const samples = await samplesOf(path);
      expect(samples.length).toBeGreaterThan(5);
      expect(checkEveryPrefix(samples)).toEqual([]);
    },
  );

  it.each(['folder24', 'perfile8'])(
    '%s: documents, samples and idle gaps as the independent reading, duty cycle as analyzeLog',
    async (name) => {
      const raw = rawDocs(file(name));
      const want = rawActivity(raw);
      const l = await live(file(name));
      const s = l.summary(name);
      expect(s.documents).toBe(raw.length);
      expect(s.damagedDocuments).toBe(0);
      expect(s.gpus).toHaveLength(1);
      expect(s.gpus[0]!.samples).toBe(raw.length);
      expect(s.gpus[0]!.idleGaps.count).toBe(want.gaps.length);
      expect(s.gpus[0]!.activeSpanS).toBeCloseTo(want.activeSpanS, 9);
      const a = analyzeLog(await readLog(file(name)));
      expect(s.gpus[0]!.dutyCycle).toBeCloseTo(a.gpus[0]!.duty.dutyCycle, 12);
    },
  );

  it('one process per movie leaves idle gaps between movies; one long-lived process none', async () => {
    const folder = (await live(file('folder24'))).summary('folder24').gpus[0]!;
    const perfile = (await live(file('perfile8'))).summary('perfile8').gpus[0]!;
    expect(folder.idleGaps.count).toBe(0);
    expect(perfile.idleGaps.count).toBeGreaterThan(0);
    expect(perfile.dutyCycle!).toBeLessThan(folder.dutyCycle!);
  });

  it('a 3.7 MW and a −1 W reading are dropped with a warning and move no figure', () => {
    const clean = stream([{ p: 70 }, { p: 300, u: 100 }, { p: 72 }, { p: 310, u: 100 }, { p: 71 }]);
    const glitched = stream([{ p: 70 }, { p: 300, u: 100 }, { p: 3.7e6 }, { p: -1 }, { p: 310, u: 100 }, { p: 71 }]);
    const a = new LiveLog();
    for (const s of clean) a.add(s);
    const warnings: string[] = [];
    const b = new LiveLog({ onWarning: (w) => warnings.push(w.message) });
    for (const s of glitched) b.add(s);
    expect(b.warningCounts.IMPOSSIBLE_VALUE).toBe(2);
    // the words readLog's builder uses for the same readings (it also names the powerDrawW column
    // powerW came from; the live log reads powerW alone)
    const whole = new LogBuilder();
    for (const s of glitched) whole.add(s);
    const log = whole.finish({ source: 'glitched', bytes: 0, sizeBytes: null, gzip: false });
    expect(warnings).toEqual(log.warnings.map((w) => w.message).filter((m) => m.includes(': powerW =')));
    expect(warnings).toEqual([
      'GPU GPU-0: powerW = 3700000 W in document 2 is above 1.5 × its 700 W power limit; dropped',
      'GPU GPU-0: powerW = -1 W in document 3 is negative; dropped',
    ]);
    expect(b.states()[0]!.thresholdW).toBe(a.states()[0]!.thresholdW);
    expect(b.states()[0]!.floorW).toBe(70);
  });

  it('without a power limit, the split is chosen again as the log grows, and afresh for the summary: equal to the whole-log read', () => {
    // 605 samples of a dmon-like log (no limit): idle 60–75 W, work 180–320 W, ramps between
    const specs: Spec[] = Array.from({ length: 605 }, (_, t) => {
      const phase = t % 50;
      const p = phase < 20 ? 60 + ((t * 7) % 16) : phase < 23 ? 90 + 30 * (phase - 20) : 180 + ((t * 13) % 141);
      return { p, u: phase < 20 ? 0 : 100, procs: null, limit: NaN };
    });
    // the last sample is the lowest work reading yet: it moves the split's upper level, and the
    // split was last chosen a few samples before it
    specs[604] = { p: 170, u: 100, procs: null, limit: NaN };
    const samples = stream(specs);
    const l = new LiveLog();
    for (const x of samples) {
      l.add(x);
      l.states(); // as followLog asks after each stretch
    }
    const want = batchFigures(samples)[0]!;
    expect(want.method).toBe('ckmeans');
    // the split the live lines still use was chosen before the 170-W reading: idle ≤ 150, busy ≥ 180
    expect(l.states()[0]!.thresholdW).toBe(165);
    expect(want.thresholdW).toBe(160); // the whole-log split: busy ≥ 170
    const s = l.summary('dmon-like').gpus[0]!;
    expect(s.idleThresholdW).toBe(want.thresholdW);
    expect(s.dutyCycle).toBeCloseTo(want.dutyCycle as number, 12);
    expect(s.activeSpanS).toBeCloseTo(want.activeSpanS as number, 9);
    expect(s.idleGaps.count).toBe(want.gaps);
    expect(differences(want, liveFigures(l.states()[0]!))).toEqual([]); // states() after the summary use its split
  });

  it('rows are counted once: a 1-Hz log with steady levels, with or without power, is not counted again after its first samples', () => {
    for (const withPower of [false, true]) {
      // without power: utilisation alone decides; with: 70/300 W under a 700 W limit
      const specs: Spec[] = Array.from({ length: 400 }, (_, t) => ({
        p: withPower ? (t % 10 < 6 ? 300 : 70) : NaN,
        u: t % 10 < 6 ? 100 : 0,
      }));
      const l = new LiveLog();
      let early = -1;
      stream(specs).forEach((x, k) => {
        l.add(x);
        l.states();
        if (k === 19) early = [...l.gpus.values()][0]!.recounts; // the floor and the interval are learnt by now
      });
      expect([...l.gpus.values()][0]!.recounts).toBe(early);
      expect(early).toBeLessThanOrEqual(3);
    }
  });

  it('random streams (gaps, -lms seconds, clock steps back, glitches, lost GPUs, changing and missing limits): equal after every sample', () => {
    const reading = fc.record({
      p: fc.oneof(
        { weight: 6, arbitrary: fc.double({ min: 60, max: 80, noNaN: true }) },
        { weight: 6, arbitrary: fc.double({ min: 150, max: 650, noNaN: true }) },
        { weight: 1, arbitrary: fc.constantFrom(NaN, -1, 3.7e6, 1100) },
      ),
      u: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(0, 0, 35, 100) }, { weight: 1, arbitrary: fc.constantFrom(NaN, 150) }),
      procs: fc.constantFrom(null, 0, 1, 1, 2),
      limit: fc.oneof({ weight: 12, arbitrary: fc.constant(700) }, { weight: 1, arbitrary: fc.constantFrom(NaN, 800, 300, 6000) }),
      step: fc.oneof({ weight: 10, arbitrary: fc.constant(1) }, { weight: 4, arbitrary: fc.constantFrom(0, 0, 2, 5, -3) }),
      present: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    });
    const run = fc.oneof(
      fc.record({
        rows: fc.array(fc.tuple(reading, reading), { minLength: 1, maxLength: 70 }),
        gpus: fc.constantFrom(1, 2),
        noLimit: fc.boolean(),
        user: fc.constantFrom(undefined, undefined, 150),
      }),
      // long histories, where rows are counted once and counted again only when the threshold moves
      // (without a power limit the split is chosen again only as the log grows: see the next test)
      fc.record({
        rows: fc.array(fc.tuple(reading, reading), { minLength: 100, maxLength: 300 }),
        gpus: fc.constant(1),
        noLimit: fc.constant(false),
        user: fc.constant(undefined),
      }),
    );
    fc.assert(
      fc.property(run, ({ rows, gpus, noLimit, user }) => {
        let t = 0;
        const samples = rows.map(([a, b], k) => {
          t += a.step;
          const specs = [a, b].slice(0, gpus).map((r) => (noLimit ? { ...r, limit: NaN } : r));
          return sampleAt(k, t, specs);
        });
        const bad = checkEveryPrefix(samples, user === undefined ? {} : { idleBelowW: user });
        expect(bad.slice(0, 5)).toEqual([]);
      }),
      { numRuns: Number(process.env.LIVE_RUNS ?? 100), seed: Number(process.env.LIVE_SEED ?? 16) },
    );
  });
});

interface Spec {
  p: number;
  u?: number;
  procs?: number | null;
  limit?: number;
  present?: boolean;
}

function sampleAt(k: number, t: number, specs: Spec[]): Sample {
  const d = new Date(Date.UTC(2026, 11, 2, 9, 0, 0) + t * 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const gpus = specs.flatMap((r, j) => {
    if (r.present === false) return [];
    const g = emptyGpuSample(`0000:0${j}:00.0`);
    g.identity.uuid = `GPU-${j}`;
    g.values[METRIC_INDEX.powerDrawW] = r.p;
    g.values[METRIC_INDEX.gpuUtilPct] = r.u ?? 0;
    g.values[METRIC_INDEX.powerLimitW] = r.limit ?? 700;
    const n = r.procs === undefined ? 0 : r.procs;
    g.processes =
      n === null
        ? null
        : Array.from({ length: n }, (_, i) => ({
            pid: 100 + i,
            type: 'C',
            name: 'mc2',
            usedMemoryMiB: 1,
            gpuInstanceId: NaN,
            computeInstanceId: NaN,
          }));
    completeGpuSample(g);
    return [g];
  });
  const timestamp = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return { ordinal: k, offset: 0, timestamp, driverVersion: null, cudaVersion: null, attachedGpus: gpus.length, gpus };
}

function stream(specs: Spec[]): Sample[] {
  return specs.map((s, k) => sampleAt(k, k, [s]));
}

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLog } from '../src/index.js';
import { traceEvents, type TraceEvent } from '../src/table/write-trace.js';
import { runCli, tempDir } from './bad-input/material.js';
import { ROOT } from './helpers/corpus.js';
import { groundTruth } from './helpers/ground-truth.js';

/**
 * Old runs in Grafana (OpenMetrics backfilled into Prometheus with promtool) and in Perfetto (trace
 * JSON), from real H200 captures.
 */
const tmp = tempDir('mc2-om-');
afterAll(() => tmp.cleanup());
const LOG = join(ROOT, 'fixtures', 'captures', 'h200-twins.xml.gz');
const HAVE_PROMTOOL = spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status === 0;
if (!HAVE_PROMTOOL) console.warn('promtool not found (Debian: prometheus): the Prometheus backfill test is skipped');

describe.skipIf(!HAVE_PROMTOOL)('export --format openmetrics, backfilled with promtool', () => {
  it('promtool loads it, and every reading reads back equal to the log, under dcgm-exporter names and labels', async () => {
    const om = join(tmp.dir, 'twins.om');
    expect((await runCli(['export', '--host', 'gpu03', `job=${LOG}`, '-o', om])).code).toBe(0);
    const text = readFileSync(om, 'utf8');
    expect(text.endsWith('# EOF\n')).toBe(true);
    const db = join(tmp.dir, 'tsdb');
    const made = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', om, db], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    mkdirSync(join(db, 'wal'), { recursive: true });
    const dump = spawnSync('promtool', ['tsdb', 'dump', db], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(dump.status, dump.stderr).toBe(0);
    // {labels} value ms
    const got = new Map<string, Map<number, number>>();
    for (const line of dump.stdout.split('\n')) {
      const m = /^\{(.*)\} (\S+) (\d+)$/.exec(line);
      if (!m) continue;
      const labels = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]));
      expect(labels).toMatchObject({
        gpu: '0',
        UUID: 'GPU-00000000-0000-0000-0000-000000000001',
        device: 'nvidia0',
        modelName: 'NVIDIA H200',
        Hostname: 'gpu03',
        run: 'job',
      });
      const k = labels.__name__!;
      if (!got.has(k)) got.set(k, new Map());
      got.get(k)!.set(Number(m[3]), Number(m[2]));
    }
    const log = await readLog(LOG);
    const g = log.gpus[0]!;
    const expectSeries = (name: string, values: Float64Array): void => {
      const series = got.get(name)!;
      expect(series, name).toBeDefined();
      let n = 0;
      for (let i = 0; i < g.length; i++) {
        if (!Number.isFinite(values[i]!)) continue;
        n++;
        expect(series.get(Math.round(g.timeMs[i]!)), `${name} at ${g.timeMs[i]}`).toBeCloseTo(values[i]!, 9);
      }
      expect(series.size).toBe(n);
    };
    expectSeries('DCGM_FI_DEV_POWER_USAGE', g.columns.powerW);
    expectSeries('DCGM_FI_DEV_GPU_UTIL', g.columns.gpuUtilPct);
    expectSeries('DCGM_FI_DEV_GPU_TEMP', g.columns.gpuTempC);
    expectSeries('DCGM_FI_DEV_FB_USED', g.columns.fbUsedMiB);
    expectSeries('DCGM_FI_DEV_SM_CLOCK', g.columns.smClockMHz);
    expectSeries('DCGM_FI_DEV_MEM_CLOCK', g.columns.memClockMHz);
    // the energy counter ends at the log's trapezoid energy, in mJ
    const energy = got.get('DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION')!;
    const last = energy.get(Math.max(...energy.keys()))!;
    let j = 0;
    for (let i = 1; i < g.length; i++)
      j += ((g.columns.powerW[i - 1]! + g.columns.powerW[i]!) / 2) * ((g.timeMs[i]! - g.timeMs[i - 1]!) / 1000);
    expect(last).toBeCloseTo(j * 1000, 3);
  });
});

describe('export --format trace (Chrome/Perfetto trace JSON)', () => {
  it('follows the trace event format: X events with ts and dur in µs, slices on a track nest, counters carry numbers; the host’s PIDs', async () => {
    const out = join(tmp.dir, 'twins.trace.json');
    expect((await runCli(['export', `job=${LOG}`, '-o', out])).code).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { traceEvents: TraceEvent[] };
    const ev = doc.traceEvents;
    expect(ev.length).toBeGreaterThan(50);
    const tracks = new Map<string, { ts: number; end: number }[]>();
    for (const e of ev) {
      expect(['X', 'C', 'M']).toContain(e.ph);
      expect(Number.isInteger(e.pid)).toBe(true);
      if (e.ph === 'X') {
        expect(Number.isInteger(e.ts) && e.ts! >= 0, JSON.stringify(e)).toBe(true);
        expect(Number.isInteger(e.dur) && e.dur! >= 0, JSON.stringify(e)).toBe(true);
        const k = `${e.pid}/${e.tid}`;
        if (!tracks.has(k)) tracks.set(k, []);
        tracks.get(k)!.push({ ts: e.ts!, end: e.ts! + e.dur! });
      }
      if (e.ph === 'C') {
        expect(Number.isInteger(e.ts)).toBe(true);
        for (const v of Object.values(e.args ?? {})) expect(typeof v === 'number' && Number.isFinite(v)).toBe(true);
      }
    }
    // on one track, two slices either do not overlap or one holds the other
    for (const [k, slices] of tracks) {
      slices.sort((a, b) => a.ts - b.ts || b.end - a.end);
      for (let i = 1; i < slices.length; i++) {
        const a = slices[i - 1]!;
        const b = slices[i]!;
        expect(b.ts >= a.end || b.end <= a.end, `${k}: [${a.ts}, ${a.end}) and [${b.ts}, ${b.end})`).toBe(true);
      }
    }
    const pids = ev
      .filter((e) => e.ph === 'X' && e.cat === 'process')
      .map((e) => e.tid)
      .sort();
    expect(pids).toEqual(
      groundTruth()
        .procs.filter((p) => p.scenario === 'twins')
        .map((p) => p.pid)
        .sort(),
    );
    expect(ev.some((e) => e.ph === 'X' && e.cat === 'activity' && e.name === 'busy')).toBe(true);
    expect(ev.filter((e) => e.ph === 'C' && e.name === 'power (W)').length).toBe(29);
  });
  it('traceEvents puts several runs on tracks of their own, one time base', async () => {
    const a = await readLog(join(ROOT, 'fixtures', 'captures', 'h200-rep-folder-1.xml.gz'));
    const b = await readLog(join(ROOT, 'fixtures', 'captures', 'h200-rep-perfile-1.xml.gz'));
    const ev = traceEvents([a, b], { labels: ['folder', 'perfile'] });
    const names = ev.filter((e) => e.name === 'process_name').map((e) => e.args!.name);
    expect(names).toEqual(['folder · GPU 0 NVIDIA H200', 'perfile · GPU 0 NVIDIA H200']);
    const first = Math.min(...ev.filter((e) => e.ts !== undefined).map((e) => e.ts!));
    expect(first).toBe(0);
  });
});

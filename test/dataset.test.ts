import { copyFileSync, existsSync, mkdirSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fleet, query } from '../src/dataset/fleet.js';
import { ingest } from '../src/dataset/ingest.js';
import { readLog } from '../src/index.js';
import { runCli, tempDir } from './bad-input/material.js';
import { ROOT } from './helpers/corpus.js';

/**
 * A facility's logs as one Parquet dataset: ingest (worker threads, incremental), read back with
 * DuckDB, every job row checked against `summarize --json` of its file and the samples against the
 * log, and fleet's ranking against the rows.
 */
const tmp = tempDir('mc2-ds-');
afterAll(() => tmp.cleanup());
const CAP = join(ROOT, 'fixtures', 'captures');

describe('ingest and fleet', () => {
  const logs = join(tmp.dir, 'logs');
  const ds = join(tmp.dir, 'dataset');
  const names = ['h200-rep-folder-1.xml.gz', 'h200-rep-perfile-1.xml.gz', 'h200-twojobs.xml.gz', 'h100-iobound.xml.gz'];

  it('writes every job and sample; DuckDB reads them back equal to summarize --json and the log', async () => {
    mkdirSync(join(logs, 'node01'), { recursive: true });
    mkdirSync(join(logs, 'node02'), { recursive: true });
    names.forEach((n, i) => {
      copyFileSync(join(CAP, n), join(logs, i % 2 ? 'node02' : 'node01', n));
    });
    copyFileSync(join(CAP, 'twins', 'h200-twins-gpu.csv'), join(logs, 'node02', 'h200-twins-gpu.csv'));
    copyFileSync(join(ROOT, 'fixtures', 'containers', 'h200-logs.tar.gz'), join(logs, 'node01', 'h200-logs.tar.gz'));
    const r = await ingest([logs], { out: ds, workers: 2, host: /(?<host>node\d+)/ });
    // 4 XML logs, 1 CSV, and the archive's 3 members
    expect(r.added).toHaveLength(8);
    expect(r.failed).toEqual([]);
    expect(r.workers).toBe(2);
    expect(readdirSync(ds).sort()).toEqual(['manifest.json', 'runs', 'samples']);

    const rows = await query(ds, 'SELECT * FROM runs ORDER BY file, job');
    expect(rows.length).toBe(r.jobs);
    for (const file of [...new Set(rows.map((x) => x.file as string))].filter((f) => !f.includes('.tar.gz:'))) {
      const cli = await runCli(['summarize', '--json', file]);
      const s = JSON.parse(cli.stdout) as {
        jobs: {
          index: number;
          activeSpanS: number;
          dutyCycle: number | null;
          idleGaps: { count: number; totalS: number };
          pids: number[];
          attribution: { totalS: number; busyS: number };
          advice: string[];
        }[];
      };
      const mine = rows.filter((x) => x.file === file);
      expect(mine.map((x) => x.job)).toEqual(s.jobs.map((j) => j.index));
      for (const j of s.jobs) {
        const row = mine.find((x) => x.job === j.index)!;
        expect(row.host).toBe(/node\d+/.exec(file)![0]);
        expect(row.activeSpanS).toBeCloseTo(j.activeSpanS, 9);
        if (j.dutyCycle === null) expect(row.dutyCycle).toBeNull();
        else expect(row.dutyCycle).toBeCloseTo(j.dutyCycle, 9);
        expect(row.idleGaps).toBe(j.idleGaps.count);
        expect(row.idleS).toBeCloseTo(j.idleGaps.totalS, 9);
        expect(row.launches).toBe(j.pids.length);
        expect(row.wastedGpuH).toBeCloseTo((j.attribution.totalS - j.attribution.busyS) / 3600, 12);
        expect(row.advice).toBe(j.advice.join(','));
      }
      // samples: one row per GPU per sample, the log's power readings
      const log = await readLog(file);
      const samples = await query(
        ds,
        `SELECT count(*) AS n, sum(powerW) AS w, any_value(host) AS host, strftime(any_value(date), '%Y-%m-%d') AS date FROM samples WHERE run = '${file.replace(/'/g, "''")}'`,
      );
      expect(samples[0]!.n).toBe(log.gpus.reduce((a, g) => a + g.length, 0));
      expect(samples[0]!.w).toBeCloseTo(
        log.gpus.reduce((a, g) => a + g.columns.powerW.reduce((b, v) => b + (Number.isFinite(v) ? v : 0), 0), 0),
        6,
      );
      expect(samples[0]!.host).toBe(/node\d+/.exec(file)![0]);
      expect(samples[0]!.date).toBe(new Date(log.startMs).toISOString().slice(0, 10));
    }
    expect(rows.filter((x) => String(x.file).includes('h200-logs.tar.gz:logs/')).length).toBe(3);
  });

  it('fleet ranks the jobs by wasted GPU-hours and totals them per host, model and week', async () => {
    const rows = await query(ds, 'SELECT file, job, wastedGpuH, host, models FROM runs');
    const a = await fleet(ds, { top: 3 });
    const sorted = [...rows].sort((x, y) => (y.wastedGpuH as number) - (x.wastedGpuH as number));
    expect(a.jobs.map((j) => j.wastedGpuH)).toEqual(sorted.slice(0, 3).map((x) => Math.round((x.wastedGpuH as number) * 1e4) / 1e4));
    // the main cause is the largest part of the wasted time
    const top = (
      await query(ds, `SELECT * FROM runs WHERE file = '${String(a.jobs[0]!.file).replace(/'/g, "''")}' AND job = ${a.jobs[0]!.job}`)
    )[0]!;
    const parts = ['launchOverheadAttributedS', 'processWaitS', 'noProcessWaitS', 'idleUnknownS', 'imbalanceS', 'unrecordedS'] as const;
    const largest = parts.reduce((b, p) => ((top[p] as number) > (top[b] as number) ? p : b));
    expect(a.jobs[0]!.mainCause).toBe(largest === 'launchOverheadAttributedS' ? 'launchOverheadS' : largest);
    const perHost = new Map<string, number>();
    for (const x of rows) perHost.set(x.host as string, (perHost.get(x.host as string) ?? 0) + (x.wastedGpuH as number));
    for (const h of a.byHost) expect(h.wastedGpuH).toBeCloseTo(perHost.get(h.host as string)!, 3);
    expect(a.byModel.map((m) => m.model).sort()).toEqual([...new Set(rows.map((x) => x.models))].sort());
    expect(a.byWeek.reduce((s, w) => s + (w.jobs as number), 0)).toBe(rows.length);
    const cli = await runCli(['fleet', ds, '--top', '2']);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('Jobs by wasted GPU-hours');
    const own = await runCli(['fleet', ds, '--sql', 'SELECT count(*) AS jobs FROM runs', '--json']);
    expect(JSON.parse(own.stdout)).toEqual([{ jobs: rows.length }]);
  });

  it('a second ingest skips unchanged logs (touched ones by their content hash) and replaces a changed one', async () => {
    const again = await ingest([logs], { out: ds, workers: 2, host: /(?<host>node\d+)/ });
    expect(again.added).toEqual([]);
    expect(again.replaced).toEqual([]);
    expect(again.unchanged).toBe(8);
    // touched, same content: still unchanged
    const touched = join(logs, 'node01', 'h200-rep-folder-1.xml.gz');
    utimesSync(touched, new Date(), new Date(Date.now() + 5000));
    expect((await ingest([logs], { out: ds, workers: 0, host: /(?<host>node\d+)/ })).unchanged).toBe(8);
    // changed: another log written over it; its rows are replaced, nothing else moves
    copyFileSync(join(CAP, 'h200-twins.xml.gz'), touched);
    const changed = await ingest([logs], { out: ds, workers: 0, host: /(?<host>node\d+)/ });
    expect(changed.replaced).toEqual([touched]);
    expect(changed.unchanged).toBe(7);
    const rows = await query(ds, `SELECT count(*) AS n FROM samples WHERE run = '${touched}'`);
    expect(rows[0]!.n).toBe((await readLog(touched)).timeMs.length);
    expect(readdirSync(ds).some((f) => f.startsWith('.staging'))).toBe(false);
    expect(existsSync(join(ds, 'manifest.json'))).toBe(true);
  });

  it('a path that names nothing is a failure that says so, not a silent empty ingest', async () => {
    const r = await ingest([join(tmp.dir, 'no-such-folder')], { out: join(tmp.dir, 'empty-ds'), workers: 0 });
    expect(r.failed).toEqual([
      {
        name: join(tmp.dir, 'no-such-folder'),
        error: `${join(tmp.dir, 'no-such-folder')}: no such file or folder, and no file matches it`,
      },
    ]);
    expect(r.added).toEqual([]);
  });
});

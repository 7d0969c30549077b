import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CAPTURES_DIR, HAVE_CAPTURES, HAVE_CORPUS, CORPUS_DIR, ROOT } from './helpers/corpus.js';

const BIN = join(ROOT, 'bin', 'mc2-telemetry.js');
const run = (args: string[], input?: string | Buffer) =>
  spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
const dir = mkdtempSync(join(tmpdir(), 'mc2-cli-'));
const folder = join(CAPTURES_DIR, 'h100-folder.xml.gz');
const perfile = join(CAPTURES_DIR, 'h100-perfile.xml.gz');

describe.skipIf(!HAVE_CAPTURES)('mc2-telemetry summarize', () => {
  it('prints a block per file with a row per GPU, and exits 0', () => {
    const r = run(['summarize', folder]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('== ');
    expect(r.stdout).toContain('43 documents');
    expect(r.stdout).toMatch(/P mean W/);
    expect(r.stdout).toMatch(/NVIDIA H100 80GB HBM3\s+43\s/);
  });

  it('--json gives the documented keys, one object for one file', () => {
    const r = run(['summarize', '--json', folder]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown> & { gpus: Record<string, unknown>[] };
    for (const k of ['file', 'documents', 'warnings', 'start', 'end', 'durationS', 'intervalS', 'loggingGaps', 'gpus'])
      expect(j).toHaveProperty(k);
    expect(j.loggingGaps).toEqual({ count: 0, totalS: 0, longestS: 0 });
    expect(j.start).toBe('2026-11-23T18:58:49.000Z');
    const g = j.gpus[0]!;
    for (const k of ['uuid', 'busId', 'name', 'samples', 'power', 'utilization', 'memory', 'temperature', 'pcie', 'processes'])
      expect(g).toHaveProperty(k);
    for (const k of ['meanW', 'p50W', 'p95W', 'maxW', 'wholeLogEnergyJ']) expect(g.power).toHaveProperty(k);
    for (const k of ['txMeanKBps', 'txMaxKBps', 'rxMeanKBps', 'rxMaxKBps']) expect(g.pcie).toHaveProperty(k);
    expect(g.processes).toMatchObject({ distinctPids: 1, maxConcurrent: 1 });
  });

  it('--json gives jobs, per-GPU attribution and advice with its sentence (the I/O-bound capture: IO_WAIT, no launch advice)', () => {
    const r = run(['summarize', '--json', join(ROOT, 'fixtures', 'captures', 'h100-iobound.xml.gz')]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.jobs.length).toBe(1);
    expect(j.jobs[0].pids).toEqual([683]); // the host's one PID (fixtures/captures/README.md)
    const a = j.gpus[0].attribution;
    expect(a.busyS + a.launchOverheadS + a.processWaitS + a.noProcessWaitS + a.idleUnknownS + a.imbalanceS + a.unrecordedS).toBeCloseTo(
      a.totalS,
      9,
    );
    expect(j.advice.map((x: { code: string }) => x.code)).toEqual(['IO_WAIT']);
    expect(j.advice[0].text).toMatch(/waited 66 % of their time inside running processes/);
  });

  it('--json gives an array for several files', () => {
    const r = run(['summarize', '--json', folder, perfile]);
    const j = JSON.parse(r.stdout) as { documents: number }[];
    expect(j.map((x) => x.documents)).toEqual([43, 131]);
  });

  it('reads standard input with -', () => {
    const r = run(['summarize', '--json', '-'], gunzipSync(readFileSync(folder)));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout) as { documents: number; file: string }).toMatchObject({ documents: 43, file: '<stdin>' });
  });

  it('exit 2 with a one-line message naming the file for unreadable input; other files still summarised', () => {
    const csv = join(dir, 'notes.csv');
    writeFileSync(csv, 'job, node, note\n17, gpu03, reran after the NFS outage\n');
    const r = run(['summarize', folder, csv, join(dir, 'missing.xml')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('43 documents');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`${csv.replace(/[.]/g, '\\.')}: CSV with columns that are not nvidia-smi query fields`));
    expect(lines[1]).toMatch(/missing\.xml: no such file/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('exit 1 for a usage error', () => {
    expect(run(['summarize', '--gap-factor', '0.5', folder]).status).toBe(1);
    expect(run(['summarize']).status).toBe(1);
    expect(run(['frobnicate']).status).toBe(1);
  });

  it('strips control characters and ANSI escapes from log strings', () => {
    const text = readFileSync(join(CORPUS_DIR, 'samples/tesla-k80-430.26.xml'), 'utf8').replace(
      /<product_name>Tesla K80</g,
      '<product_name>Tesla\u001b[31m K80\u0007<',
    );
    const f = join(dir, 'evil.xml');
    writeFileSync(f, text);
    const r = run(['summarize', f]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stdout).toContain('Tesla K80');
  });
});

describe.skipIf(!HAVE_CORPUS)('summarize on a K80 log with no PCIe throughput', () => {
  it('shows – for TX rather than 0, and null in JSON', () => {
    const f = join(CORPUS_DIR, 'samples/tesla-k80-430.26.xml');
    const j = JSON.parse(run(['summarize', '--json', f]).stdout) as { gpus: { pcie: { txMeanKBps: number | null } }[] };
    expect(j.gpus.map((g) => g.pcie.txMeanKBps)).toEqual([null, null, null, null]);
  });
});

describe('summarize on two processes sharing one GPU', () => {
  it('warns that more than one compute process ran on the GPU at once', () => {
    const f = join(ROOT, 'fixtures/captures/h100-shared.xml.gz');
    const r = run(['summarize', f]);
    expect(r.stdout).toContain('GPU 0 warning: 2 compute processes shared this GPU at once');
    const j = JSON.parse(run(['summarize', '--json', f]).stdout) as {
      gpus: { launches: { maxConcurrent: number; warning: string | null } }[];
    };
    expect(j.gpus[0]!.launches.maxConcurrent).toBe(2);
  });
});

// Benchmark: `compare` over many small logs must cost time and memory linear in the number of runs.
// Makes N copies of a real H200 capture (two strategies, alternating labels) in a temp folder and
// times `mc2-telemetry compare --json` over them in a child process (wall time and peak RSS).
// Usage: node bench/compare-many.mjs [N ...]   (default 1000 2000 4000)
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const sources = ['h200-rep-folder-1.xml.gz', 'h200-rep-perfile-1.xml.gz'].map((f) => join(root, 'fixtures', 'captures', f));
const counts = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const rows = [];
for (const n of counts.length ? counts : [1000, 2000, 4000]) {
  const dir = mkdtempSync(join(tmpdir(), 'mc2-many-'));
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) copyFileSync(sources[i % 2], join(dir, `run${String(i).padStart(5, '0')}.xml.gz`));
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, join(root, 'bin', 'mc2-telemetry.js'), 'compare', '--json', dir], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const rssKiB = Number(r.stderr.trim().split('\n').pop());
  const out = JSON.parse(r.stdout);
  rows.push({ runs: n, seconds: s, msPerRun: (1000 * s) / n, peakRssMiB: rssKiB / 1024, ranked: out.runs.length });
  rmSync(dir, { recursive: true, force: true });
}
console.log('| runs | time s | ms per run | peak RSS MiB |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.runs} | ${r.seconds.toFixed(2)} | ${r.msPerRun.toFixed(2)} | ${r.peakRssMiB.toFixed(0)} |`);

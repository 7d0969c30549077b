#!/usr/bin/env node
/**
 * `ingest` of many logs (issue 14): N logs generated from real documents (8xH100, 4xK80, 1xV100 in
 * turn, 20-600 documents each, a third gzipped), then
 *   1. `mc2-telemetry summarize` of all of them in one process (the one-by-one baseline),
 *   2. `mc2-telemetry ingest` into a fresh dataset (worker threads),
 *   3. the same ingest again (nothing changed),
 *   4. `mc2-telemetry fleet` over the dataset,
 * each timed with its peak RSS (/usr/bin/time). Needs `npm run build`.
 *
 *   node bench/ingest.mjs [--logs 1000] [--workers auto]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const arg = (n, d) => {
  const i = process.argv.indexOf(`--${n}`);
  return i >= 0 ? process.argv[i + 1] : d;
};
const N = Number(arg('logs', '1000'));
const workers = arg('workers', 'auto');
const dir = join(root, '.bench-data', `ingest-${N}`);
const logs = join(dir, 'logs');
if (!existsSync(logs) || readdirSync(logs).length < N) {
  rmSync(logs, { recursive: true, force: true });
  mkdirSync(logs, { recursive: true });
  const gpus = ['h100x8', 'k80x4', 'v100x1'];
  for (let i = 0; i < N; i++) {
    const gpu = gpus[i % 3];
    const docs = gpu === 'h100x8' ? 20 + ((i * 37) % 60) : 50 + ((i * 97) % 550);
    const gz = i % 3 === 2;
    const out = join(logs, `node${String(i % 16).padStart(2, '0')}`, `job${i}.xml${gz ? '.gz' : ''}`);
    mkdirSync(join(out, '..'), { recursive: true });
    execFileSync(
      process.execPath,
      [
        join(root, 'bench', 'generate.mjs'),
        '--gpu',
        gpu,
        '--docs',
        String(docs),
        '--seed',
        String(i + 1),
        '--out',
        out,
        ...(gz ? ['--gzip'] : []),
      ],
      { stdio: ['ignore', 'ignore', 'ignore'] },
    );
  }
}
const files = [];
const walk = (d) => {
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) walk(p);
    else files.push(p);
  }
};
walk(logs);
const bytes = files.reduce((a, f) => a + statSync(f).size, 0);

function timed(name, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, join(root, 'bin', 'mc2-telemetry.js'), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const [sec, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { name, seconds: sec, peakMiB: Math.round(kb / 1024), status: r.status, tail: r.stdout.trim().split('\n').pop()?.slice(0, 200) };
}

const ds = join(dir, 'dataset');
rmSync(ds, { recursive: true, force: true });
const results = [
  timed('summarize (all files, one process)', ['summarize', '--ndjson', ...files]),
  timed(`ingest, fresh (--workers ${workers})`, [
    'ingest',
    logs,
    '-o',
    ds,
    '--workers',
    workers,
    '--host-pattern',
    '(?<host>node\\d+)',
    '--no-progress',
  ]),
  timed('ingest again, unchanged', [
    'ingest',
    logs,
    '-o',
    ds,
    '--workers',
    workers,
    '--host-pattern',
    '(?<host>node\\d+)',
    '--no-progress',
  ]),
  timed('fleet (ranked table)', ['fleet', ds, '--top', '20']),
];
console.log(JSON.stringify({ logs: files.length, onDiskMB: +(bytes / 1e6).toFixed(0), cores: availableParallelism(), results }, null, 2));

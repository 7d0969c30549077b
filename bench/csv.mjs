#!/usr/bin/env node
/**
 * `--query-gpu` CSV reading speed (issue 13): a large CSV log made from the real H200 twin's rows
 * (8 GPUs interleaved, timestamps advanced 1 s a round), read by readLog, by a general CSV parser
 * in Node (csv-parse, turning the power column into numbers) and by Python's csv module (the same).
 *
 *   npm run build && node bench/csv.mjs [--mb 200]
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse';
import { readLog } from '../dist/index.js';

const root = resolve(import.meta.dirname, '..');
const mb = Number(process.argv[process.argv.indexOf('--mb') + 1] || 200);
const dir = join(root, '.bench-data');
mkdirSync(dir, { recursive: true });
const out = join(dir, `query-gpu-${mb}MB.csv`);

const src = readFileSync(join(root, 'fixtures', 'captures', 'twins', 'h200-twins-gpu.csv'), 'utf8')
  .trim()
  .split('\n');
const header = src[0];
const rows = src.slice(1);
let size = 0;
try {
  size = statSync(out).size;
} catch {}
if (size < mb * 1e6) {
  const parts = [`${header}\n`];
  let bytes = parts[0].length;
  let t = Date.UTC(2026, 11, 2, 0, 0, 0);
  let round = 0;
  while (bytes < mb * 1e6) {
    const r = rows[round % rows.length].split(', ');
    const stamp = new Date(t).toISOString().replace('T', ' ').replace('Z', '').replace(/-/g, '/');
    for (let g = 0; g < 8; g++) {
      r[0] = stamp;
      r[1] = String(g);
      r[3] = `00000000:0${g}:00.0`;
      r[4] = `GPU-00000000-0000-0000-0000-00000000000${g}`;
      const line = `${r.join(', ')}\n`;
      parts.push(line);
      bytes += line.length;
    }
    t += 1000;
    round++;
  }
  writeFileSync(out, parts.join(''));
}
const bytes = statSync(out).size;
const rate = (s) => `${(bytes / 1e6 / s).toFixed(0)} MB/s`;

let t0 = performance.now();
const log = await readLog(out);
const ours = (performance.now() - t0) / 1000;

t0 = performance.now();
let n = 0;
let sum = 0;
await new Promise((res, rej) => {
  createReadStream(out)
    .pipe(parse({ columns: true, trim: true }))
    .on('data', (r) => {
      n++;
      sum += Number.parseFloat(r['power.draw [W]']);
    })
    .on('end', res)
    .on('error', rej);
});
const csvParse = (performance.now() - t0) / 1000;

const py = `
import csv, sys, time
t = time.perf_counter(); n = 0; s = 0.0
with open(sys.argv[1], newline='') as f:
    r = csv.reader(f, skipinitialspace=True)
    h = next(r); k = h.index('power.draw [W]')
    for row in r:
        n += 1; s += float(row[k].split()[0])
print(time.perf_counter() - t, n)`;
const [pySec, pyRows] = execFileSync('python3', ['-c', py, out], { encoding: 'utf8' }).trim().split(' ').map(Number);

const result = {
  file: out,
  mb: +(bytes / 1e6).toFixed(1),
  rows: n,
  samples: log.gpus[0].length,
  gpus: log.gpus.length,
  readLogS: +ours.toFixed(2),
  readLog: rate(ours),
  csvParseS: +csvParse.toFixed(2),
  csvParse: rate(csvParse),
  pythonCsvS: +pySec.toFixed(2),
  pythonCsv: rate(pySec),
  check: { pythonRows: pyRows, csvParseMeanW: +(sum / n).toFixed(3) },
};
console.log(JSON.stringify(result, null, 2));

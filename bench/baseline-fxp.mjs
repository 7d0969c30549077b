#!/usr/bin/env node
// Naive fast-xml-parser baseline: split the log on `</nvidia_smi_log>`, XMLParser.parse every whole
// document into an object tree, read the same metrics as `mc2-telemetry summarize` / the
// ElementTree baseline, print per-GPU figures as JSON. Streaming input (bounded memory).
//
//   node bench/baseline-fxp.mjs FILE[.gz]

import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';

const TERMINATOR = '</nvidia_smi_log>';
const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: baseline-fxp.mjs FILE[.gz]\n');
  process.exit(2);
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' });

/** '123.45 W' -> 123.45; undefined for N/A / missing. (fxp turns a bare number like `0` into 0.) */
function num(v) {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  const n = parseFloat(String(v));
  return Number.isNaN(n) ? undefined : n;
}
const MONTHS = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
/** `Tue Dec  3 05:27:00 2019` -> `2019-12-03T05:27:00` (local wall time, as the Python baseline prints). */
function isoTimestamp(s) {
  const m = /^\w{3} (\w{3}) +(\d{1,2}) (\d{2}:\d{2}:\d{2}) (\d{4})$/.exec(String(s).trim());
  if (!m) return null;
  return `${m[4]}-${String(MONTHS[m[1]] + 1).padStart(2, '0')}-${m[2].padStart(2, '0')}T${m[3]}`;
}
const arr = (v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]);

class Acc {
  n = 0;
  total = 0;
  max = null;
  add(v) {
    if (v === undefined) return;
    this.n++;
    this.total += v;
    if (this.max === null || v > this.max) this.max = v;
  }
  out() {
    return { mean: this.n ? Math.round((this.total / this.n) * 1e4) / 1e4 : null, max: this.max, n: this.n };
  }
}
const METRICS = ['power_w', 'gpu_util_pct', 'memory_util_pct', 'fb_used_mib', 'gpu_temp_c', 'tx_kbps', 'rx_kbps'];

const gpus = new Map();
let documents = 0;
let firstTs = null;
let lastTs = null;

function handle(doc) {
  const root = parser.parse(doc).nvidia_smi_log;
  documents++;
  const ts = isoTimestamp(root.timestamp);
  if (firstTs === null) firstTs = ts;
  lastTs = ts;
  for (const gpu of arr(root.gpu)) {
    const bus = gpu['@_id'];
    let g = gpus.get(bus);
    if (!g) {
      g = { samples: 0, busy_samples: 0, pids: new Set() };
      for (const m of METRICS) g[m] = new Acc();
      gpus.set(bus, g);
    }
    g.samples++;
    const power =
      num(gpu.power_readings?.power_draw) ??
      num(gpu.gpu_power_readings?.average_power_draw) ??
      num(gpu.gpu_power_readings?.instant_power_draw);
    g.power_w.add(power);
    const util = num(gpu.utilization?.gpu_util);
    g.gpu_util_pct.add(util);
    if (util) g.busy_samples++;
    g.memory_util_pct.add(num(gpu.utilization?.memory_util));
    g.fb_used_mib.add(num(gpu.fb_memory_usage?.used));
    g.gpu_temp_c.add(num(gpu.temperature?.gpu_temp));
    g.tx_kbps.add(num(gpu.pci?.tx_util));
    g.rx_kbps.add(num(gpu.pci?.rx_util));
    const procs = gpu.processes;
    if (procs && typeof procs === 'object') for (const p of arr(procs.process_info)) g.pids.add(Number(p.pid));
  }
}

let input = createReadStream(path, { highWaterMark: 1 << 20 });
if (path.endsWith('.gz')) input = input.pipe(createGunzip());
input.setEncoding('utf8');
let buf = '';
for await (const chunk of input) {
  buf += chunk;
  let start = 0;
  for (;;) {
    const end = buf.indexOf(TERMINATOR, start);
    if (end < 0) break;
    handle(buf.slice(start, end + TERMINATOR.length).trimStart());
    start = end + TERMINATOR.length;
  }
  buf = buf.slice(start);
}

const out = {
  file: path,
  documents,
  first_timestamp: firstTs,
  last_timestamp: lastTs,
  gpus: Object.fromEntries(
    [...gpus].map(([bus, g]) => [
      bus,
      {
        samples: g.samples,
        busy_samples: g.busy_samples,
        distinct_pids: g.pids.size,
        ...Object.fromEntries(METRICS.map((m) => [m, g[m].out()])),
      },
    ]),
  ),
};
process.stdout.write(JSON.stringify(out, null, 1) + '\n');

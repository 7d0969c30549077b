#!/usr/bin/env node
/**
 * `watch` costs (issue 16): one live update (a new document of an 8-GPU log at 1 Hz, then every
 * GPU's figures) after 1 h and 24 h of history (target: under 5 ms, the same after a day as after
 * an hour), and the CPU to catch up with a whole log through `watch` (v100x1 generated logs of 2 h
 * and 4 h: 4 h should cost no more than ~2 × 2 h). Needs `npm run build`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LiveLog } from '../dist/analyze/live-log.js';
import { emptyGpuSample, completeGpuSample } from '../dist/parse/sample.js';
import { METRIC_INDEX } from '../dist/parse/fields.js';

const root = resolve(import.meta.dirname, '..');
const pad = (n) => String(n).padStart(2, '0');
function sampleAt(t) {
  const d = new Date(Date.UTC(2026, 11, 2, 0, 0, 0) + t * 1000);
  const gpus = Array.from({ length: 8 }, (_, k) => {
    const g = emptyGpuSample(`0000:0${k}:00.0`);
    g.identity.uuid = `GPU-${k}`;
    const busy = (t + k * 7) % 60 < 40;
    g.values[METRIC_INDEX.powerDrawW] = busy ? 300 + (t % 5) : 70;
    g.values[METRIC_INDEX.gpuUtilPct] = busy ? 100 : 0;
    g.values[METRIC_INDEX.powerLimitW] = 700;
    g.processes = busy
      ? [{ pid: 1000 + Math.floor(t / 60), type: 'C', name: 'mc2', usedMemoryMiB: 1000, gpuInstanceId: NaN, computeInstanceId: NaN }]
      : [];
    completeGpuSample(g);
    return g;
  });
  return {
    ordinal: t,
    offset: 0,
    timestamp: `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    driverVersion: null,
    cudaVersion: null,
    attachedGpus: 8,
    gpus,
  };
}
const out = {};
// one update: one new document of 8 GPUs, then every GPU's figures (what followLog yields), timed
// over the 300 updates after the history reached 1 h and 24 h
for (const hours of [1, 24]) {
  const live = new LiveLog();
  const n = hours * 3600;
  for (let t = 0; t < n; t++) {
    live.add(sampleAt(t));
    if (t % 600 === 0) live.states(); // as a follower asks along the way
  }
  const times = [];
  for (let t = n; t < n + 300; t++) {
    const s = sampleAt(t);
    const t0 = performance.now();
    live.add(s);
    live.states();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  out[`update after ${hours} h, 8 GPUs at 1 Hz (ms): median, p99, max of 300`] = [
    +times[150].toFixed(3),
    +times[296].toFixed(3),
    +times[299].toFixed(3),
  ];
  globalThis.gc?.();
  const mem = process.memoryUsage();
  out[`heap + array buffers after ${hours} h (MiB)`] = Math.round((mem.heapUsed + mem.arrayBuffers) / 2 ** 20);
  // the rare update that moves the idle threshold (a new, lower idle floor on every GPU: two
  // readings at 50 W that agree, 20 W below the old floor; T 133 → 115 W): past no reading it
  // costs nothing more; past a reading (one of 125 W put in the history) every row of every GPU
  // is counted again
  for (const [what, ramp] of [
    ['past no reading', false],
    ['past a reading (every row of 8 GPUs counted again)', true],
  ]) {
    const l = ramp ? new LiveLog() : live;
    if (ramp)
      for (let t = 0; t < n; t++) {
        const s = sampleAt(t);
        if (t === 100) for (const g of s.gpus) g.values[METRIC_INDEX.powerW] = 125;
        l.add(s);
      }
    l.states();
    const low = [sampleAt(n + 300), sampleAt(n + 301)];
    for (const s of low) for (const g of s.gpus) g.values[METRIC_INDEX.powerW] = 50;
    l.add(low[0]);
    l.states();
    const t0 = performance.now();
    l.add(low[1]);
    const after = l.states();
    out[`update that moves the idle threshold ${what} after ${hours} h (ms)`] = +(performance.now() - t0).toFixed(2);
    if (Math.abs(after[0].thresholdW - 115) > 0.01) throw new Error(`threshold ${after[0].thresholdW}, not 115 W`);
  }
}
const dir = join(root, '.bench-data', 'watch');
mkdirSync(dir, { recursive: true });
for (const hours of [2, 4]) {
  const f = join(dir, `v100-${hours}h.xml`);
  if (!existsSync(f))
    execFileSync(process.execPath, [join(root, 'bench', 'generate.mjs'), '--gpu', 'v100x1', '--docs', String(hours * 3600), '--out', f], {
      stdio: 'ignore',
    });
  const script = `import { watchCommand } from '${join(root, 'dist', 'cli', 'watch.js')}';
import { Writable } from 'node:stream';
const sink = new Writable({ write(c, e, cb) { cb(); } });
const ac = new AbortController();
let n = 0;
const err = new Writable({ write(c, e, cb) { if (String(c).includes(' ${hours * 3600} samples')) ac.abort(); cb(); } });
const t = setTimeout(() => ac.abort(), 600000);
await watchCommand('${f}', { interval: '10', json: true }, { out: sink, err, signal: ac.signal });
clearTimeout(t);`;
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8' });
  const [wall, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  out[`catch up with a ${hours} h log (v100x1, 1 Hz): wall s, CPU s`] = [wall, +(user + sys).toFixed(2)];
}
console.log(JSON.stringify(out, null, 2));

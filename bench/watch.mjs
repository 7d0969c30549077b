#!/usr/bin/env node
/**
 * `watch` costs (issue 16): the analyses behind one live-line update of an 8-GPU log after 1 h and
 * 24 h at 1 Hz (LiveLog.state over every GPU), and the CPU to catch up with a whole log through
 * `watch` (v100x1 generated logs of 2 h and 4 h). Needs `npm run build`.
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
for (const hours of [1, 24]) {
  const live = new LiveLog('UTC');
  for (let t = 0; t < hours * 3600; t++) live.add(sampleAt(t));
  const times = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (const g of live.gpus.values()) live.state(g);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  out[`update after ${hours} h, 8 GPUs (ms, median of 5)`] = +times[2].toFixed(1);
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

#!/usr/bin/env node
// `npm run bench` (after `npm run build`): generate logs, time `mc2-telemetry summarize --json`
// against the ElementTree baseline, a naive fast-xml-parser parse, and the grep / gzip floors, on
// the same files; median of N runs; print a table and write .bench-data/last-run.{md,json}.
//
// Options (flag or environment variable):
//   --size 200MB            BENCH_SIZE            uncompressed size of each generated log
//   --runs 3                BENCH_RUNS            timed runs per (file, tool); the median is reported
//   --baseline-runs N       BENCH_BASELINE_RUNS   runs for etree/fxp (default: --runs); 1 for multi-GB
//   --sets LIST             BENCH_SETS            default h100x8,h100x8.gz,k80x4,v100x1
//   --tools LIST            BENCH_TOOLS           default ours,etree,fxp,grep,gzip
//   --seed 1                BENCH_SEED
//   --data DIR              BENCH_DATA            default .bench-data (gitignored)
//   --no-ttfl               BENCH_TTFL=0          skip the time-to-first-line measurement
//   --validate              BENCH_VALIDATE=1      check every generated document with ElementTree
//   --update-docs           BENCH_UPDATE_DOCS=1   replace the table in docs/performance.md
//
// All figures are measured here; nothing is copied in by hand. A tool that fails or does not exist
// yet (e.g. the CLI before `npm run build`) is reported as n/a with its error, not as a number.

import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
  renameSync,
} from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import { join, dirname, resolve, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, parseSize, loadTemplate } from './generate.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');

// ---------------------------------------------------------------- options

function options(argv) {
  const env = process.env;
  const o = {
    size: env.BENCH_SIZE ?? '200MB',
    runs: Number(env.BENCH_RUNS ?? 3),
    baselineRuns: env.BENCH_BASELINE_RUNS ? Number(env.BENCH_BASELINE_RUNS) : undefined,
    sets: (env.BENCH_SETS ?? 'h100x8,h100x8.gz,k80x4,v100x1').split(','),
    tools: (env.BENCH_TOOLS ?? 'ours,etree,fxp,grep,gzip').split(','),
    seed: Number(env.BENCH_SEED ?? 1),
    data: env.BENCH_DATA ?? join(ROOT, '.bench-data'),
    ttfl: env.BENCH_TTFL !== '0',
    validate: env.BENCH_VALIDATE === '1',
    updateDocs: env.BENCH_UPDATE_DOCS === '1',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--size') o.size = v();
    else if (a === '--runs') o.runs = Number(v());
    else if (a === '--baseline-runs') o.baselineRuns = Number(v());
    else if (a === '--sets') o.sets = v().split(',');
    else if (a === '--tools') o.tools = v().split(',');
    else if (a === '--seed') o.seed = Number(v());
    else if (a === '--data') o.data = resolve(v());
    else if (a === '--no-ttfl') o.ttfl = false;
    else if (a === '--validate') o.validate = true;
    else if (a === '--update-docs') o.updateDocs = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write(
        readFileSync(fileURLToPath(import.meta.url), 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('//'))
          .map((l) => l.slice(3))
          .join('\n') + '\n',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  o.sizeBytes = parseSize(o.size);
  o.baselineRuns ??= o.runs;
  return o;
}

// ---------------------------------------------------------------- data files

const sha1 = (s) => createHash('sha1').update(s).digest('hex').slice(0, 12);

async function ensureFile(o, set) {
  const gz = set.endsWith('.gz');
  const gpu = gz ? set.slice(0, -3) : set;
  const name = `${gpu}-${o.size}-s${o.seed}.xml${gz ? '.gz' : ''}`;
  const file = join(o.data, name);
  const metaFile = file + '.meta.json';
  const { path: base } = loadTemplate(gpu);
  const want = {
    gpu,
    size: o.sizeBytes,
    seed: o.seed,
    gzip: gz,
    generator: sha1(readFileSync(join(HERE, 'generate.mjs'))),
    base: sha1(readFileSync(base)),
  };
  if (existsSync(file) && existsSync(metaFile)) {
    try {
      const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
      const same = Object.entries(want).every(([k, v]) => meta.params?.[k] === v) && statSync(file).size === meta.fileBytes;
      if (same) return { file, name, ...meta, reused: true };
    } catch {
      /* regenerate */
    }
  }
  process.stderr.write(`generating ${name} ...`);
  const t0 = performance.now();
  const tmp = file + '.tmp';
  const res = await generate({ gpu, size: o.sizeBytes, seed: o.seed, gzip: gz, out: tmp });
  renameSync(tmp, file);
  const meta = {
    params: want,
    docs: res.docs,
    gpus: res.gpus,
    xmlBytes: res.bytes,
    fileBytes: statSync(file).size,
    firstTimestamp: res.firstTimestamp,
    lastTimestamp: res.lastTimestamp,
  };
  writeFileSync(metaFile, JSON.stringify(meta, null, 1) + '\n');
  process.stderr.write(
    ` ${res.docs} documents, ${(res.bytes / 1e6).toFixed(1)} MB XML, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  return { file, name, ...meta, reused: false };
}

async function warmCache(file) {
  const s = createReadStream(file, { highWaterMark: 1 << 22 });
  for await (const _ of s);
}

// ---------------------------------------------------------------- timing one command

const TIME = '/usr/bin/time';
const haveGnuTime = (() => {
  if (!existsSync(TIME)) return false;
  try {
    execFileSync(TIME, ['-f', '%M', '-o', '/dev/null', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * Run cmd/args; resolve { wall (s), rssMiB, code, stdout, stderr }. Peak RSS via
 * `/usr/bin/time -f %M -o FILE` or, where that is missing, bench/rusage.py (getrusage of the child).
 */
async function measure(cmd, args, { stdoutToNull = false } = {}) {
  const rssFile = join(os.tmpdir(), `mc2-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const [c, a] = haveGnuTime
    ? [TIME, ['-f', '%M', '-o', rssFile, cmd, ...args]]
    : ['python3', [join(HERE, 'rusage.py'), rssFile, cmd, ...args]];
  const nullFd = stdoutToNull ? openSync('/dev/null', 'w') : null;
  const t0 = process.hrtime.bigint();
  const child = spawn(c, a, { cwd: ROOT, stdio: ['ignore', stdoutToNull ? nullFd : 'pipe', 'pipe'] });
  const out = [];
  const err = [];
  child.stdout?.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => err.push(d));
  const [code, signal] = await once(child, 'close');
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (nullFd !== null) closeSync(nullFd);
  let rssMiB = null;
  try {
    const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    if (Number.isFinite(kb) && kb > 0) rssMiB = kb / 1024;
  } catch {
    /* no rss */
  }
  rmSync(rssFile, { force: true });
  return {
    wall,
    rssMiB,
    code: code ?? (signal ? 128 : 1),
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ---------------------------------------------------------------- tools

const CLI = join(ROOT, 'bin', 'mc2-telemetry.js');
const TOOLS = {
  ours: { label: 'mc2-telemetry summarize --json', cmd: (f) => [process.execPath, [CLI, 'summarize', '--json', f]], runs: 'runs' },
  etree: {
    label: 'Python ElementTree (bench/baseline_etree.py)',
    cmd: (f) => ['python3', [join(HERE, 'baseline_etree.py'), f]],
    runs: 'baselineRuns',
  },
  fxp: {
    label: 'fast-xml-parser, whole documents (bench/baseline-fxp.mjs)',
    cmd: (f) => [process.execPath, [join(HERE, 'baseline-fxp.mjs'), f]],
    runs: 'baselineRuns',
  },
  grep: { label: "grep -c '<nvidia_smi_log>' (floor)", cmd: (f) => ['grep', ['-c', '<nvidia_smi_log>', f]], runs: 'runs', plainOnly: true },
  gzip: { label: 'gzip -dc >/dev/null (floor)', cmd: (f) => ['gzip', ['-dc', f]], runs: 'runs', gzOnly: true, stdoutToNull: true },
};

/** A loose check that a tool read the whole file: its output names the right document count. */
function check(tool, meta, r) {
  if (r.code !== 0) return `exit ${r.code}`;
  if (tool === 'grep') return Number(r.stdout.trim()) === meta.docs ? 'ok' : `count ${r.stdout.trim()} != ${meta.docs}`;
  if (tool === 'gzip') return 'ok';
  let j;
  try {
    j = JSON.parse(r.stdout);
  } catch {
    return 'output is not JSON';
  }
  if (tool === 'etree' || tool === 'fxp') {
    const gs = Object.values(j.gpus ?? {});
    return j.documents === meta.docs && gs.length === meta.gpus && gs.every((g) => g.samples === meta.docs)
      ? 'ok'
      : `documents ${j.documents} / gpus ${gs.length}`;
  }
  // ours: `documents` and per-GPU `samples`, where the summary has them.
  if (typeof j.documents === 'number') {
    const gs = Array.isArray(j.gpus) ? j.gpus : [];
    return j.documents === meta.docs && gs.length === meta.gpus && gs.every((g) => g.samples === meta.docs)
      ? 'ok'
      : `documents ${j.documents} / gpus ${gs.length}`;
  }
  return new RegExp(`:${meta.docs}[,}\\]]`).test(JSON.stringify(j)) ? 'ok (doc count seen)' : 'json (doc count not found)';
}

/** Per-GPU figures from a tool's JSON output, keyed by bus id (ours: array of gpus; baselines: object). */
function figures(tool, text) {
  let j;
  try {
    j = JSON.parse(text);
  } catch {
    return null;
  }
  const out = new Map();
  if (tool === 'ours') {
    if (!Array.isArray(j.gpus)) return null;
    for (const g of j.gpus) {
      out.set(g.busId, {
        samples: g.samples,
        powerMean: g.power?.meanW,
        fbMax: g.memory?.maxUsedMiB,
        tempMax: g.temperature?.maxC,
        utilMean: g.utilization?.meanPct,
        pids: g.processes?.distinctPids,
      });
    }
  } else {
    for (const [bus, g] of Object.entries(j.gpus ?? {})) {
      out.set(bus, {
        samples: g.samples,
        powerMean: g.power_w?.mean,
        fbMax: g.fb_used_mib?.max,
        tempMax: g.gpu_temp_c?.max,
        utilMean: g.gpu_util_pct?.mean,
        pids: g.distinct_pids,
      });
    }
  }
  return out;
}

/** Do two tools' per-GPU figures agree (means to 1e-3 relative; the baselines round to 4 places)? */
function agree(a, b) {
  if (!a || !b) return 'not compared';
  if (a.size !== b.size) return `GPU count ${a.size} vs ${b.size}`;
  for (const [bus, x] of a) {
    const y = b.get(bus);
    if (!y) return `GPU ${bus} missing`;
    for (const k of Object.keys(x)) {
      const u = x[k];
      const v = y[k];
      if (u === undefined || v === undefined || u === null || v === null) continue;
      if (Math.abs(u - v) > 1e-3 * Math.max(1, Math.abs(u), Math.abs(v))) return `GPU ${bus} ${k}: ${u} vs ${v}`;
    }
  }
  return 'agree';
}

// ---------------------------------------------------------------- time to first output line

/** First complete document of a (plain) generated file. */
function firstDoc(file) {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(8 << 20);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const s = buf.subarray(0, n).toString('utf8');
    const end = s.indexOf('</nvidia_smi_log>');
    if (end < 0) throw new Error(`no complete document in the first 8 MiB of ${file}`);
    const nl = s.indexOf('\n', end);
    return nl < 0 ? s.slice(0, end + 17) : s.slice(0, nl + 1);
  } finally {
    closeSync(fd);
  }
}

/**
 * Spawn `summarize -`, wait `delayMs` (0: write at once, so Node's start-up is included), write one
 * complete document and keep the pipe open; resolve with seconds from the write to the first
 * stdout newline, or { na: reason }.
 */
async function timeToFirstLine(doc, delayMs, timeoutMs = 10_000) {
  const child = spawn(process.execPath, [CLI, 'summarize', '-'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let early = '';
  let exited = null;
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.on('error', () => {});
  const exitP = once(child, 'exit').then(([code]) => (exited = code));
  const stopped = () => exited !== null;
  const onEarly = (d) => (early += d);
  child.stdout.on('data', onEarly);
  if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
  child.stdout.off('data', onEarly);
  try {
    if (stopped()) return { na: `exited ${exited} before input: ${stderr.trim().split('\n').slice(-1)[0] ?? ''}`.slice(0, 200) };
    const t0 = process.hrtime.bigint();
    const first = new Promise((res) => {
      let got = '';
      child.stdout.on('data', (d) => {
        got += d;
        if (got.includes('\n')) res({ seconds: Number(process.hrtime.bigint() - t0) / 1e9, line: got.split('\n')[0].slice(0, 200) });
      });
    });
    child.stdin.write(doc);
    const timeout = new Promise((res) =>
      setTimeout(() => res({ na: `no output line within ${timeoutMs / 1000} s of the first document (stream kept open)` }), timeoutMs),
    );
    const exitNa = exitP.then(() => ({
      na: `exited ${exited} without an output line: ${stderr.trim().split('\n').slice(-1)[0] ?? ''}`.slice(0, 200),
    }));
    return await Promise.race([first, timeout, exitNa]);
  } finally {
    if (!stopped()) {
      child.stdin.end();
      child.kill('SIGTERM');
    }
    await Promise.race([exitP, new Promise((r) => setTimeout(r, 2000))]);
    if (!stopped()) child.kill('SIGKILL');
    void early;
  }
}

// ---------------------------------------------------------------- report

const f1 = (x, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(d));
const fmtRatio = (x) => (x === null || !Number.isFinite(x) ? '' : x >= 10 ? x.toFixed(1) + '×' : x.toFixed(2) + '×');

function markdownTable(results) {
  const head =
    '| file | XML MB | tool | wall s (median) | runs | MB/s | samples/s | peak RSS MiB | tool ÷ ours | ours ÷ tool | check |\n|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|';
  const rows = results.map(
    (r) =>
      `| ${r.file}${r.gz ? ` (gz ${f1(r.fileMB)} MB)` : ''} | ${f1(r.xmlMB)} | ${r.tool} | ${r.na ? 'n/a' : f1(r.wall, 2)} | ${r.runs} | ${r.na ? 'n/a' : f1(r.mbps)} | ${r.na ? 'n/a' : Math.round(r.samplesPerS).toLocaleString('en-US')} | ${f1(r.rssMiB)} | ${fmtRatio(r.toolOverOurs)} | ${fmtRatio(r.oursOverTool)} | ${r.na ? r.na : r.check} |`,
  );
  return [head, ...rows].join('\n');
}

function machine() {
  const cpus = os.cpus();
  let py = 'n/a';
  try {
    py = execFileSync('python3', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    /* none */
  }
  let commit = 'n/a';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    /* none */
  }
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'n/a',
    memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    python: py,
    rss: haveGnuTime ? '/usr/bin/time -f %M' : 'bench/rusage.py (getrusage RUSAGE_CHILDREN)',
    commit,
    date: new Date().toISOString(),
    loadavg: os.loadavg().map((x) => +x.toFixed(2)),
  };
}

function targets(results, ttfl) {
  const lines = [];
  const by = (file, tool) => results.find((r) => r.file === file && r.tool === tool && !r.na);
  for (const file of [...new Set(results.map((r) => r.file))]) {
    const ours = by(file, 'ours');
    if (!ours) continue;
    const e = by(file, 'etree');
    const x = by(file, 'fxp');
    const g = by(file, 'gzip');
    if (e)
      lines.push(
        `${file}: ${fmtRatio(e.wall / ours.wall)} faster than ElementTree (target ≥ 10×): ${e.wall / ours.wall >= 10 ? 'met' : 'NOT met'}`,
      );
    if (x)
      lines.push(
        `${file}: ${fmtRatio(x.wall / ours.wall)} faster than fast-xml-parser (target ≥ 20×): ${x.wall / ours.wall >= 20 ? 'met' : 'NOT met'}`,
      );
    if (g)
      lines.push(
        `${file}: ${fmtRatio(ours.wall / g.wall)} the time of gzip -dc (target ≤ 1.5×): ${ours.wall / g.wall <= 1.5 ? 'met' : 'NOT met'}`,
      );
    if (ours.rssMiB !== null)
      lines.push(
        `${file}: peak RSS ${f1(ours.rssMiB)} MiB on ${f1(ours.xmlMB)} MB of XML (target ≤ 150 MB on a 2 GB log${ours.xmlMB < 1500 ? '; this file is smaller, run with BENCH_SIZE=2GB' : ''}): ${ours.rssMiB <= 150 ? 'met' : 'NOT met'}`,
      );
  }
  if (ttfl && ttfl.warm && ttfl.warm.seconds !== undefined)
    lines.push(
      `time to first output line of summarize - (after start-up): ${ttfl.warm.seconds.toFixed(3)} s (target < 1 s): ${ttfl.warm.seconds < 1 ? 'met' : 'NOT met'}`,
    );
  return lines;
}

// ---------------------------------------------------------------- main

async function main() {
  const o = options(process.argv.slice(2));
  mkdirSync(o.data, { recursive: true });
  const m = machine();
  process.stderr.write(
    `mc2-telemetry bench: ${m.cpus} CPUs (${m.cpuModel}), ${m.node}, ${m.python}; size ${o.size}, runs ${o.runs} (baselines ${o.baselineRuns})\n`,
  );
  const oursAvailable = existsSync(join(ROOT, 'dist', 'cli', 'main.js'));
  if (o.tools.includes('ours') && !oursAvailable)
    process.stderr.write('note: dist/cli/main.js is missing (run `npm run build`); "ours" will be n/a\n');

  const files = [];
  for (const set of o.sets) files.push(await ensureFile(o, set));
  if (o.validate) {
    for (const f of files) {
      const out = execFileSync(
        'python3',
        [join(HERE, 'validate_generated.py'), f.file, '--gpus', String(f.gpus), '--docs', String(f.docs)],
        { encoding: 'utf8' },
      );
      process.stderr.write(`validate ${f.name}: ${out.trim()}\n`);
    }
  }

  const results = [];
  for (const f of files) {
    const gz = f.params.gzip;
    const tools = o.tools.filter((t) => TOOLS[t] && !(TOOLS[t].plainOnly && gz) && !(TOOLS[t].gzOnly && !gz));
    await warmCache(f.file);
    const samples = Object.fromEntries(tools.map((t) => [t, []]));
    const fails = {};
    const maxRuns = Math.max(...tools.map((t) => o[TOOLS[t].runs]));
    for (let run = 0; run < maxRuns; run++) {
      for (const t of tools) {
        if (run >= o[TOOLS[t].runs] || fails[t]) continue;
        if (t === 'ours' && !oursAvailable) {
          fails[t] = 'dist/cli/main.js missing (npm run build)';
          continue;
        }
        const [cmd, args] = TOOLS[t].cmd(f.file);
        const r = await measure(cmd, args, { stdoutToNull: TOOLS[t].stdoutToNull });
        const c = check(t, f, r);
        if (r.code !== 0) {
          const errFile = join(o.data, `err-${t}-${f.name}.txt`);
          writeFileSync(errFile, r.stderr);
          const lines = r.stderr.trim().split('\n');
          const why = lines.find((l) => /error|cannot|not found|ENOENT|fatal/i.test(l)) ?? lines.slice(-1)[0] ?? '';
          fails[t] = `exit ${r.code} (run ${run + 1}): ${why.trim()}`.slice(0, 160) + ` [stderr: ${basename(errFile)}]`;
          process.stderr.write(`  ${f.name} ${t} run ${run + 1}: FAILED, ${fails[t]}\n`);
          continue;
        }
        if (run === 0 && (t === 'ours' || t === 'etree' || t === 'fxp')) writeFileSync(join(o.data, `out-${t}-${f.name}.json`), r.stdout);
        samples[t].push({ ...r, check: c });
        process.stderr.write(`  ${f.name} ${t} run ${run + 1}: ${r.wall.toFixed(2)} s, ${f1(r.rssMiB)} MiB, ${c}\n`);
      }
    }
    const rows = tools.map((t) => {
      const xs = samples[t];
      const base = {
        file: f.name,
        gz,
        xmlMB: f.xmlBytes / 1e6,
        fileMB: f.fileBytes / 1e6,
        docs: f.docs,
        gpus: f.gpus,
        tool: t,
        label: TOOLS[t].label,
        runs: xs.length,
      };
      if (!xs.length) return { ...base, na: fails[t] ?? 'not run' };
      const wall = median(xs.map((x) => x.wall));
      const rss = xs.map((x) => x.rssMiB).filter((x) => x !== null);
      return {
        ...base,
        wall,
        walls: xs.map((x) => +x.wall.toFixed(3)),
        mbps: f.xmlBytes / 1e6 / wall,
        samplesPerS: f.docs / wall,
        gpuSamplesPerS: (f.docs * f.gpus) / wall,
        rssMiB: rss.length ? Math.max(...rss) : null,
        spread: Math.max(...xs.map((x) => x.wall)) / Math.min(...xs.map((x) => x.wall)),
        check: xs.every((x) => x.check.startsWith('ok')) ? xs[0].check : xs.find((x) => !x.check.startsWith('ok')).check,
      };
    });
    const ref = samples.etree?.[0] ? figures('etree', samples.etree[0].stdout) : null;
    for (const r of rows) {
      if (r.na || !ref || !(r.tool === 'ours' || r.tool === 'fxp')) continue;
      r.vsEtree = agree(figures(r.tool, samples[r.tool][0].stdout), ref);
      r.check += r.vsEtree === 'agree' ? ', = etree' : `; vs etree: ${r.vsEtree}`;
    }
    const ours = rows.find((r) => r.tool === 'ours' && !r.na);
    for (const r of rows) {
      r.toolOverOurs = ours && !r.na ? r.wall / ours.wall : null;
      r.oursOverTool = ours && !r.na ? ours.wall / r.wall : null;
    }
    results.push(...rows);
  }

  let ttfl = null;
  if (o.ttfl) {
    const plain = files.find((f) => !f.params.gzip);
    if (!plain) ttfl = { na: 'no plain file in the set' };
    else if (!oursAvailable) ttfl = { na: 'dist/cli/main.js missing (npm run build)' };
    else {
      const doc = firstDoc(plain.file);
      const cold = await timeToFirstLine(doc, 0);
      const warmRuns = [];
      for (let i = 0; i < o.runs; i++) warmRuns.push(await timeToFirstLine(doc, 1500));
      const ok = warmRuns.filter((r) => r.seconds !== undefined);
      ttfl = {
        file: plain.name,
        cold,
        warm: ok.length
          ? { seconds: median(ok.map((r) => r.seconds)), runs: ok.map((r) => +r.seconds.toFixed(3)), line: ok[0].line }
          : warmRuns[0],
      };
    }
  }

  const loadEnd = os.loadavg().map((x) => +x.toFixed(2));
  const table = markdownTable(results);
  const ttflText = !ttfl
    ? 'not measured (--no-ttfl)'
    : ttfl.na
      ? `n/a (${ttfl.na})`
      : [
          `with the process already started (1.5 s after spawn), median of ${ttfl.warm.runs?.length ?? 0}: ${ttfl.warm.seconds !== undefined ? ttfl.warm.seconds.toFixed(3) + ' s' : `n/a (${ttfl.warm.na})`}`,
          `document written at spawn (includes Node start-up): ${ttfl.cold.seconds !== undefined ? ttfl.cold.seconds.toFixed(3) + ' s' : `n/a (${ttfl.cold.na})`}`,
        ].join('; ');
  const tgt = targets(results, ttfl);
  const noisy = results.filter((r) => !r.na && r.runs > 1 && r.spread > 1.25);
  const busy = Math.max(m.loadavg[0], loadEnd[0]) > m.cpus * 0.75;
  const noise = [
    ...(busy
      ? [
          `⚠ The machine was not idle (1-min load average up to ${Math.max(m.loadavg[0], loadEnd[0])} on ${m.cpus} CPUs): other processes shared the CPUs, so wall times are inflated and noisy.`,
        ]
      : []),
    ...(noisy.length
      ? [
          `⚠ Runs spread more than 1.25× (slowest ÷ fastest): ${noisy.map((r) => `${r.file} ${r.tool} ${r.spread.toFixed(2)}× (${r.walls.join(', ')} s)`).join('; ')}.`,
        ]
      : []),
  ];
  const md = [
    `Machine: ${m.cpus} CPUs (\`os.cpus().length\`), ${m.cpuModel}, ${m.memGiB} GiB RAM, ${m.platform}; Node ${m.node}, ${m.python}; peak RSS by ${m.rss}; commit ${m.commit}; ${m.date}; load average (1/5/15 min) ${m.loadavg.join(' ')} at start, ${loadEnd.join(' ')} at end.`,
    `Files: generated by bench/generate.mjs (seed ${o.seed}, ${o.size} of XML each; \`.gz\` holds the same documents), page cache warm. Wall = median of the runs column; peak RSS = highest of the runs. check: the tool's document/sample counts match the generator's, and (ours, fxp) per-GPU mean power, mean util, max fb used, max temp, distinct pids equal ElementTree's. MB = 10^6 bytes of uncompressed XML (also for .gz); a sample = one document (one timestamp, all GPUs). tool ÷ ours > 1 means ours is faster.`,
    '',
    table,
    '',
    ...(noise.length ? [...noise, ''] : []),
    `Time to first output line of \`summarize -\` on a live stream (first complete document written, pipe kept open): ${ttflText}.`,
    '',
    ...(tgt.length
      ? ['Targets (issue 5):', '', ...tgt.map((l) => `- ${l}`)]
      : ['Targets (issue 5): not evaluated (no result for `ours`).']),
    '',
    `Reproduce: \`npm run bench\`${o.size !== '200MB' ? ` with BENCH_SIZE=${o.size}` : ''}${o.runs !== 3 ? ` BENCH_RUNS=${o.runs}` : ''}${o.baselineRuns !== o.runs ? ` BENCH_BASELINE_RUNS=${o.baselineRuns}` : ''}${o.sets.join(',') !== 'h100x8,h100x8.gz,k80x4,v100x1' ? ` BENCH_SETS=${o.sets.join(',')}` : ''}${o.tools.join(',') !== 'ours,etree,fxp,grep,gzip' ? ` BENCH_TOOLS=${o.tools.join(',')}` : ''}.`,
  ].join('\n');

  process.stdout.write('\n' + md + '\n');
  writeFileSync(join(o.data, 'last-run.md'), md + '\n');
  writeFileSync(join(o.data, `last-run-${o.size}.md`), md + '\n');
  const json =
    JSON.stringify(
      {
        machine: m,
        options: { ...o, data: basename(o.data) },
        files: files.map(({ file, ...rest }) => ({ ...rest, file: basename(file) })),
        results,
        ttfl,
        targets: tgt,
        noise,
      },
      null,
      1,
    ) + '\n';
  writeFileSync(join(o.data, 'last-run.json'), json);
  writeFileSync(join(o.data, `last-run-${o.size}.json`), json);
  process.stderr.write(`wrote ${join(o.data, 'last-run.md')} and last-run.json (copies: last-run-${o.size}.*)\n`);

  if (o.updateDocs) {
    // One section per file size, between <!-- bench:SIZE:start --> and <!-- bench:SIZE:end -->;
    // appended as "## Latest run, SIZE files" where the markers are not there yet.
    const docPath = join(ROOT, 'docs', 'performance.md');
    const startMark = `<!-- bench:${o.size}:start -->`;
    const endMark = `<!-- bench:${o.size}:end -->`;
    let cur = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Performance\n';
    if (cur.indexOf(startMark) < 0 || cur.indexOf(endMark) < 0)
      cur = cur.replace(/\n*$/, '\n') + `\n## Latest run, ${o.size} files\n\n${startMark}\n${endMark}\n`;
    const s = cur.indexOf(startMark);
    const e = cur.indexOf(endMark);
    writeFileSync(docPath, cur.slice(0, s + startMark.length) + '\n' + md + '\n' + cur.slice(e));
    process.stderr.write(`updated docs/performance.md (${o.size} section)\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`bench: ${e.stack ?? e}\n`);
  process.exitCode = 1;
});

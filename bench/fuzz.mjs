#!/usr/bin/env node
/**
 * A longer fuzz session for the reader (issue 6). Needs `npm run build` first.
 *
 *   node bench/fuzz.mjs [--minutes 3] [--seed 1] [--out /tmp/mc2-fuzz]
 *
 * Each case takes a stream of real documents (../shared/captures and ../shared/corpus), applies
 * one to four random faults (truncation, byte flips, splicing another document in, junk, hostile
 * tokens: stray `<nvidia_smi_log`, `</nvidia_smi_log>`, `<!--`, `<![CDATA[`, `<!DOCTYPE [`, NUL,
 * invalid UTF-8, and floods of up to 1 MB of one token; nvidia-smi stderr lines inside a document,
 * as `2>&1` writes them; a second logger's stream interleaved in 4 KiB blocks, as two loggers
 * appending to one file write it), and checks:
 *   1. readLog never throws anything but a TelemetryError (and that only when no document survives);
 *   2. every document whose bytes the faults did not touch is split out at its offset and its fast
 *      parse equals the reference parse of the original document;
 *   3. the same bytes fed in two random chunkings give identical documents and warnings;
 *   4. where the fast and the reference parser both accept a split document, they agree, and the
 *      fast parser never accepts a document the reference rejects;
 *   5. time per MB stays bounded (the slowest case is reported).
 * Failing inputs are written to --out with a JSON description. Prints a summary at the end.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DocumentSplitter, parseDocument, readLog, TelemetryError } from '../dist/index.js';

const args = process.argv.slice(2);
const arg = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : def;
};
const minutes = Number(arg('minutes', '3'));
let seed = Number(arg('seed', '1')) >>> 0;
const outDir = arg('out', '/tmp/mc2-fuzz');
const root = resolve(import.meta.dirname, '..');
const shared = resolve(root, '..', 'shared');

function rand() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rand() * n);
const pick = (a) => a[int(a.length)];

const load = (p) => {
  const raw = readFileSync(p);
  return (p.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
};
const split = (t) => t.split(/(?=<\?xml)/).filter((d) => d.length);
const setTs = (d, ts) => d.replace(/<timestamp>[^<]*<\/timestamp>/, `<timestamp>${ts}</timestamp>`);

const sources = [
  ...split(load(join(shared, 'captures', 'h100-folder.xml.gz'))).slice(0, 12),
  ...split(load(join(shared, 'captures', 'h100-perfile.xml.gz'))).slice(30, 42),
  setTs(load(join(shared, 'corpus', 'samples', 'tesla-k80-430.26.xml')), 'Mon Nov 23 19:10:00 2026'),
  setTs(load(join(shared, 'corpus', 'influxdata_telegraf', 'dual_a5000-v13.xml')), 'Mon Nov 23 19:10:01 2026'),
  setTs(load(join(shared, 'corpus', 'netdata_netdata', 'a100-sxm4-mig.xml')), 'Mon Nov 23 19:10:02 2026'),
  setTs(load(join(shared, 'corpus', 'samples', 'grid-k520-352.99-inline-dtd.xml')), 'Mon Nov 23 19:10:03 2026'),
].map((t) => {
  const bytes = Buffer.from(t.endsWith('\n') ? t : `${t}\n`);
  const rootAt = bytes.indexOf('<nvidia_smi_log');
  const close = bytes.indexOf('</nvidia_smi_log>') + 17;
  const ref = strip(parseDocument(bytes.subarray(rootAt, close).toString('utf8'), { parser: 'reference' }));
  return { bytes, rootAt, close, ref };
});

function strip(s) {
  const { ordinal, offset, stderrLines, ...rest } = s;
  return rest;
}
const same = (a, b) => JSON.stringify(a, replacer) === JSON.stringify(b, replacer);
function replacer(_k, v) {
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  if (v instanceof Float64Array) return Array.from(v, (x) => (Number.isNaN(x) ? 'NaN' : x));
  return v;
}

/** nvidia-smi's own stderr lines (src/parse/stderr-lines.ts knows them). */
const STDERR = [
  'WARNING: infoROM is corrupted at gpu 0000:04:00.0\n',
  'Failed to initialize NVML: Unknown Error\n',
  'Unable to determine the device handle for GPU0000:3B:00.0: Unknown Error\n',
];

const TOKENS = [
  '<nvidia_smi_log>',
  '</nvidia_smi_log>',
  '<nvidia_smi_log',
  '</nvidia_smi_log',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '<!DOCTYPE nvidia_smi_log [',
  ']>',
  '<?xml version="1.0" ?>',
  '\u0000',
  '\xff\xfe',
  '&lol;',
  '<',
  '>',
  '</gpu>',
  '<gpu id="x">',
];

/** One case: a stream of 2–8 documents with faults; returns the bytes and which documents stay untouched. */
function makeCase() {
  const n = 2 + int(7);
  const docs = Array.from({ length: n }, () => pick(sources));
  let parts = docs.map((d) => ({ bytes: d.bytes, doc: d, touched: false }));
  const ops = [];
  const nOps = 1 + int(4);
  for (let o = 0; o < nOps; o++) {
    const op = pick(['truncate-end', 'flip', 'splice', 'junk', 'token', 'cut-doc', 'flood', 'stderr', 'interleave']);
    const i = int(parts.length);
    const p = parts[i];
    if (op === 'truncate-end') {
      const last = parts[parts.length - 1];
      const cut = int(last.bytes.length);
      parts[parts.length - 1] = { ...last, bytes: last.bytes.subarray(0, cut), touched: true };
      ops.push(`truncate last document at ${cut}`);
    } else if (op === 'flip') {
      const b = Buffer.from(p.bytes);
      const k = 1 + int(8);
      for (let j = 0; j < k; j++) b[int(b.length)] = int(256);
      parts[i] = { ...p, bytes: b, touched: true };
      ops.push(`flip ${k} bytes in part ${i}`);
    } else if (op === 'splice') {
      const d = pick(sources);
      parts.splice(i, 0, { bytes: d.bytes, doc: d, touched: false });
      ops.push(`insert a document before part ${i}`);
    } else if (op === 'junk') {
      const len = 1 + int(200);
      const b = Buffer.alloc(len);
      for (let j = 0; j < len; j++) b[j] = int(256);
      parts.splice(i, 0, { bytes: b, doc: null, touched: true });
      ops.push(`insert ${len} random bytes before part ${i}`);
    } else if (op === 'token') {
      const t = Buffer.from(pick(TOKENS), 'latin1');
      const at = int(p.bytes.length);
      parts[i] = { ...p, bytes: Buffer.concat([p.bytes.subarray(0, at), t, p.bytes.subarray(at)]), touched: true };
      ops.push(`insert ${JSON.stringify(t.toString('latin1'))} at ${at} of part ${i}`);
    } else if (op === 'stderr') {
      // inside the document: taken out again, so the document must still read as the original
      // (not inside the root's start or end tag: the splitter must find those)
      if (p.doc === null || p.touched || p.stderr) continue;
      const line = Buffer.from(pick(STDERR), 'latin1');
      const at = p.doc.rootAt + 16 + int(p.doc.close - 17 - p.doc.rootAt - 16);
      parts[i] = { ...p, bytes: Buffer.concat([p.bytes.subarray(0, at), line, p.bytes.subarray(at)]), stderr: true };
      ops.push(`insert stderr ${JSON.stringify(line.toString('latin1'))} at ${at} of part ${i}`);
    } else if (op === 'interleave') {
      // a second logger's documents, both writing 4 KiB blocks into one file
      const own = Buffer.concat(parts.map((q) => q.bytes));
      const other = Buffer.concat(Array.from({ length: 2 + int(6) }, () => pick(sources).bytes));
      const blocks = [];
      let a = 0;
      let b = 0;
      while (a < own.length || b < other.length) {
        if ((rand() < 0.5 && a < own.length) || b >= other.length) blocks.push(own.subarray(a, (a += 4096)));
        else blocks.push(other.subarray(b, (b += 4096)));
      }
      parts = [{ bytes: Buffer.concat(blocks), doc: null, touched: true }];
      ops.push(`interleave with a second logger's ${other.length} bytes in 4 KiB blocks`);
    } else if (op === 'flood') {
      // many copies of one token (quadratic-time traps): up to ~1 MB
      const tok = pick(TOKENS);
      const t = Buffer.from(tok.repeat(1 + int(Math.floor(1_000_000 / tok.length))), 'latin1');
      const at = int(p.bytes.length);
      parts[i] = { ...p, bytes: Buffer.concat([p.bytes.subarray(0, at), t, p.bytes.subarray(at)]), touched: true };
      ops.push(`insert ${JSON.stringify(tok)} × ${t.length / tok.length} at ${at} of part ${i}`);
    } else {
      const cut = int(p.bytes.length);
      parts[i] = { ...p, bytes: p.bytes.subarray(0, cut), touched: true };
      ops.push(`cut part ${i} at ${cut}`);
    }
  }
  // a document is checked only if it is untouched and its neighbours cannot swallow it:
  // the part before it must be untouched or end cleanly with a complete document
  let off = 0;
  const expect = [];
  parts.forEach((p, i) => {
    const prev = parts[i - 1];
    const prevClean = prev === undefined || (!prev.touched && prev.doc !== null);
    if (!p.touched && p.doc !== null && prevClean) expect.push({ at: off + p.doc.rootAt, ref: p.doc.ref });
    off += p.bytes.length;
  });
  return { buf: Buffer.concat(parts.map((p) => p.bytes)), expect, ops };
}

function chunked(buf) {
  const cuts = Array.from({ length: int(12) }, () => int(buf.length + 1)).sort((a, b) => a - b);
  const out = [];
  let prev = 0;
  for (const c of cuts) {
    out.push(buf.subarray(prev, c));
    prev = c;
  }
  out.push(buf.subarray(prev));
  return out;
}

function splitAll(chunks) {
  const s = new DocumentSplitter();
  const docs = [];
  for (const c of chunks) docs.push(...s.push(c));
  docs.push(...s.end());
  return { docs, warnings: s.warnings };
}

mkdirSync(outDir, { recursive: true });
const stats = {
  cases: 0,
  bytes: 0,
  checkedDocs: 0,
  failureCount: 0,
  telemetryErrors: 0,
  parserDisagreements: 0,
  fastOnlyAccepts: 0,
  refOnlyAccepts: 0,
  worstMsPerMB: 0,
  worstCase: null,
  totalReadMs: 0,
  warnings: {},
};
const failures = [];
function fail(kind, c, detail) {
  stats.failureCount++;
  if (failures.length < 20) {
    const name = `fail-${stats.failureCount}`;
    writeFileSync(join(outDir, `${name}.bin`), c.buf);
    writeFileSync(join(outDir, `${name}.json`), JSON.stringify({ kind, ops: c.ops, detail }, null, 2));
    failures.push({ kind, ops: c.ops, detail: String(detail).slice(0, 300) });
  }
}

const t0 = Date.now();
const deadline = t0 + minutes * 60_000;
while (Date.now() < deadline) {
  const c = makeCase();
  stats.cases++;
  stats.bytes += c.buf.length;
  const start = performance.now();
  try {
    const log = await readLog(chunked(c.buf));
    for (const [k, v] of Object.entries(log.warningCounts)) stats.warnings[k] = (stats.warnings[k] ?? 0) + v;
  } catch (e) {
    if (e instanceof TelemetryError) stats.telemetryErrors++;
    else fail('exception', c, e?.stack ?? e);
  }
  const ms = performance.now() - start;
  const perMB = ms / Math.max(c.buf.length / 1048576, 0.05);
  if (perMB > stats.worstMsPerMB) {
    stats.worstMsPerMB = Math.round(perMB);
    stats.worstCase = { ms: Math.round(ms), bytes: c.buf.length, ops: c.ops };
  }
  stats.totalReadMs += ms;

  const a = splitAll(chunked(c.buf));
  const b = splitAll(chunked(c.buf));
  const key = (r) => JSON.stringify([r.docs.map((d) => [d.ordinal, d.offset, Buffer.from(d.bytes).toString('latin1')]), r.warnings]);
  if (key(a) !== key(b)) fail('chunking changes the result', c, 'two chunkings differ');
  const byOffset = new Map(a.docs.map((d) => [d.offset, d]));
  for (const e of c.expect) {
    stats.checkedDocs++;
    const d = byOffset.get(e.at);
    if (!d) {
      fail('untouched document lost', c, `no document at byte ${e.at}`);
      continue;
    }
    let s;
    try {
      s = strip(parseDocument(d.bytes));
    } catch (err) {
      fail('untouched document does not parse', c, err);
      continue;
    }
    if (!same(s, e.ref)) fail('untouched document differs from reference', c, `at byte ${e.at}`);
  }
  for (const d of a.docs) {
    let f = null;
    let r = null;
    try {
      f = strip(parseDocument(d.bytes));
    } catch {}
    try {
      r = strip(parseDocument(d.bytes, { parser: 'reference' }));
    } catch {}
    if (f && r && !same(f, r)) {
      stats.parserDisagreements++;
      fail('fast and reference disagree', { ...c, buf: Buffer.from(d.bytes) }, `document at byte ${d.offset}`);
    } else if (f && !r) {
      stats.fastOnlyAccepts++;
      fail('fast accepts a document the reference rejects', { ...c, buf: Buffer.from(d.bytes) }, `document at byte ${d.offset}`);
    } else if (r && !f) stats.refOnlyAccepts++;
  }
}
const secs = (Date.now() - t0) / 1000;
console.log(
  JSON.stringify(
    {
      seconds: Math.round(secs),
      seed: Number(arg('seed', '1')),
      ...stats,
      totalReadMs: Math.round(stats.totalReadMs),
      meanReadMsPerMB: +(stats.totalReadMs / (stats.bytes / 1048576)).toFixed(1),
      mb: +(stats.bytes / 1048576).toFixed(1),
      failures,
    },
    null,
    2,
  ),
);
process.exitCode = stats.failureCount ? 1 : 0;

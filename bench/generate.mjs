#!/usr/bin/env node
// Deterministic, seeded generator of large `nvidia-smi -l 1 -q -x -f FILE` logs, built from REAL
// nvidia-smi documents of the corpus (not from a hand-written schema).
//
//   node bench/generate.mjs --gpu h100x8 --size 200MB --seed 1 --out .bench-data/h100x8.xml [--gzip]
//
// How: the base document is read once and compiled into a template, an array of static string
// parts with "slots" between them (timestamp, and per GPU: power draw, utilisation, fb used/free,
// temperature, clocks, PCIe tx/rx, <processes> block). Each sample only formats the slot values
// and concatenates; the output is written as a stream (with back-pressure), never held in memory.
// Values keep the exact text format of the base (`123.45 W`, `40 %`, `1234 MiB`, `891 KB/s`),
// fields that are N/A in the base (K80 tx/rx, H100 module power) stay N/A.
//
// --size is the size of the uncompressed XML (documents are whole; the file ends at the first
// document boundary at or after the target). With --gzip (or an --out ending in .gz) the same
// bytes are gzip-compressed (level 6, as `gzip` does), so x.xml and x.xml.gz made with the same
// --gpu/--size/--seed hold identical documents.

import { createWriteStream, readFileSync, existsSync } from 'node:fs';
import { createGzip } from 'node:zlib';
import { once } from 'node:events';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_CORPUS = resolve(HERE, '..', '..', 'shared', 'corpus');

/**
 * Per-kind base file and the physical envelope the simulation moves in. Idle values come from
 * the base documents where the base is idle (H100 68.57 W / 345 MHz / 29 C, V100 25.55 W /
 * 135 MHz / 32 C); busy ranges stay inside the limits the base documents state (H100 700 W,
 * K80 149 W, V100 250 W; the clock ranges are clocks from the base's supported_clocks list).
 */
export const KINDS = {
  h100x8: {
    base: 'samples/h100-80gb-hbm3-580.105.08.xml',
    gpus: 8,
    idleW: [64, 74],
    busyW: [420, 690],
    memIdleW: [31, 35],
    memBusyW: [60, 115],
    idleClock: 345,
    busyClock: [1650, 1980],
    idleTemp: 29,
    busyTemp: [52, 68],
    idleFbMiB: 0,
    procMiB: [18000, 60000],
    memUtilBusy: [12, 55],
    txIdle: [300, 900],
    txBusy: [20000, 900000],
    procNames: ['python3', '/opt/MotionCor3/MotionCor3'],
  },
  k80x4: {
    base: 'samples/tesla-k80-430.26.xml',
    gpus: 4,
    idleW: [25, 31],
    busyW: [105, 149],
    memIdleW: [0, 0],
    memBusyW: [0, 0],
    idleClock: 324,
    busyClock: [562, 875],
    idleTemp: 30,
    busyTemp: [58, 75],
    idleFbMiB: 0,
    procMiB: [300, 9000],
    memUtilBusy: [15, 45],
    txIdle: [0, 0],
    txBusy: [0, 0],
    procNames: ['python', '/usr/local/bin/MotionCor2'],
  },
  v100x1: {
    base: 'cvl_benchmarking/nvidiaLogging-m3g-MPI-1a.xml',
    gpus: 1,
    idleW: [24, 27],
    busyW: [110, 245],
    memIdleW: [0, 0],
    memBusyW: [0, 0],
    idleClock: 135,
    busyClock: [1245, 1380],
    idleTemp: 32,
    busyTemp: [50, 72],
    idleFbMiB: 0,
    procMiB: [1500, 9000],
    memUtilBusy: [10, 50],
    txIdle: [0, 200],
    txBusy: [30000, 2500000],
    procNames: ['MotionCor2', '/usr/bin/python3'],
  },
};

// ---------------------------------------------------------------- seeded PRNG (mulberry32)

export function rng(seed) {
  let a = (seed >>> 0) ^ 0x9e3779b9;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor((hi - lo + 1) * next()), // inclusive
    pick: (arr) => arr[Math.floor(arr.length * next())],
  };
}

// ---------------------------------------------------------------- timestamps

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n) => (n < 10 ? '0' + n : '' + n);

/** `Fri Aug 21 08:54:01 2026` (local wall time, no zone) -> ms, treating it as UTC (no DST jumps). */
export function parseTimestamp(s) {
  const m = /^\w{3} (\w{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/.exec(s.trim());
  if (!m) throw new Error(`unrecognised timestamp: ${s}`);
  const mon = MONTHS.indexOf(m[1]);
  return Date.UTC(+m[6], mon, +m[2], +m[3], +m[4], +m[5]);
}

/** ms -> `Tue Dec  3 05:27:00 2019` (day space-padded to 2 characters, as nvidia-smi's asctime). */
export function formatTimestamp(ms) {
  const d = new Date(ms);
  const day = d.getUTCDate();
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day < 10 ? ' ' + day : day} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

// ---------------------------------------------------------------- template compilation

const TERMINATOR = '</nvidia_smi_log>';

/** The first complete document of a (possibly concatenated) log, with its trailing newline if any. */
export function firstDocument(text) {
  const start = text.indexOf('<?xml');
  const end = text.indexOf(TERMINATOR, start);
  if (start < 0 || end < 0) throw new Error('no complete nvidia_smi_log document in base file');
  let stop = end + TERMINATOR.length;
  if (text[stop] === '\r') stop++;
  if (text[stop] === '\n') stop++;
  return text.slice(start, stop);
}

/** [start, end) of the first `<tag>` ... `</tag>` element in text[from, to), or null. */
function findElement(text, tag, from, to) {
  const open = `<${tag}>`;
  const s = text.indexOf(open, from);
  if (s < 0 || s >= to) return null;
  const e = text.indexOf(`</${tag}>`, s);
  if (e < 0 || e >= to) return null;
  return { start: s, contentStart: s + open.length, contentEnd: e, end: e + tag.length + 3 };
}

/** The value range of `<leaf>` inside the first `<parent>` element of text[from, to). */
function findLeaf(text, parent, leaf, from, to) {
  const p = parent ? findElement(text, parent, from, to) : { contentStart: from, contentEnd: to };
  if (!p) return null;
  const l = findElement(text, leaf, p.contentStart, p.contentEnd);
  if (!l) return null;
  return { start: l.contentStart, end: l.contentEnd, value: text.slice(l.contentStart, l.contentEnd) };
}

/** `123.45 W` -> { decimals: 2, unit: ' W' }; null for N/A and other non-numbers. */
function numberFormat(value) {
  const m = /^(-?\d+)(?:\.(\d+))?( .*)$/.exec(value);
  if (!m) return null;
  return { decimals: m[2] ? m[2].length : 0, unit: m[3], value: Number(m[1] + (m[2] ? '.' + m[2] : '')) };
}

function lineIndent(text, pos) {
  const ls = text.lastIndexOf('\n', pos - 1) + 1;
  return text.slice(ls, pos);
}

/** Split a document into header, GPU blocks (`<gpu ...>...</gpu>`) and separators. */
function gpuBlocks(doc) {
  const blocks = [];
  let i = 0;
  for (;;) {
    const s = doc.indexOf('<gpu id="', i);
    if (s < 0) break;
    const e = doc.indexOf('</gpu>', s);
    if (e < 0) throw new Error('unterminated <gpu>');
    blocks.push({ start: s, end: e + 6 });
    i = e + 6;
  }
  return blocks;
}

/** Give a cloned GPU block distinct identifiers (bus id, uuid, minor number, serial). */
function cloneGpu(block, k) {
  const hex = (n, w) => n.toString(16).toUpperCase().padStart(w, '0');
  let out = block;
  const id = /<gpu id="([0-9A-Fa-f]+):([0-9A-Fa-f]{2}):([0-9A-Fa-f]{2})\.(\d)">/.exec(block);
  if (id) {
    const bus = hex((parseInt(id[2], 16) + 0x11 * k) & 0xff, 2);
    const busId = `${id[1]}:${bus}:${id[3]}.${id[4]}`;
    out = out.split(`${id[1]}:${id[2]}:${id[3]}.${id[4]}`).join(busId);
    out = out.replace(/<pci_bus>[0-9A-Fa-f]{2}<\/pci_bus>/, `<pci_bus>${bus}</pci_bus>`);
  }
  out = out.replace(
    /<uuid>GPU-([0-9a-fA-F-]+)<\/uuid>/,
    (_m, u) => `<uuid>GPU-${u.slice(0, -4)}${hex(0xb000 + k, 4).toLowerCase()}</uuid>`,
  );
  out = out.replace(/<minor_number>(\d+)<\/minor_number>/, (_m, n) => `<minor_number>${Number(n) + k}</minor_number>`);
  out = out.replace(/<serial>(\d+)<\/serial>/, (_m, n) => `<serial>${String(BigInt(n) + BigInt(k)).padStart(n.length, '0')}</serial>`);
  return out;
}

/** Replicate the last GPU of doc until it has `count` GPUs (no-op if it already has them). */
export function withGpuCount(doc, count) {
  const blocks = gpuBlocks(doc);
  if (blocks.length === 0) throw new Error('base document has no <gpu>');
  if (blocks.length >= count) {
    // keep the first `count` GPUs
    if (blocks.length > count) doc = doc.slice(0, blocks[count - 1].end) + doc.slice(blocks[blocks.length - 1].end);
  } else {
    const last = blocks[blocks.length - 1];
    const indent = lineIndent(doc, last.start);
    const tail = doc.indexOf(TERMINATOR, last.end);
    const sep = doc.slice(last.end, tail); // e.g. "\n\n"
    const text = doc.slice(last.start, last.end);
    let extra = '';
    for (let k = 1; k <= count - blocks.length; k++) extra += sep + indent + cloneGpu(text, k);
    doc = doc.slice(0, last.end) + extra + doc.slice(last.end);
  }
  return doc.replace(/<attached_gpus>\d+<\/attached_gpus>/, `<attached_gpus>${count}</attached_gpus>`);
}

/**
 * Compile a base document into { parts, slots }: output = parts[0] + v(slots[0]) + parts[1] + ...
 * Slot kinds: timestamp, and per GPU power, instantPower, memPower, gpuUtil, memUtil, fbUsed,
 * fbFree, temp, memTemp, idleFlag, gfxClock, smClock, tx, rx, processes.
 */
export function compileTemplate(doc) {
  const ranges = [];
  const ts = findLeaf(doc, null, 'timestamp', 0, doc.indexOf('<gpu id="'));
  if (!ts) throw new Error('base document has no <timestamp>');
  ranges.push({ start: ts.start, end: ts.end, gpu: -1, kind: 'timestamp' });
  const gpus = [];
  let processTemplate = null;
  gpuBlocks(doc).forEach((b, gi) => {
    const info = { fbSum: 0, fbTotal: 0, clocks: [], procIndent: '', procUnit: '' };
    const add = (parent, leaf, kind) => {
      const r = findLeaf(doc, parent, leaf, b.start, b.end);
      if (!r) return null;
      const fmt = numberFormat(r.value);
      if (!fmt) return null; // N/A etc. stay as they are
      ranges.push({ start: r.start, end: r.end, gpu: gi, kind, decimals: fmt.decimals, unit: fmt.unit, base: fmt.value });
      return fmt.value;
    };
    // Power: every power draw element that exists in the base, under its own parent.
    add('power_readings', 'power_draw', 'power');
    add('gpu_power_readings', 'power_draw', 'power');
    add('gpu_power_readings', 'average_power_draw', 'power');
    add('gpu_power_readings', 'instant_power_draw', 'instantPower');
    add('gpu_memory_power_readings', 'average_power_draw', 'memPower');
    add('gpu_memory_power_readings', 'instant_power_draw', 'memPower');
    add('utilization', 'gpu_util', 'gpuUtil');
    add('utilization', 'memory_util', 'memUtil');
    const used = add('fb_memory_usage', 'used', 'fbUsed');
    const free = add('fb_memory_usage', 'free', 'fbFree');
    info.fbSum = (used ?? 0) + (free ?? 0);
    info.baseTemp = add('temperature', 'gpu_temp', 'temp') ?? 0;
    const memTemp = add('temperature', 'memory_temp', 'memTemp');
    info.memTempOffset = memTemp === null ? 0 : memTemp - info.baseTemp;
    // The "GPU idle" clock event (throttle) reason: Active while idle, as nvidia-smi reports it.
    for (const [parent, leaf] of [
      ['clocks_event_reasons', 'clocks_event_reason_gpu_idle'],
      ['clocks_throttle_reasons', 'clocks_throttle_reason_gpu_idle'],
    ]) {
      const f = findLeaf(doc, parent, leaf, b.start, b.end);
      if (f && (f.value === 'Active' || f.value === 'Not Active')) ranges.push({ start: f.start, end: f.end, gpu: gi, kind: 'idleFlag' });
    }
    add('clocks', 'graphics_clock', 'gfxClock');
    add('clocks', 'sm_clock', 'smClock');
    add('pci', 'tx_util', 'tx');
    add('pci', 'rx_util', 'rx');
    for (const m of doc.slice(b.start, b.end).matchAll(/<supported_graphics_clock>(\d+) MHz</g)) info.clocks.push(Number(m[1]));
    const pr = findElement(doc, 'processes', b.start, b.end);
    if (!pr) throw new Error(`GPU ${gi} of the base has no <processes>`);
    const gpuIndent = lineIndent(doc, b.start);
    const childIndent = lineIndent(doc, pr.start);
    info.procIndent = childIndent;
    info.procUnit = childIndent.slice(gpuIndent.length) || '\t';
    const inner = doc.slice(pr.contentStart, pr.contentEnd);
    if (!processTemplate && inner.includes('<process_info>')) {
      processTemplate = /<process_info>([\s\S]*?)<\/process_info>/.exec(inner)[1];
    }
    ranges.push({ start: pr.start, end: pr.end, gpu: gi, kind: 'processes' });
    gpus.push(info);
  });
  ranges.sort((a, b) => a.start - b.start);
  const parts = [];
  let pos = 0;
  for (const r of ranges) {
    parts.push(doc.slice(pos, r.start));
    pos = r.end;
  }
  parts.push(doc.slice(pos));
  // Fields of <process_info> in this DTD version: from a real process_info in the base if there
  // is one, else GI/CI ids (N/A on a non-MIG GPU) from DTD v11 on, as nvidia-smi prints them.
  const dtd = Number(/nvsmi_device_v(\d+)\.dtd/.exec(doc)?.[1] ?? 0);
  let procFields;
  if (processTemplate) procFields = [...processTemplate.matchAll(/<(\w+)>/g)].map((m) => m[1]);
  else
    procFields =
      dtd >= 11
        ? ['gpu_instance_id', 'compute_instance_id', 'pid', 'type', 'process_name', 'used_memory']
        : ['pid', 'type', 'process_name', 'used_memory'];
  return { parts, slots: ranges, gpus, procFields, startMs: parseTimestamp(ts.value), dtd };
}

// ---------------------------------------------------------------- simulation

function fmt(v, decimals, unit) {
  return (decimals === 0 ? String(Math.round(v)) : v.toFixed(decimals)) + unit;
}

const clamp = (v, lo, hi) => (v < lo ? lo : v > hi ? hi : v);

/** One GPU's state machine: idle gaps and busy stretches (one job = new pid(s) every ~30 samples). */
class GpuSim {
  constructor(kind, info, r, pidBase) {
    this.k = kind;
    this.info = info;
    this.r = r;
    const busy = info.clocks.filter((c) => c >= kind.busyClock[0] && c <= kind.busyClock[1]);
    this.busyClocks = busy.length ? busy : [kind.busyClock[0], kind.busyClock[1]];
    this.busy = r.next() < 0.6;
    this.left = r.int(1, 30);
    this.procs = [];
    this.temp = kind.idleTemp + r.uniform(-2, 2);
    this.power = r.uniform(kind.idleW[0], kind.idleW[1]);
    this.pid = pidBase;
    this.sinceStart = 0;
    this.jobPower = 0;
    if (this.busy) this.startJob();
  }

  startJob() {
    const { r, k } = this;
    const n = r.next() < 0.25 ? 2 : 1;
    this.procs = [];
    for (let i = 0; i < n; i++) {
      this.pid += r.int(3, 900);
      this.procs.push({ pid: this.pid, name: r.pick(k.procNames), mem: Math.round(r.uniform(k.procMiB[0], k.procMiB[1]) / n) });
    }
    this.jobPower = r.uniform(k.busyW[0], k.busyW[1]);
    this.jobTemp = r.uniform(k.busyTemp[0], k.busyTemp[1]);
    this.sinceStart = 0;
  }

  step() {
    const { r, k } = this;
    if (--this.left <= 0) {
      this.busy = !this.busy;
      if (this.busy) {
        this.left = r.int(18, 42); // a job: ~30 samples
        this.startJob();
      } else {
        this.left = r.next() < 0.3 ? r.int(1, 3) : r.int(4, 40); // idle gap between jobs
        this.procs = [];
      }
    }
    const s = {};
    if (this.busy) {
      this.sinceStart++;
      const launching = this.sinceStart <= 2; // process exists, kernel not running yet
      const target = launching ? k.idleW[1] + (this.jobPower - k.idleW[1]) * 0.3 : this.jobPower;
      this.power = clamp(target + r.uniform(-0.06, 0.06) * this.jobPower, k.idleW[0], k.busyW[1]);
      s.gpuUtil = launching ? r.int(0, 30) : r.next() < 0.05 ? r.int(40, 85) : r.int(88, 100);
      s.memUtil = launching ? r.int(0, 5) : r.int(k.memUtilBusy[0], k.memUtilBusy[1]);
      s.clock = r.pick(this.busyClocks);
      s.memPower = r.uniform(k.memBusyW[0], k.memBusyW[1]);
      s.tx = r.uniform(k.txBusy[0], k.txBusy[1]);
      s.rx = r.uniform(k.txBusy[0], k.txBusy[1]);
      this.temp += (this.jobTemp - this.temp) * 0.15 + r.uniform(-0.7, 0.7);
    } else {
      this.power = r.uniform(k.idleW[0], k.idleW[1]);
      s.gpuUtil = 0;
      s.memUtil = 0;
      s.clock = k.idleClock;
      s.memPower = r.uniform(k.memIdleW[0], k.memIdleW[1]);
      s.tx = r.uniform(k.txIdle[0], k.txIdle[1]);
      s.rx = r.uniform(k.txIdle[0], k.txIdle[1]);
      this.temp += (k.idleTemp - this.temp) * 0.08 + r.uniform(-0.5, 0.5);
    }
    s.power = this.power;
    s.instantPower = clamp(this.power * r.uniform(0.93, 1.07), 0, k.busyW[1] * 1.05);
    s.temp = this.temp;
    let fb = k.idleFbMiB;
    for (const p of this.procs) fb += p.mem;
    s.fbUsed = fb;
    s.fbFree = this.info.fbSum - fb;
    s.procs = this.procs;
    return s;
  }
}

// ---------------------------------------------------------------- generator

export function parseSize(s) {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?$/i.exec(String(s).trim());
  if (!m) throw new Error(`bad size: ${s} (e.g. 200MB, 2GB, 500000)`);
  const u = (m[2] || '').toLowerCase().replace(/b$/, '');
  const mult = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, ki: 1024, mi: 1024 ** 2, gi: 1024 ** 3, ti: 1024 ** 4 }[u];
  if (mult === undefined) throw new Error(`bad size unit: ${s}`);
  return Math.round(Number(m[1]) * mult);
}

export function loadTemplate(kindName, corpus = process.env.MC2_CORPUS || DEFAULT_CORPUS) {
  const kind = KINDS[kindName];
  if (!kind) throw new Error(`unknown --gpu ${kindName} (one of ${Object.keys(KINDS).join(', ')})`);
  const path = join(corpus, kind.base);
  if (!existsSync(path)) throw new Error(`base document not found: ${path} (set MC2_CORPUS)`);
  const doc = withGpuCount(firstDocument(readFileSync(path, 'utf8')), kind.gpus);
  return { kind, path, tpl: compileTemplate(doc) };
}

/**
 * Write the log. opts: { gpu, size (bytes of XML), docs (alternative to size), seed, out (path or
 * a Writable), gzip, corpus }. Resolves to { docs, gpus, bytes, firstTimestamp, lastTimestamp, base }.
 */
export async function generate(opts) {
  const { kind, path, tpl } = loadTemplate(opts.gpu, opts.corpus);
  const r = rng(opts.seed ?? 1);
  const sims = tpl.gpus.map(
    (info, gi) => new GpuSim(kind, info, rng((opts.seed ?? 1) * 1000003 + gi * 7919 + 17), 1000 + r.int(0, 20000) + gi * 4000),
  );
  const maxBytes = opts.docs ? Infinity : (opts.size ?? parseSize('100MB'));
  const maxDocs = opts.docs ?? Infinity;

  let sink;
  let final;
  if (typeof opts.out === 'string') {
    const file = createWriteStream(opts.out, { highWaterMark: 1 << 20 });
    if (opts.gzip) {
      const gz = createGzip({ level: 6, chunkSize: 1 << 16 });
      gz.pipe(file);
      sink = gz;
    } else sink = file;
    final = once(file, 'close');
  } else {
    sink = opts.out ?? process.stdout;
    if (opts.gzip) {
      const gz = createGzip({ level: 6 });
      gz.pipe(sink);
      sink = gz;
      final = once(gz, 'end');
    }
  }

  const { parts, slots, procFields } = tpl;
  const nSlots = slots.length;
  const procBlock = (gi, procs) => {
    const info = tpl.gpus[gi];
    const ind = info.procIndent;
    const i1 = ind + info.procUnit;
    const i2 = i1 + info.procUnit;
    let s = '<processes>\n';
    for (const p of procs) {
      s += i1 + '<process_info>\n';
      for (const f of procFields) {
        let v;
        if (f === 'pid') v = p.pid;
        else if (f === 'type') v = 'C';
        else if (f === 'process_name') v = p.name;
        else if (f === 'used_memory') v = p.mem + ' MiB';
        else v = 'N/A';
        s += `${i2}<${f}>${v}</${f}>\n`;
      }
      s += i1 + '</process_info>\n';
    }
    return s + ind + '</processes>';
  };

  let bytes = 0;
  let docs = 0;
  let ms = tpl.startMs;
  const firstTimestamp = formatTimestamp(ms);
  let lastTimestamp = firstTimestamp;
  let chunk = '';
  const states = new Array(sims.length);
  while (bytes < maxBytes && docs < maxDocs) {
    for (let g = 0; g < sims.length; g++) states[g] = sims[g].step();
    lastTimestamp = formatTimestamp(ms);
    let doc = parts[0];
    for (let i = 0; i < nSlots; i++) {
      const sl = slots[i];
      let v;
      if (sl.kind === 'timestamp') v = lastTimestamp;
      else {
        const s = states[sl.gpu];
        switch (sl.kind) {
          case 'processes':
            v = procBlock(sl.gpu, s.procs);
            break;
          case 'gfxClock':
          case 'smClock':
            v = fmt(s.clock, sl.decimals, sl.unit);
            break;
          case 'idleFlag':
            v = s.gpuUtil === 0 ? 'Active' : 'Not Active';
            break;
          case 'memTemp':
            v = fmt(s.temp + tpl.gpus[sl.gpu].memTempOffset, sl.decimals, sl.unit);
            break;
          default:
            v = fmt(s[sl.kind], sl.decimals, sl.unit);
        }
      }
      doc += v + parts[i + 1];
    }
    bytes += Buffer.byteLength(doc);
    docs++;
    ms += 1000;
    chunk += doc;
    if (chunk.length >= 1 << 20) {
      if (!sink.write(chunk)) await once(sink, 'drain');
      chunk = '';
    }
  }
  if (chunk) sink.write(chunk);
  if (typeof opts.out === 'string' || opts.gzip) {
    sink.end();
    await final;
  }
  return { gpu: opts.gpu, seed: opts.seed ?? 1, docs, gpus: sims.length, bytes, firstTimestamp, lastTimestamp, base: path };
}

// ---------------------------------------------------------------- CLI

function parseArgs(argv) {
  const o = { gpu: 'h100x8', seed: 1, gzip: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--gpu') o.gpu = val();
    else if (a === '--size') o.size = parseSize(val());
    else if (a === '--docs') o.docs = Number(val());
    else if (a === '--seed') o.seed = Number(val());
    else if (a === '--out' || a === '-o') o.out = val();
    else if (a === '--gzip') o.gzip = true;
    else if (a === '--corpus') o.corpus = val();
    else if (a === '-h' || a === '--help') o.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (o.out && o.out !== '-' && o.out.endsWith('.gz')) o.gzip = true;
  if (o.out === '-') o.out = undefined;
  return o;
}

const USAGE = `usage: node bench/generate.mjs [--gpu h100x8|k80x4|v100x1] [--size 200MB | --docs N] [--seed N] [--out FILE|-] [--gzip] [--corpus DIR]
Writes a seeded, deterministic nvidia-smi -l 1 -q -x log built from the corpus base documents
(corpus: --corpus, env MC2_CORPUS, default ../shared/corpus). --size is the uncompressed size.
Prints a JSON line with docs/gpus/bytes to stderr.`;

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (o.help) {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  const t0 = performance.now();
  generate(o).then(
    (res) =>
      process.stderr.write(
        JSON.stringify({ ...res, out: o.out ?? '-', gzip: o.gzip, seconds: +((performance.now() - t0) / 1000).toFixed(2) }) + '\n',
      ),
    (e) => {
      process.stderr.write(`generate: ${e.message}\n`);
      process.exit(1);
    },
  );
}

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readOptionsFrom } from '../src/cli/common.js';
import { buildProgram } from '../src/cli/main.js';
import { watchCommand } from '../src/cli/watch.js';
import { parseDocument, SampleBuilder, type Sample } from '../src/advanced.js';
import { parseFlag, quantityIn, SUFFIXES, UNITS, type Unit } from '../src/parse/values.js';
import { wasmScanner } from '../src/parse/wasm-scan.js';
import { runCli } from './bad-input/material.js';
import { CORPUS_DIR, HAVE_CORPUS } from './helpers/corpus.js';
import { synthLog } from './helpers/synth-log.js';

/**
 * The WebAssembly scanner (its AssemblyScript source behind src/parse/wasm-scan.ts) against
 * independent readings: its number and flag readers against the JavaScript readers in
 * values.ts, and its document scans against the fast-xml-parser reference. Where it declines a
 * document, the fast parse (wasm, then JavaScript) must still equal the reference.
 */

const scanner = () => {
  const w = wasmScanner();
  if (w === null) throw new Error('WebAssembly (with SIMD) is not available here');
  return w;
};

/** The WebAssembly scanner's own reading of a document (null where it declines) and whether it left the builder untouched. */
function wasmOnly(bytes: Uint8Array): { sample: Sample | null; untouched: boolean } {
  const b = new SampleBuilder();
  b.begin(3, 77);
  if (scanner().scan(bytes, b)) return { sample: b.finish(), untouched: false };
  // untouched: no GPU or process record left open, and it finishes as a builder that was never fed
  const open = b.open;
  const fresh = new SampleBuilder();
  fresh.begin(3, 77);
  return { sample: null, untouched: !open && isDeepStrictEqual(b.finish(), fresh.finish()) };
}

/** parseDocument's fast path and the reference: equal samples, or both throw. */
function expectFastEqualsReference(bytes: Uint8Array): 'parsed' | 'both threw' {
  let ref: Sample | null = null;
  let refErr: unknown = null;
  try {
    ref = parseDocument(bytes, { parser: 'reference' });
  } catch (e) {
    refErr = e;
  }
  let fast: Sample | null = null;
  let fastErr: unknown = null;
  try {
    fast = parseDocument(bytes);
  } catch (e) {
    fastErr = e;
  }
  expect(fastErr === null, `fast: ${String(fastErr)}; reference: ${String(refErr)}`).toBe(refErr === null);
  expect(fast).toStrictEqual(ref);
  return refErr === null ? 'parsed' : 'both threw';
}

// ---------------------------------------------------------------------------------------------
// a. number and flag readers
// ---------------------------------------------------------------------------------------------

/** How many digits the leading number of `text` (trimmed as quantityIn trims; after the `P` of a pstate) has; worked out by regex. */
function digitsOfNumber(text: string, unit: Unit): number {
  let t = text.replace(/^[ \t\n\r]+/, '').replace(/[ \t\n\r]+$/, '');
  if (unit === 'pstate') {
    if (!t.startsWith('P')) return 0;
    t = t.slice(1);
  }
  const m = /^[+-]?([0-9]*)(?:\.([0-9]*))?/.exec(t)!;
  return m[1]!.length + (m[2]?.length ?? 0);
}

/** Unit suffixes as written, the near misses too; plus every suffix the tables know. */
const SUFFIX_TOKENS = [
  ...new Set([
    'W',
    'mW',
    'kW',
    'MiB',
    'KiB',
    'GiB',
    'B',
    'MB',
    'GB',
    'KB/s',
    'MB/s',
    'GB/s',
    'B/s',
    'MHz',
    'GHz',
    'kHz',
    '%',
    'us',
    'ms',
    's',
    'ns',
    'x',
    'C',
    'w',
    'mw',
    'Mib',
    'KB',
    '/s',
    'Hz',
    'MHZ',
    'u',
    'X',
    'c',
    'WW',
    ...Object.values(SUFFIXES).flatMap((list) => list.map(([s]) => s)),
  ]),
];
const TOKENS = [...'0123456789', '+', '-', '.', ' ', '\t', '\n', '\r', 'P', ...SUFFIX_TOKENS];

/** Strings of edge-case tokens: mostly garbage, sometimes a number with a unit. */
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 12 }).map((a) => a.join(''));
const ws = fc.array(fc.constantFrom(' ', '\t', '\n', '\r'), { maxLength: 3 }).map((a) => a.join(''));
const digitRun = (max: number) => fc.array(fc.constantFrom(...'0123456789'), { maxLength: max }).map((a) => a.join(''));
/** Well-shaped quantities, up to 20 + 20 digits (around the 15-digit limit of the exact reading). */
const shapedQuantity = fc
  .tuple(
    ws,
    fc.constantFrom('', 'P', 'p'),
    fc.constantFrom('', '-', '+'),
    digitRun(20),
    fc.constantFrom('', '.'),
    digitRun(20),
    ws,
    fc.constantFrom('', ...SUFFIX_TOKENS),
    ws,
  )
  .map((parts) => parts.join(''));

function expectSameQuantity(text: string): void {
  UNITS.forEach((unit, u) => {
    const expected = quantityIn(text, 0, text.length, unit);
    const got = scanner().readValue(text, u);
    if (got === null) {
      expect(
        digitsOfNumber(text, unit),
        `${JSON.stringify(text)} in ${unit}: null although the number has at most 15 digits`,
      ).toBeGreaterThan(15);
    } else {
      expect(Object.is(got, expected), `${JSON.stringify(text)} in ${unit}: wasm ${got}, JavaScript ${expected}`).toBe(true);
    }
  });
}

describe('the WebAssembly number reader equals quantityIn', () => {
  it('on random strings of digits, signs, dots, white space, P and unit suffixes, for every unit (null only past 15 digits)', () => {
    fc.assert(
      fc.property(tokenSoup, (s) => expectSameQuantity(s)),
      { numRuns: 5000 },
    );
  });

  it('on well-shaped quantities with up to 40 digits, padding and any suffix, for every unit (null only past 15 digits)', () => {
    fc.assert(
      fc.property(shapedQuantity, (s) => expectSameQuantity(s)),
      { numRuns: 5000 },
    );
  });

  it.each([
    '',
    ' ',
    '.',
    '-',
    '+',
    '-.',
    '+.5',
    '5.',
    '-0',
    '-0 mW',
    '0.0',
    'P',
    'P0',
    'P-0',
    'P+1',
    'P 1',
    'P12 ',
    ' P8',
    'P8x',
    'P1.5',
    '123456789012345',
    '1234567890123456',
    '12345678.9012345',
    '12345678.90123456',
    '0.000000000000001',
    '-999999999999999 kW',
    '25.55 W',
    '500 mW',
    '16160 MiB',
    '2 GiB',
    '891 KB/s',
    '33 C',
    '0 %',
    '1410 MHz',
    '4251825415 us',
    '16x',
    '16 x',
    '1 2',
    '1 W W',
    '1W ',
    '\t12.5 W\n',
    '1e3',
    '0x10',
    '1,5',
  ])('on the edge case %j, for every unit', (s) => expectSameQuantity(s));

  it('gives null (JavaScript must read it) for a 16-digit number and a value for a 15-digit one', () => {
    expect(scanner().readValue('1234567890123456 W', 0)).toBeNull();
    expect(scanner().readValue('123456789012345 W', 0)).toBe(123456789012345);
    expect(scanner().readValue('P1234567890123456', UNITS.indexOf('pstate'))).toBeNull();
  });
});

describe('the WebAssembly flag reader equals parseFlag', () => {
  const asciiSpace = fc.array(fc.constantFrom('\t', '\n', '\v', '\f', '\r', ' '), { maxLength: 4 }).map((a) => a.join(''));
  const core = fc.oneof(
    fc.constantFrom(
      'Active',
      'Not Active',
      'active',
      'ACTIVE',
      'Not active',
      'Not  Active',
      'Not\tActive',
      'NotActive',
      'Activ',
      'Actives',
      'ctive',
      'Not Activ',
      'N/A',
      'Inactive',
      '',
    ),
    fc
      .array(fc.constantFrom('Active', 'Not', 'Not Active', ' ', '\t', '\v', '\f', '\r', '\n', 'A', 'e', 'x', 'N/A'), { maxLength: 5 })
      .map((a) => a.join('')),
  );
  it('on Active / Not Active and near misses padded with ASCII white space (\\t \\n \\v \\f \\r space)', () => {
    fc.assert(
      fc.property(asciiSpace, core, asciiSpace, (a, c, b) => {
        const s = a + c + b;
        const expected = parseFlag(s);
        const got = scanner().readValue(s, -1);
        expect(Object.is(got, expected), `${JSON.stringify(s)}: wasm ${got}, parseFlag ${expected}`).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('reads Active as 1, Not Active as 0 and N/A as NaN', () => {
    expect(scanner().readValue(' Active\v', -1)).toBe(1);
    expect(scanner().readValue('\fNot Active\r\n', -1)).toBe(0);
    expect(scanner().readValue('N/A', -1)).toBeNaN();
  });
});

// ---------------------------------------------------------------------------------------------
// b. documents the scanner declines
// ---------------------------------------------------------------------------------------------

/** A small document with a leaf of every kind the scanner reads: text, quantities, a pstate, flags, counters, processes. */
const BASE = [
  '<?xml version="1.0" ?>\n<!DOCTYPE nvidia_smi_log SYSTEM "nvsmi_device_v13.dtd">\n',
  '<nvidia_smi_log>\n<timestamp>Mon Nov 23 19:11:45 2026</timestamp>\n<driver_version>580.105.08</driver_version>\n<cuda_version>13.0</cuda_version>\n<attached_gpus>2</attached_gpus>\n',
  '<gpu id="00000000:01:00.0">\n<product_name>NVIDIA H100 80GB HBM3</product_name>\n<uuid>GPU-aaaa</uuid>\n<performance_state>P0</performance_state>\n',
  '<fb_memory_usage>\n<total>81559 MiB</total>\n<used>3 MiB</used>\n</fb_memory_usage>\n',
  '<utilization>\n<gpu_util>40 %</gpu_util>\n<memory_util>0 %</memory_util>\n</utilization>\n',
  '<clocks_event_reasons>\n<clocks_event_reason_gpu_idle>Active</clocks_event_reason_gpu_idle>\n<clocks_event_reason_sw_power_cap>Not Active</clocks_event_reason_sw_power_cap>\n</clocks_event_reasons>\n',
  '<clocks_event_reasons_counters>\n<clocks_event_reasons_counters_sw_power_cap>31637354094 us</clocks_event_reasons_counters_sw_power_cap>\n</clocks_event_reasons_counters>\n',
  '<temperature>\n<gpu_temp>33 C</gpu_temp>\n</temperature>\n',
  '<power_readings>\n<power_draw>25.55 W</power_draw>\n</power_readings>\n',
  '<processes>\n<process_info>\n<pid>4242</pid>\n<type>C</type>\n<process_name>python train.py</process_name>\n<used_memory>1024 MiB</used_memory>\n</process_info>\n</processes>\n',
  '</gpu>\n',
  '<gpu id="00000000:02:00.0">\n<product_name>NVIDIA H100 80GB HBM3</product_name>\n<uuid>GPU-bbbb</uuid>\n<fb_memory_usage><used>9 MiB</used></fb_memory_usage>\n<processes>\n</processes>\n</gpu>\n',
  '</nvidia_smi_log>\n',
].join('');

const bytesOf = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('the WebAssembly scanner declines what it leaves to JavaScript, and the fast parse still equals the reference', () => {
  it('takes the plain base document, equal to the reference', () => {
    const bytes = bytesOf(BASE);
    const w = wasmOnly(bytes);
    expect(w.sample).not.toBeNull();
    expect(w.sample).toStrictEqual(parseDocument(bytes, { parser: 'reference', ordinal: 3, offset: 77 }));
    expect(w.sample!.gpus).toHaveLength(2);
    expectFastEqualsReference(bytes);
  });

  const variants: [string, string, 'parsed' | 'both threw'][] = [
    ['a comment between GPU children', BASE.replace('<uuid>GPU-aaaa', '<!-- a note --><uuid>GPU-aaaa'), 'parsed'],
    ['a comment inside a numeric value', BASE.replace('<power_draw>25.55 W', '<power_draw>25.55<!-- x --> W'), 'parsed'],
    ['a comment holding markup at the root', BASE.replace('<attached_gpus>', '<!-- <gpu id="x"></gpu> --><attached_gpus>'), 'parsed'],
    ['CDATA in the product name', BASE.replace('NVIDIA H100 80GB HBM3', '<![CDATA[NVIDIA <H100> & co]]>'), 'parsed'],
    ['CDATA in a numeric value', BASE.replace('<used>3 MiB', '<used><![CDATA[3 MiB]]>'), 'parsed'],
    ['a processing instruction inside a GPU', BASE.replace('<temperature>', '<?telemetry note="x"?><temperature>'), 'parsed'],
    ['a mismatched end tag', BASE.replace('</fb_memory_usage>', '</fb_memory_usagX>'), 'both threw'],
    ['an end tag of another element', BASE.replace('</utilization>', '</temperature>'), 'both threw'],
    ['`</name >` with a space', BASE.replace('</uuid>', '</uuid >'), 'parsed'],
    ['`</name\\n>` with a newline', BASE.replace('</fb_memory_usage>', '</fb_memory_usage\n>'), 'parsed'],
    ['`</nvidia_smi_log >` with a space', BASE.replace('</nvidia_smi_log>', '</nvidia_smi_log >'), 'parsed'],
    ['no end tag for the root', BASE.replace('</nvidia_smi_log>', ''), 'both threw'],
  ];
  it.each(variants)('declines a document with %s (builder untouched), and the fast parse equals the reference', (_name, text, outcome) => {
    const bytes = bytesOf(text);
    expect(text).not.toBe(BASE);
    const w = wasmOnly(bytes);
    expect(w.sample, 'the WebAssembly scanner took it').toBeNull();
    expect(w.untouched).toBe(true);
    expect(expectFastEqualsReference(bytes)).toBe(outcome);
  });

  it('declines every truncation of the document, even with the rest of it still in memory past the end, and the fast parse throws like the reference', () => {
    const full = bytesOf(BASE);
    const root = BASE.indexOf('<nvidia_smi_log');
    const endTag = BASE.lastIndexOf('</nvidia_smi_log>');
    let cuts = 0;
    for (let cut = root; cut < endTag + '</nvidia_smi_log'.length; cut++) {
      // the full document first: its tail stays in the module's memory after the cut one
      expect(wasmOnly(full).sample).not.toBeNull();
      const bytes = full.subarray(0, cut);
      const w = wasmOnly(bytes);
      expect(w.sample, `cut at ${cut}: ${JSON.stringify(BASE.slice(cut - 20, cut))}`).toBeNull();
      expect(w.untouched).toBe(true);
      expect(expectFastEqualsReference(bytes), `cut at ${cut}`).toBe('both threw');
      cuts++;
    }
    expect(cuts).toBeGreaterThan(1000);
  });
});

// ---------------------------------------------------------------------------------------------
// d. a multi-GPU document of unusual shape
// ---------------------------------------------------------------------------------------------

/**
 * Reshapes a multi-GPU document: GPUs in reverse order, unknown elements (some holding wanted
 * names) at the root and in GPUs, `<uuid/>` and `<processes/>` self-closing, attributes with
 * `>` inside quotes, entities in a product name, and a process list in one GPU.
 */
function reshape(text: string): string {
  const head = text.slice(0, text.indexOf('<gpu '));
  const tail = text.slice(text.lastIndexOf('</gpu>') + '</gpu>'.length);
  const gpus = [...text.matchAll(/<gpu [^>]*>[\s\S]*?<\/gpu>/g)].map((m) => m[0]);
  expect(gpus.length).toBeGreaterThanOrEqual(2);
  const out = gpus.reverse().map((g, k) => {
    let x = g;
    if (k === 0) {
      x = x.replace(
        /<product_name>[^<]*<\/product_name>/,
        '<product_name>NVIDIA &quot;H100&quot; &amp; co &lt;80GB&gt; &#65;&#x42;</product_name>',
      );
      x = x.replace(/<uuid>[^<]*<\/uuid>/, '<uuid/>');
      x = x.replace(/<processes>[\s\S]*?<\/processes>/, '<processes/>');
    } else if (k === 1) {
      x = x.replace(/<uuid>[^<]*<\/uuid>/, '<uuid />');
      x = x.replace(/<fb_memory_usage>/, '<fb_memory_usage kind="x>y">');
      x = x.replace(
        /<processes>[\s\S]*?<\/processes>/,
        '<processes><process_info><pid>101</pid><type>C</type><process_name>a&amp;b &gt; c</process_name><used_memory>512 MiB</used_memory></process_info>' +
          '<unknown_in_process attr="1>0"><pid>999</pid></unknown_in_process>' +
          '<process_info><pid>102</pid><type>G</type><process_name>x</process_name><used_memory>7 MiB</used_memory></process_info></processes>',
      );
    }
    // unknown elements: one holding wanted names, one self-closing, one with a quoted '>', a wanted name at the wrong level
    x = x.replace(
      /(<gpu [^>]*>)/,
      `$1<vendor_extension level="x>y"><fb_memory_usage><used>99999 MiB</used></fb_memory_usage><uuid>GPU-wrong</uuid></vendor_extension><empty_unknown/><used>12345 MiB</used>`,
    );
    if (k === 0) x = x.replace(/^<gpu id="([^"]*)"[^>]*>/, '<gpu note="a>b" id="$1" other=\'c>d\'>');
    return x.replace(/<\/gpu>$/, '<trailing_unknown><gpu id="nested">not a gpu</gpu></trailing_unknown></gpu>');
  });
  const extraRoot = '<unknown_root_thing a=\'>\'><gpu id="inside-unknown"><uuid>GPU-ghost</uuid></gpu></unknown_root_thing>\n';
  return head + extraRoot + out.join('\n') + tail;
}

const SYNTHETIC_MULTI = BASE.replace(
  '</nvidia_smi_log>',
  '<gpu id="00000000:03:00.0"><product_name>Tesla K80</product_name><uuid>GPU-cccc</uuid><performance_state>P8</performance_state><fb_memory_usage><used>1 MiB</used></fb_memory_usage><processes>N/A</processes></gpu>\n</nvidia_smi_log>',
);

function expectReshapedEqualsReference(base: string): void {
  const text = reshape(base);
  const bytes = bytesOf(text);
  for (const piece of [
    'note="a>b" id="',
    "other='c>d'",
    '<uuid/>',
    '<uuid />',
    '<processes/>',
    'kind="x>y"',
    '&amp; co &lt;80GB&gt;',
    '<vendor_extension level="x>y">',
  ])
    expect(text).toContain(piece);
  expect(/<[!?]/.test(text.slice(text.indexOf('<nvidia_smi_log')))).toBe(false);
  const ref = parseDocument(bytes, { parser: 'reference', ordinal: 3, offset: 77 });
  const w = wasmOnly(bytes);
  expect(w.sample, 'the WebAssembly scanner declined the reshaped document').not.toBeNull();
  expect(w.sample).toStrictEqual(ref);
  expect(parseDocument(bytes, { ordinal: 3, offset: 77 })).toStrictEqual(ref);
  expect(parseDocument(bytes, { parser: 'js', ordinal: 3, offset: 77 })).toStrictEqual(ref);
  // the reshaping itself is visible in the reference's reading
  const gpus = ref.gpus;
  expect(gpus[0]!.identity.uuid).toBeNull();
  expect(gpus[0]!.identity.name).toBe('NVIDIA "H100" & co <80GB> AB');
  expect(gpus[0]!.processes).toStrictEqual([]);
  expect(gpus[1]!.processes!.map((p) => [p.pid, p.name, p.usedMemoryMiB])).toStrictEqual([
    [101, 'a&b > c', 512],
    [102, 'x', 7],
  ]);
  expect(gpus.map((g) => g.id)).not.toContain('inside-unknown');
  expect(gpus.map((g) => g.id)).toStrictEqual(
    parseDocument(bytesOf(base), { parser: 'reference' })
      .gpus.map((g) => g.id)
      .reverse(),
  );
}

describe('a multi-GPU document of unusual shape: the WebAssembly scanner takes it and equals the reference', () => {
  it('synthetic: GPUs reordered, unknown elements, <uuid/> and <processes/>, quoted > in attributes, entities in the product name', () => {
    expectReshapedEqualsReference(SYNTHETIC_MULTI);
  });

  it.skipIf(!HAVE_CORPUS)('8-GPU H100 corpus document reshaped the same way', () => {
    const base = readFileSync(join(CORPUS_DIR, 'samples', 'h100-80gb-hbm3-580.105.08.xml'), 'utf8');
    expectReshapedEqualsReference(base);
  });
});

// ---------------------------------------------------------------------------------------------
// the --parser option: fast (WebAssembly, then JavaScript), js (JavaScript only), reference
// ---------------------------------------------------------------------------------------------

describe('--parser accepts fast, js and reference', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc2-wasm-scan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** A log of 12 one-second documents, two GPUs, some busy. */
  const log = synthLog({
    gpus: 2,
    seconds: 12,
    state: (t, g) => (t % 3 === g ? { powerW: 280, utilPct: 90, processes: [{ pid: 40 + g }] } : { powerW: 65, utilPct: 0 }),
  });
  const file = join(dir, 'synth.xml');
  writeFileSync(file, log);

  it('readOptionsFrom passes each of them through and rejects anything else, naming all three', () => {
    for (const p of ['fast', 'js', 'reference']) expect(readOptionsFrom({ parser: p }).parser).toBe(p);
    expect(() => readOptionsFrom({ parser: 'wasm' })).toThrow('invalid --parser: wasm (fast, js or reference)');
  });

  it.each(['summarize', 'watch'])('%s offers fast, js and reference, and its help says what fast does', async (name) => {
    const program = await buildProgram(() => undefined, name);
    const option = program.commands.find((c) => c.name() === name)!.options.find((o) => o.long === '--parser')!;
    expect(option.argChoices).toStrictEqual(['fast', 'js', 'reference']);
    expect(option.description).toContain('fast = WebAssembly scanner, with the JavaScript scanner for documents it declines');
    expect(option.description).toContain('js = the JavaScript scanner only');
  });

  it('summarize --json gives the same output with --parser js and fast as with reference', async () => {
    const outputs: Record<string, string> = {};
    for (const p of ['reference', 'js', 'fast']) {
      const r = await runCli(['summarize', '--json', '--workers', '0', '--parser', p, file]);
      expect(r.code, r.stderr).toBe(0);
      outputs[p] = r.stdout;
    }
    expect(JSON.parse(outputs.reference!).documents).toBe(12);
    expect(outputs.js).toBe(outputs.reference);
    expect(outputs.fast).toBe(outputs.reference);
  });

  it('summarize rejects an unknown --parser with a usage error', async () => {
    const r = await runCli(['summarize', '--parser', 'wasm', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('fast, js, reference');
  });

  it('watch --parser js and fast read the log to the same summary as reference', async () => {
    class Sink extends Writable {
      text = '';
      override _write(chunk: Buffer, _enc: string, cb: () => void): void {
        this.text += chunk.toString();
        cb();
      }
    }
    const summaries: Record<string, unknown> = {};
    for (const parser of ['reference', 'js', 'fast']) {
      const out = new Sink();
      const err = new Sink();
      const ac = new AbortController();
      const watching = watchCommand(file, { interval: '10', json: true, parser }, { out, err, signal: ac.signal });
      const end = Date.now() + 20_000;
      while (!err.text.includes('12 samples')) {
        if (Date.now() > end) throw new Error(`watch --parser ${parser} did not read the 12 documents: ${err.text}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      ac.abort();
      expect(await watching).toBe(0);
      summaries[parser] = JSON.parse(out.text);
    }
    expect((summaries.reference as { documents: number }).documents).toBe(12);
    expect(summaries.js).toStrictEqual(summaries.reference);
    expect(summaries.fast).toStrictEqual(summaries.reference);
  });
});

// ---------------------------------------------------------------------------------------------
// c. hostile wildcard names (last: it fills the shared scanner's tables for the rest of the file)
// ---------------------------------------------------------------------------------------------

describe('hostile wildcard names fill the WebAssembly tables without changing any result', () => {
  const flood = (n: number, tag: string): Buffer => {
    const reasons = Array.from(
      { length: n },
      (_, k) => `<clocks_event_reason_${tag}${k}>${k % 3 ? 'Active' : 'Not Active'}</clocks_event_reason_${tag}${k}>`,
    ).join('\n');
    return bytesOf(BASE.replace('<clocks_event_reasons>', `<clocks_event_reasons>\n${reasons}`));
  };
  const normal = bytesOf(SYNTHETIC_MULTI);
  /** Each test floods the scanner's tables itself (the scanner is shared; no test relies on another having run). */
  const floodTables = (): void => {
    const hostile = flood(20000, 'f');
    expect(wasmOnly(hostile).sample).toBeNull();
  };

  it('a document with 20,000 distinct clock event reason names is declined and parses equal to the reference; a normal document is still taken afterwards', () => {
    expect(wasmOnly(normal).sample).not.toBeNull();
    const hostile = flood(20000, 'x');
    const ref = parseDocument(hostile, { parser: 'reference' });
    expect(Object.keys(ref.gpus[0]!.flags).length).toBe(20002);
    expect(parseDocument(hostile)).toStrictEqual(ref);
    expect(wasmOnly(hostile).sample).toBeNull();
    // a second flood of other names: declined at once, still equal
    const again = flood(20000, 'y');
    expect(parseDocument(again)).toStrictEqual(parseDocument(again, { parser: 'reference' }));
    const after = wasmOnly(normal);
    expect(after.sample).not.toBeNull();
    expect(after.sample).toStrictEqual(parseDocument(normal, { parser: 'reference', ordinal: 3, offset: 77 }));
  }, 60_000);

  it('a document whose clock event reason names first appear after the flood still parses equal to the reference', () => {
    floodTables();
    const fresh = bytesOf(
      SYNTHETIC_MULTI.replaceAll('clocks_event_reason_', 'clocks_throttle_reason_').replaceAll(
        'clocks_event_reasons>',
        'clocks_throttle_reasons>',
      ),
    );
    expect(fresh.toString()).toContain('<clocks_throttle_reasons>');
    expectFastEqualsReference(fresh);
  });

  // the names a flood added are forgotten before the next document, so later documents are not
  // left to the slower JavaScript scanner
  it('a document whose clock event reason names first appear after the flood is still taken by the WebAssembly scanner', () => {
    floodTables();
    const fresh = bytesOf(
      SYNTHETIC_MULTI.replaceAll('clocks_event_reason_', 'clocks_throttle_reason_').replaceAll(
        'clocks_event_reasons>',
        'clocks_throttle_reasons>',
      ),
    );
    expect(wasmOnly(fresh).sample).not.toBeNull();
  });
});

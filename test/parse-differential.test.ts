import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentSplitter, parseDocument, SampleBuilder } from '../src/advanced.js';
import { wasmScanner } from '../src/parse/wasm-scan.js';
import { captureFiles, corpusFiles, fixtureFiles, shortName } from './helpers/corpus.js';

/**
 * The fast path-aware scanners (WebAssembly and JavaScript) and the fast-xml-parser reference
 * must give identical samples on every document of every corpus file, capture and committed
 * fixture; and the WebAssembly scanner must take every document it is meant to take (no
 * comment, CDATA or processing instruction inside, and well-formed), not quietly hand them all
 * to the JavaScript scanner.
 */
const files = [...corpusFiles(), ...captureFiles(), ...fixtureFiles()];
const ran: string[] = [];
let wasmTook = 0;
let wasmMeant = 0;

/** The WebAssembly scanner's own reading of a document, or null where it declines. */
function wasmOnly(bytes: Uint8Array, ordinal: number, offset: number): unknown {
  const b = new SampleBuilder();
  b.begin(ordinal, offset);
  return wasmScanner()!.scan(bytes, b) ? b.finish() : null;
}
afterAll(() => {
  if (ran.length)
    console.log(
      `parse-differential: wasm == js == reference on ${ran.length} files (documents taken by the WebAssembly scanner: ${wasmTook}/${wasmMeant}):\n  ${ran.join('\n  ')}`,
    );
});

function documents(file: string): { bytes: Uint8Array; ordinal: number; offset: number }[] {
  let b = readFileSync(file);
  if (b[0] === 0x1f && b[1] === 0x8b) {
    try {
      b = gunzipSync(b);
    } catch {
      b = gunzipSync(b, { finishFlush: 2 /* Z_SYNC_FLUSH: keep what decodes */ });
    }
  }
  const s = new DocumentSplitter();
  return [...s.push(b), ...s.end()];
}

// the corpus and shared captures when present; the committed fixtures always
describe('the WebAssembly and JavaScript scanners equal the fast-xml-parser reference', () => {
  it.each(files.map((f) => [shortName(f), f]))('%s', (name, file) => {
    const docs = documents(file);
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) {
      let fast: unknown;
      let ref: unknown;
      let fastErr: unknown = null;
      let refErr: unknown = null;
      try {
        fast = parseDocument(d.bytes, { ordinal: d.ordinal, offset: d.offset });
      } catch (e) {
        fastErr = e;
      }
      try {
        ref = parseDocument(d.bytes, { ordinal: d.ordinal, offset: d.offset, parser: 'reference' });
      } catch (e) {
        refErr = e;
      }
      expect(fastErr === null, `fast parse of document ${d.ordinal}: ${String(fastErr)}`).toBe(refErr === null);
      expect(fast).toStrictEqual(ref);
      let js = null;
      try {
        js = parseDocument(d.bytes, { ordinal: d.ordinal, offset: d.offset, parser: 'js' });
      } catch {
        // compared through fastErr
      }
      expect(js).toStrictEqual(fastErr === null ? ref : null);
      const w = wasmOnly(d.bytes, d.ordinal, d.offset);
      const text = Buffer.from(d.bytes).toString('latin1');
      const meant = refErr === null && !/<[!?]/.test(text.slice(text.indexOf('<nvidia_smi_log')));
      if (meant) {
        wasmMeant++;
        expect(w, `the WebAssembly scanner declined document ${d.ordinal}`).not.toBeNull();
      }
      if (w !== null) {
        wasmTook++;
        expect(w).toStrictEqual(ref);
      }
    }
    ran.push(name);
  });
});

describe('fast scanner equals the reference on hand-made edge cases', () => {
  const doc = (gpuBody: string, extra = ''): string =>
    `<nvidia_smi_log><timestamp>Mon Nov 23 19:11:45 2026</timestamp>${extra}<gpu id="00000000:01:00.0">${gpuBody}</gpu></nvidia_smi_log>`;
  const cases: [string, string][] = [
    [
      'entities in a process name',
      doc('<processes><process_info><pid>7</pid><process_name>a&amp;b &lt;c&gt; &#65;&#x42;</process_name></process_info></processes>'),
    ],
    ['CDATA in a value', doc('<product_name><![CDATA[Tesla <K80>]]></product_name>')],
    ['comments inside elements', doc('<!-- c --><utilization><!-- x --><gpu_util>5 %</gpu_util></utilization>')],
    ['self-closing elements', doc('<processes/><uuid/><fb_memory_usage><used>3 MiB</used></fb_memory_usage>')],
    ['padded values', doc('<utilization><gpu_util>  40 %  </gpu_util></utilization><fan_speed> N/A </fan_speed>')],
    ['processes N/A', doc('<processes>N/A</processes>')],
    ['attributes with single quotes', `<nvidia_smi_log><gpu id='0000:03:00.0'><uuid>GPU-1</uuid></gpu></nvidia_smi_log>`],
    [
      'unknown nested elements skipped',
      doc(
        '<mig_devices><mig_device><fb_memory_usage><used>9 MiB</used></fb_memory_usage></mig_device></mig_devices><fb_memory_usage><used>1 MiB</used></fb_memory_usage>',
      ),
    ],
    [
      'throttle reasons under both names',
      doc(
        '<clocks_throttle_reasons><clocks_throttle_reason_sw_power_cap>Active</clocks_throttle_reason_sw_power_cap></clocks_throttle_reasons>',
      ),
    ],
  ];
  it.each(cases)('%s', (_n, text) => {
    const ref = parseDocument(text, { parser: 'reference' });
    expect(parseDocument(text)).toStrictEqual(ref);
    const bytes = Buffer.from(text, 'utf8');
    expect(parseDocument(bytes)).toStrictEqual(ref);
    expect(parseDocument(bytes, { parser: 'js' })).toStrictEqual(ref);
    const w = wasmOnly(bytes, 0, 0);
    if (w !== null) expect(w).toStrictEqual(ref);
    // the WebAssembly scanner declines only documents with markup it leaves to JavaScript
    expect(w === null).toBe(/<[!?]/.test(text));
  });

  it('a large multi-GPU document read in per-GPU pieces equals the reference, odd layouts included', () => {
    const gpus = Array.from(
      { length: 40 },
      (_, k) =>
        `<gpu id="0000:${String(k).padStart(2, '0')}:00.0"><uuid>GPU-${k}</uuid><fb_memory_usage><used>${k} MiB</used></fb_memory_usage><pad>${'x'.repeat(3000)}</pad></gpu>`,
    );
    const big = `<nvidia_smi_log><timestamp>Mon Nov 23 19:11:45 2026</timestamp>${gpus.join('\n')}</nvidia_smi_log>`;
    expect(big.length).toBeGreaterThan(96 * 1024);
    const fast = parseDocument(Buffer.from(big));
    expect(fast.gpus).toHaveLength(40);
    expect(fast).toStrictEqual(parseDocument(Buffer.from(big), { parser: 'reference' }));
    // a comment holding "<gpu " spans a cut: the scanner falls back to reading the document whole
    const odd = big.replace('<pad>', '<!-- <gpu id="x"> --><pad>');
    expect(parseDocument(Buffer.from(odd))).toStrictEqual(parseDocument(Buffer.from(odd), { parser: 'reference' }));
    // a real error is reported at its position in the whole document
    const bad = big.replace('</fb_memory_usage><pad>', '</fb_memory_usagX><pad>');
    try {
      parseDocument(Buffer.from(bad));
      expect.unreachable();
    } catch (e) {
      expect((e as { position: number }).position).toBe(bad.indexOf('</fb_memory_usagX>'));
    }
  });

  it('UTF-8 and invalid bytes in a process name read the same from bytes on both paths', () => {
    const head = Buffer.from(doc('<processes><process_info><pid>1</pid><process_name>').replace(/<\/process_name>.*$/s, ''));
    const text = doc(
      '<processes><process_info><pid>1</pid><process_name>caf\u00e9 \u30b8\u30e7\u30d6 &amp; \u{1f680}</process_name></process_info></processes>',
    );
    const a = Buffer.from(text, 'utf8');
    const fast = parseDocument(a);
    expect(fast.gpus[0]!.processes![0]!.name).toBe('caf\u00e9 \u30b8\u30e7\u30d6 & \u{1f680}');
    expect(fast).toStrictEqual(parseDocument(a, { parser: 'reference' }));
    // 0xff 0xfe are not UTF-8: both read them as U+FFFD
    const bad = Buffer.from(text.replace('caf\u00e9', 'caf@@'), 'utf8');
    const at = bad.indexOf('@@');
    bad[at] = 0xff;
    bad[at + 1] = 0xfe;
    const f2 = parseDocument(bad);
    expect(f2.gpus[0]!.processes![0]!.name).toBe('caf\ufffd\ufffd \u30b8\u30e7\u30d6 & \u{1f680}');
    expect(f2).toStrictEqual(parseDocument(bad, { parser: 'reference' }));
    void head;
  });
});

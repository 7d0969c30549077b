import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentSplitter, type TelemetryWarning } from '../src/advanced.js';
import { CORPUS_DIR, HAVE_CORPUS } from './helpers/corpus.js';

const doc = (n: number): string =>
  `<?xml version="1.0" ?>\n<!DOCTYPE nvidia_smi_log SYSTEM "nvsmi_device_v13.dtd">\n<nvidia_smi_log>\n\t<timestamp>Mon Nov 23 19:11:${String(n).padStart(2, '0')} 2026</timestamp>\n</nvidia_smi_log>\n`;

function split(
  input: string | Buffer,
  chunk = Infinity,
): { docs: string[]; ordinals: number[]; offsets: number[]; warnings: TelemetryWarning[] } {
  const s = new DocumentSplitter();
  const b = typeof input === 'string' ? Buffer.from(input) : input;
  const out = [];
  for (let i = 0; i < b.length; i += Math.min(chunk, b.length)) out.push(...s.push(b.subarray(i, i + chunk)));
  out.push(...s.end());
  return { docs: out.map((d) => d.text), ordinals: out.map((d) => d.ordinal), offsets: out.map((d) => d.offset), warnings: s.warnings };
}

describe('DocumentSplitter', () => {
  const three = doc(1) + doc(2) + doc(3);

  it('cuts a concatenation into its documents, each from <nvidia_smi_log to its end tag', () => {
    const r = split(three);
    expect(r.docs).toHaveLength(3);
    expect(r.docs[1]).toBe(`<nvidia_smi_log>\n\t<timestamp>Mon Nov 23 19:11:02 2026</timestamp>\n</nvidia_smi_log>`);
    expect(r.offsets[1]).toBe(three.indexOf('<nvidia_smi_log>', three.indexOf('<nvidia_smi_log>') + 1));
    expect(r.warnings).toEqual([]);
  });

  it('gives the same documents whatever the chunk size, down to one byte', () => {
    const whole = split(three);
    for (const c of [1, 2, 3, 7, 16, 17, 64, 4096]) expect(split(three, c)).toEqual(whole);
  });

  it('tolerates a BOM, CRLF, leading whitespace, comments and a missing prolog without warnings', () => {
    const text = `\uFEFF\r\n  <!-- started by cron -->\r\n${doc(1).replace(/\n/g, '\r\n')}<nvidia_smi_log><timestamp>x</timestamp></nvidia_smi_log>\r\n<!-- <nvidia_smi_log> in a comment is not a document -->${doc(3)}`;
    const r = split(text, 5);
    expect(r.docs).toHaveLength(3);
    expect(r.warnings).toEqual([]);
  });

  it('skips an inline DTD (nvidia-smi --dtd) that names the root element', () => {
    const dtd = `<?xml version="1.0" ?>\n<!DOCTYPE nvidia_smi_log [\n<!-- nvsmi_device_v13.dtd -->\n<!ELEMENT nvidia_smi_log (timestamp, gpu*)>\n<!ATTLIST gpu id CDATA #REQUIRED>\n]>\n<nvidia_smi_log><timestamp>t</timestamp></nvidia_smi_log>\n`;
    const r = split(dtd + dtd, 11);
    expect(r.docs).toEqual([
      '<nvidia_smi_log><timestamp>t</timestamp></nvidia_smi_log>',
      '<nvidia_smi_log><timestamp>t</timestamp></nvidia_smi_log>',
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('reports leading junk with its offset and keeps the documents', () => {
    const r = split(`garbage here\n${doc(1)}${doc(2)}`);
    expect(r.docs).toHaveLength(2);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'JUNK', offset: 0, document: 0 })]);
  });

  it('reports a last document cut mid-tag (SIGKILL) and keeps every complete one', () => {
    const full = three + doc(4);
    const cut = full.slice(0, full.length - 30);
    const r = split(cut, 4096);
    expect(r.docs).toHaveLength(3);
    expect(r.warnings).toEqual([
      expect.objectContaining({ code: 'TRUNCATED_DOCUMENT', document: 3, offset: full.lastIndexOf('<nvidia_smi_log>') }),
    ]);
  });

  it('reports a document cut in the middle of the file and keeps those after it', () => {
    const d2 = doc(2);
    const cut = d2.slice(0, d2.indexOf('<timestamp>') + 5); // past the root start tag
    const r = split(doc(1) + cut + doc(3) + doc(4));
    expect(r.docs).toHaveLength(3);
    expect(r.ordinals).toEqual([0, 2, 3]);
    expect(r.warnings.map((w) => [w.code, w.document])).toEqual([['TRUNCATED_DOCUMENT', 1]]);
  });

  it('skips a document larger than maxDocumentBytes and resynchronises', () => {
    const big = `<nvidia_smi_log><x>${'a'.repeat(5000)}</x></nvidia_smi_log>`;
    const s = new DocumentSplitter({ maxDocumentBytes: 1000 });
    const b = Buffer.from(doc(1) + big + doc(3));
    const out = [];
    for (let i = 0; i < b.length; i += 256) out.push(...s.push(b.subarray(i, i + 256)));
    out.push(...s.end());
    expect(out.map((d) => d.ordinal)).toEqual([0, 2]);
    expect(s.warnings.map((w) => w.code)).toEqual(['DOCUMENT_TOO_LARGE']);
  });

  it('an empty input gives no document and no warning', () => {
    expect(split('')).toEqual({ docs: [], ordinals: [], offsets: [], warnings: [] });
  });

  it.skipIf(!HAVE_CORPUS)('splits the study log into its 3 documents', () => {
    const b = readFileSync(join(CORPUS_DIR, 'cvl_benchmarking/nvidiaLogging-m3g-MPI-1a.xml'));
    const text = b.toString('utf8');
    const expected = text.split('</nvidia_smi_log>').length - 1;
    expect(expected).toBe(3);
    expect(split(b, 4096).docs).toHaveLength(expected);
  });
});

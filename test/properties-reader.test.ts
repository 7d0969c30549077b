/**
 * Property tests of the reader over real documents (captures and corpus): arbitrary chunk
 * boundaries, truncation anywhere, byte flips inside one document, splicing (a cut document
 * followed by another log), junk between documents. The oracle for every kept document is the
 * reference parser (fast-xml-parser) on that document alone; document boundaries and counts come
 * from indexOf over the bytes this test assembled, not from the splitter.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DocumentSplitter, type RawDocument } from '../src/documents/document-splitter.js';
import { TelemetryError, type TelemetryWarning } from '../src/errors.js';
import { parseDocument } from '../src/parse/parse-document.js';
import type { Sample } from '../src/parse/sample.js';
import { readLog } from '../src/series/read-log.js';
import { HAVE_MATERIAL, corpusDoc, folderDocs, perfileDocs, withTimestamp } from './bad-input/material.js';

const RUNS = Number(process.env.MC2_FC_RUNS ?? 40);

interface Doc {
  bytes: Buffer;
  /** Offset of `<nvidia_smi_log` within the document's bytes. */
  root: number;
  /** Offset just after `</nvidia_smi_log>` within the document's bytes. */
  close: number;
  reference: Omit<Sample, 'ordinal' | 'offset'>;
}

function material(): Doc[] {
  const f = folderDocs();
  const p = perfileDocs();
  const texts = [
    f[0]!,
    f[20]!, // busy, with a process
    p[40]!,
    withTimestamp(corpusDoc('samples/tesla-k80-430.26.xml'), 'Mon Nov 23 19:10:00 2026'), // 4 GPUs, older DTD
    withTimestamp(corpusDoc('influxdata_telegraf/dual_a5000-v13.xml'), 'Mon Nov 23 19:10:01 2026'),
    f[21]!,
    withTimestamp(corpusDoc('samples/grid-k520-352.99-inline-dtd.xml'), 'Mon Nov 23 19:10:02 2026'), // inline DTD holding comments
    f[22]!,
  ];
  return texts.map((t) => {
    const bytes = Buffer.from(t.endsWith('\n') ? t : `${t}\n`);
    const root = bytes.indexOf('<nvidia_smi_log');
    const close = bytes.indexOf('</nvidia_smi_log>') + '</nvidia_smi_log>'.length;
    return { bytes, root, close, reference: strip(parseDocument(bytes.subarray(root, close).toString('utf8'), { parser: 'reference' })) };
  });
}

/** A sample without its position, to compare documents found at different places. */
function strip(s: Sample): Omit<Sample, 'ordinal' | 'offset'> {
  const { ordinal: _o, offset: _f, ...rest } = s;
  return rest;
}

function split(chunks: Uint8Array[]): { docs: RawDocument[]; warnings: TelemetryWarning[] } {
  const sp = new DocumentSplitter();
  const docs: RawDocument[] = [];
  for (const c of chunks) docs.push(...sp.push(c));
  docs.push(...sp.end());
  return { docs, warnings: sp.warnings };
}

/** Cuts `buf` at the given positions (any order, duplicates allowed). */
function cutAt(buf: Buffer, cuts: number[]): Buffer[] {
  const pos = [...new Set(cuts.map((c) => Math.min(buf.length, Math.max(0, c))))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of pos) {
    out.push(buf.subarray(prev, p));
    prev = p;
  }
  out.push(buf.subarray(prev));
  return out;
}

const D = HAVE_MATERIAL ? material() : [];
const STREAM = Buffer.concat(D.map((d) => d.bytes));
const START = D.map((_, k) => D.slice(0, k).reduce((a, d) => a + d.bytes.length, 0));

/** Every document must be found at its root offset and parse (fast) to its reference. */
function expectDocsAt(found: RawDocument[], expected: { k: number; at: number }[]): void {
  const byOffset = new Map(found.map((d) => [d.offset, d]));
  for (const { k, at } of expected) {
    const got = byOffset.get(at);
    expect(got, `document ${k} at byte ${at}`).toBeDefined();
    expect(strip(parseDocument(got!.bytes))).toEqual(D[k]!.reference);
  }
}

describe.skipIf(!HAVE_MATERIAL)('reader properties over real documents', () => {
  it('the fast parse of each material document equals its reference parse', () => {
    for (const d of D) expect(strip(parseDocument(d.bytes.subarray(d.root, d.close)))).toEqual(d.reference);
  });

  it('chunk boundaries anywhere: the splitter yields the same documents, and readLog the same log', async () => {
    const whole = split([STREAM]);
    expect(whole.docs.length).toBe(D.length);
    expect(whole.warnings).toEqual([]);
    const ref = await readLog(STREAM);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: STREAM.length }), { maxLength: 40 }), async (cuts) => {
        const chunks = cutAt(STREAM, cuts);
        const got = split(chunks);
        expect(got.warnings).toEqual([]);
        expect(got.docs.map((d) => [d.ordinal, d.offset, Buffer.from(d.bytes).toString('latin1')])).toEqual(
          whole.docs.map((d) => [d.ordinal, d.offset, Buffer.from(d.bytes).toString('latin1')]),
        );
        const log = await readLog(chunks);
        expect(log.documents).toBe(ref.documents);
        expect(log.warnings).toEqual(ref.warnings);
        expect(log.timeMs).toEqual(ref.timeMs);
        expect(log.gpus.map((g) => [g.key, g.columns, g.flags, g.processes])).toEqual(
          ref.gpus.map((g) => [g.key, g.columns, g.flags, g.processes]),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('truncation anywhere: every document complete before the cut is kept and equals its reference; a cut inside a document is one TRUNCATED_DOCUMENT', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: STREAM.length }),
        fc.array(fc.nat({ max: STREAM.length }), { maxLength: 5 }),
        async (cut, chunkCuts) => {
          const prefix = STREAM.subarray(0, cut);
          const complete = D.map((d, k) => ({ k, at: START[k]! + d.root, end: START[k]! + d.close })).filter((x) => x.end <= cut);
          // inside a document: after its first byte and before its end tag is complete
          const inside = D.some((d, k) => cut > START[k]! && cut < START[k]! + d.close);
          const got = split(cutAt(prefix, chunkCuts));
          expect(got.docs.length).toBe(complete.length);
          expectDocsAt(got.docs, complete);
          expect(got.warnings.map((w) => w.code)).toEqual(inside ? ['TRUNCATED_DOCUMENT'] : []);
          try {
            const log = await readLog(prefix);
            expect(log.documents).toBe(complete.length);
            expect(log.damagedDocuments).toBe(inside ? 1 : 0);
          } catch (e) {
            expect(complete.length).toBe(0);
            expect(e).toBeInstanceOf(TelemetryError);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('byte flips inside one document: every other document is kept and equals its reference; the damage costs at most that document', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: D.length - 1 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        async (k, flips) => {
          const buf = Buffer.from(STREAM);
          const d = D[k]!;
          // inside the document's content: between the end of the root start tag and its end tag
          const lo = START[k]! + d.root + '<nvidia_smi_log>'.length;
          const hi = START[k]! + d.close - '</nvidia_smi_log>'.length;
          for (const [r, b] of flips) buf[lo + Math.floor(r * (hi - lo))] = b;
          const others = D.map((x, j) => ({ k: j, at: START[j]! + x.root })).filter((x) => x.k !== k);
          const got = split(cutAt(buf, [START[k]! + 100, lo + 5000]));
          expectDocsAt(got.docs, others);
          const damagedKept = got.docs.length - others.length; // 1 if the flipped document still splits out, else 0
          expect(damagedKept === 0 || damagedKept === 1).toBe(true);
          const log = await readLog(buf);
          // the flipped document is either read or counted as one fault
          expect(log.documents + log.damagedDocuments).toBeGreaterThanOrEqual(D.length);
          expect(log.documents).toBeGreaterThanOrEqual(D.length - 1);
          expect(log.documents).toBeLessThanOrEqual(D.length);
          if (log.documents === D.length - 1) expect(log.damagedDocuments).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('splicing: a document cut anywhere and followed by another log keeps every complete document, and says so', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: D.length - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.nat({ max: D.length - 1 }),
        async (k, r, m) => {
          const d = D[k]!;
          const cut = Math.floor(r * d.close); // 0 … inside the end tag
          const parts = [
            ...D.slice(0, k).map((x) => x.bytes),
            d.bytes.subarray(0, cut),
            D[m]!.bytes,
            ...D.slice(k + 1).map((x) => x.bytes),
          ];
          const buf = Buffer.concat(parts);
          const kept: { k: number; at: number }[] = [];
          let at = 0;
          parts.forEach((p, i) => {
            const idx = i < k ? i : i === k ? -1 : i === k + 1 ? m : i - 1;
            if (idx >= 0) kept.push({ k: idx, at: at + D[idx]!.root });
            at += p.length;
          });
          const got = split([buf]);
          expectDocsAt(got.docs, kept);
          expect(got.docs.length).toBe(kept.length);
          const codes = got.warnings.map((w) => w.code);
          // once its root start tag is whole, the cut document is one TRUNCATED_DOCUMENT; cut in its prolog or
          // root tag, what is left is not yet a document: reported as JUNK, or nothing when it looks like a prolog
          if (cut >= d.root + '<nvidia_smi_log>'.length) expect(codes).toEqual(['TRUNCATED_DOCUMENT']);
          else expect(codes.filter((c) => c !== 'JUNK')).toEqual([]);
          expect(codes.length).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a comment, processing instruction or empty CDATA inside any value changes nothing, in either parser', () => {
    const markup = fc.constantFrom('<!-- c -->', '<?pi x?>', '<![CDATA[]]>', '<!---->');
    fc.assert(
      fc.property(
        fc.nat({ max: D.length - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        markup,
        (k, r1, r2, m) => {
          const text = D[k]!.bytes.subarray(D[k]!.root, D[k]!.close).toString('utf8');
          const leaves = [...text.matchAll(/>([^<>]+)</g)].filter((x) => x[1]!.trim() !== '');
          const leaf = leaves[Math.floor(r1 * leaves.length)]!;
          const at = leaf.index + 1 + Math.floor(r2 * (leaf[1]!.length + 1));
          const doc = text.slice(0, at) + m + text.slice(at);
          expect(strip(parseDocument(doc))).toEqual(D[k]!.reference);
          expect(strip(parseDocument(doc, { parser: 'reference' }))).toEqual(D[k]!.reference);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a stray `<!--` in a prolog or between documents costs at most the document after it', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: D.length - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.array(fc.nat({ max: STREAM.length + 4 }), { maxLength: 6 }),
        (k, r, cuts) => {
          const at = START[k]! + Math.floor(r * (D[k]!.root + 1)); // anywhere from the document's first byte to its root tag
          const buf = Buffer.concat([STREAM.subarray(0, at), Buffer.from('<!--'), STREAM.subarray(at)]);
          const others = D.map((x, j) => ({ k: j, at: START[j]! + x.root + (j > k ? 4 : 0) })).filter((x) => x.k !== k);
          const got = split(cutAt(buf, cuts));
          expectDocsAt(got.docs, others);
          expect(got.warnings.length).toBeLessThanOrEqual(1);
          // and the same result in one piece (a comment's end arriving later must not change anything)
          const whole = split([buf]);
          expect(whole.docs.map((d) => d.offset)).toEqual(got.docs.map((d) => d.offset));
          expect(whole.warnings).toEqual(got.warnings);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('junk between documents: all documents kept, one JUNK per stretch of junk', async () => {
    const junkByte = fc.integer({ min: 0x20, max: 0x7e }).filter((b) => b !== 0x3c); // printable, no '<'
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: D.length }), fc.array(junkByte, { minLength: 1, maxLength: 50 })), { maxLength: 4 }),
        async (inserts) => {
          const at = new Map<number, number[]>();
          for (const [k, bytes] of inserts) if (bytes.some((b) => b !== 0x20)) at.set(k, bytes);
          const parts: Buffer[] = [];
          const kept: { k: number; at: number }[] = [];
          let off = 0;
          for (let k = 0; k <= D.length; k++) {
            const j = at.get(k);
            if (j) {
              parts.push(Buffer.from(j));
              off += j.length;
            }
            if (k < D.length) {
              kept.push({ k, at: off + D[k]!.root });
              parts.push(D[k]!.bytes);
              off += D[k]!.bytes.length;
            }
          }
          const got = split(cutAt(Buffer.concat(parts), [7, 30001]));
          expectDocsAt(got.docs, kept);
          expect(got.warnings.map((w) => w.code)).toEqual([...at.keys()].map(() => 'JUNK'));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DocumentSplitter, parseDocument, SampleBuilder, type Sample } from '../src/advanced.js';
import { wasmScanner } from '../src/parse/wasm-scan.js';
import { ROOT } from './helpers/corpus.js';

/**
 * Two loggers appending to one file write 4 KiB blocks in turn, so pieces of two documents join
 * into one. Property: over random interleavings of the 4 KiB blocks of two real logs (committed
 * fixtures, so this never skips), every document the fast path (WebAssembly, then JavaScript)
 * accepts, the fast-xml-parser reference accepts too, with an equal sample; the JavaScript and
 * WebAssembly scanners alone never accept one the reference rejects; and no document the
 * reference accepts is lost by the fast path.
 */
const load = (rel: string): Buffer => gunzipSync(readFileSync(join(ROOT, 'fixtures', rel)));
const SOURCES = [load('captures/h200-twins.xml.gz'), load('captures/h200-rep-perfile-1.xml.gz'), load('captures/h100-shared.xml.gz')];
const BLOCK = 4096;

/** The blocks of `a` from block `fromA` and of `b` from block `fromB`, taken in the order `picks` gives (true: from a). */
function interleave(a: Buffer, b: Buffer, fromA: number, fromB: number, picks: boolean[]): Buffer {
  const out: Buffer[] = [];
  let i = fromA * BLOCK;
  let j = fromB * BLOCK;
  for (const takeA of picks) {
    if ((takeA && i < a.length) || j >= b.length) {
      if (i >= a.length) break;
      out.push(a.subarray(i, (i += BLOCK)));
    } else out.push(b.subarray(j, (j += BLOCK)));
  }
  return Buffer.concat(out);
}

function tryParse(bytes: Uint8Array, parser: 'fast' | 'js' | 'reference'): Sample | null {
  try {
    return parseDocument(bytes, { parser });
  } catch {
    return null;
  }
}

function wasmOnly(bytes: Uint8Array): Sample | null {
  const b = new SampleBuilder();
  b.begin(0, 0);
  return wasmScanner()!.scan(bytes, b) ? b.finish() : null;
}

describe('splices of real documents at 4 KiB boundaries', () => {
  it('the fast path accepts exactly what the reference accepts, with equal samples', () => {
    const totals = { documents: 0, accepted: 0, declined: 0 };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: SOURCES.length - 1 }),
        fc.integer({ min: 0, max: SOURCES.length - 1 }),
        fc.nat(),
        fc.nat(),
        // runs of blocks from one logger, then the other: a logger writes a whole document (7 blocks
        // of an H200's) as often as a part of one
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 2, maxLength: 12 }),
        (sa, sb, ra, rb, runs) => {
          const picks = runs.flatMap((n, k) => Array.from({ length: n }, () => k % 2 === 0));
          const a = SOURCES[sa]!;
          const b = SOURCES[sb]!;
          const buf = interleave(a, b, ra % Math.ceil(a.length / BLOCK), rb % Math.ceil(b.length / BLOCK), picks);
          const s = new DocumentSplitter();
          for (const d of [...s.push(buf), ...s.end()]) {
            totals.documents++;
            const ref = tryParse(d.bytes, 'reference');
            const fast = tryParse(d.bytes, 'fast');
            expect(
              fast === null,
              `document at byte ${d.offset}: fast ${fast === null ? 'declines' : 'accepts'}, reference ${ref === null ? 'declines' : 'accepts'}`,
            ).toBe(ref === null);
            if (ref === null) {
              totals.declined++;
              expect(tryParse(d.bytes, 'js')).toBeNull();
              expect(wasmOnly(d.bytes)).toBeNull();
              continue;
            }
            totals.accepted++;
            expect(fast).toStrictEqual(ref);
            expect(tryParse(d.bytes, 'js')).toStrictEqual(ref);
            const w = wasmOnly(d.bytes);
            if (w !== null) expect(w).toStrictEqual(ref);
          }
        },
      ),
      { numRuns: 150, seed: 17 },
    );
    console.log(`splice property: ${totals.documents} documents, ${totals.accepted} accepted by both, ${totals.declined} declined by both`);
    // the interleavings do make documents of both kinds
    expect(totals.declined).toBeGreaterThan(50);
    expect(totals.accepted).toBeGreaterThan(50);
  });
});

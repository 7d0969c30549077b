import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NameFinder } from '../src/documents/name-finder.js';

const NAME = 'nvidia_smi_log';

describe('NameFinder', () => {
  it('searches with WebAssembly here (Node has it), and agrees with Buffer.indexOf on a real log over 1 KiB', async () => {
    const f = new NameFinder();
    expect(f.simd).toBe(true);
    const { gunzipSync } = await import('node:zlib');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { ROOT } = await import('./helpers/corpus.js');
    const buf = gunzipSync(readFileSync(join(ROOT, 'fixtures', 'captures', 'h200-twins.xml.gz')));
    expect(buf.length).toBeGreaterThan(1024);
    const want: number[] = [];
    for (let at = buf.indexOf(NAME); at >= 0; at = buf.indexOf(NAME, at + 1)) want.push(at);
    const got: number[] = [];
    for (let at = f.indexOf(buf, 0); at >= 0; at = f.indexOf(buf, at + 1)) got.push(at);
    expect(got).toEqual(want);
    expect(want.length).toBe(29 * 3); // each document: the DOCTYPE's name, the start and the end tag (grep -o counts 87)
  });

  it('finds nvidia_smi_log exactly where Buffer.indexOf finds it, from any offset, near-misses and buffer ends included', () => {
    const f = new NameFinder();
    // pieces that make near-misses likely: the name, its prefixes and suffixes, and filler
    const piece = fc.constantFrom(
      NAME,
      'nvidia_smi_lo',
      'vidia_smi_log',
      'n',
      'g',
      'nvidia_smi_loG',
      '<',
      '</',
      '>',
      'x'.repeat(17),
      ' ',
      '\n\t\t',
      'nvidia_smi_lognvidia_smi_log',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), fc.nat(), (parts, fromSeed) => {
        const buf = Buffer.from(parts.join(''), 'latin1');
        const from = buf.length === 0 ? 0 : fromSeed % (buf.length + 1);
        f.reset();
        let at = from;
        // every occurrence in turn, as the splitter walks them
        for (;;) {
          const got = f.indexOf(buf, at);
          expect(got).toBe(buf.indexOf(NAME, at));
          if (got < 0) break;
          at = got + 1;
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reads a changed buffer again after reset()', () => {
    const f = new NameFinder();
    const buf = Buffer.alloc(4096, 0x20);
    buf.write(NAME, 3000, 'latin1');
    expect(f.indexOf(buf, 0)).toBe(3000);
    buf.fill(0x20);
    buf.write(NAME, 100, 'latin1');
    f.reset();
    expect(f.indexOf(buf, 0)).toBe(100);
  });
});

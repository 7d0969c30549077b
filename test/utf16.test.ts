import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readLog } from '../src/index.js';
import { tempDir } from './bad-input/material.js';
import { ROOT } from './helpers/corpus.js';

/** Windows PowerShell's `>` writes UTF-16 with a byte-order mark: the same log must read the same. */
const tmp = tempDir('mc2-utf16-');
afterAll(() => tmp.cleanup());

function utf16(text: string, be: boolean): Buffer {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  if (!be) return le;
  const out = Buffer.alloc(le.length);
  for (let i = 0; i + 1 < le.length; i += 2) {
    out[i] = le[i + 1]!;
    out[i + 1] = le[i]!;
  }
  return out;
}

const SOURCES: [string, string][] = [
  ['XML (-q -x -l 1)', gunzipSync(readFileSync(join(ROOT, 'fixtures', 'captures', 'h200-twins.xml.gz'))).toString('utf8')],
  ['--query-gpu CSV', readFileSync(join(ROOT, 'fixtures', 'captures', 'twins', 'h200-twins-gpu.csv'), 'utf8')],
];

describe('UTF-16 logs with a byte-order mark', () => {
  for (const [name, text] of SOURCES) {
    for (const be of [false, true]) {
      it(`${name}, UTF-16${be ? 'BE' : 'LE'}: the same samples as the UTF-8 file`, async () => {
        const a = join(tmp.dir, 'utf8.log');
        const b = join(tmp.dir, `utf16${be ? 'be' : 'le'}.log`);
        writeFileSync(a, text);
        writeFileSync(b, utf16(text, be));
        const x = await readLog(a);
        const y = await readLog(b);
        expect(y.format).toBe(x.format);
        expect(y.documents).toBe(x.documents);
        expect(y.warningCounts).toEqual(x.warningCounts);
        expect(Array.from(y.gpus[0]!.columns.powerW)).toEqual(Array.from(x.gpus[0]!.columns.powerW));
        expect(Array.from(y.timeMs)).toEqual(Array.from(x.timeMs));
        expect(y.gpus[0]!.identity).toEqual(x.gpus[0]!.identity);
      });
    }
  }
});

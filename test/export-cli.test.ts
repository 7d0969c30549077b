import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableFromIPC } from '@uwdata/flechette';
import { exportCommand, exportFormat } from '../src/cli/export.js';
import { labeledFiles } from '../src/cli/labeled-files.js';
import { synthLog } from './helpers/synth-log.js';

describe('labeledFiles', () => {
  it('splits label=FILE and defaults labels to file names', () => {
    expect(labeledFiles(['folder=/d/a.xml.gz', '/d/h100-perfile.xml.gz', 'x/y=z.xml'])).toEqual([
      { label: 'folder', file: '/d/a.xml.gz', job: null },
      { label: 'h100-perfile', file: '/d/h100-perfile.xml.gz', job: null },
      { label: 'y=z', file: 'x/y=z.xml', job: null },
    ]);
    // one explicit label for several files: repeats of one configuration; FILE#N: job N
    expect(labeledFiles(['f=/d/a.xml', 'f=/d/b.xml#2'])).toEqual([
      { label: 'f', file: '/d/a.xml', job: null },
      { label: 'f', file: '/d/b.xml', job: 2 },
    ]);
    expect(labeledFiles(['a.xml', 'b/a.xml']).map((f) => f.label)).toEqual(['a', 'a#2']);
  });
});

describe('export command', () => {
  it('takes the format from the output extension, or rejects an unknown one', () => {
    expect(exportFormat(undefined, 'x.parquet')).toBe('parquet');
    expect(exportFormat(undefined, 'x.jsonl')).toBe('ndjson');
    expect(exportFormat('csv', 'x.csv')).toBe('csv');
    expect(exportFormat('csv', 'x.out')).toBe('csv'); // an extension of no format: --format decides
    // an extension that says another format is refused: `--format csv -o x.parquet` wrote CSV into x.parquet
    expect(() => exportFormat('csv', 'x.parquet')).toThrow('invalid --format: csv with -o x.parquet (its extension says parquet)');
    expect(() => exportFormat(undefined, 'x.txt')).toThrow('no --format and no known extension in -o x.txt');
    expect(() => exportFormat('xlsx', 'x.csv')).toThrow('invalid --format: xlsx');
  });

  it('writes two labelled logs to an Arrow file with a run column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mc2-export-'));
    writeFileSync(join(dir, 'a.xml'), synthLog({ gpus: 1, seconds: 3, state: () => ({ powerW: 100 }) }));
    writeFileSync(join(dir, 'b.xml'), synthLog({ gpus: 2, seconds: 2, state: (_t, g) => ({ powerW: 200 + g }) }));
    const out = join(dir, 'out.arrow');
    const code = await exportCommand([`folder=${join(dir, 'a.xml')}`, `sem=${join(dir, 'b.xml')}`], { output: out });
    expect(code).toBe(0);
    const t = tableFromIPC(readFileSync(out));
    expect(Array.from(t.getChild('run')!)).toEqual(['folder', 'folder', 'folder', 'sem', 'sem', 'sem', 'sem']);
    expect(Array.from(t.getChild('powerW')!)).toEqual([100, 100, 100, 200, 200, 201, 201]);
  });
});

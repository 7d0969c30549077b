import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLog } from '../src/index.js';
import { archiveMembers, isTarArchive } from '../src/io/archive.js';
import { runCli, tempDir } from './bad-input/material.js';
import { ROOT } from './helpers/corpus.js';

/**
 * How logs are stored: xz, Zstandard and bzip2 (found by magic bytes), and tar archives (plain or
 * compressed) whose members are logs of their own. The fixtures in fixtures/containers were made
 * from the committed captures with the system's xz -9, zstd -19, bzip2 -9 and GNU tar.
 */
const C = (name: string): string => join(ROOT, 'fixtures', 'containers', name);
const TWINS = join(ROOT, 'fixtures', 'captures', 'h200-twins.xml.gz');
const tmp = tempDir('mc2-containers-');
afterAll(() => tmp.cleanup());

describe('compressed logs', () => {
  for (const name of ['h200-twins.xml.xz', 'h200-twins.xml.zst', 'h200-twins.xml.bz2']) {
    it(`${name} reads as the gzip twin does`, async () => {
      const a = await readLog(TWINS);
      const b = await readLog(C(name));
      expect(b.documents).toBe(29);
      expect(b.bytes).toBe(a.bytes);
      expect(b.warningCounts).toEqual({});
      expect(Array.from(b.gpus[0]!.columns.powerW)).toEqual(Array.from(a.gpus[0]!.columns.powerW));
      expect(await isTarArchive(C(name))).toBe(false);
    });
  }
  it('a cut zstd stream keeps the documents before the cut and says where it broke', async () => {
    const whole = readFileSync(C('h200-folder24.xml.zst'));
    const cut = join(tmp.dir, 'cut.xml.zst');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const log = await readLog(cut);
    expect(log.documents).toBeGreaterThan(0);
    expect(log.documents).toBeLessThan((await readLog(join(ROOT, 'fixtures', 'captures', 'h200-folder24.xml.gz'))).documents);
    expect(log.warnings.find((w) => w.code === 'DECOMPRESS_ERROR')?.message).toMatch(
      /^.*cut\.xml\.zst: zstd stream truncated or corrupt after \d+ decompressed bytes/,
    );
  });
});

describe('tar archives', () => {
  it('a stream cut before its first block ends is one error that names the container', async () => {
    const cut = join(tmp.dir, 'cut.xml.bz2');
    writeFileSync(cut, readFileSync(C('h200-twins.xml.bz2')).subarray(0, 4000));
    await expect(readLog(cut)).rejects.toThrow(
      /cut\.xml\.bz2: bzip2 stream truncated or corrupt after 0 decompressed bytes .*: no nvidia-smi XML document could be read/,
    );
  });
});

describe('tar archives, again', () => {
  it('lists the regular members of a .tar.gz and a .tar.xz, in archive order', async () => {
    for (const a of ['h200-logs.tar.gz', 'h200-logs.tar.xz']) {
      expect(await isTarArchive(C(a))).toBe(true);
      const names: string[] = [];
      for await (const m of archiveMembers(C(a))) names.push(m.name);
      expect(names).toEqual(['logs/h200-rep-perfile-1.xml', 'logs/h200-twins-gpu.csv', 'logs/h200-twins.xml']);
    }
  });
  it('summarize treats each member as a log of its own, named archive:member', async () => {
    const r = await runCli(['summarize', '--json', C('h200-logs.tar.gz')]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { file: string; documents: number }[];
    expect(s.map((x) => x.file)).toEqual([
      `${C('h200-logs.tar.gz')}:logs/h200-rep-perfile-1.xml`,
      `${C('h200-logs.tar.gz')}:logs/h200-twins-gpu.csv`,
      `${C('h200-logs.tar.gz')}:logs/h200-twins.xml`,
    ]);
    const direct = await readLog(join(ROOT, 'fixtures', 'captures', 'h200-rep-perfile-1.xml.gz'));
    expect(s.map((x) => x.documents)).toEqual([direct.documents, 31, 29]);
  });
  it('compare takes every member as a run, labelled label:member', async () => {
    const r = await runCli(['compare', '--json', `logs=${C('h200-logs.tar.xz')}`]);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as { runs: { label: string }[] };
    expect(c.runs.map((x) => x.label).sort()).toEqual(['logs:logs/h200-rep-perfile-1', 'logs:logs/h200-twins', 'logs:logs/h200-twins-gpu']);
  });
});

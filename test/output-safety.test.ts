import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './bad-input/material.js';
import { ROOT } from './helpers/corpus.js';

/** Output that never harms a file, and a failure that is one line. */
const tmp = tempDir('mc2-out-');
afterAll(() => tmp.cleanup());
const LOG = join(ROOT, 'fixtures', 'captures', 'h200-twins.xml.gz');
const BIN = join(ROOT, 'bin', 'mc2-telemetry.js');

function input(name: string): { path: string; bytes: Buffer } {
  const path = join(tmp.dir, name);
  copyFileSync(LOG, path);
  return { path, bytes: readFileSync(path) };
}

describe('an output path never harms an input', () => {
  it('export and report refuse -o naming an input (by its path, a link or label=path); the input is untouched', async () => {
    const { path, bytes } = input('in.xml.gz');
    const link = join(tmp.dir, 'link.xml.gz');
    symlinkSync(path, link);
    for (const args of [
      ['export', path, '--format', 'csv', '-o', path],
      ['export', `run=${path}`, '--format', 'csv', '-o', link],
      ['report', path, '-o', path],
      ['report', `a=${path}#1`, '-o', link],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/^mc2-telemetry: invalid -o: .* is one of the inputs \(.*\); it is left as it is\n$/);
      expect(readFileSync(path).equals(bytes)).toBe(true);
    }
  });
  it('a --format that its -o extension contradicts is refused; without --format the extension decides', async () => {
    const { path } = input('fmt.xml.gz');
    const pq = join(tmp.dir, 'runs.parquet');
    const r = await runCli(['export', path, '--format', 'csv', '-o', pq]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `mc2-telemetry: invalid --format: csv with -o ${pq} (its extension says parquet); give a matching name, or leave --format out\n`,
    );
    expect(existsSync(pq)).toBe(false);
    expect((await runCli(['export', path, '-o', pq])).code).toBe(0);
    expect(readFileSync(pq).subarray(0, 4).toString('latin1')).toBe('PAR1');
  });
  it('a missing output folder is one clear line, exit 1, and no folder is made', async () => {
    const out = join(tmp.dir, 'no', 'such', 'x.csv');
    const r = await runCli(['export', LOG, '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `mc2-telemetry: invalid -o: ${out} (the folder ${join(tmp.dir, 'no', 'such')} does not exist; it is not created)\n`,
    );
    expect(existsSync(join(tmp.dir, 'no'))).toBe(false);
  });
  it('an existing output is replaced only once the new one is complete (no partial file left behind)', async () => {
    const out = join(tmp.dir, 'keep.csv');
    writeFileSync(out, 'old');
    expect((await runCli(['export', LOG, '-o', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8').startsWith('old')).toBe(false);
    expect(spawnSync('ls', [tmp.dir], { encoding: 'utf8' }).stdout).not.toMatch(/\.part-/);
  });
});

describe('writing to a closed pipe or a full disk', () => {
  it('`| head -1` ends quietly with exit 0', () => {
    const r = spawnSync('sh', ['-c', `node '${BIN}' summarize '${LOG}' '${LOG}' '${LOG}' '${LOG}' | head -1; exit \${PIPESTATUS:-0}`], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(`== ${LOG} ==`);
    const b = spawnSync(
      'bash',
      ['-c', `node '${BIN}' summarize '${LOG}' '${LOG}' '${LOG}' | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`],
      { encoding: 'utf8' },
    );
    expect(b.stdout.trim()).toBe('0');
  });
  it.skipIf(!existsSync('/dev/full'))('`> /dev/full` is one line on stderr and exit 2, no stack trace', () => {
    const r = spawnSync('sh', ['-c', `node '${BIN}' summarize '${LOG}' > /dev/full`], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('mc2-telemetry: cannot write the output: ENOSPC (no space left on the device)\n');
  });
});

describe('report goes on with the good inputs, as compare does', () => {
  it('one unreadable input: the report of the others, the left-out one named in the page and on stderr, exit 2', async () => {
    const out = join(tmp.dir, 'r.html');
    const missing = join(tmp.dir, 'missing.xml');
    const r = await runCli(['report', LOG, missing, '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`mc2-telemetry: ${missing}: no such file\nmc2-telemetry: the report leaves out 1 input that could not be read\n`);
    const page = readFileSync(out, 'utf8');
    expect(page).toContain('Left out (could not be read)');
    expect(page).toContain(`${missing}: no such file`);
  });
  it('an error line carries no control character from a file name', async () => {
    const evil = join(tmp.dir, 'bad\u001b[31m\nname\u202e.xml');
    const r = await runCli(['summarize', evil]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202a-\u202e]/);
  });
});

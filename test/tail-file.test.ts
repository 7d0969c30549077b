import { appendFileSync, mkdirSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tailFile, type TailEvent } from '../src/io/tail-file.js';
import { tempDir } from './bad-input/material.js';

const tmp = tempDir('mc2-tail-');
afterAll(() => tmp.cleanup());

/** Pulls events until one of `kind` arrives (the generator only polls when pulled). */
async function until(it: AsyncGenerator<TailEvent>, kind: TailEvent['kind']): Promise<TailEvent[]> {
  const seen: TailEvent[] = [];
  for (;;) {
    const r = await it.next();
    if (r.done) throw new Error(`ended before ${kind}`);
    seen.push(r.value);
    if (r.value.kind === kind) return seen;
  }
}
const text = (evs: TailEvent[]): string => evs.map((e) => (e.kind === 'data' ? Buffer.from(e.bytes).toString() : '')).join('');

describe('tailFile', () => {
  it('waits for a file that does not exist yet, then reads what is appended, from the last offset', async () => {
    const p = join(tmp.dir, 'later.xml');
    const ac = new AbortController();
    const it = tailFile(p, { intervalMs: 5, signal: ac.signal });
    expect((await it.next()).value).toEqual({ kind: 'waiting' });
    writeFileSync(p, 'abc');
    const first = await until(it, 'data');
    expect(first[0]).toEqual({ kind: 'opened', sizeBytes: 3 });
    expect(text(first)).toBe('abc');
    appendFileSync(p, 'defg');
    const next = await until(it, 'data');
    expect(next).toEqual([{ kind: 'data', bytes: Buffer.from('defg'), offset: 3 }]);
    ac.abort();
    expect((await it.next()).done).toBe(true);
  });

  it('reports a truncation (size shrank) and reads the new content from offset 0', async () => {
    const p = join(tmp.dir, 'trunc.xml');
    writeFileSync(p, 'x'.repeat(1000));
    const ac = new AbortController();
    const it = tailFile(p, { intervalMs: 5, signal: ac.signal });
    await until(it, 'data');
    truncateSync(p, 0);
    appendFileSync(p, 'restart');
    const evs = await until(it, 'data');
    expect(evs[0]).toEqual({ kind: 'reset', reason: 'truncated' });
    expect(evs[evs.length - 1]).toEqual({ kind: 'data', bytes: Buffer.from('restart'), offset: 0 });
    ac.abort();
    await it.return(undefined);
  });

  it('notices a file truncated and regrown past the old offset between two polls (the bytes read changed)', async () => {
    const p = join(tmp.dir, 'regrown.xml');
    writeFileSync(p, 'A'.repeat(100));
    const ac = new AbortController();
    const it = tailFile(p, { intervalMs: 5, signal: ac.signal });
    await until(it, 'data');
    writeFileSync(p, 'B'.repeat(150)); // O_TRUNC then write, same inode
    const evs = await until(it, 'data');
    expect(evs[0]).toEqual({ kind: 'reset', reason: 'rewritten' });
    expect(text(evs)).toBe('B'.repeat(150));
    ac.abort();
    await it.return(undefined);
  });

  it('follows a new file moved over the path (new inode)', async () => {
    const p = join(tmp.dir, 'moved.xml');
    writeFileSync(p, 'old');
    const ac = new AbortController();
    const it = tailFile(p, { intervalMs: 5, signal: ac.signal });
    await until(it, 'data');
    const q = join(tmp.dir, 'moved.tmp');
    writeFileSync(q, 'new file');
    renameSync(q, p);
    const evs = await until(it, 'data');
    expect(evs.map((e) => e.kind)).toEqual(['reset', 'opened', 'data']);
    expect(evs[0]).toEqual({ kind: 'reset', reason: 'replaced' });
    expect(text(evs)).toBe('new file');
    ac.abort();
    await it.return(undefined);
  });

  it('refuses a directory with EISDIR', async () => {
    const d = join(tmp.dir, 'adir');
    mkdirSync(d);
    await expect(tailFile(d, { intervalMs: 5 }).next()).rejects.toMatchObject({
      code: 'EISDIR',
      message: `${d}: is a directory, not a log file`,
    });
  });

  it('rejects a non-positive interval', async () => {
    await expect(tailFile('x', { intervalMs: 0 }).next()).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: 'invalid interval: 0',
    });
  });
});

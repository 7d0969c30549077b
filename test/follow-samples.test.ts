import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { TelemetryWarning } from '../src/errors.js';
import { followSamples, type FollowEvent } from '../src/series/follow-samples.js';
import { readLog } from '../src/series/read-log.js';
import { tempDir } from './bad-input/material.js';
import { ROOT } from './helpers/corpus.js';

const tmp = tempDir('mc2-follow-samples-');
afterAll(() => tmp.cleanup());

/** Follows `path` until `count` samples came, then stops. */
async function collect(path: string, count: number, warnings: TelemetryWarning[] = []): Promise<FollowEvent[]> {
  const ac = new AbortController();
  const events: FollowEvent[] = [];
  let n = 0;
  const guard = setTimeout(() => ac.abort(), 20_000);
  for await (const e of followSamples(path, { intervalMs: 10, signal: ac.signal, onWarning: (w) => warnings.push(w) })) {
    events.push(e);
    if (e.kind === 'samples') n += e.samples.length;
    if (n >= count) ac.abort();
  }
  clearTimeout(guard);
  return events;
}

describe('followSamples', () => {
  it('dmon: the format is found from the first bytes; one sample per round of GPU lines, all of them once stopped', async () => {
    const src = join(ROOT, 'fixtures', 'captures', 'twins', 'h200-twins-dmon.txt');
    const text = readFileSync(src, 'utf8');
    // one sample per round: the data lines (not # headers) of this one-GPU capture
    const rounds = text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).length;
    const path = join(tmp.dir, 'dmon.txt');
    const fd = openSync(path, 'w');
    writeSync(fd, text);
    closeSync(fd);
    const events = await collect(path, rounds - 1); // the last round waits for the next, or for the stop
    const samples = events.flatMap((e) => (e.kind === 'samples' ? e.samples : []));
    expect(samples.length).toBe(rounds);
    expect(samples.every((s) => s.gpus.length === 1)).toBe(true);
  });

  it('an XML document still being written when following stops is not read, and is not called damaged', async () => {
    const bytes = gunzipSync(readFileSync(join(ROOT, 'fixtures', 'captures', 'h200-folder24.xml.gz')));
    let at = -1;
    for (let k = 0; k <= 3; k++) at = bytes.indexOf('<?xml', at + 1);
    const path = join(tmp.dir, 'cut.xml');
    const fd = openSync(path, 'w');
    writeSync(fd, bytes, 0, at + 2000); // 3 documents and the start of a 4th
    closeSync(fd);
    const warnings: TelemetryWarning[] = [];
    const events = await collect(path, 3, warnings);
    const samples = events.flatMap((e) => (e.kind === 'samples' ? e.samples : []));
    expect(samples.map((s) => s.ordinal)).toEqual([0, 1, 2]);
    expect(warnings).toEqual([]);
    expect(events[0]).toMatchObject({ kind: 'opened', sizeBytes: at + 2000 });
  });

  it('a compressed file is refused in one line naming the file and the container', async () => {
    const path = join(tmp.dir, 'run.xml.gz');
    const fd = openSync(path, 'w');
    writeSync(fd, readFileSync(join(ROOT, 'fixtures', 'captures', 'h200-folder24.xml.gz')));
    closeSync(fd);
    await expect(collect(path, 1)).rejects.toThrow(`${path}: gzip-compressed (byte 0): watch follows a plain log`);
  });

  it('a complete document that does not parse is the warning readLog gives, word for word', async () => {
    const bytes = gunzipSync(readFileSync(join(ROOT, 'fixtures', 'captures', 'h200-folder24.xml.gz')));
    let at = -1;
    for (let k = 0; k <= 2; k++) at = bytes.indexOf('<?xml', at + 1);
    const text = bytes.toString('latin1');
    const bad = text.indexOf('</product_name>', at); // in document 2
    const damaged = Buffer.from(`${text.slice(0, bad)}</product_nam>${text.slice(bad + '</product_name>'.length)}`, 'latin1');
    const path = join(tmp.dir, 'corrupt.xml');
    const fd = openSync(path, 'w');
    writeSync(fd, damaged);
    closeSync(fd);
    const whole = await readLog(path, { workers: 0 });
    const wanted = whole.warnings.filter((w) => w.code === 'CORRUPT_DOCUMENT');
    expect(wanted).toHaveLength(1);
    expect(wanted[0]!.document).toBe(2);
    const warnings: TelemetryWarning[] = [];
    await collect(path, whole.documents, warnings);
    expect(warnings.filter((w) => w.code === 'CORRUPT_DOCUMENT')).toEqual(wanted);
  });
});

import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { followLog, type LiveUpdate } from '../src/index.js';
import { tempDir } from './bad-input/material.js';
import { ROOT } from './helpers/corpus.js';
import { batchFigures, differences, liveFigures, samplesOf } from './helpers/live-figures.js';

/**
 * followLog, the library's live reading: a script follows a log being written and gets, after each
 * stretch of new samples, every GPU's figures for the log so far (equal to a whole-log read of
 * those samples), then a summary when it stops.
 */
const tmp = tempDir('mc2-follow-');
afterAll(() => tmp.cleanup());
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const CAPTURES = join(ROOT, 'fixtures', 'captures');

/**
 * Follows `path` while `write` writes it (`read()`: the samples the follower has had so far), and
 * stops once it has had `stopAt` samples.
 */
async function follow(path: string, write: (read: () => number) => Promise<void>, stopAt: number): Promise<LiveUpdate[]> {
  const ac = new AbortController();
  const updates: LiveUpdate[] = [];
  let read = 0;
  const reading = (async () => {
    for await (const u of followLog(path, { intervalMs: 10, signal: ac.signal })) {
      updates.push(u);
      if (u.kind === 'update' && (read += u.added) === stopAt) ac.abort();
    }
  })();
  await write(() => read);
  const guard = setTimeout(() => ac.abort(), 20_000);
  await reading;
  clearTimeout(guard);
  return updates;
}

describe('followLog', () => {
  it('an XML log written in 4 KiB blocks: each update has the figures of the samples so far; the summary those of the whole log', async () => {
    const src = join(CAPTURES, 'h200-perfile8.xml.gz');
    const bytes = gunzipSync(readFileSync(src));
    const samples = await samplesOf(src);
    const path = join(tmp.dir, 'perfile8.xml');
    const updates = await follow(
      path,
      async () => {
        const fd = openSync(path, 'w');
        for (let i = 0; i < bytes.length; i += 4096) {
          writeSync(fd, bytes, i, Math.min(4096, bytes.length - i));
          await sleep(2);
        }
        closeSync(fd);
      },
      samples.length,
    );
    const live = updates.filter((u) => u.kind === 'update');
    expect(live.length).toBeGreaterThan(3); // the log arrived in pieces
    let read = 0;
    const bad: string[] = [];
    for (const u of live) {
      read += u.added;
      const want = batchFigures(samples.slice(0, read));
      u.gpus.forEach((g, j) => {
        for (const d of differences(want[j]!, liveFigures(g))) bad.push(`after ${read}: ${d}`);
      });
    }
    expect(bad).toEqual([]);
    expect(read).toBe(samples.length);
    const stopped = updates[updates.length - 1]!;
    expect(stopped.kind).toBe('stopped');
    if (stopped.kind !== 'stopped') return;
    expect(stopped.summary.documents).toBe(samples.length);
    const whole = batchFigures(samples)[0]!;
    expect(stopped.summary.gpus[0]!.dutyCycle).toBeCloseTo(whole.dutyCycle as number, 12);
    expect(stopped.summary.gpus[0]!.idleGaps.count).toBe(whole.gaps);
  });

  it('a file that starts over (nvidia-smi restarted) is a reset, then read from its start', async () => {
    const src = join(CAPTURES, 'h200-folder24.xml.gz');
    const bytes = gunzipSync(readFileSync(src));
    const n = (await samplesOf(src)).length;
    const path = join(tmp.dir, 'restart.xml');
    // the restarted logger has written 10 documents when the follower looks again
    let at = -1;
    for (let k = 0; k <= 10; k++) at = bytes.indexOf('<?xml', at + 1);
    const again = bytes.subarray(0, at);
    const updates = await follow(
      path,
      async (read) => {
        const fd = openSync(path, 'w');
        writeSync(fd, bytes);
        while (read() < n) await sleep(10); // the follower has read the first run
        ftruncateSync(fd, 0);
        writeSync(fd, again, 0, again.length, 0);
        closeSync(fd);
      },
      n + 10,
    );
    expect(updates.filter((u) => u.kind === 'reset')).toHaveLength(1);
    const stopped = updates[updates.length - 1]!;
    expect(stopped.kind === 'stopped' && stopped.summary.restarts).toBe(1);
    expect(stopped.kind === 'stopped' && stopped.summary.documents).toBe(n + 10);
  });

  it('a --query-gpu CSV written line by line: the last round is read when following stops', async () => {
    const src = join(CAPTURES, 'twins', 'h200-twins-gpu.csv');
    const text = readFileSync(src);
    const samples = await samplesOf(src);
    const path = join(tmp.dir, 'gpu.csv');
    const updates = await follow(
      path,
      async () => {
        const fd = openSync(path, 'w');
        writeSync(fd, text);
        closeSync(fd);
        await sleep(300);
      },
      samples.length - 1, // the last round waits for a next one, or for the stop
    );
    const stopped = updates[updates.length - 1]!;
    expect(stopped.kind).toBe('stopped');
    if (stopped.kind !== 'stopped') return;
    expect(stopped.summary.documents).toBe(samples.length);
    const whole = batchFigures(samples)[0]!;
    expect(stopped.summary.gpus[0]!.dutyCycle).toBeCloseTo(whole.dutyCycle as number, 12);
  });
});

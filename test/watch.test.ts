/**
 * `mc2-telemetry watch FILE` while a writer plays nvidia-smi: real capture documents written in
 * 4 KiB blocks (so half documents are on disk between polls), a logger killed mid-document and
 * restarted with `-f` (truncate, start over), and a file that does not exist when watching starts.
 */
import { closeSync, copyFileSync, ftruncateSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import type { WatchSummary } from '../src/analyze/live-log.js';
import { watchCommand } from '../src/cli/watch.js';
import { HAVE_MATERIAL, folderDocs, perfileDocs, tempDir } from './bad-input/material.js';
import { synthLog } from './helpers/synth-log.js';
import { ROOT } from './helpers/corpus.js';
import { readLog } from '../src/index.js';

const tmp = tempDir('mc2-watch-');
afterAll(() => tmp.cleanup());

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

async function waitFor(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Writes `data` through `fd` in 4096-byte blocks, pausing between blocks as a slow logger would. */
async function writeBlocks(fd: number, data: Buffer, pauseMs: number): Promise<void> {
  for (let i = 0; i < data.length; i += 4096) {
    writeSync(fd, data, i, Math.min(4096, data.length - i));
    await sleep(pauseMs);
  }
}

describe.skipIf(!HAVE_MATERIAL)('watch', () => {
  it('follows a log written in 4 KiB blocks through a kill mid-document and a truncate-and-restart, waiting for the file first', async () => {
    const path = join(tmp.dir, 'live.xml');
    const runA = folderDocs().slice(0, 6);
    const cutDoc = folderDocs()[6]!;
    const runB = perfileDocs().slice(0, 8);
    const out = new Sink();
    const err = new Sink();
    const ac = new AbortController();
    const watching = watchCommand(path, { interval: '15', json: true }, { out, err, signal: ac.signal });

    await waitFor(() => err.text.includes('waiting for the file to appear'), 'the waiting notice');
    const fd = openSync(path, 'w');
    // run A: 6 whole documents, then the logger dies 5 blocks into the 7th (a 4 KiB boundary)
    const partial = Buffer.from(runA.join('') + cutDoc).subarray(0, (Math.floor(Buffer.byteLength(runA.join('')) / 4096) + 5) * 4096);
    expect(partial.length).toBeLessThan(Buffer.byteLength(runA.join('') + cutDoc));
    await writeBlocks(fd, partial, 3);
    await waitFor(() => err.text.includes('6 samples'), 'the 6 documents of run A');
    await sleep(60);
    // nvidia-smi -f restarts: truncate to 0 and write from the start
    ftruncateSync(fd, 0);
    await sleep(60);
    const fd2 = openSync(path, 'r+');
    closeSync(fd);
    await writeBlocks(fd2, Buffer.from(runB.join('')), 3);
    closeSync(fd2);
    await waitFor(() => err.text.includes('14 samples'), 'the 8 documents of run B');
    ac.abort();
    expect(await watching).toBe(0);

    const s = JSON.parse(out.text) as WatchSummary;
    expect(s.documents).toBe(14);
    expect(s.restarts).toBe(1);
    expect(s.damagedDocuments).toBe(1);
    expect(s.warningCounts).toEqual({ TRUNCATED_DOCUMENT: 1 });
    expect(s.gpus.map((g) => g.samples)).toEqual([14]);
    expect(err.text).toContain('the file was truncated; reading it from the start');
    // a live line per batch of documents read (one GPU), never one for a half document: at least
    // one line, at most one per document, the last at 14 samples
    const live = err.text.split('\n').filter((l) => / samples$/.test(l));
    expect(live.length).toBeGreaterThanOrEqual(1);
    expect(live.length).toBeLessThanOrEqual(14);
    expect(live[live.length - 1]).toMatch(/ 14 samples$/);
  });

  // logrotate's copytruncate copies the live log aside and truncates it to 0 while the logger keeps
  // writing: with `>>` (O_APPEND) its next block lands at offset 0; with `-f`/`>` (no O_APPEND) at
  // its old offset, after a hole of NUL bytes. Either way the rest of the cut document arrives with
  // no start: 6 whole documents before, the cut one lost (its head TRUNCATED_DOCUMENT, its tail
  // JUNK), 5 whole ones after; no sample is invented.
  it.each([
    ['appending (`>>`, O_APPEND): the next block lands at offset 0', true],
    ['writing at its own offset (`-f`): a hole of NUL bytes, then the next block', false],
  ])('survives logrotate copytruncate of the live file while the logger writes, %s', async (_name, append) => {
    const path = join(tmp.dir, `rotated-${append ? 'append' : 'offset'}.log`);
    const docs = folderDocs().slice(0, 12);
    const before = Buffer.from(docs.slice(0, 6).join(''));
    const cut = Buffer.from(docs[6]!);
    const after = Buffer.from(docs.slice(7).join(''));
    const out = new Sink();
    const err = new Sink();
    const ac = new AbortController();
    const fd = openSync(path, append ? 'a' : 'w');
    const watching = watchCommand(path, { interval: '10', json: true }, { out, err, signal: ac.signal });
    await writeBlocks(fd, Buffer.concat([before, cut.subarray(0, 9000)]), 2);
    await waitFor(() => err.text.includes('6 samples'), 'the 6 documents before the rotation');
    await sleep(40);
    // copytruncate: copy aside, then truncate the live file to 0 under the running logger
    copyFileSync(path, `${path}.1`);
    truncateSync(path, 0);
    await sleep(40);
    const rest = Buffer.concat([cut.subarray(9000), after]);
    if (append) await writeBlocks(fd, rest, 2);
    else
      for (let i = 0; i < rest.length; i += 4096) {
        writeSync(fd, rest, i, Math.min(4096, rest.length - i), before.length + 9000 + i);
        await sleep(2);
      }
    closeSync(fd);
    await waitFor(() => err.text.includes('11 samples'), 'the 5 documents after the rotation');
    await sleep(60);
    ac.abort();
    expect(await watching).toBe(0);
    const s = JSON.parse(out.text) as WatchSummary;
    expect(s.documents).toBe(11);
    expect(s.gpus.map((g) => g.samples)).toEqual([11]);
    expect(s.restarts).toBe(1);
    expect(s.warningCounts).toEqual({ TRUNCATED_DOCUMENT: 1, JUNK: 1 });
    expect(readFileSync(`${path}.1`).length).toBe(before.length + 9000);
  });

  // watch reads every format readLog reads: the H200 twins, written in 4 KiB blocks as a logger would
  it.each([
    ['--query-gpu CSV', 'h200-twins-gpu.csv', 31],
    ['dmon -o DT', 'h200-twins-dmon.txt', 30],
  ])('follows a %s log as it is written, to the same sample count as readLog', async (_n, name, samples) => {
    const path = join(tmp.dir, `live-${name}`);
    const data = readFileSync(join(ROOT, 'fixtures', 'captures', 'twins', name));
    const out = new Sink();
    const err = new Sink();
    const ac = new AbortController();
    const fd = openSync(path, 'w');
    const watching = watchCommand(path, { interval: '10', json: true }, { out, err, signal: ac.signal });
    await writeBlocks(fd, data, 5);
    closeSync(fd);
    // the last round is complete only once the next begins (or the watch stops)
    await waitFor(() => err.text.includes(`${samples - 1} samples`), `${samples - 1} samples`);
    ac.abort();
    expect(await watching).toBe(0);
    const s = JSON.parse(out.text) as WatchSummary;
    expect(s.gpus.map((g) => g.samples)).toEqual([samples]);
    expect(s.warningCounts).toEqual({});
    expect((await readLog(path)).gpus[0]!.length).toBe(samples);
  });

  it('shows state, idle streak and duty cycle per GPU, and the idle gaps in the summary (hand-worked scenario)', async () => {
    // busy (300 W, 100 %, a process) at t = 2, 3, 6, 7; idle (70 W) otherwise; 10 samples 1 s apart.
    // Active span: t = 2 → end of t = 7 = 6 s, busy 4 s → duty 67 %; one idle gap (t = 4, 5) of 2 s;
    // at the end the GPU is idle since t = 8: streak 2 s.
    const busy = new Set([2, 3, 6, 7]);
    const xml = synthLog({
      gpus: 1,
      seconds: 10,
      state: (t) => (busy.has(t) ? { powerW: 300, utilPct: 100, processes: [{ pid: 7 }] } : { powerW: 70, utilPct: 0 }),
    });
    const path = join(tmp.dir, 'synth.xml');
    const fd = openSync(path, 'w');
    await writeBlocks(fd, Buffer.from(xml), 1);
    closeSync(fd);
    const out = new Sink();
    const err = new Sink();
    const ac = new AbortController();
    const watching = watchCommand(path, { interval: '10' }, { out, err, signal: ac.signal });
    await waitFor(() => out.text.includes('10 samples'), 'all 10 documents');
    ac.abort();
    expect(await watching).toBe(0);
    const lines = out.text.split('\n');
    const last = lines.filter((l) => / samples$/.test(l)).pop()!;
    expect(last).toBe(
      'Mon Nov 23 19:00:09 2026  GPU 0  NVIDIA H100 80GB HBM3  70.0 W  util 0 %  idle  idle streak 2.0 s  duty 67 % of 6.0 s active  10 samples',
    );
    // at 80 columns the table comes in parts, each repeating GPU and model: join the GPU's cells
    const cells = lines
      .filter((l) => /^\s*0\s+NVIDIA H100/.test(l))
      .flatMap((l, k) =>
        l
          .trim()
          .split(/\s{2,}/)
          .slice(k === 0 ? 0 : 2),
      );
    // samples, duty %, duty whole %, active s, idle W <, idle gaps, idle total s, longest s
    expect(cells).toEqual(['0', 'NVIDIA H100 80GB HBM3', '10', '66.7', '40.0', '6.0', '133.0', '1', '2.0', '2.0']);
  });

  it('stops on SIGINT when run as `mc2-telemetry watch FILE --json` and prints the summary', async () => {
    const path = join(tmp.dir, 'sigint.xml');
    const fd = openSync(path, 'w');
    await writeBlocks(fd, Buffer.from(folderDocs().slice(0, 3).join('')), 0);
    closeSync(fd);
    let stdout = '';
    let stderr = '';
    const o = vi.spyOn(process.stdout, 'write').mockImplementation(((c: string) => {
      stdout += c;
      return true;
    }) as typeof process.stdout.write);
    const e = vi.spyOn(process.stderr, 'write').mockImplementation(((c: string) => {
      stderr += c;
      return true;
    }) as typeof process.stderr.write);
    try {
      const running = main(['node', 'mc2-telemetry', 'watch', path, '--json', '--interval', '10']);
      await waitFor(() => stderr.includes('3 samples'), 'the 3 documents');
      process.emit('SIGINT');
      expect(await running).toBe(0);
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
    const s = JSON.parse(stdout) as WatchSummary;
    expect(s.documents).toBe(3);
    expect(s.gpus[0]!.samples).toBe(3);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });
});

describe('watch keys GPUs as readLog does', () => {
  it('two GPUs sharing one UUID (anonymised logs) stay two series, not one alternating 100/300 W', async () => {
    const xml = synthLog({
      gpus: [
        { uuid: 'GPU-same', busId: '00000000:01:00.0' },
        { uuid: 'GPU-same', busId: '00000000:02:00.0' },
      ],
      seconds: 6,
      state: (_t, gpu) => ({ powerW: gpu === 0 ? 100 : 300, utilPct: 0 }),
    });
    const path = join(tmp.dir, 'same-uuid.xml');
    const fd = openSync(path, 'w');
    writeSync(fd, Buffer.from(xml));
    closeSync(fd);
    const out = new Sink();
    const err = new Sink();
    const ac = new AbortController();
    const watching = watchCommand(path, { interval: '10', json: true }, { out, err, signal: ac.signal });
    await waitFor(() => err.text.includes('6 samples'), 'the 6 documents');
    ac.abort();
    expect(await watching).toBe(0);
    const s = JSON.parse(out.text) as WatchSummary;
    const log = await readLog(path);
    expect(log.gpus.map((g) => g.key)).toEqual(['GPU-same', 'GPU-same@00000000:02:00.0']);
    expect(s.gpus.map((g) => g.samples)).toEqual([6, 6]);
    expect(s.gpus).toHaveLength(log.gpus.length);
  });
});

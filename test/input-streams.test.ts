import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLog } from '../src/index.js';
import { tempDir } from './bad-input/material.js';
import { ROOT } from './helpers/corpus.js';

/** Paths that are not regular files: FIFOs (and so `<(…)`), and endless devices with no log in them. */
const tmp = tempDir('mc2-streams-');
afterAll(() => tmp.cleanup());

describe('inputs that are streams', () => {
  it.skipIf(process.platform === 'win32')('a FIFO is read as a stream (no positioned read, no ESPIPE), gzip included', async () => {
    for (const src of [
      join(ROOT, 'fixtures', 'captures', 'twins', 'h200-twins-gpu.csv'),
      join(ROOT, 'fixtures', 'captures', 'h200-twins.xml.gz'),
    ]) {
      const fifo = join(tmp.dir, `f${Math.random().toString(36).slice(2)}`);
      execFileSync('mkfifo', [fifo]);
      const writer = spawn('sh', ['-c', `cat '${src}' > '${fifo}'`]);
      const closed = new Promise((r) => writer.on('close', r));
      const log = await readLog(fifo);
      const direct = await readLog(src);
      expect(log.documents).toBe(direct.documents);
      expect(Array.from(log.gpus[0]!.columns.powerW)).toEqual(Array.from(direct.gpus[0]!.columns.powerW));
      await closed;
    }
  });
  it.skipIf(!existsSync('/dev/zero'))(
    'an endless input with no log in it (/dev/zero) stops with one clear error, after 64 MiB',
    async () => {
      const t = Date.now();
      await expect(readLog('/dev/zero')).rejects.toThrow(
        '/dev/zero: no nvidia-smi document in the first 64 MiB (binary data, not an nvidia-smi XML log); stopped reading',
      );
      expect(Date.now() - t).toBeLessThan(30_000);
    },
  );
});

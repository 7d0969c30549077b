import { createWriteStream, existsSync, promises as fsp, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { TelemetryError } from '../errors.js';

/**
 * Checks an output path before anything is read: it must not be one of the inputs (the same file
 * by any name: path, link or hard link), and its folder must exist. `-` (standard output) passes.
 *
 * @throws TelemetryError INVALID_ARGUMENT naming the flag and the path.
 */
export function checkOutput(output: string, inputs: readonly string[]): void {
  if (output === '-') return;
  const dir = dirname(resolve(output));
  if (!existsSync(dir))
    throw new TelemetryError('INVALID_ARGUMENT', `invalid -o: ${output} (the folder ${dir} does not exist; it is not created)`);
  if (!existsSync(output)) return;
  const out = identity(output);
  for (const a of inputs) {
    for (const part of a.split('+')) {
      // `label=FILE#N` and `gpu.csv+apps.csv` name files too
      const file = part.replace(/^[^=/\\]*=/, '').replace(/#\d+$/, '');
      if (file !== '-' && existsSync(file) && identity(file) === out) {
        throw new TelemetryError('INVALID_ARGUMENT', `invalid -o: ${output} is one of the inputs (${a}); it is left as it is`);
      }
    }
  }
}

/** A file's identity: device and inode (the same file by any name), else its real path. */
function identity(path: string): string {
  try {
    const st = statSync(path);
    if (st.ino !== 0) return `${st.dev}:${st.ino}`;
  } catch {
    // fall through
  }
  return realpathSync(path);
}

/**
 * Writes `output` by way of a file beside it that is renamed over it once complete, so a failure
 * (a full disk, an interrupted run) never leaves a half-written file or harms the old one.
 */
export async function writeOutput(output: string, write: (stream: Writable) => Promise<void>): Promise<void> {
  const tmp = `${output}.part-${process.pid}`;
  const stream = createWriteStream(tmp);
  try {
    await write(stream);
    stream.end();
    await finished(stream);
    await fsp.rename(tmp, output);
  } catch (e) {
    stream.destroy();
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}

import { promises as fsp, type Stats } from 'node:fs';
import { TelemetryError } from '../errors.js';
import { fsError } from './fs-error.js';

/** What {@link tailFile} reports. */
export type TailEvent =
  /** New bytes at `offset` (in the current incarnation of the file). */
  | { kind: 'data'; bytes: Uint8Array; offset: number }
  /** The file does not exist (yet); reported once per absence. */
  | { kind: 'waiting' }
  /** The file was opened (first time, or again after it was replaced). */
  | { kind: 'opened'; sizeBytes: number }
  /**
   * The file started over: `truncated` (size shrank, e.g. `nvidia-smi -f` restarted), `replaced`
   * (another file at the path: new inode, or deleted), `rewritten` (same size or larger, but the
   * bytes already read changed). Bytes after this event come from offset 0.
   */
  | { kind: 'reset'; reason: 'truncated' | 'replaced' | 'rewritten' };

export interface TailOptions {
  /** Poll interval in ms. Default 250. */
  intervalMs?: number;
  /** Stops following; the generator returns. */
  signal?: AbortSignal;
  /** Largest read, bytes. Default 1 MiB. */
  chunkBytes?: number;
}

const FINGERPRINT = 64;

/**
 * Follows a file that another program is still writing (`tail -F` style), by polling `fs.stat`
 * and reading from the last offset. Survives the file not existing yet, being truncated and
 * restarted (nvidia-smi `-f` truncates on start), and being replaced or rewritten; each start-over
 * is a `reset` event. A write landing between two polls that truncates *and* regrows the file
 * past the old offset is caught by re-reading the last 64 bytes read (`rewritten`).
 *
 * @throws TelemetryError EISDIR when the path is a directory, EACCES when it cannot be read.
 * @example
 * const ac = new AbortController();
 * for await (const e of tailFile('nvidiaLogging.xml', { signal: ac.signal })) {
 *   if (e.kind === 'data') splitter.push(e.bytes);
 * }
 */
export async function* tailFile(path: string, options: TailOptions = {}): AsyncGenerator<TailEvent> {
  const interval = options.intervalMs ?? 250;
  if (!(interval > 0)) throw new TelemetryError('INVALID_ARGUMENT', `invalid interval: ${interval}`);
  const chunkBytes = options.chunkBytes ?? 1 << 20;
  const signal = options.signal;
  let fh: fsp.FileHandle | null = null;
  let ino = -1;
  let offset = 0;
  let tail: Buffer = Buffer.alloc(0);
  let waiting = false;
  let opened = false;
  const buf = Buffer.alloc(chunkBytes);

  const close = async (): Promise<void> => {
    const h = fh;
    fh = null;
    if (h !== null) await h.close().catch(() => undefined);
  };

  try {
    while (!signal?.aborted) {
      if (fh === null) {
        try {
          fh = await fsp.open(path, 'r');
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') {
            if (!waiting) yield { kind: 'waiting' };
            waiting = true;
            await sleep(interval, signal);
            continue;
          }
          throw fsError(e, path);
        }
        const st = await fh.stat();
        if (st.isDirectory()) {
          await close();
          throw new TelemetryError('EISDIR', `${path}: is a directory, not a log file`, { file: path });
        }
        if (opened) yield { kind: 'reset', reason: 'replaced' };
        opened = true;
        waiting = false;
        ino = st.ino;
        offset = 0;
        tail = Buffer.alloc(0);
        yield { kind: 'opened', sizeBytes: st.size };
      }

      let st: Stats | null;
      try {
        st = await fsp.stat(path);
      } catch {
        st = null; // deleted: reopen when it is back
      }
      if (st === null || st.ino !== ino) {
        // drain what the old file still holds, then follow the new one
        await close();
        if (st === null) {
          if (!waiting) yield { kind: 'waiting' };
          waiting = true;
          await sleep(interval, signal);
        }
        continue;
      }
      if (st.size < offset) {
        offset = 0;
        tail = Buffer.alloc(0);
        yield { kind: 'reset', reason: 'truncated' };
      } else if (st.size > offset && tail.length > 0) {
        const check = Buffer.alloc(tail.length);
        const r = await fh.read(check, 0, tail.length, offset - tail.length);
        if (r.bytesRead !== tail.length || !check.equals(tail)) {
          offset = 0;
          tail = Buffer.alloc(0);
          yield { kind: 'reset', reason: 'rewritten' };
        }
      }
      if (st.size <= offset) {
        await sleep(interval, signal);
        continue;
      }
      while (offset < st.size && !signal?.aborted) {
        const want = Math.min(chunkBytes, st.size - offset);
        const r = await fh.read(buf, 0, want, offset);
        if (r.bytesRead === 0) break;
        const bytes = Buffer.from(buf.subarray(0, r.bytesRead));
        const at = offset;
        offset += r.bytesRead;
        tail = Buffer.from(
          bytes.length >= FINGERPRINT ? bytes.subarray(bytes.length - FINGERPRINT) : Buffer.concat([tail, bytes]).subarray(-FINGERPRINT),
        );
        yield { kind: 'data', bytes, offset: at };
      }
    }
  } finally {
    await close();
  }
}

/** Resolves after `ms`, or at once when the signal aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

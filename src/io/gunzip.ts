import { Readable } from 'node:stream';
import { constants as zlibConstants, createGunzip } from 'node:zlib';

// gzip decompression for open-input.ts: zlib driven through its private handle where this Node
// exposes it (no allocation per chunk), else its stream interface.

/**
 * Whether bytes start with the gzip magic (1f 8b), whatever the file is called.
 *
 * @example hasGzipMagic(Uint8Array.of(0x1f, 0x8b, 8)) // true
 */
export function hasGzipMagic(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** The zlib handle and its write-state array behind a Gunzip stream, where this Node exposes them. */
function zlibInternals(g: object): { handle: { writeSync: unknown } | null; state: Uint32Array | null } {
  const handle = (g as { _handle?: { writeSync?: unknown } })._handle;
  const state = (g as { _writeState?: unknown })._writeState;
  return {
    handle: handle !== undefined && typeof handle.writeSync === 'function' ? (handle as { writeSync: unknown }) : null,
    state: state instanceof Uint32Array && state.length >= 2 ? state : null,
  };
}

let direct: boolean | undefined;

/**
 * Whether gzip can be decompressed by driving zlib's handle directly (see gunzipChunks); found
 * out on the first gzip input. `MC2_ZLIB_STREAM=1` forces the stream interface (tests compare
 * the two).
 */
export function directGunzip(): boolean {
  if (direct === undefined) {
    if (process.env['MC2_ZLIB_STREAM'] === '1') direct = false;
    else {
      const g = createGunzip();
      const { handle, state } = zlibInternals(g);
      g.close();
      direct = handle !== null && state !== null;
    }
  }
  return direct;
}

/**
 * Decompresses gzip input. Where Node's zlib handle can be driven directly (its `writeSync`, as
 * zlib's own synchronous functions use it), the output goes into three rotating 1 MiB buffers:
 * a chunk stays valid until the one after the next is handed out, as for plain files. zlib's
 * stream interface instead allocates a new buffer for every chunk, and up to ~64 MiB of them
 * wait for the garbage collector (2 GB log: peak RSS 138-158 MiB that way, about 40 MiB less
 * this way). Errors are thrown, as the stream's are.
 */
export async function* gunzipChunks(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const CHUNK = 1 << 20;
  const gunzip = createGunzip({ chunkSize: CHUNK });
  const { handle, state } = zlibInternals(gunzip);
  if (!directGunzip() || handle === null || state === null) {
    // no direct access on this Node: the stream interface
    const src = Readable.from(input, { objectMode: false });
    src.on('error', (e) => gunzip.destroy(e));
    src.pipe(gunzip);
    yield* gunzip as AsyncIterable<Buffer>;
    return;
  }
  const writeSync = handle.writeSync as unknown as (
    flush: number,
    input: Uint8Array,
    inOff: number,
    inLen: number,
    out: Uint8Array,
    outOff: number,
    outLen: number,
  ) => void;
  // a failure is read from gunzip.errored below; listened to so that it is not an uncaught event
  gunzip.on('error', () => undefined);
  const outs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
  let k = 0;
  const EMPTY_INPUT = new Uint8Array(0);
  const it = input[Symbol.asyncIterator]();
  let done = false;
  try {
    while (!done) {
      const r = await it.next();
      done = r.done === true;
      const chunk = done ? EMPTY_INPUT : r.value!;
      const flush = done ? zlibConstants.Z_FINISH : zlibConstants.Z_NO_FLUSH;
      let inOff = 0;
      let availIn = chunk.length;
      for (;;) {
        const out = outs[k++ % 3]!;
        writeSync.call(handle, flush, chunk, inOff, availIn, out, 0, CHUNK);
        // zlib reports a failure by destroying the stream at once (the 'error' event comes later)
        if (gunzip.destroyed) throw gunzip.errored ?? new Error('gzip stream failed');
        const availOut = state[0]!;
        const availInAfter = state[1]!;
        inOff += availIn - availInAfter;
        availIn = availInAfter;
        if (availOut < CHUNK) yield out.subarray(0, CHUNK - availOut);
        if (availOut !== 0) break;
      }
    }
  } finally {
    gunzip.close();
    if (!done) await it.return?.();
  }
}

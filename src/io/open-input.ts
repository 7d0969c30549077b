import { createReadStream, promises as fsp, type Stats } from 'node:fs';
import { compressionOf, decompress, MAGIC_BYTES } from './decompress.js';
import { webToAsync } from './web-stream.js';
import { fsError } from './fs-error.js';
import { directGunzip, gunzipChunks, hasGzipMagic } from './gunzip.js';
import { recoverGzipTail, toBytes } from './gzip-recovery.js';
import { TelemetryError, type TelemetryWarning } from '../errors.js';

/**
 * Anything a log can be read from.
 *
 * - a file path (`'-'` is standard input);
 * - `{ text }`: the log itself as a string;
 * - bytes (`Uint8Array`), a Node `Readable`, a web `ReadableStream`, or an (async) iterable of
 *   `Uint8Array` / string chunks.
 *
 * Gzip is detected by its magic bytes (1f 8b), whatever the name.
 */
export type InputSource =
  | string
  | { text: string; name?: string }
  | Uint8Array
  | NodeJS.ReadableStream
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>;

export interface OpenedInput {
  /** A display name: the path, `<stdin>`, or `<stream>`. */
  name: string;
  /** Size on disk in bytes when known (compressed size for .gz), else null. */
  sizeBytes: number | null;
  /** Decompressed bytes, in chunks. Errors after the first byte become warnings, see `warnings`. */
  chunks: AsyncIterable<Uint8Array>;
  /** Filled while `chunks` is consumed: GZIP_ERROR / READ_ERROR. */
  warnings: TelemetryWarning[];
  /** Whether the input was gzip. Known once the first chunk has been read. */
  gzip: () => boolean;
  /**
   * About how many bytes `chunks` will yield, for sizing buffers, or null when unknown: the size
   * of a plain file or byte source, and for a .gz file the size its gzip trailer records (exact
   * for one member under 4 GiB; less than the truth for larger or multi-member files).
   */
  decompressedSizeHint: number | null;
}

export interface OpenOptions {
  /** Read buffer size in bytes. Default 1 MiB. */
  chunkBytes?: number;
  /** Display name for non-path inputs. */
  name?: string;
}

/**
 * Opens a log source for streaming. Never loads a file whole.
 *
 * @throws TelemetryError ENOENT / EISDIR / EACCES for paths that cannot be read.
 * @example
 * const input = await openInput('nvidiaLogging.xml.gz');
 * for await (const chunk of input.chunks) total += chunk.length;
 */
export async function openInput(source: InputSource, options: OpenOptions = {}): Promise<OpenedInput> {
  const chunkBytes = options.chunkBytes ?? 1 << 20;
  let name = options.name ?? '<stream>';
  let sizeBytes: number | null = null;
  let sizeHint: number | null = null;
  let raw: AsyncIterable<Uint8Array | string>;
  /** A path that is not a regular file: read as a stream, never reopened. */
  let stream = false;

  if (typeof source === 'string') {
    if (source === '-') {
      name = options.name ?? '<stdin>';
      raw = process.stdin;
    } else {
      name = options.name ?? source;
      const st = await statReadable(source);
      if (!st.regular) {
        // a pipe, FIFO or `<(…)` process substitution (or a device): a stream, read once from its
        // start, never with positioned reads (they fail with ESPIPE) and never reopened
        stream = true;
        raw = createReadStream(source, { highWaterMark: chunkBytes });
      } else {
        sizeBytes = st.size;
        // Files are read into rotating buffers (no allocation per chunk, so memory does not wait
        // on the garbage collector), gzip too when zlib is driven directly (each chunk is used up
        // before the next is read); zlib's stream interface may hold on to input chunks, so it
        // gets fresh ones.
        const gz = await gzipFileInfo(source, sizeBytes);
        sizeHint = gz.gzip ? gz.trailerSize : sizeBytes;
        raw = gz.gzip && !directGunzip() ? createReadStream(source, { highWaterMark: chunkBytes }) : readFileReusing(source, chunkBytes);
      }
    }
  } else if (source instanceof Uint8Array) {
    name = options.name ?? '<bytes>';
    sizeBytes = source.length;
    sizeHint = hasGzipMagic(source) ? null : source.length;
    raw = toAsync([source]);
  } else if (isTextSource(source)) {
    name = options.name ?? source.name ?? '<text>';
    const bytes = Buffer.from(source.text, 'utf8');
    sizeBytes = bytes.length;
    sizeHint = bytes.length;
    raw = toAsync([bytes]);
  } else if (isWebStream(source)) {
    raw = webToAsync(source);
  } else if (isAsyncIterable(source)) {
    raw = source as AsyncIterable<Uint8Array | string>;
  } else if (isIterable(source)) {
    raw = toAsync(source as Iterable<Uint8Array | string>);
  } else {
    throw new TelemetryError('INVALID_ARGUMENT', 'invalid input: not a path, text, bytes or stream');
  }

  const warnings: TelemetryWarning[] = [];
  let isGzip = false;
  const path = typeof source === 'string' && source !== '-' && !stream ? source : null;
  const chunks = decode(
    raw,
    name,
    warnings,
    (g) => {
      isGzip = g;
    },
    path === null ? null : () => createReadStream(path, { highWaterMark: chunkBytes }),
  );
  return { name, sizeBytes, chunks, warnings, gzip: () => isGzip, decompressedSizeHint: sizeHint };
}

/**
 * Whether a file starts with the gzip magic bytes, and the uncompressed size in its trailer (the
 * last 4 bytes, little-endian, modulo 2^32), or null where that cannot be a size of this file.
 */
async function gzipFileInfo(path: string, size: number | null): Promise<{ gzip: boolean; trailerSize: number | null }> {
  const fh = await fsp.open(path, 'r').catch((e: unknown) => {
    throw fsError(e, path);
  });
  try {
    const b = Buffer.alloc(4);
    const { bytesRead } = await fh.read(b, 0, 2, 0);
    const gzip = bytesRead === 2 && hasGzipMagic(b);
    if (!gzip || size === null || size < 18) return { gzip, trailerSize: null };
    const t = await fh.read(b, 0, 4, size - 4);
    if (t.bytesRead !== 4) return { gzip, trailerSize: null };
    const isize = b.readUInt32LE(0);
    // deflate cannot shrink below the compressed size minus its framing; a smaller figure is not this file's
    return { gzip, trailerSize: isize >= size - 18 ? isize : null };
  } finally {
    await fh.close();
  }
}

/**
 * Reads a file in chunks into three rotating buffers, one read ahead: the next chunk is read
 * while the caller works on this one. A chunk stays valid until the one after the next has been
 * handed out, which holds for the reader: it parses each chunk's documents before asking for
 * the next, and the splitter copies what it keeps across chunks (it may keep a view of the last
 * chunk, never of the one before).
 */
async function* readFileReusing(path: string, chunkBytes: number): AsyncGenerator<Uint8Array> {
  const fh = await fsp.open(path, 'r').catch((e: unknown) => {
    throw fsError(e, path);
  });
  let pending: Promise<number> | null = null;
  try {
    const bufs = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
    const readInto = (b: Buffer): Promise<number> => {
      const p = fh.read(b, 0, chunkBytes, null).then((r) => r.bytesRead);
      p.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
      return p;
    };
    pending = readInto(bufs[0]!);
    for (let k = 0; ; k++) {
      const n = await pending;
      pending = null;
      if (n === 0) return;
      pending = readInto(bufs[(k + 1) % 3]!);
      yield bufs[k % 3]!.subarray(0, n);
    }
  } finally {
    if (pending !== null) await pending.catch(() => undefined);
    await fh.close();
  }
}

async function statReadable(path: string): Promise<{ size: number; regular: boolean }> {
  let st: Stats;
  try {
    st = await fsp.stat(path);
  } catch (e) {
    throw fsError(e, path);
  }
  if (st.isDirectory()) throw new TelemetryError('EISDIR', `${path}: is a directory, not a log file`, { file: path });
  try {
    await fsp.access(path, 4 /* R_OK */);
  } catch (e) {
    throw fsError(e, path);
  }
  return { size: st.size, regular: st.isFile() };
}

/** Normalises chunks to Uint8Array, sniffs gzip on the first bytes, and turns late failures into warnings. */
async function* decode(
  raw: AsyncIterable<Uint8Array | string>,
  name: string,
  warnings: TelemetryWarning[],
  setGzip: (g: boolean) => void,
  reopen: (() => AsyncIterable<Uint8Array | string>) | null = null,
): AsyncGenerator<Uint8Array> {
  const it = raw[Symbol.asyncIterator]();
  let first: Uint8Array | null = null;
  let done = false;
  let total = 0;
  // Gather at least 2 bytes to sniff gzip.
  const head: Uint8Array[] = [];
  let headLen = 0;
  try {
    while (headLen < MAGIC_BYTES) {
      const r = await it.next();
      if (r.done) {
        done = true;
        break;
      }
      const c = toBytes(r.value);
      if (c.length === 0) continue;
      head.push(c);
      headLen += c.length;
    }
  } catch (e) {
    throw readError(e, name);
  }
  if (headLen === 0) return;
  first = head.length === 1 ? head[0]! : Buffer.concat(head);
  const gz = hasGzipMagic(first);
  setGzip(gz);

  async function* rest(): AsyncGenerator<Uint8Array> {
    try {
      yield first!;
      for (;;) {
        if (done) return;
        const r = await it.next();
        if (r.done) {
          done = true;
          return;
        }
        const c = toBytes(r.value);
        if (c.length) yield c;
      }
    } finally {
      // stopped early (a gzip error, or the caller stopped): close the source (its file)
      if (!done) await it.return?.();
    }
  }

  const other = gz ? null : compressionOf(first);
  if (other !== null) {
    try {
      for await (const c of decompress(other, rest())) {
        total += c.length;
        yield c;
      }
    } catch (e) {
      warnings.push({
        code: 'DECOMPRESS_ERROR',
        message: `${name}: ${other} stream truncated or corrupt after ${total} decompressed bytes (${(e as Error).message})`,
        offset: total,
        document: null,
      });
    }
    return;
  }

  if (!gz) {
    try {
      for await (const c of rest()) {
        total += c.length;
        yield c;
      }
    } catch (e) {
      warnings.push({
        code: 'READ_ERROR',
        message: `${name}: read failed after ${total} bytes: ${(e as Error).message}`,
        offset: total,
        document: null,
      });
    }
    return;
  }

  try {
    for await (const c of gunzipChunks(rest())) {
      total += c.length;
      yield c;
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const what = err.code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message) ? 'truncated' : 'corrupt';
    if (reopen !== null) {
      // zlib drops the output of the step that failed (up to a chunk): recover it from the file
      try {
        for await (const c of recoverGzipTail(reopen, total)) {
          total += c.length;
          yield c;
        }
      } catch {
        // the file changed under us: keep what was read
      }
    }
    // zlib reads what follows a complete gzip member as the next member: a bad header there is
    // data appended to the .gz file, not damage inside it
    const appended = total > 0 && /incorrect header check|unknown compression method/.test(err.message);
    warnings.push({
      code: 'GZIP_ERROR',
      message: appended
        ? `${name}: the gzip data ends after ${total} decompressed bytes and what follows in the file is not gzip (plain data appended to the .gz?); it is not read`
        : `${name}: gzip stream ${what} after ${total} decompressed bytes (${err.message})`,
      offset: total,
      document: null,
    });
  }
}

function readError(e: unknown, name: string): TelemetryError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code) return fsError(e, name);
  return new TelemetryError('READ_FAILED', `${name}: cannot read (${(e as Error).message})`, { file: name });
}

async function* toAsync<T>(it: Iterable<T>): AsyncGenerator<T> {
  for (const x of it) yield x;
}

function isTextSource(x: unknown): x is { text: string; name?: string } {
  return typeof x === 'object' && x !== null && typeof (x as { text?: unknown }).text === 'string';
}
function isWebStream(x: unknown): x is ReadableStream<Uint8Array> {
  return typeof x === 'object' && x !== null && typeof (x as ReadableStream).getReader === 'function';
}
function isAsyncIterable(x: unknown): boolean {
  return typeof x === 'object' && x !== null && Symbol.asyncIterator in x;
}
function isIterable(x: unknown): boolean {
  return typeof x === 'object' && x !== null && Symbol.iterator in x;
}

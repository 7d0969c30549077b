import { createRequire } from 'node:module';
import { webToAsync } from './web-stream.js';

/**
 * Compressed containers other than gzip (which open-input.ts reads with zlib): xz, Zstandard and
 * bzip2, found by their magic bytes, decompressed as streams by well-kept pure-JavaScript or
 * WebAssembly libraries (xz-decompress, fzstd, unbzip2-stream), loaded on first use.
 */
export type Compression = 'xz' | 'zstd' | 'bzip2';

/** Bytes needed to tell the containers apart. */
export const MAGIC_BYTES = 6;

/**
 * The container a stream's first bytes announce, or null.
 *
 * @example compressionOf(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0, 0)) // 'zstd'
 */
export function compressionOf(b: Uint8Array): Compression | null {
  if (b.length >= 6 && b[0] === 0xfd && b[1] === 0x37 && b[2] === 0x7a && b[3] === 0x58 && b[4] === 0x5a && b[5] === 0x00) return 'xz';
  if (b.length >= 4 && b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd) return 'zstd';
  if (b.length >= 4 && b[0] === 0x42 && b[1] === 0x5a && b[2] === 0x68 && b[3]! >= 0x31 && b[3]! <= 0x39) return 'bzip2';
  return null;
}

const require = createRequire(import.meta.url);

/** The decompressed bytes of `input`, a stream in container `c`. Throws on a corrupt or cut stream (after yielding what decoded). */
export function decompress(c: Compression, input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (c === 'xz') return xz(input);
  if (c === 'zstd') return zstd(input);
  return bzip2(input);
}

async function* xz(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const { XzReadableStream } = require('xz-decompress') as typeof import('xz-decompress');
  const it = input[Symbol.asyncIterator]();
  const source = new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      const r = await it.next();
      if (r.done) ctrl.close();
      else ctrl.enqueue(Buffer.from(r.value)); // a copy: the reader reuses its buffers
    },
  });
  // stopped early (only the head was wanted): the stream is let go without waiting on it
  yield* webToAsync(new XzReadableStream(source), { cancel: true });
}

async function* zstd(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const { Decompress } = require('fzstd') as typeof import('fzstd');
  let out: Uint8Array[] = [];
  const d = new Decompress((chunk) => {
    out.push(chunk);
  });
  for await (const c of input) {
    d.push(Buffer.from(c)); // a copy: the reader reuses its buffers
    if (out.length) {
      const ready = out;
      out = [];
      yield* ready;
    }
  }
  d.push(new Uint8Array(0), true);
  yield* out;
}

async function* bzip2(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  // unbzip2-stream is a classic (through) stream: written to and listened to, not iterated
  const unbzip2 = require('unbzip2-stream') as () => NodeJS.ReadWriteStream;
  const s = unbzip2();
  const out: Uint8Array[] = [];
  let error: Error | null = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const poke = (): void => {
    wake?.();
    wake = null;
  };
  s.on('data', (c: Uint8Array) => {
    out.push(c);
    poke();
  });
  s.on('error', (e: Error) => {
    error = e;
    poke();
  });
  s.on('end', () => {
    ended = true;
    poke();
  });
  const flushOut = function* (): Generator<Uint8Array> {
    while (out.length) yield out.shift()!;
  };
  for await (const c of input) {
    // the reader reuses its buffers: hand the decoder a copy
    s.write(Buffer.from(c));
    yield* flushOut();
    if (error !== null) throw error;
  }
  s.end();
  while (!ended && error === null) {
    await new Promise<void>((r) => {
      wake = r;
      if (ended || error !== null || out.length) poke();
    });
    yield* flushOut();
  }
  yield* flushOut();
  if (error !== null) throw error;
}

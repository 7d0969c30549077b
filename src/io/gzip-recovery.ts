import { constants as zlibConstants, createGunzip } from 'node:zlib';

// What zlib drops when a gzip stream fails part-way, recovered from the file for open-input.ts.

/**
 * Decodes a damaged gzip file again, up to the longest prefix of compressed bytes that decodes
 * without error (binary search, each try a streaming pass with Z_SYNC_FLUSH so that a cut input
 * is not an error), and yields the decompressed bytes after the first `skip`. Runs only after a
 * failure; memory stays one chunk.
 */
export async function* recoverGzipTail(reopen: () => AsyncIterable<Uint8Array | string>, skip: number): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const c of reopen()) size += c.length;
  const pass = async (limit: number, onData: ((c: Buffer) => void) | null): Promise<boolean> => {
    const g = createGunzip({ finishFlush: zlibConstants.Z_SYNC_FLUSH, chunkSize: 1 << 16 });
    g.on('error', () => undefined); // seen by the iterator below
    let fed = 0;
    const feed = (async () => {
      for await (const c of reopen()) {
        if (fed >= limit || g.destroyed) break;
        const b = toBytes(c);
        const part = fed + b.length > limit ? b.subarray(0, limit - fed) : b;
        fed += part.length;
        if (!g.write(part)) await new Promise<void>((r) => g.once('drain', () => r()).once('close', () => r()));
      }
      if (!g.destroyed) g.end();
    })();
    try {
      for await (const c of g as AsyncIterable<Buffer>) onData?.(c);
      await feed;
      return true;
    } catch {
      g.destroy();
      await feed.catch(() => undefined);
      return false;
    }
  };
  let lo = 0;
  let hi = size;
  if (!(await pass(hi, null))) {
    hi -= 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (await pass(mid, null)) lo = mid;
      else hi = mid - 1;
    }
  }
  const out: Buffer[] = [];
  let seen = 0;
  await pass(hi, (c) => {
    const from = Math.max(0, skip - seen);
    seen += c.length;
    if (from < c.length) out.push(c.subarray(from));
  });
  for (const c of out) yield c;
}

/** A chunk as bytes (text chunks of a string source as UTF-8). */
export function toBytes(c: Uint8Array | string): Uint8Array {
  return typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
}

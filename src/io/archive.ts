import { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import { openInput } from './open-input.js';

const require = createRequire(import.meta.url);

/** Whether the (decompressed) bytes begin a tar archive: `ustar` at byte 257 of the first header. */
export function looksLikeTar(head: Uint8Array): boolean {
  return head.length >= 262 && Buffer.from(head.buffer, head.byteOffset, head.length).toString('latin1', 257, 262) === 'ustar';
}

/**
 * Whether the file at `path` is a tar archive, plain or compressed (gzip, xz, zstd, bzip2): only
 * its first bytes are read.
 *
 * @example await isTarArchive('logs.tar.gz') // true
 */
export async function isTarArchive(path: string): Promise<boolean> {
  const opened = await openInput(path);
  const it = opened.chunks[Symbol.asyncIterator]();
  const parts: Uint8Array[] = [];
  let n = 0;
  try {
    while (n < 512) {
      const r = await it.next();
      if (r.done) break;
      parts.push(r.value);
      n += r.value.length;
    }
  } finally {
    await it.return?.();
  }
  return looksLikeTar(Buffer.concat(parts));
}

/** One regular file of an archive: its path inside the archive and its bytes. */
export interface ArchiveMember {
  name: string;
  bytes: Buffer;
}

/**
 * The regular files of a tar archive (plain or compressed), one at a time, in archive order, with
 * tar-stream: memory holds one member. Each is a log of its own (`archive.tar.gz:member.xml`).
 *
 * @example for await (const m of archiveMembers('logs.tar.gz')) console.log(m.name, m.bytes.length);
 */
export async function* archiveMembers(path: string): AsyncGenerator<ArchiveMember> {
  const tar = require('tar-stream') as typeof import('tar-stream');
  const opened = await openInput(path);
  const extract = tar.extract();
  Readable.from(opened.chunks).pipe(extract);
  for await (const entry of extract as unknown as AsyncIterable<Readable & { header: { name: string; type: string | null } }>) {
    const parts: Buffer[] = [];
    for await (const c of entry) parts.push(c as Buffer);
    if (entry.header.type === 'file' || entry.header.type === null) yield { name: entry.header.name, bytes: Buffer.concat(parts) };
  }
}

/**
 * Raw material for the bad-input catalogue and the property tests: real documents from
 * ../shared/captures and ../shared/corpus, cut apart with a plain regular expression (not with the
 * reader under test), and a way to run the CLI in-process with captured output.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CAPTURES_DIR, CORPUS_DIR, HAVE_CAPTURES, HAVE_CORPUS, ROOT } from '../helpers/corpus.js';

export const HAVE_MATERIAL = HAVE_CAPTURES && HAVE_CORPUS;

/** A file's text, gunzipped when it ends in .gz. */
export function loadText(path: string): string {
  const raw = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
}

/** Splits a concatenated log into its documents at each `<?xml` (each piece keeps its trailing newline). */
export function splitAtProlog(text: string): string[] {
  return text.split(/(?=<\?xml)/).filter((d) => d.length > 0);
}

/** The 43 documents of the real H100 "folder" capture (one long-lived process). */
export function folderDocs(): string[] {
  return splitAtProlog(loadText(join(CAPTURES_DIR, 'h100-folder.xml.gz')));
}
/** The 131 documents of the real H100 "per-file" capture (20 processes one after another). */
export function perfileDocs(): string[] {
  return splitAtProlog(loadText(join(CAPTURES_DIR, 'h100-perfile.xml.gz')));
}
/** A single `nvidia-smi -q -x` document of the same H100 at idle. */
export function snapshotDoc(): string {
  return loadText(join(CAPTURES_DIR, 'h100-snapshot.xml'));
}
export function corpusDoc(rel: string): string {
  return loadText(join(CORPUS_DIR, rel));
}
export function fixturePath(rel: string): string {
  return join(ROOT, 'fixtures', rel);
}

/** The `<timestamp>` text of a document. */
export function timestampOf(doc: string): string {
  const m = /<timestamp>([^<]*)<\/timestamp>/.exec(doc);
  if (m === null) throw new Error('no timestamp');
  return m[1]!;
}
/** Replaces a document's `<timestamp>`. */
export function withTimestamp(doc: string, ts: string): string {
  return doc.replace(/<timestamp>[^<]*<\/timestamp>/, `<timestamp>${ts}</timestamp>`);
}

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeTemp(dir: string, name: string, data: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `mc2-telemetry ARGS` in-process and captures what it writes. */
export async function runCli(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stderr.write);
  try {
    const code = await main(['node', 'mc2-telemetry', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** A deterministic byte generator (mulberry32). */
export function seededBytes(n: number, seed: number): Uint8Array {
  let a = seed >>> 0;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

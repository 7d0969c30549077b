import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, promises as fsp, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { glob } from 'tinyglobby';
import { archiveMembers, isTarArchive } from '../io/archive.js';
import { ingestOne, type IngestedLog, type IngestTask } from './ingest-one.js';
import { sha256 } from './sha256.js';

export interface IngestOptions {
  /** The dataset folder (made when missing). */
  out: string;
  /** Worker threads; default: the machine's cores (one per core, at most one per log). 0: this thread only. */
  workers?: number;
  /** The `host=` of every log, or a regular expression with a `(?<host>…)` group matched against each path. Default `unknown`. */
  host?: string | RegExp;
  /** Called after each log with the counts so far. */
  onProgress?: (done: number, total: number, name: string) => void;
}

export interface IngestResult {
  /** Logs read now, logs skipped as unchanged, logs that could not be read (with why). */
  added: string[];
  replaced: string[];
  unchanged: number;
  failed: { name: string; error: string }[];
  jobs: number;
  samples: number;
  /** Decompressed bytes read. */
  bytes: number;
  warnings: number;
  seconds: number;
  workers: number;
}

/** What the dataset knows of each log it holds, by absolute path (`archive.tar:member` for members). */
interface Manifest {
  version: 1;
  files: Record<
    string,
    {
      size: number;
      mtimeMs: number;
      hash: string;
      id: string;
      files: string[];
      jobs: number;
      samples: number;
      members?: string[];
      error?: string;
    }
  >;
}

const MANIFEST = 'manifest.json';
/** Names an archive can have (only these are opened to look for a tar header: the check reads the file's head). */
const ARCHIVE_NAME = /\.(tar|tgz|tbz2?|txz|tzst)$|\.tar\.(gz|xz|zst|bz2)$/i;
/** File names a folder argument contributes: every log format, plain or compressed, and archives. */
const LOG_GLOBS = [
  '**/*.{xml,csv,txt,log,dmon,pmon}',
  '**/*.{xml,csv,txt,log}.{gz,xz,zst,bz2}',
  '**/*.{tar,tgz,tar.gz,tar.xz,tar.zst,tar.bz2}',
];

/**
 * Reads many logs into one Parquet dataset that DuckDB, Spark, Trino, Polars and pandas read as it
 * is: `samples/date=…/host=…/<id>.parquet` (every sample, long form) and `runs/date=…/host=…/<id>.parquet`
 * (one row per job: identity, verdict fields, attribution, advice codes), one file pair per log.
 * Logs are read in parallel on worker threads. A second ingest skips logs unchanged since the last
 * (same size and mtime, or same content hash), replaces the files of changed ones, and keeps the
 * dataset readable throughout: files are written to a staging folder and renamed into place, and
 * the manifest last.
 *
 * @example const r = await ingest(['logs/'], { out: 'dataset' }); // r.added.length logs, r.jobs jobs
 */
export async function ingest(paths: readonly string[], options: IngestOptions): Promise<IngestResult> {
  const t0 = performance.now();
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  const manifestPath = join(out, MANIFEST);
  const manifest: Manifest = existsSync(manifestPath)
    ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest)
    : { version: 1, files: {} };
  const staging = join(out, `.staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  const result: IngestResult = {
    added: [],
    replaced: [],
    unchanged: 0,
    failed: [],
    jobs: 0,
    samples: 0,
    bytes: 0,
    warnings: 0,
    seconds: 0,
    workers: 0,
  };

  // 1. the logs, and which of them changed
  const tasks: (IngestTask & { key: string; size: number; mtimeMs: number; hash: string })[] = [];
  const { files, unmatched } = await expand(paths);
  // a path that names nothing is said, not skipped in silence
  for (const p of unmatched) result.failed.push({ name: p, error: `${p}: no such file or folder, and no file matches it` });
  for (const file of files) {
    const st = statSync(file);
    const prev = manifest.files[file];
    if (prev && prev.size === st.size && prev.mtimeMs === st.mtimeMs) {
      result.unchanged += prev.members?.length ?? 1;
      continue;
    }
    // a known file whose mtime moved: unchanged if its content is (a touch, a copy with -p lost);
    // a new file's hash is taken by the worker that reads it
    const hash = prev ? await sha256(file) : '';
    if (prev && prev.hash === hash) {
      prev.mtimeMs = st.mtimeMs;
      result.unchanged += prev.members?.length ?? 1;
      continue;
    }
    const host = hostOf(file, options.host);
    if (ARCHIVE_NAME.test(file) && (await isTarArchive(file))) {
      const archiveHash = hash || (await sha256(file));
      // the archive is one entry (its size, mtime and hash decide); each member is a log of its own
      const members: string[] = [];
      for await (const m of archiveMembers(file)) {
        const key = `${file}:${m.name}`;
        members.push(key);
        tasks.push({
          key,
          source: m.bytes,
          name: key,
          id: idOf(key),
          host,
          staging,
          size: st.size,
          mtimeMs: st.mtimeMs,
          hash: archiveHash,
        });
      }
      manifest.files[file] = {
        size: st.size,
        mtimeMs: st.mtimeMs,
        hash: archiveHash,
        id: idOf(file),
        files: [],
        jobs: 0,
        samples: 0,
        members,
      };
    } else tasks.push({ key: file, source: file, name: file, id: idOf(file), host, staging, size: st.size, mtimeMs: st.mtimeMs, hash });
  }

  // 2. read them, in parallel
  const n = Math.min(options.workers ?? availableParallelism(), tasks.length);
  result.workers = n;
  let done = 0;
  const finish = (t: (typeof tasks)[number], r: IngestedLog | { error: string }): void => {
    done++;
    options.onProgress?.(done, tasks.length, t.name);
    if ('error' in r) {
      result.failed.push({ name: t.name, error: r.error });
      // remembered, so that an unchanged file that is not a log is not read again
      manifest.files[t.key] = {
        size: t.size,
        mtimeMs: t.mtimeMs,
        hash: t.hash,
        id: t.id,
        files: manifest.files[t.key]?.files ?? [],
        jobs: 0,
        samples: 0,
        error: r.error,
      };
      return;
    }
    // into place: the new files, then the old ones of a changed log go
    const old = manifest.files[t.key]?.error === undefined ? manifest.files[t.key] : undefined;
    for (const f of r.files) {
      mkdirSync(dirname(join(out, f)), { recursive: true });
      renameSync(join(staging, f), join(out, f));
    }
    for (const f of old?.files ?? []) if (!r.files.includes(f)) rmSync(join(out, f), { force: true });
    (old ? result.replaced : result.added).push(t.name);
    manifest.files[t.key] = {
      size: t.size,
      mtimeMs: t.mtimeMs,
      hash: t.hash || r.hash,
      id: t.id,
      files: r.files,
      jobs: r.jobs,
      samples: r.samples,
    };
    result.jobs += r.jobs;
    result.samples += r.samples;
    result.bytes += r.bytes;
    result.warnings += r.warnings;
  };
  try {
    if (n === 0) {
      for (const t of tasks) finish(t, await ingestOne(t).catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) })));
    } else {
      await runPool(tasks, n, finish);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
    const tmp = `${manifestPath}.part-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(manifest, null, 1));
    await fsp.rename(tmp, manifestPath);
  }
  result.seconds = (performance.now() - t0) / 1000;
  return result;
}

/** Runs the tasks on `n` worker threads; `finish` gets each result in completion order. */
async function runPool<T extends IngestTask>(
  tasks: readonly T[],
  n: number,
  finish: (t: T, r: IngestedLog | { error: string }) => void,
): Promise<void> {
  const url = workerUrl();
  let next = 0;
  const workers = Array.from({ length: n }, () => new Worker(url));
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolveAll, reject) => {
            const give = (): void => {
              if (next >= tasks.length) {
                resolveAll();
                return;
              }
              const seq = next++;
              const t = tasks[seq]!;
              // bytes (archive members) travel as a copy; paths as they are
              w.postMessage({ seq, task: { source: t.source, name: t.name, id: t.id, host: t.host, staging: t.staging } });
            };
            w.on('message', (m: { seq: number; result?: IngestedLog; error?: string }) => {
              finish(tasks[m.seq]!, m.result ?? { error: m.error ?? 'failed' });
              give();
            });
            w.on('error', reject);
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** The worker script: beside this module when built; from src (tests), the built one in dist/. */
function workerUrl(): URL {
  const here = new URL('./ingest-worker.js', import.meta.url);
  if (existsSync(here)) return here;
  return new URL('../../dist/dataset/ingest-worker.js', import.meta.url);
}

/** Files, folders (searched for logs) and globs, as absolute paths, sorted, each once; and the arguments that matched nothing. */
async function expand(paths: readonly string[]): Promise<{ files: string[]; unmatched: string[] }> {
  const out = new Set<string>();
  const unmatched: string[] = [];
  for (const p of paths) {
    if (existsSync(p) && statSync(p).isDirectory()) for (const f of await glob(LOG_GLOBS, { cwd: p, absolute: true })) out.add(resolve(f));
    else if (existsSync(p)) out.add(resolve(p));
    else {
      const found = await glob(p, { absolute: true });
      if (found.length === 0) unmatched.push(p);
      for (const f of found) out.add(resolve(f));
    }
  }
  return { files: [...out].sort(), unmatched };
}

function hostOf(path: string, host: string | RegExp | undefined): string {
  if (host === undefined) return 'unknown';
  if (typeof host === 'string') return host;
  return host.exec(path)?.groups?.host ?? 'unknown';
}

/** A short stable id for a log's files: from its path. */
function idOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

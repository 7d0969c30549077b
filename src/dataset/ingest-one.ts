import { join } from 'node:path';
import { summarizeLog } from '../analyze/summarize-log.js';
import type { InputSource } from '../io/open-input.js';
import { readLog } from '../series/read-log.js';
import { runRows } from './run-rows.js';
import { sha256 } from './sha256.js';
import { writeRunsParquet, writeSamplesParquet } from './write-files.js';

/** One log to ingest: what to read, its name in the dataset, its file id, where to stage its files. */
export interface IngestTask {
  source: InputSource;
  name: string;
  id: string;
  host: string;
  staging: string;
}

/** What one log added: its partition, the files written (relative to the dataset), and counts. */
export interface IngestedLog {
  name: string;
  id: string;
  date: string;
  host: string;
  files: string[];
  jobs: number;
  samples: number;
  bytes: number;
  warnings: number;
  /** SHA-256 of the file read (a path), '' for bytes: the manifest's content hash. */
  hash: string;
}

/**
 * Reads one log, analyses it as `summarize` does, and writes its samples and its jobs' rows as
 * Parquet under `staging`, in the partition (`date=` of the log's first sample, UTC; `host=`) they
 * will have in the dataset.
 */
export async function ingestOne(t: IngestTask): Promise<IngestedLog> {
  const [log, hash] = await Promise.all([
    readLog(t.source, { name: t.name }),
    typeof t.source === 'string' ? sha256(t.source) : Promise.resolve(''),
  ]);
  const summary = summarizeLog(log);
  const date = Number.isFinite(log.startMs) ? new Date(log.startMs).toISOString().slice(0, 10) : 'unknown';
  const part = `date=${date}/host=${encodeURIComponent(t.host)}`;
  const files = [`samples/${part}/${t.id}.parquet`, `runs/${part}/${t.id}.parquet`];
  await writeSamplesParquet(log, t.name, join(t.staging, files[0]!));
  writeRunsParquet(runRows(summary, t.host), join(t.staging, files[1]!));
  const warnings = Object.values(log.warningCounts).reduce((a, b) => a + (b ?? 0), 0);
  return {
    name: t.name,
    id: t.id,
    date,
    host: t.host,
    files,
    jobs: summary.jobs.length,
    samples: log.timeMs.length,
    bytes: log.bytes,
    warnings,
    hash,
  };
}

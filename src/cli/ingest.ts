import type { Command } from 'commander';
import { ingest } from '../dataset/ingest.js';
import { TelemetryError } from '../errors.js';
import { EXIT_INPUT, EXIT_OK } from './common.js';

export interface IngestFlags {
  output: string;
  workers?: string;
  host?: string;
  hostPattern?: string;
  progress?: boolean;
}

/** `mc2-telemetry ingest PATH... -o DATASET`. Returns the exit code. */
export async function ingestCommand(paths: string[], flags: IngestFlags, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const workers = flags.workers === undefined || flags.workers === 'auto' ? undefined : Number(flags.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= 256))
    throw new TelemetryError('INVALID_ARGUMENT', `invalid --workers: ${flags.workers} (auto or 0..256)`);
  let host: string | RegExp | undefined = flags.host;
  if (flags.hostPattern !== undefined) {
    try {
      host = new RegExp(flags.hostPattern);
    } catch {
      throw new TelemetryError('INVALID_ARGUMENT', `invalid --host-pattern: ${flags.hostPattern}`);
    }
    if (!/\(\?<host>/.test(flags.hostPattern))
      throw new TelemetryError('INVALID_ARGUMENT', `invalid --host-pattern: ${flags.hostPattern} (needs a (?<host>…) group)`);
  }
  const tty = flags.progress !== false && process.stderr.isTTY === true;
  const r = await ingest(paths, {
    out: flags.output,
    ...(workers !== undefined ? { workers } : {}),
    ...(host !== undefined ? { host } : {}),
    onProgress: tty ? (done, total) => process.stderr.write(`\r\u001b[2Kingest: ${done}/${total} logs`) : undefined,
  });
  if (tty) process.stderr.write('\r\u001b[2K');
  for (const f of r.failed) process.stderr.write(`mc2-telemetry: ${f.error}\n`);
  out.write(
    `${flags.output}: ${r.added.length} logs added, ${r.replaced.length} replaced, ${r.unchanged} unchanged, ${r.failed.length} failed · ${r.jobs} jobs, ${r.samples} samples, ${(r.bytes / 1e6).toFixed(1)} MB read, ${r.warnings} input warnings · ${r.seconds.toFixed(2)} s on ${r.workers} worker${r.workers === 1 ? '' : 's'}\n`,
  );
  return r.failed.length ? EXIT_INPUT : EXIT_OK;
}

export function registerIngest(program: Command, setCode: (code: number) => void): void {
  program
    .command('ingest')
    .description('read many logs into a Parquet dataset (samples and one row per job) for fleet, DuckDB, Spark, Polars')
    .argument('<paths...>', 'log files, folders (searched for logs), globs, tar archives')
    .requiredOption('-o, --output <dataset>', 'the dataset folder (made when missing; a second ingest adds and replaces)')
    .option('--workers <n>', 'worker threads: auto (one per core) or a number; 0 = none', 'auto')
    .option('--host <name>', 'the host=… of every log (nvidia-smi logs do not name their host)')
    .option('--host-pattern <regex>', 'the host from each path: a regular expression with a (?<host>…) group')
    .option('--no-progress', 'no progress line on stderr')
    .action(async (paths: string[], flags: IngestFlags) => setCode(await ingestCommand(paths, flags)));
}

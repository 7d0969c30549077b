import { Option, type Command } from 'commander';
import { TelemetryError } from '../errors.js';
import { readLog } from '../series/read-log.js';
import type { TelemetryLog } from '../series/types.js';
import { EXPORT_FORMATS, exportLogs, type ExportFormat } from '../table/export-logs.js';
import { errorLine, exitCodeFor, EXIT_OK, readOptionsFrom, type ReadFlags } from './common.js';
import { labeledFiles, runInputs } from './labeled-files.js';
import { checkOutput, writeOutput } from './output-file.js';
import { withReadOptions } from './common.js';

export interface ExportFlags extends ReadFlags {
  format?: string;
  output: string;
  wide?: boolean;
  host?: string;
}

const BY_EXTENSION: Record<string, ExportFormat> = {
  csv: 'csv',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  json: 'json',
  arrow: 'arrow',
  feather: 'arrow',
  ipc: 'arrow',
  parquet: 'parquet',
  om: 'openmetrics',
  openmetrics: 'openmetrics',
  prom: 'openmetrics',
  trace: 'trace',
  perfetto: 'trace',
};

/** The format named by `--format`, else by the output's extension. */
export function exportFormat(format: string | undefined, output: string): ExportFormat {
  const ext = /\.([a-z]+)$/i.exec(output)?.[1]?.toLowerCase();
  // `.trace.json` / `.perfetto.json`: a trace is JSON too
  const f = /\.(trace|perfetto)\.json$/i.test(output) ? 'trace' : ext ? BY_EXTENSION[ext] : undefined;
  if (format !== undefined) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(format))
      throw new TelemetryError('INVALID_ARGUMENT', `invalid --format: ${format} (${EXPORT_FORMATS.join(', ')})`);
    // `--format csv -o runs.parquet` would write CSV into a file every tool reads as Parquet
    if (f !== undefined && f !== format && !(format === 'trace' && f === 'json'))
      throw new TelemetryError(
        'INVALID_ARGUMENT',
        `invalid --format: ${format} with -o ${output} (its extension says ${f}); give a matching name, or leave --format out`,
      );
    return format as ExportFormat;
  }
  if (!f) throw new TelemetryError('INVALID_ARGUMENT', `no --format and no known extension in -o ${output} (${EXPORT_FORMATS.join(', ')})`);
  return f;
}

/** `mc2-telemetry export [label=]FILE... -o OUT [--format F] [--wide]`. Returns the exit code. */
export async function exportCommand(args: string[], flags: ExportFlags): Promise<number> {
  const format = exportFormat(flags.format, flags.output);
  if (flags.output === '-' && (format === 'arrow' || format === 'parquet') && process.stdout.isTTY) {
    throw new TelemetryError('INVALID_ARGUMENT', `invalid -o: - (${format} is binary; not written to a terminal)`);
  }
  checkOutput(flags.output, args);
  const read = readOptionsFrom(flags);
  const files = labeledFiles(args);
  const logs: TelemetryLog[] = [];
  const runLabels: string[] = [];
  for await (const f of runInputs(files)) {
    try {
      logs.push(await readLog(f.source, { ...read, name: f.name, processes: f.processes }));
      runLabels.push(f.label);
    } catch (e) {
      process.stderr.write(`${errorLine(e)}\n`);
      return exitCodeFor(e);
    }
  }
  const labels = logs.length > 1 || args.some((a, i) => a !== files[i]!.file) ? runLabels : undefined;
  if (flags.output === '-') {
    await exportLogs(logs, { format, wide: flags.wide, labels, host: flags.host }, process.stdout);
    return EXIT_OK;
  }
  await writeOutput(flags.output, (out) => exportLogs(logs, { format, wide: flags.wide, labels, host: flags.host }, out));
  return EXIT_OK;
}

/** Registers `mc2-telemetry export` on the program. */
export function registerExport(program: Command, setCode: (code: number) => void): void {
  withReadOptions(
    program
      .command('export')
      .description('write logs as a table: one row per GPU per sample (long form) or per sample (--wide)')
      .argument('<files...>', 'log files, each optionally as label=FILE (the label goes in a run column)')
      .requiredOption('-o, --output <file>', 'output file, - for standard output')
      .addOption(new Option('--format <format>', 'output format (default: from the -o extension)').choices([...EXPORT_FORMATS]))
      .option('--wide', 'one row per sample with gpu<i>_<metric> columns')
      .option('--host <name>', 'openmetrics: the Hostname label (nvidia-smi logs do not name their host)'),
  ).action(async (files: string[], opts: ExportFlags) => {
    setCode(await exportCommand(files, opts));
  });
}

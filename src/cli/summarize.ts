import { ANSI, PLAIN, useColour } from '../report/style.js';
import { TelemetryError } from '../errors.js';
import { statSync } from 'node:fs';
import { summarizeLog, type LogSummary } from '../analyze/summarize-log.js';
import type { Command } from 'commander';
import { analyzeOptionsFrom, jobGapFrom, withAnalyzeOptions, type AnalyzeFlags } from './analyze-flags.js';
import { summaryJson } from '../report/sentences.js';
import { formatSummary } from '../report/format-summary.js';
import { jsonForTerminal, sanitizeTerminal } from '../report/sanitize.js';
import { readLog } from '../series/read-log.js';
import { runInputs, type RunInput } from './labeled-files.js';
import {
  EXIT_INPUT,
  EXIT_OK,
  errorLine,
  exitCodeFor,
  progressReporter,
  readOptionsFrom,
  terminalWidth,
  withReadOptions,
  type ReadFlags,
} from './common.js';

export interface SummarizeFlags extends ReadFlags, AnalyzeFlags {
  json?: boolean;
  ndjson?: boolean;
  wide?: boolean;
  color?: boolean;
  gridGco2PerKwh?: string;
  pricePerKwh?: string;
}

/** `mc2-telemetry summarize FILE... [--json]`. Returns the exit code. */
export async function summarizeCommand(
  files: string[],
  flags: SummarizeFlags,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const base = readOptionsFrom(flags);
  const jobGapS = jobGapFrom(flags);
  const analyzeOptions = { ...analyzeOptionsFrom(flags), ...(jobGapS !== undefined ? { jobGapS } : {}), ...footprintFrom(flags) };
  const results: LogSummary[] = [];
  let code = EXIT_OK;
  const stdinLive = files.includes('-');
  let runs = 0;
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  if (stdinLive) process.once('SIGINT', onSigint);
  try {
    const inputs = runInputs(files.map((file) => ({ label: file, file, job: null })));
    for (;;) {
      let next: IteratorResult<RunInput>;
      try {
        next = await inputs.next();
      } catch (e) {
        // an archive that cannot be listed: one line, and on to the next argument is not possible
        // from inside the generator, so this ends the list
        process.stderr.write(`${errorLine(e)}\n`);
        code = Math.max(code, exitCodeFor(e));
        break;
      }
      if (next.done) break;
      const input = next.value;
      runs++;
      const file = input.name;
      const size = typeof input.source === 'string' && input.source !== '-' ? safeSize(input.source) : null;
      const progress = progressReporter(file, () => size, flags.progress !== false && (size ?? 0) > 64 << 20);
      let announced = false;
      try {
        const log = await readLog(input.source, {
          ...base,
          name: input.name,
          processes: input.processes,
          onProgress: progress,
          signal: file === '-' ? controller.signal : undefined,
          onSample:
            file === '-' && !flags.json
              ? (s) => {
                  if (announced) return;
                  announced = true;
                  const names = s.gpus.map((g) => sanitizeTerminal(g.identity.name ?? g.id ?? '?')).join(', ');
                  out.write(
                    `<stdin>: reading ${s.gpus.length} GPU(s) (${names}), driver ${sanitizeTerminal(s.driverVersion ?? '?')}; Ctrl-C or end of input prints the summary\n`,
                  );
                }
              : undefined,
        });
        progress.done();
        const s = summarizeLog(log, analyzeOptions);
        results.push(s);
        if (flags.ndjson) out.write(`${jsonForTerminal(summaryJson(s))}\n`);
        else if (!flags.json)
          out.write(
            `${results.length > 1 ? '\n' : ''}${formatSummary(s, { log, width: flags.wide ? Infinity : terminalWidth(out), style: useColour(out as { isTTY?: boolean }, flags) ? ANSI : PLAIN })}\n`,
          );
      } catch (e) {
        progress.done();
        process.stderr.write(`${errorLine(e)}\n`);
        code = Math.max(code, exitCodeFor(e));
      }
    }
  } finally {
    if (stdinLive) process.removeListener('SIGINT', onSigint);
  }
  if (flags.json && !flags.ndjson && results.length)
    out.write(`${jsonForTerminal(files.length === 1 && runs === 1 ? summaryJson(results[0]!) : results.map(summaryJson), 2)}\n`);
  if (results.length === 0 && code === EXIT_OK) code = EXIT_INPUT;
  return code;
}

function safeSize(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}

/** Registers `mc2-telemetry summarize`. */
export function registerSummarize(program: Command, setCode: (code: number) => void): void {
  withAnalyzeOptions(
    withReadOptions(
      program
        .command('summarize')
        .description('summarise logs (any nvidia-smi log format, plain, compressed or in a tar archive; - for standard input)')
        .argument('<files...>', 'log files; - reads standard input until end or Ctrl-C')
        .option('--json', 'print JSON (one object per file, an array for several files)')
        .option(
          '--ndjson',
          'print one JSON object per log, one per line, as each is read (the same shape for one file or many: use this in scripts)',
        )
        .option('--wide', 'every table in one piece, prose unwrapped, whatever the terminal width')
        .option('--no-color', 'no colour, even on a terminal (NO_COLOR does the same)')
        .option('--grid-gco2-per-kwh <g>', "the grid's carbon intensity, g CO2 per kWh: prints the GPUs' CO2")
        .option('--price-per-kwh <price>', "electricity price per kWh (your currency): prints the GPUs' energy cost"),
    ),
  ).action(async (files: string[], opts: SummarizeFlags) => {
    setCode(await summarizeCommand(files, opts));
  });
}

/** `--grid-gco2-per-kwh` and `--price-per-kwh`, checked. */
function footprintFrom(flags: SummarizeFlags): { gridGco2PerKwh?: number; pricePerKwh?: number } {
  const o: { gridGco2PerKwh?: number; pricePerKwh?: number } = {};
  for (const [flag, key, value] of [
    ['--grid-gco2-per-kwh', 'gridGco2PerKwh', flags.gridGco2PerKwh],
    ['--price-per-kwh', 'pricePerKwh', flags.pricePerKwh],
  ] as const) {
    if (value === undefined) continue;
    const v = Number(value);
    if (!(Number.isFinite(v) && v >= 0)) throw new TelemetryError('INVALID_ARGUMENT', `invalid ${flag}: ${value} (a number ≥ 0)`);
    o[key] = v;
  }
  return o;
}

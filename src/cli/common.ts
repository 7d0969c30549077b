import { Option, type Command } from 'commander';
import { cleanText } from '../clean-text.js';
import { TelemetryError } from '../errors.js';
import { LOG_FORMATS, type LogFormat } from '../formats/sniff-format.js';
import type { ReadOptions } from '../series/read-log.js';
import { existsSync } from 'node:fs';

/** Options shared by every command that reads logs. */
export interface ReadFlags {
  tz?: string;
  parser?: string;
  gapFactor?: string;
  progress?: boolean;
  workers?: string;
  logFormat?: string;
  fields?: string;
}

/** Turns CLI flags into library read options; throws INVALID_ARGUMENT with the flag named. */
export function readOptionsFrom(flags: ReadFlags): ReadOptions {
  const o: ReadOptions = {};
  if (flags.tz !== undefined) o.timeZone = flags.tz;
  if (flags.parser !== undefined) {
    if (flags.parser !== 'fast' && flags.parser !== 'js' && flags.parser !== 'reference')
      throw new TelemetryError('INVALID_ARGUMENT', `invalid --parser: ${flags.parser} (fast, js or reference)`);
    o.parser = flags.parser;
  }
  if (flags.workers !== undefined) {
    const w = flags.workers === 'auto' ? 'auto' : Number(flags.workers);
    if (w !== 'auto' && !(Number.isInteger(w) && w >= 0 && w <= 64))
      throw new TelemetryError('INVALID_ARGUMENT', `invalid --workers: ${flags.workers} (auto or 0..64)`);
    o.workers = w;
  }
  if (flags.logFormat !== undefined && flags.logFormat !== 'auto') {
    if (!(LOG_FORMATS as readonly string[]).includes(flags.logFormat))
      throw new TelemetryError('INVALID_ARGUMENT', `invalid --log-format: ${flags.logFormat} (${LOG_FORMATS.join(', ')} or auto)`);
    o.format = flags.logFormat as LogFormat;
  }
  if (flags.fields !== undefined) o.fields = flags.fields;
  if (flags.gapFactor !== undefined) {
    const g = Number(flags.gapFactor);
    if (!(g > 1)) throw new TelemetryError('INVALID_ARGUMENT', `invalid --gap-factor: ${flags.gapFactor} (a number > 1)`);
    o.gapFactor = g;
  }
  return o;
}

/** Exit codes: 0 ok (warnings allowed), 1 usage error, 2 unreadable input. */
export const EXIT_OK = 0;
export const EXIT_USAGE = 1;
export const EXIT_INPUT = 2;

/** The exit code for an error thrown while running a command. */
export function exitCodeFor(e: unknown): number {
  if (e instanceof TelemetryError) return e.code === 'INVALID_ARGUMENT' ? EXIT_USAGE : EXIT_INPUT;
  return EXIT_INPUT;
}

/** A one-line message for an error, never a stack trace. */
export function errorLine(e: unknown): string {
  // one line, whatever a file name holds (a newline, an escape sequence, a bidi override)
  return `mc2-telemetry: ${cleanText(e instanceof Error ? e.message : String(e), { keepWhitespace: false })}`;
}

/** A progress line on stderr for long reads, only when stderr is a terminal. */
export function progressReporter(
  name: string,
  sizeBytes: () => number | null,
  enabled: boolean,
): ((bytes: number, docs: number) => void) & { done: () => void } {
  const tty = enabled && process.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  const f = ((bytes: number, docs: number) => {
    if (!tty) return;
    const now = Date.now();
    if (now - last < 200) return;
    last = now;
    const size = sizeBytes();
    const pct = size ? ` ${Math.min(100, (bytes / size) * 100).toFixed(0)}%` : '';
    process.stderr.write(`\r\u001b[2K${name}: ${(bytes / 1048576).toFixed(0)} MiB, ${docs} documents${pct}`);
    shown = true;
  }) as ((bytes: number, docs: number) => void) & { done: () => void };
  f.done = () => {
    if (shown) process.stderr.write('\r\u001b[2K');
  };
  return f;
}

/** Help text of `--parser`, shared with `watch`. */
export const PARSER_HELP =
  'XML parser: fast = WebAssembly scanner, with the JavaScript scanner for documents it declines; js = the JavaScript scanner only; reference = fast-xml-parser (slow, for checking)';

/** Adds the read options every command that reads logs shares. */
export function withReadOptions(cmd: Command): Command {
  return cmd
    .option(
      '--tz <zone>',
      'IANA time zone the log was written in (nvidia-smi writes local time with no zone); "local" for this machine',
      'UTC',
    )
    .addOption(new Option('--parser <kind>', PARSER_HELP).choices(['fast', 'js', 'reference']).default('fast'))
    .option('--gap-factor <x>', 'a step longer than x times the sampling interval (and a second more) is a logging gap', '1.5')
    .option(
      '--workers <n>',
      'worker threads that parse while one reads: auto (for files over 64 MB, or 4 MB gzipped) or a number; 0 = none',
      'auto',
    )
    .option('--no-progress', 'no progress line on stderr')
    .option('--log-format <format>', `the logs' format: auto (from the content), ${LOG_FORMATS.join(', ')}`, 'auto')
    .option('--fields <list>', 'for a --query-gpu CSV written with noheader: the field list given to --query-gpu=');
}

/**
 * A log argument that names two files of one run, `gpu.csv+apps.csv` (a GPU log, then a process
 * log: `--query-compute-apps` CSV or pmon), split in two; a path that exists as it is stays whole.
 *
 * @example pairedInput('gpu.csv+apps.csv') // { file: 'gpu.csv', processes: 'apps.csv' } when both exist
 */
export function pairedInput(arg: string): { file: string; processes?: string } {
  if (arg === '-' || existsSync(arg)) return { file: arg };
  const at = arg.lastIndexOf('+');
  if (at <= 0) return { file: arg };
  const file = arg.slice(0, at);
  const processes = arg.slice(at + 1);
  if (!existsSync(file) || !existsSync(processes)) return { file: arg };
  return { file, processes };
}

/** Columns of the terminal `out` writes to: the TTY's width, else $COLUMNS, else 80. */
export function terminalWidth(out: NodeJS.WritableStream): number {
  const cols = (out as { columns?: number }).columns;
  if (typeof cols === 'number' && cols > 20) return cols;
  const env = Number(process.env.COLUMNS);
  return Number.isFinite(env) && env > 20 ? env : 80;
}

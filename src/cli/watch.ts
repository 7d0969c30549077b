import { ANSI, PLAIN, useColour } from '../report/style.js';
import { Option, type Command } from 'commander';
import { TelemetryError } from '../errors.js';
import { followLog } from '../analyze/follow-log.js';
import type { WatchSummary } from '../analyze/live-log.js';
import { formatWatchSummary, liveLine } from '../report/format-watch.js';
import { LOG_FORMATS, type LogFormat } from '../formats/sniff-format.js';
import type { ParserKind } from '../parse/parse-document.js';
import { jsonForTerminal, sanitizeTerminal } from '../report/sanitize.js';
import { analyzeOptionsFrom } from './analyze-flags.js';
import { EXIT_OK, errorLine, exitCodeFor, PARSER_HELP, terminalWidth } from './common.js';

export interface WatchFlags {
  tz?: string;
  parser?: string;
  interval?: string;
  idleBelow?: string;
  busySignal?: string;
  json?: boolean;
  logFormat?: string;
  fields?: string;
  color?: boolean;
}

export interface WatchIo {
  /** Live lines and the summary (default stdout). */
  out?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Notices: waiting, restarts, warnings (default stderr). */
  err?: NodeJS.WritableStream;
  /** Stops watching (default: SIGINT or SIGTERM). */
  signal?: AbortSignal;
}

/**
 * `mc2-telemetry watch FILE`: follows a log that nvidia-smi is still writing, prints a live line
 * per GPU for each new document and a summary when stopped (SIGINT). Returns the exit code.
 */
export async function watchCommand(file: string, flags: WatchFlags, io: WatchIo = {}): Promise<number> {
  const out = io.out ?? process.stdout;
  const err = io.err ?? process.stderr;
  const analyze = analyzeOptionsFrom({ idleBelow: flags.idleBelow, busySignal: flags.busySignal });
  const interval = flags.interval === undefined ? 250 : Number(flags.interval);
  if (!(interval >= 10)) throw new TelemetryError('INVALID_ARGUMENT', `invalid --interval: ${flags.interval} (milliseconds ≥ 10)`);
  const parser: ParserKind = flags.parser === 'reference' || flags.parser === 'js' ? flags.parser : 'fast';

  let controller: AbortController | null = null;
  let signal = io.signal;
  const stop = (): void => controller?.abort();
  if (signal === undefined) {
    controller = new AbortController();
    signal = controller.signal;
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  const notice = (line: string): void => {
    err.write(`${sanitizeTerminal(line)}\n`);
  };
  const liveOut = flags.json ? err : out;
  const tty = !flags.json && out.isTTY === true;
  const style = tty && useColour(liveOut as { isTTY?: boolean }, flags) ? ANSI : PLAIN;
  let drawn = 0;
  let summary: WatchSummary | null = null;
  try {
    for await (const u of followLog(file, {
      timeZone: flags.tz ?? 'UTC',
      intervalMs: interval,
      signal,
      parser,
      ...(flags.logFormat !== undefined ? { logFormat: flags.logFormat as LogFormat | 'auto' } : {}),
      ...(flags.fields !== undefined ? { fields: flags.fields } : {}),
      ...(analyze.idleBelowW !== undefined ? { idleBelowW: analyze.idleBelowW } : {}),
      ...(analyze.busySignal !== undefined ? { busySignal: analyze.busySignal } : {}),
      onWarning: (w) => notice(`warning: ${w.code}: ${w.message}`),
    })) {
      if (u.kind === 'waiting') notice(`${file}: waiting for the file to appear (Ctrl-C stops)`);
      else if (u.kind === 'opened') notice(`${file}: following (${u.sizeBytes} bytes now); Ctrl-C prints the summary`);
      else if (u.kind === 'reset') {
        notice(`${file}: the file was ${u.reason}; reading it from the start (nvidia-smi restarted?)`);
        drawn = 0;
      } else if (u.kind === 'update') {
        const width = tty ? terminalWidth(liveOut) - 1 : Infinity;
        const lines = u.gpus.map((g) => liveLine(g, u.time ?? '?', width, style));
        if (tty && drawn > 0) liveOut.write(`\u001b[${drawn}A\u001b[J`);
        liveOut.write(`${lines.join('\n')}\n`);
        drawn = lines.length;
      } else summary = u.summary;
    }
  } catch (e) {
    err.write(`${errorLine(e)}\n`);
    return exitCodeFor(e);
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
  if (summary === null) return EXIT_OK;
  out.write(flags.json ? `${jsonForTerminal(summary, 2)}\n` : `\n${formatWatchSummary(summary, { width: terminalWidth(out) })}\n`);
  return EXIT_OK;
}

/** Registers `mc2-telemetry watch` on the program. */
export function registerWatch(program: Command, setCode: (code: number) => void): void {
  program
    .command('watch')
    .description('follow a log nvidia-smi is still writing: a live line per GPU, a summary on Ctrl-C')
    .argument('<file>', 'the log file (waits for it to appear; survives nvidia-smi restarting it)')
    .option('--tz <zone>', 'IANA time zone the log was written in', 'UTC')
    .addOption(new Option('--parser <kind>', PARSER_HELP).choices(['fast', 'js', 'reference']).default('fast'))
    .option('--interval <ms>', 'how often to look at the file, milliseconds', '250')
    .option('--idle-below <watts>', 'power below which a GPU is idle, e.g. 60W (default: chosen from the data)')
    .addOption(new Option('--busy-signal <signal>', 'what makes a sample busy').choices(['power', 'util', 'both']).default('both'))
    .option('--json', 'print the summary as JSON (live lines go to stderr)')
    .option('--log-format <format>', `the log's format: auto (from the content), ${LOG_FORMATS.join(', ')}`, 'auto')
    .option('--fields <list>', 'for a --query-gpu CSV written with noheader: the field list given to --query-gpu=')
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR does the same)')
    .action(async (file: string, opts: WatchFlags) => {
      setCode(await watchCommand(file, opts));
    });
}

import { ANSI, PLAIN, useColour } from '../report/style.js';
import type { Style } from '../report/style.js';
import { Option, type Command } from 'commander';
import { TelemetryError } from '../errors.js';
import { followLog } from '../analyze/follow-log.js';
import type { LiveGpuState, WatchSummary } from '../analyze/live-log.js';
import { LOG_FORMATS, type LogFormat } from '../formats/sniff-format.js';
import type { ParserKind } from '../parse/parse-document.js';
import { jsonForTerminal, sanitizeTerminal } from '../report/sanitize.js';
import { fmt, textTable } from '../report/text-table.js';
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

/** One live line for one GPU. */
export function liveLine(s: LiveGpuState, time: string, width = Infinity, style: Style = PLAIN): string {
  // the state coloured (busy green, idle yellow) once the layout is chosen on the plain text
  const paint = (line: string): string =>
    style === PLAIN ? line : line.replace(` ${s.state} `, ` ${(s.state === 'busy' ? style.good : style.warn)(s.state)} `);
  const pct = (v: number): string => (Number.isFinite(v) ? `${Math.round(v * 100)} %` : '–');
  const full = [
    sanitizeTerminal(time),
    `GPU ${s.index}`,
    sanitizeTerminal(s.name ?? s.key),
    `${fmt(s.powerW)} W`,
    `util ${fmt(s.utilPct, 0)} %`,
    s.state,
    `idle streak ${fmt(s.idleStreakS)} s`,
    `duty ${pct(s.dutyCycle)} of ${fmt(s.activeSpanS)} s active`,
    `${s.samples} samples`,
  ].join('  ');
  if (full.length <= width) return paint(full);
  // a terminal narrower than the line: the clock without its date, no model name, short labels,
  // then cut to the width (a line longer than the terminal wraps and breaks the in-place redraw)
  const clock = /\d{1,2}:\d{2}:\d{2}/.exec(time)?.[0] ?? sanitizeTerminal(time);
  const compact = [
    clock,
    `GPU ${s.index}`,
    `${fmt(s.powerW)} W`,
    `${fmt(s.utilPct, 0)}%`,
    s.state,
    `idle ${fmt(s.idleStreakS)}s`,
    `duty ${pct(s.dutyCycle)}/${fmt(s.activeSpanS)}s`,
    `${s.samples}`,
  ].join(' ');
  return compact.length <= width ? paint(compact) : compact.slice(0, Math.max(1, width - 1));
}

/** The text summary printed when watching stops. */
export function formatWatchSummary(w: WatchSummary): string {
  const lines = [
    `== ${sanitizeTerminal(w.file)}: stopped ==`,
    `${w.documents} documents read · ${w.damagedDocuments} damaged · ${w.restarts} restart${w.restarts === 1 ? '' : 's'} of the file`,
  ];
  const warn = Object.entries(w.warningCounts)
    .map(([k, v]) => `${k} ×${v}`)
    .join(', ');
  if (warn) lines.push(`warnings: ${warn}`);
  lines.push('');
  lines.push(
    textTable(
      [
        { header: 'GPU' },
        { header: 'model', align: 'left' },
        { header: 'samples' },
        { header: 'duty %' },
        { header: 'duty whole %' },
        { header: 'active s' },
        { header: 'idle W <' },
        { header: 'idle gaps' },
        { header: 'idle total s' },
        { header: 'longest s' },
      ],
      w.gpus.map((g) => [
        String(g.index),
        sanitizeTerminal(g.name ?? g.key),
        String(g.samples),
        fmt(g.dutyCycle === null ? null : g.dutyCycle * 100),
        fmt(g.dutyCycleWholeLog === null ? null : g.dutyCycleWholeLog * 100),
        fmt(g.activeSpanS),
        fmt(g.idleThresholdW),
        String(g.idleGaps.count),
        fmt(g.idleGaps.totalS),
        fmt(g.idleGaps.longestS),
      ]),
    ),
  );
  return lines.join('\n');
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
  out.write(flags.json ? `${jsonForTerminal(summary, 2)}\n` : `\n${formatWatchSummary(summary)}\n`);
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

import { ANSI, PLAIN, useColour, type Style } from '../report/style.js';
import { Option, type Command } from 'commander';
import { DocumentSplitter } from '../documents/document-splitter.js';
import { LineSplitter, type LineReader } from '../formats/line-reader.js';
import { readerFor } from '../formats/reader-for.js';
import { LOG_FORMATS, sniffFormat, type LogFormat } from '../formats/sniff-format.js';
import { TelemetryError, type TelemetryWarning } from '../errors.js';
import { LiveLog, type LiveGpuState, type WatchSummary } from '../analyze/live-log.js';
import { tailFile } from '../io/tail-file.js';
import { parseDocument, type ParserKind } from '../parse/parse-document.js';
import type { Sample } from '../parse/sample.js';
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

/** Per-GPU state of a live log: growing columns of every metric. */
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
    `duty ${pct(s.duty.dutyCycle)} of ${fmt(s.duty.activeSpanS)} s active`,
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
    `duty ${pct(s.duty.dutyCycle)}/${fmt(s.duty.activeSpanS)}s`,
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
  const live = new LiveLog(flags.tz ?? 'UTC', { idleBelowW: analyze.idleBelowW, busySignal: analyze.busySignal });

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
  let drawn = 0;

  const onWarning = (w: TelemetryWarning): void => {
    live.warn(w);
    notice(`warning: ${w.code}: ${w.message}`);
  };
  // the format is found from the first bytes (XML documents, or a line-oriented log: CSV, dmon, -q text)
  let format: LogFormat | null = flags.logFormat !== undefined && flags.logFormat !== 'auto' ? (flags.logFormat as LogFormat) : null;
  let splitter = new DocumentSplitter({ onWarning });
  let lines = new LineSplitter();
  let reader: LineReader | null = null;
  const samplesOf = (bytes: Uint8Array | null): Sample[] => {
    if (format === null && bytes !== null)
      format = sniffFormat(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1', 0, 8192)) ?? 'xml';
    if (format === null || format === 'xml') {
      const out: Sample[] = [];
      for (const d of bytes === null ? splitter.end() : splitter.push(bytes)) {
        try {
          out.push(parseDocument(d.bytes, { parser, ordinal: d.ordinal, offset: d.offset }));
        } catch (e) {
          onWarning({
            code: 'CORRUPT_DOCUMENT',
            message: `document ${d.ordinal} at byte ${d.offset} does not parse: ${(e as Error).message}; skipped`,
            offset: d.offset,
            document: d.ordinal,
          });
        }
      }
      return out;
    }
    reader ??= readerFor(format, { fields: flags.fields, onWarning });
    const r = reader;
    const { texts, offsets } = bytes === null ? lines.end() : lines.push(bytes);
    const out = texts.flatMap((t, k) => r.line(t, offsets[k]!));
    // a line reader holds its last round until the next one starts: at a reset, take it too
    return bytes === null ? [...out, ...r.end()] : out;
  };

  // The live lines re-run the analyses over the whole history, so their cost grows with it; reading
  // does not. Lines are drawn at most once per LIVE_COST_FACTOR × the last drawing's cost, so the
  // analyses take at most ~1/LIVE_COST_FACTOR of the time and watch never falls behind the log
  // (a pending drawing is made by a timer when no more data comes).
  let pendingTime: string | null = null;
  let lastDrawAt = -Infinity;
  let lastDrawCost = 0;
  let timer: NodeJS.Timeout | null = null;
  const draw = (): void => {
    if (pendingTime === null) return;
    const t0 = performance.now();
    const style = tty && useColour(liveOut as { isTTY?: boolean }, flags) ? ANSI : PLAIN;
    const lines = [...live.gpus.values()].map((g) =>
      liveLine(live.state(g), pendingTime!, tty ? terminalWidth(liveOut) - 1 : Infinity, style),
    );
    if (tty && drawn > 0) liveOut.write(`\u001b[${drawn}A\u001b[J`);
    liveOut.write(`${lines.join('\n')}\n`);
    drawn = lines.length;
    pendingTime = null;
    lastDrawAt = performance.now();
    lastDrawCost = lastDrawAt - t0;
  };
  const take = (samples: Sample[]): void => {
    for (const s of samples) {
      live.add(s);
      pendingTime = s.timestamp ?? '?';
    }
    if (pendingTime === null) return;
    const wait = lastDrawAt + LIVE_COST_FACTOR * lastDrawCost - performance.now();
    if (wait <= 0) draw();
    else if (timer === null) {
      timer = setTimeout(() => {
        timer = null;
        draw();
      }, wait);
      timer.unref();
    }
  };

  try {
    for await (const e of tailFile(file, { intervalMs: interval, signal })) {
      if (e.kind === 'waiting') notice(`${file}: waiting for the file to appear (Ctrl-C stops)`);
      else if (e.kind === 'opened') notice(`${file}: following (${e.sizeBytes} bytes now); Ctrl-C prints the summary`);
      else if (e.kind === 'reset') {
        take(samplesOf(null));
        splitter = new DocumentSplitter({ onWarning });
        lines = new LineSplitter();
        reader = null;
        live.restarts++;
        notice(`${file}: the file was ${e.reason}; reading it from the start (nvidia-smi restarted?)`);
        drawn = 0;
      } else {
        take(samplesOf(e.bytes));
      }
    }
  } catch (e) {
    err.write(`${errorLine(e)}\n`);
    return exitCodeFor(e);
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
  if (timer !== null) clearTimeout(timer);
  // a document still being written when stopped is not damage: it is simply not read; a line
  // format's last round, whose lines are all in, is
  if (reader !== null) take((reader as LineReader).end());
  const summary = live.summary(file);
  out.write(flags.json ? `${jsonForTerminal(summary, 2)}\n` : `\n${formatWatchSummary(summary)}\n`);
  return EXIT_OK;
}

/** The live lines are redrawn at most once per this many times the last redraw's cost (see watchCommand). */
export const LIVE_COST_FACTOR = 4;

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

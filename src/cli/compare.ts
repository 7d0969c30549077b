import { ANSI, PLAIN, useColour } from '../report/style.js';
import { jsonForTerminal } from '../report/sanitize.js';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { glob } from 'tinyglobby';
import { benchmarkMatrix, matchRunName, type BenchmarkMatrix } from '../analyze/benchmark-matrix.js';
import { compareResults, type Comparison } from '../analyze/compare-runs.js';
import { analyzeLog, type LogActivity } from '../analyze/analyze-log.js';
import { DEFAULT_JOB_GAP_S, findJobs, jobLog } from '../analyze/find-jobs.js';
import { analyzeRun, type RunResult } from '../analyze/run-result.js';
import { comparisonJson } from '../report/sentences.js';
import { TelemetryError } from '../errors.js';
import { formatComparison, formatMatrix } from '../report/format-compare.js';
import { sanitizeTerminal } from '../report/sanitize.js';
import { readLog } from '../series/read-log.js';
import { analyzeOptionsFrom, itemsFrom, jobGapFrom, withAnalyzeOptions, type AnalyzeFlags } from './analyze-flags.js';
import { EXIT_INPUT, EXIT_OK, errorLine, exitCodeFor, readOptionsFrom, terminalWidth, withReadOptions, type ReadFlags } from './common.js';
import { labeledFiles, runInputs, type LabeledFile } from './labeled-files.js';

export interface CompareFlags extends ReadFlags, AnalyzeFlags {
  json?: boolean;
  pattern?: string;
  wide?: boolean;
  color?: boolean;
}

const isGlob = (a: string): boolean => /[*?[\]{}]/.test(a);
const isDir = (a: string): boolean => {
  try {
    return statSync(a).isDirectory();
  } catch {
    return false;
  }
};

/** Expands folders (their .xml/.xml.gz files) and globs; keeps `label=FILE` and plain files. */
export async function expandRunArgs(args: readonly string[]): Promise<LabeledFile[]> {
  const plain: string[] = [];
  for (const a of args) {
    if (isDir(a))
      plain.push(...(await glob(['*.xml', '*.xml.gz'], { cwd: a, absolute: false })).sort().map((f) => `${a.replace(/\/$/, '')}/${f}`));
    else if (isGlob(a) && !a.includes('=')) plain.push(...(await glob(a)).sort());
    else plain.push(a);
  }
  return labeledFiles(plain);
}

/** `mc2-telemetry compare [label=]FILE... [--json] [--pattern P]`. Returns the exit code. */
export async function compareCommand(args: string[], flags: CompareFlags, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const read = readOptionsFrom(flags);
  const analyze = analyzeOptionsFrom(flags);
  if (flags.pattern !== undefined) matchRunName(flags.pattern, 'x'); // validates the pattern
  const files = await expandRunArgs(args);
  if (files.length === 0) throw new TelemetryError('INVALID_ARGUMENT', `invalid files: ${args.join(' ')} (no log matched)`);
  let code = EXIT_OK;
  const items = itemsFrom(flags);
  const jobGapS = jobGapFrom(flags);
  // each log is read, analysed and dropped: only its RunResult is kept, so memory stays linear and small
  const runs: (RunResult & { fields?: Record<string, string> })[] = [];
  for await (const f of runInputs(files)) {
    let fields: Record<string, string> | undefined;
    if (flags.pattern !== undefined) {
      const m = matchRunName(flags.pattern, basename(f.file));
      if (!m) {
        process.stderr.write(
          `mc2-telemetry: ${sanitizeTerminal(f.file)} does not match --pattern ${sanitizeTerminal(flags.pattern)}; skipped\n`,
        );
        continue;
      }
      fields = m;
    }
    try {
      let log = await readLog(f.source, { ...read, name: f.name, processes: f.processes });
      const jobOptions = { ...analyze, ...(jobGapS !== undefined ? { jobGapS } : {}) };
      let isLastJob = true;
      let activity: LogActivity | undefined;
      if (f.job !== null) ({ log, isLastJob } = jobLog(log, f.job, jobOptions));
      else {
        // the whole log is the run: analysed once, and its busy/idle classification finds the jobs
        activity = analyzeLog(log, analyze);
        const jobs = findJobs(log, { ...jobOptions, classifications: activity.gpus.map((g) => g.duty.classification) });
        if (jobs.length > 1) {
          const gap = jobGapS ?? DEFAULT_JOB_GAP_S;
          process.stderr.write(
            `mc2-telemetry: ${sanitizeTerminal(f.file)} holds ${jobs.length} jobs (separated by ${gap} s with nothing running); compared whole; name one as ${sanitizeTerminal(f.file)}#1 … #${jobs.length}\n`,
          );
        }
      }
      const n = items.byLabel.get(f.label) ?? items.all;
      const r = analyzeRun(log, {
        ...analyze,
        label: f.label,
        job: f.job,
        items: n ?? undefined,
        isLastJob,
        ...(activity ? { activity } : {}),
      });
      runs.push({ ...r, ...(fields ? { fields } : {}) });
    } catch (e) {
      process.stderr.write(`${errorLine(e)}\n`);
      code = Math.max(code, exitCodeFor(e));
    }
  }
  for (const label of items.byLabel.keys()) {
    if (!runs.some((r) => r.label === label)) throw new TelemetryError('INVALID_ARGUMENT', `invalid --items: no run is labelled ${label}`);
  }
  if (runs.length === 0) return code === EXIT_OK ? EXIT_INPUT : code;
  const comparison: Comparison = compareResults(runs, analyze);
  let matrix: BenchmarkMatrix | null = null;
  if (flags.pattern !== undefined) {
    matrix = benchmarkMatrix(runs.map((r) => ({ fields: r.fields ?? {}, value: r.worked ? r.activeSpanS : null })));
  }
  if (flags.json) out.write(`${jsonForTerminal(matrix ? { ...comparisonJson(comparison), matrix } : comparisonJson(comparison), 2)}\n`);
  else {
    if (matrix) out.write(`${formatMatrix(matrix)}\n\n`);
    out.write(
      `${formatComparison(comparison, { width: flags.wide ? Infinity : terminalWidth(out), style: useColour(out as { isTTY?: boolean }, flags) ? ANSI : PLAIN })}\n`,
    );
  }
  return code;
}

/** Registers `mc2-telemetry compare` on the program. */
export function registerCompare(program: Command, setCode: (code: number) => void): void {
  withAnalyzeOptions(
    withReadOptions(
      program
        .command('compare')
        .description(
          'rank runs of the same work (repeats share a label; per item with --items) and explain where the GPU-time went and what to change',
        )
        .argument('<runs...>', '[label=]FILE[#JOB], a folder of logs, or a glob; one label for several files means repeats')
        .option('--json', 'print the comparison as JSON')
        .option('--wide', 'the table in one piece, prose unwrapped, whatever the terminal width')
        .option('--no-color', 'no colour, even on a terminal (NO_COLOR does the same)')
        .option(
          '--pattern <pattern>',
          "file-name pattern with {fields}, e.g. 'nvidiaLogging-{node}-{strategy}-{gpus}.xml': adds the matrix of active span by the fields (the last one makes the columns)",
        ),
    ),
  ).action(async (runs: string[], opts: CompareFlags) => {
    setCode(await compareCommand(runs, opts));
  });
}

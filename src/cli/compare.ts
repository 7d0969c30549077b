import { jsonForTerminal } from '../report/sanitize.js';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { glob } from 'tinyglobby';
import { benchmarkMatrix, matchRunName, type BenchmarkMatrix } from '../analyze/benchmark-matrix.js';
import { compareRuns, type Comparison, type LabeledLog } from '../analyze/compare-runs.js';
import { TelemetryError } from '../errors.js';
import { formatComparison, formatMatrix } from '../report/format-compare.js';
import { sanitizeTerminal } from '../report/sanitize.js';
import { readLog } from '../series/read-log.js';
import { analyzeOptionsFrom, withAnalyzeOptions, type AnalyzeFlags } from './analyze-flags.js';
import { EXIT_INPUT, EXIT_OK, errorLine, exitCodeFor, readOptionsFrom, withReadOptions, type ReadFlags } from './common.js';
import { labeledFiles, type LabeledFile } from './labeled-files.js';

export interface CompareFlags extends ReadFlags, AnalyzeFlags {
  json?: boolean;
  pattern?: string;
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
    if (isDir(a)) plain.push(...(await glob(['*.xml', '*.xml.gz'], { cwd: a, absolute: false })).sort().map((f) => `${a.replace(/\/$/, '')}/${f}`));
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
  const runs: (LabeledLog & { fields?: Record<string, string> })[] = [];
  for (const f of files) {
    let fields: Record<string, string> | undefined;
    if (flags.pattern !== undefined) {
      const m = matchRunName(flags.pattern, basename(f.file));
      if (!m) {
        process.stderr.write(`mc2-telemetry: ${sanitizeTerminal(f.file)} does not match --pattern ${sanitizeTerminal(flags.pattern)}; skipped\n`);
        continue;
      }
      fields = m;
    }
    try {
      runs.push({ label: f.label, log: await readLog(f.file, read), ...(fields ? { fields } : {}) });
    } catch (e) {
      process.stderr.write(`${errorLine(e)}\n`);
      code = Math.max(code, exitCodeFor(e));
    }
  }
  if (runs.length === 0) return code === EXIT_OK ? EXIT_INPUT : code;
  const comparison: Comparison = compareRuns(runs, analyze);
  let matrix: BenchmarkMatrix | null = null;
  if (flags.pattern !== undefined) {
    const span = new Map(comparison.runs.map((r) => [r.label, r.activeSpanS]));
    matrix = benchmarkMatrix(runs.map((r) => ({ fields: r.fields ?? {}, value: span.get(r.label) ?? null })));
  }
  if (flags.json) out.write(`${jsonForTerminal(matrix ? { ...comparison, matrix } : comparison, 2)}\n`);
  else {
    if (matrix) out.write(`${formatMatrix(matrix)}\n\n`);
    out.write(`${formatComparison(comparison)}\n`);
  }
  return code;
}

/** Registers `mc2-telemetry compare` on the program. */
export function registerCompare(program: Command, setCode: (code: number) => void): void {
  withAnalyzeOptions(
    withReadOptions(
      program
        .command('compare')
        .description('rank runs of the same work by active span and explain why the fastest wins')
        .argument('<runs...>', '[label=]FILE, a folder of logs, or a glob')
        .option('--json', 'print the comparison as JSON')
        .option('--pattern <pattern>', "file-name pattern with {fields}, e.g. 'nvidiaLogging-{node}-{strategy}-{gpus}.xml': adds the matrix of active span by the fields (the last one makes the columns)"),
    ),
  ).action(async (runs: string[], opts: CompareFlags) => {
    setCode(await compareCommand(runs, opts));
  });
}

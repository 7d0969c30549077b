import type { Command } from 'commander';
import { readLog } from '../series/read-log.js';
import { htmlReport } from '../report/html-report.js';
import { reportData, type LabeledLog } from '../report/report-data.js';
import { DEFAULT_JOB_GAP_S, jobLog } from '../analyze/find-jobs.js';
import { packageVersion } from './version.js';
import { analyzeOptionsFrom, itemsFrom, jobGapFrom, withAnalyzeOptions, type AnalyzeFlags } from './analyze-flags.js';
import { EXIT_OK, errorLine, exitCodeFor, readOptionsFrom, withReadOptions, type ReadFlags } from './common.js';
import { labeledFiles, runInputs } from './labeled-files.js';
import { checkOutput, writeOutput } from './output-file.js';

export interface ReportFlags extends ReadFlags, AnalyzeFlags {
  output: string;
  title?: string;
}

/** `mc2-telemetry report [label=]FILE... -o report.html`. Returns the exit code. */
export async function reportCommand(args: string[], flags: ReportFlags): Promise<number> {
  const read = readOptionsFrom(flags);
  const analyze = analyzeOptionsFrom(flags);
  const items = itemsFrom(flags);
  const jobGapS = jobGapFrom(flags);
  checkOutput(flags.output, args);
  const runs: LabeledLog[] = [];
  // like compare, a log that cannot be read is left out (and said so) and the others reported
  const leftOut: string[] = [];
  let code = EXIT_OK;
  for await (const f of runInputs(labeledFiles(args))) {
    try {
      let log = await readLog(f.source, { ...read, name: f.name, processes: f.processes });
      let isLastJob = true;
      if (f.job !== null) ({ log, isLastJob } = jobLog(log, f.job, { ...analyze, ...(jobGapS !== undefined ? { jobGapS } : {}) }));
      runs.push({ label: f.label, log, job: f.job, items: items.byLabel.get(f.label) ?? items.all, isLastJob });
    } catch (e) {
      process.stderr.write(`${errorLine(e)}\n`);
      leftOut.push(errorLine(e).replace(/^mc2-telemetry: /, ''));
      code = Math.max(code, exitCodeFor(e));
    }
  }
  if (runs.length === 0) return code;
  const settings = [
    `time zone ${read.timeZone ?? 'UTC'}`,
    analyze.idleBelowW !== undefined ? `idle below ${analyze.idleBelowW} W` : 'idle threshold chosen per GPU from the data',
    `busy signal ${analyze.busySignal ?? 'both'}`,
    `job gap ${jobGapS ?? DEFAULT_JOB_GAP_S} s`,
    ...(items.all !== null || items.byLabel.size
      ? [`items ${[...(items.all !== null ? [String(items.all)] : []), ...[...items.byLabel].map(([k, v]) => `${k}=${v}`)].join(', ')}`]
      : []),
  ];
  const html = htmlReport(reportData(runs, analyze), {
    title: flags.title,
    generator: `mc2-telemetry ${packageVersion()} report`,
    leftOut,
    settings,
  });
  if (flags.output === '-') process.stdout.write(html);
  else await writeOutput(flags.output, async (out) => void out.write(html));
  if (leftOut.length)
    process.stderr.write(
      `mc2-telemetry: the report leaves out ${leftOut.length} input${leftOut.length === 1 ? '' : 's'} that could not be read\n`,
    );
  return code;
}

/** Registers `mc2-telemetry report` on the program. */
export function registerReport(program: Command, setCode: (code: number) => void): void {
  withAnalyzeOptions(
    withReadOptions(
      program
        .command('report')
        .description('one self-contained HTML page of charts comparing runs (power, duty cycle, launches, idle gaps, PCIe TX)')
        .argument('<files...>', 'log files, each optionally as label=FILE or label=FILE#JOB; one label for several files means repeats')
        .requiredOption('-o, --output <file>', 'HTML file to write, - for standard output')
        .option('--title <text>', 'page title'),
    ),
  ).action(async (files: string[], opts: ReportFlags) => {
    setCode(await reportCommand(files, opts));
  });
}

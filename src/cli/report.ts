import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { readLog } from '../series/read-log.js';
import { htmlReport } from '../report/html-report.js';
import { reportData, type LabeledLog } from '../report/report-data.js';
import { jobLog } from '../analyze/find-jobs.js';
import { analyzeOptionsFrom, itemsFrom, jobGapFrom, withAnalyzeOptions, type AnalyzeFlags } from './analyze-flags.js';
import { EXIT_OK, errorLine, exitCodeFor, readOptionsFrom, withReadOptions, type ReadFlags } from './common.js';
import { labeledFiles, runInputs } from './labeled-files.js';

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
  const runs: LabeledLog[] = [];
  for await (const f of runInputs(labeledFiles(args))) {
    try {
      let log = await readLog(f.source, { ...read, name: f.name, processes: f.processes });
      let isLastJob = true;
      if (f.job !== null) ({ log, isLastJob } = jobLog(log, f.job, { ...analyze, ...(jobGapS !== undefined ? { jobGapS } : {}) }));
      runs.push({ label: f.label, log, job: f.job, items: items.byLabel.get(f.label) ?? items.all, isLastJob });
    } catch (e) {
      process.stderr.write(`${errorLine(e)}\n`);
      return exitCodeFor(e);
    }
  }
  const html = htmlReport(reportData(runs, analyze), { title: flags.title, generator: 'mc2-telemetry report' });
  if (flags.output === '-') process.stdout.write(html);
  else await writeFile(flags.output, html);
  return EXIT_OK;
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

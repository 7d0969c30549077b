import { Command, CommanderError } from 'commander';
import { EXIT_USAGE, errorLine, exitCodeFor } from './common.js';
import { packageVersion } from './version.js';

export { withReadOptions } from './common.js';

type Register = (program: Command, setCode: (c: number) => void) => void;

/**
 * Each command's module is imported only when that command runs (or for help), so that
 * `summarize` does not pay for loading Arrow, Parquet or the charting library.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  summarize: async () => (await import('./summarize.js')).registerSummarize,
  compare: async () => (await import('./compare.js')).registerCompare,
  report: async () => (await import('./report.js')).registerReport,
  export: async () => (await import('./export.js')).registerExport,
  watch: async () => (await import('./watch.js')).registerWatch,
  ingest: async () => (await import('./ingest.js')).registerIngest,
  fleet: async () => (await import('./fleet.js')).registerFleet,
};

/** One line per command for the top-level help, which then loads no command module (fast). */
const SUMMARIES: Record<string, [string, string]> = {
  summarize: ['[options] <files...>', 'summarise logs: power, duty cycle, idle gaps, launches, where the GPU-time went'],
  compare: ['[options] <runs...>', 'rank runs of the same work and say why one kept the GPUs busier, and what to change'],
  report: ['[options] <files...>', 'one self-contained HTML page of charts comparing runs'],
  export: ['[options] <files...>', 'write logs as a table (CSV, JSON, Arrow, Parquet)'],
  watch: ['[options] <file>', 'follow a log nvidia-smi is still writing: a live line per GPU'],
  ingest: ['[options] <paths...>', "read many logs into a Parquet dataset (a facility's logs)"],
  fleet: ['[options] <dataset>', "rank a dataset's jobs by wasted GPU-hours, with causes and totals"],
};

const EXAMPLES = `
Logs: nvidia-smi XML (-q -x -l 1), --query-gpu CSV, --query-compute-apps CSV, dmon, pmon, -q text;
plain, gzip, xz, zstd, bzip2 or in a tar archive; found from the content.

Examples:
  mc2-telemetry summarize job.xml.gz
  mc2-telemetry compare folder=parallel.xml.gz sem=sem.xml.gz --items 600
  mc2-telemetry report parallel.xml.gz sem.xml.gz -o report.html
  mc2-telemetry summarize gpu.csv+apps.csv         (a GPU log and a process log of one run)
  mc2-telemetry <command> --help                   (that command's options)

Documentation: docs/ in the package (README.md, docs/cli.md, docs/compare.md, docs/metrics.md).`;

/** Builds the CLI program with `only` that command, or all of them. Commands are thin shells over the library. */
export async function buildProgram(setCode: (c: number) => void, only?: string): Promise<Command> {
  const program = new Command();
  program
    .name('mc2-telemetry')
    .description('Read nvidia-smi -q -x -l logs and explain why one GPU launch strategy keeps GPUs busier than another.')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) })
    .addHelpText('after', EXAMPLES);

  if (only !== undefined && Object.hasOwn(COMMANDS, only)) {
    (await COMMANDS[only]!())(program, setCode);
    return program;
  }
  if (only !== undefined && only !== 'help') {
    // no command, or an unknown one: the help lists every command without loading any
    for (const [name, [args, description]] of Object.entries(SUMMARIES)) program.command(`${name} ${args}`).description(description);
    return program;
  }
  for (const name of Object.keys(COMMANDS)) (await COMMANDS[name]!())(program, setCode);
  return program;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  try {
    const program = await buildProgram((c) => {
      code = c;
    }, argv[2]);
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return EXIT_USAGE;
    }
    process.stderr.write(`${errorLine(e)}\n`);
    return exitCodeFor(e);
  }
}

import { Command, CommanderError } from 'commander';
import { EXIT_USAGE, errorLine, exitCodeFor } from './common.js';

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
};

/** Builds the CLI program with `only` that command, or all of them. Commands are thin shells over the library. */
export async function buildProgram(setCode: (c: number) => void, only?: string): Promise<Command> {
  const program = new Command();
  program
    .name('mc2-telemetry')
    .description('Read nvidia-smi -q -x -l logs and explain why one GPU launch strategy keeps GPUs busier than another.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });

  const names = only !== undefined && Object.hasOwn(COMMANDS, only) ? [only] : Object.keys(COMMANDS);
  for (const name of names) (await COMMANDS[name]!())(program, setCode);
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

import { Command, CommanderError, Option } from 'commander';
import { EXIT_USAGE, errorLine, exitCodeFor } from './common.js';
import { registerCompare } from './compare.js';
import { registerExport } from './export.js';
import { registerReport } from './report.js';
import { summarizeCommand } from './summarize.js';
import { registerWatch } from './watch.js';

/** Adds the read options every command shares. */
export function withReadOptions(cmd: Command): Command {
  return cmd
    .option('--tz <zone>', 'IANA time zone the log was written in (nvidia-smi writes local time with no zone); "local" for this machine', 'UTC')
    .addOption(new Option('--parser <kind>', 'XML parser: fast scanner or fast-xml-parser reference').choices(['fast', 'reference']).default('fast'))
    .option('--gap-factor <x>', 'a step longer than x times the sampling interval (and a second more) is a logging gap', '1.5')
    .option('--no-progress', 'no progress line on stderr');
}

/** Builds the CLI program. Commands are thin shells over the library. */
export function buildProgram(setCode: (c: number) => void): Command {
  const program = new Command();
  program
    .name('mc2-telemetry')
    .description('Read nvidia-smi -q -x -l logs and explain why one GPU launch strategy keeps GPUs busier than another.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });

  withReadOptions(
    program
      .command('summarize')
      .description('summarise one or more logs (.xml, .xml.gz, or - for standard input)')
      .argument('<files...>', 'log files; - reads standard input until end or Ctrl-C')
      .option('--json', 'print JSON (one object per file, an array for several files)'),
  ).action(async (files: string[], opts) => {
    setCode(await summarizeCommand(files, opts));
  });

  registerCompare(program, setCode);
  registerReport(program, setCode);
  registerExport(program, setCode);
  registerWatch(program, setCode);
  return program;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
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

import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fleet, query, type Row } from '../dataset/fleet.js';
import { TelemetryError } from '../errors.js';
import { jsonForTerminal, sanitizeTerminal } from '../report/sanitize.js';
import { fitTable } from '../report/text-table.js';
import { csvCell } from '../table/csv-cell.js';
import { EXIT_OK, terminalWidth } from './common.js';

export interface FleetFlags {
  json?: boolean;
  csv?: boolean;
  sql?: string;
  top?: string;
  wide?: boolean;
}

function text(rows: Row[], width: number): string {
  if (rows.length === 0) return '(none)';
  const cols = Object.keys(rows[0]!);
  const cell = (v: Row[string]): string => (v === null ? '–' : typeof v === 'number' ? String(v) : sanitizeTerminal(String(v)));
  return fitTable(
    cols.map((c) => ({ header: c, align: typeof rows[0]![c] === 'number' ? ('right' as const) : ('left' as const) })),
    rows.map((r) => cols.map((c) => cell(r[c]!))),
    width,
    Math.min(2, cols.length - 1),
  );
}

function csv(rows: Row[]): string {
  if (rows.length === 0) return '';
  const cols = Object.keys(rows[0]!);
  return `${[cols.map(csvCell).join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c] as string | number | null)).join(','))].join('\n')}\n`;
}

/** `mc2-telemetry fleet DATASET`. Returns the exit code. */
export async function fleetCommand(dataset: string, flags: FleetFlags, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  if (!existsSync(join(dataset, 'manifest.json')))
    throw new TelemetryError('INVALID_ARGUMENT', `${dataset}: not a dataset (no manifest.json; make one with mc2-telemetry ingest)`);
  const width = flags.wide ? Infinity : terminalWidth(out);
  if (flags.sql !== undefined) {
    const rows = await query(dataset, flags.sql);
    out.write(flags.json ? `${jsonForTerminal(rows, 2)}\n` : flags.csv ? csv(rows) : `${text(rows, width)}\n`);
    return EXIT_OK;
  }
  const top = flags.top === undefined ? 20 : Number(flags.top);
  if (!(Number.isInteger(top) && top > 0)) throw new TelemetryError('INVALID_ARGUMENT', `invalid --top: ${flags.top}`);
  const a = await fleet(dataset, { top });
  if (flags.json) out.write(`${jsonForTerminal(a, 2)}\n`);
  else if (flags.csv) out.write(csv(a.jobs));
  else {
    // a person reads file names; JSON and CSV keep the paths
    const jobs = a.jobs.map((j) => {
      const { models: _m, date: _d, dutyCycle: _c, ...rest } = j;
      return { ...rest, file: typeof j.file === 'string' ? (j.file.split(/[\\/]/).pop() ?? j.file) : (j.file ?? null) } as Row;
    });
    out.write(`Jobs by wasted GPU-hours (GPU-time inside active spans that was not busy):\n${text(jobs, width)}\n\n`);
    out.write(`Per host:\n${text(a.byHost, width)}\n\nPer GPU model:\n${text(a.byModel, width)}\n\nPer week:\n${text(a.byWeek, width)}\n`);
  }
  return EXIT_OK;
}

export function registerFleet(program: Command, setCode: (code: number) => void): void {
  program
    .command('fleet')
    .description('rank the jobs of an ingested dataset by wasted GPU-hours, with causes; totals per host, model, week (DuckDB, embedded)')
    .argument('<dataset>', 'a dataset folder written by mc2-telemetry ingest')
    .option('--top <n>', 'jobs to list', '20')
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV (the ranked jobs, or the --sql answer)')
    .option('--sql <query>', 'your own query over the runs and samples views')
    .option('--wide', 'tables in one piece, whatever the terminal width')
    .action(async (dataset: string, flags: FleetFlags) => setCode(await fleetCommand(dataset, flags)));
}

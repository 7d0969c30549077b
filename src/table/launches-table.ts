import { table, type ColumnTable } from 'arquero';
import type { AnalyzeOptions } from '../analyze/analyze-log.js';
import { analysed, type AnalysedInput } from './run-inputs.js';

/**
 * Processes (see launches) of every GPU of every run as an arquero table, one row per process:
 * `run`, `gpuIndex`, `pid`, `name`, `type`, `firstMs`, `lastMs` (epoch ms of the first and last
 * sample listing it), `firstS`, `lastS` (since the log's start), `samples`.
 *
 * Takes logs (analysed here with `options`) or analyses already made (`analyzeLog`'s result, bare
 * or `{ label, activity }`), which are not made again.
 *
 * @example
 * launchesTable([{ label: 'perfile', log }]).derive({ s: (d) => d.lastS - d.firstS })
 */
export function launchesTable(input: AnalysedInput | readonly AnalysedInput[], options: AnalyzeOptions = {}): ColumnTable {
  const cols = {
    run: [] as string[],
    gpuIndex: [] as number[],
    pid: [] as number[],
    name: [] as (string | null)[],
    type: [] as (string | null)[],
    firstMs: [] as number[],
    lastMs: [] as number[],
    firstS: [] as number[],
    lastS: [] as number[],
    samples: [] as number[],
  };
  for (const { label, log, activity } of analysed(input, options)) {
    for (const g of activity.gpus) {
      for (const p of g.launches.processes) {
        cols.run.push(label);
        cols.gpuIndex.push(g.series.index);
        cols.pid.push(p.pid);
        cols.name.push(p.name);
        cols.type.push(p.type);
        cols.firstMs.push(p.firstMs);
        cols.lastMs.push(p.lastMs);
        cols.firstS.push((p.firstMs - log.startMs) / 1000);
        cols.lastS.push((p.lastMs - log.startMs) / 1000);
        cols.samples.push(p.samples);
      }
    }
  }
  return table(cols);
}

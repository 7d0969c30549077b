import { table, type ColumnTable } from 'arquero';
import type { AnalyzeOptions } from '../analyze/analyze-log.js';
import { analysed, type AnalysedInput } from './run-inputs.js';

/**
 * Idle gaps (see idleGaps) of every GPU of every run as an arquero table, one row per gap: `run`,
 * `gpuIndex`, `startMs`, `endMs` (epoch ms), `startS` (since the log's start), `durationS`,
 * `endsAtLoggingGap`.
 *
 * Takes logs (analysed here with `options`) or analyses already made (`analyzeLog`'s result, bare
 * or `{ label, activity }`), which are not made again.
 *
 * @example
 * idleGapsTable([{ label: 'perfile', log }]).rollup({ n: op.count(), median: op.median('durationS') })
 * idleGapsTable({ label: 'perfile', activity: analyzeLog(log) }); // the same rows, from the analysis in hand
 */
export function idleGapsTable(input: AnalysedInput | readonly AnalysedInput[], options: AnalyzeOptions = {}): ColumnTable {
  const cols = {
    run: [] as string[],
    gpuIndex: [] as number[],
    startMs: [] as number[],
    endMs: [] as number[],
    startS: [] as number[],
    durationS: [] as number[],
    endsAtLoggingGap: [] as boolean[],
  };
  for (const { label, log, activity } of analysed(input, options)) {
    for (const g of activity.gpus) {
      for (const gap of g.gaps.gaps) {
        cols.run.push(label);
        cols.gpuIndex.push(g.series.index);
        cols.startMs.push(gap.startMs);
        cols.endMs.push(gap.endMs);
        cols.startS.push((gap.startMs - log.startMs) / 1000);
        cols.durationS.push(gap.durationS);
        cols.endsAtLoggingGap.push(gap.endsAtLoggingGap);
      }
    }
  }
  return table(cols);
}

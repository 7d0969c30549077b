import { table, type ColumnTable } from 'arquero';
import { analyzeLog, type AnalyzeOptions } from '../analyze/analyze-log.js';
import type { LabeledLog } from '../analyze/compare-runs.js';
import type { TelemetryLog } from '../series/types.js';
import { labeled } from './run-inputs.js';

/**
 * Idle gaps (see idleGaps) of every GPU of every run as an arquero table, one row per gap: `run`,
 * `gpuIndex`, `startMs`, `endMs` (epoch ms), `startS` (since the log's start), `durationS`,
 * `endsAtLoggingGap`.
 *
 * @example
 * idleGapsTable([{ label: 'perfile', log }]).rollup({ n: op.count(), median: op.median('durationS') })
 */
export function idleGapsTable(input: TelemetryLog | readonly (TelemetryLog | LabeledLog)[], options: AnalyzeOptions = {}): ColumnTable {
  const cols = {
    run: [] as string[],
    gpuIndex: [] as number[],
    startMs: [] as number[],
    endMs: [] as number[],
    startS: [] as number[],
    durationS: [] as number[],
    endsAtLoggingGap: [] as boolean[],
  };
  for (const { label, log } of labeled(input)) {
    for (const g of analyzeLog(log, options).gpus) {
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

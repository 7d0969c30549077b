import { analyzeLog, type AnalyzeOptions, type LogActivity } from '../analyze/analyze-log.js';
import type { LabeledLog } from '../analyze/compare-runs.js';
import type { TelemetryLog } from '../series/types.js';
import { runLabels } from './blocks.js';

/** Logs with labels: labelled runs as they are, bare logs labelled by file name. */
export function labeled(input: TelemetryLog | readonly (TelemetryLog | LabeledLog)[]): LabeledLog[] {
  const list = Array.isArray(input) ? (input as readonly (TelemetryLog | LabeledLog)[]) : [input as TelemetryLog];
  const bare = list.map((x) => ('label' in x && 'log' in x ? x.log : x));
  const names = runLabels(bare);
  return list.map((x, i) => ('label' in x && 'log' in x ? x : { label: names[i]!, log: x }));
}

/**
 * What a table of analyses takes: logs (bare or labelled, analysed here with `options`), or the
 * analyses already made (`analyzeLog`'s result, bare or as `{ label, activity }`), which are used
 * as they are, so a notebook that has analysed its logs does not analyse them again.
 */
export type AnalysedInput = TelemetryLog | LabeledLog | LogActivity | { label: string; activity: LogActivity };

function isActivity(x: AnalysedInput): x is LogActivity {
  return 'log' in x && 'gpus' in x && 'energy' in x;
}

/** Each input with its label, log and analysis (made with `options` only where none was given). */
export function analysed(
  input: AnalysedInput | readonly AnalysedInput[],
  options: AnalyzeOptions = {},
): { label: string; log: TelemetryLog; activity: LogActivity }[] {
  const list: readonly AnalysedInput[] = Array.isArray(input) ? input : [input as AnalysedInput];
  const logOf = (x: AnalysedInput): TelemetryLog =>
    isActivity(x) ? x.log : 'activity' in x ? x.activity.log : 'label' in x && 'log' in x ? x.log : (x as TelemetryLog);
  const names = runLabels(list.map(logOf));
  return list.map((x, i) => {
    const log = logOf(x);
    const label = 'label' in x && typeof x.label === 'string' ? x.label : names[i]!;
    const activity = isActivity(x) ? x : 'activity' in x ? x.activity : analyzeLog(log, options);
    return { label, log, activity };
  });
}

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

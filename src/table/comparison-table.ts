import { from, type ColumnTable } from 'arquero';
import type { AnalyzeOptions } from '../analyze/analyze-log.js';
import { compareRuns, type Comparison, type LabeledLog } from '../analyze/compare-runs.js';
import type { TelemetryLog } from '../series/types.js';
import { labeled } from './run-inputs.js';

/**
 * The per-run summary of compareRuns as an arquero table, one row per run in rank order: `rank`,
 * `run`, `file`, `activeSpanS`, `dutyCycle`, `idleGaps`, `idleS`, `medianIdleGapS`, `processes`,
 * `launchGaps`, `launchOverheadS`, `medianLaunchGapS`, `maxConcurrent`, `minActivePowerW`,
 * `meanActivePowerW`, `activeEnergyJ`, `wholeLogEnergyJ`, `txPeakKBps`, `txPlateauKBps`, `gpus`,
 * `busyGpus` (null where a figure does not exist).
 *
 * Takes logs (compared here) or a comparison already made (`compareRuns`), laid out as it is.
 *
 * @example
 * comparisonTable([{ label: 'folder', log: a }, { label: 'perfile', log: b }]).print();
 * comparisonTable(comparison); // the same rows from a compareRuns result in hand
 */
export function comparisonTable(
  input: Comparison | TelemetryLog | readonly (TelemetryLog | LabeledLog)[],
  options: AnalyzeOptions = {},
): ColumnTable {
  // a comparison already made is laid out as it is; logs are compared here
  const c =
    'runs' in input && 'verdict' in input
      ? input
      : compareRuns(labeled(input as TelemetryLog | readonly (TelemetryLog | LabeledLog)[]), options);
  return from(
    c.runs.map((r) => ({
      rank: r.rank,
      run: r.label,
      file: r.file,
      job: r.job,
      complete: r.complete,
      items: r.items,
      secondsPerItem: r.secondsPerItem,
      loggingGapS: r.loggingGapS,
      activeSpanS: r.activeSpanS,
      dutyCycle: r.dutyCycle,
      idleGaps: r.idleGaps.count,
      idleS: r.idleGaps.totalS,
      medianIdleGapS: r.idleGaps.medianS,
      processes: r.launches.count,
      launchGaps: r.launches.gapCount,
      launchOverheadS: r.launches.overheadS,
      medianLaunchGapS: r.launches.medianGapS,
      maxConcurrent: r.launches.maxConcurrent,
      minActivePowerW: r.minActivePowerW,
      meanActivePowerW: r.meanActivePowerW,
      activeEnergyJ: r.activeEnergyJ,
      wholeLogEnergyJ: r.wholeLogEnergyJ,
      txPeakKBps: r.txPeakKBps,
      txPlateauKBps: r.txPlateauKBps,
      gpus: r.gpus,
      busyGpus: r.busyGpus,
      ...Object.fromEntries(Object.entries(r.attribution).map(([k, v]) => [`attribution_${k}`, v])),
    })),
  );
}

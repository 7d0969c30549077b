import { rowOfSample } from '../series/process-rows.js';
import type { TelemetryLog } from '../series/types.js';
import type { LogActivity } from './analyze-log.js';

/** Why a run's span is only a lower bound. */
export type IncompleteReason =
  | 'STARTS_BUSY' // the log (or job) starts with a GPU already busy or a compute process already running
  | 'ENDS_BUSY' // the log (or job) ends with a GPU still busy or a compute process still running
  | 'LOGGER_CUT'; // the log's last document is cut: the logger died (killed, node lost)

export interface Completeness {
  /** True when the log saw the whole run: it starts and ends with nothing running and was not cut. */
  complete: boolean;
  reasons: IncompleteReason[];
  /** Did any GPU work? */
  worked: boolean;
}

/**
 * Whether a log (or one job of it) holds a whole run. A run whose log starts or ends while a GPU
 * is busy or a compute process is listed, or whose last document is cut, is incomplete: its
 * active span is a lower bound and cannot be ranked against complete runs.
 *
 * @param isLastJob the run ends where the log ends (so a cut last document is its own); default true.
 * @example
 * completeness(activity).reasons // ['LOGGER_CUT', 'ENDS_BUSY'] for a logger killed mid-job
 */
export function completeness(
  a: Pick<LogActivity, 'log' | 'gpus' | 'firstBusySample' | 'lastBusySample'>,
  options: { isLastJob?: boolean } = {},
): Completeness {
  const log: TelemetryLog = a.log;
  const n = log.timeMs.length;
  const worked = a.firstBusySample >= 0;
  const reasons: IncompleteReason[] = [];
  const runningAt = (k: number): boolean =>
    a.gpus.some((g) => {
      const r = rowOfSample(g.series, k);
      return r >= 0 && (g.duty.classification.busy[r] === 1 || g.series.columns.processCount[r]! > 0);
    });
  if (n > 0 && runningAt(0)) reasons.push('STARTS_BUSY');
  const lastOrdinal = n ? log.ordinals[n - 1]! : -1;
  if (
    (options.isLastJob ?? true) &&
    log.warnings.some((w) => w.code === 'TRUNCATED_DOCUMENT' && w.document !== null && w.document > lastOrdinal)
  )
    reasons.push('LOGGER_CUT');
  if (n > 0 && runningAt(n - 1)) reasons.push('ENDS_BUSY');
  return { complete: reasons.length === 0, reasons, worked };
}

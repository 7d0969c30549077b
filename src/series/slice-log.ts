import { lowerBound } from './process-rows.js';
import type { GpuSeries, ProcessTable, TelemetryLog } from './types.js';

const DAMAGE = new Set(['TRUNCATED_DOCUMENT', 'CORRUPT_DOCUMENT', 'DOCUMENT_TOO_LARGE']);

function sliceProcesses(p: ProcessTable, r0: number, r1: number): ProcessTable {
  const a = lowerBound(p.row, r0);
  const b = lowerBound(p.row, r1, a);
  const row = p.row.slice(a, b);
  for (let i = 0; i < row.length; i++) row[i] = row[i]! - r0;
  return {
    length: b - a,
    row,
    pid: p.pid.subarray(a, b),
    usedMemoryMiB: p.usedMemoryMiB.subarray(a, b),
    gpuInstanceId: p.gpuInstanceId.subarray(a, b),
    computeInstanceId: p.computeInstanceId.subarray(a, b),
    nameCode: p.nameCode.subarray(a, b),
    names: p.names,
    typeCode: p.typeCode.subarray(a, b),
    types: p.types,
  };
}

function sliceGpu(g: GpuSeries, first: number, last: number): GpuSeries {
  const r0 = lowerBound(g.sample, first);
  const r1 = lowerBound(g.sample, last + 1, r0);
  const sample = g.sample.slice(r0, r1);
  for (let i = 0; i < sample.length; i++) sample[i] = sample[i]! - first;
  const sub = (rec: Record<string, Float64Array>): Record<string, Float64Array> =>
    Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, v.subarray(r0, r1)]));
  return {
    ...g,
    length: r1 - r0,
    sample,
    timeMs: g.timeMs.subarray(r0, r1),
    columns: sub(g.columns) as GpuSeries['columns'],
    flags: sub(g.flags),
    counters: sub(g.counters),
    processes: sliceProcesses(g.processes, r0, r1),
  };
}

/**
 * The samples `first`..`last` (inclusive, indices into `log.timeMs`) as a log of their own, for
 * analysing one job of a log that holds several. Columns are views of the log's (no copy); the
 * timing (interval, gap threshold, zone) is the whole log's; warnings are those about documents
 * inside the slice or about no document. GPUs with no sample inside are left out.
 *
 * @example
 * const job2 = sliceLog(log, 40, 66);
 * job2.documents; // 27
 */
export function sliceLog(log: TelemetryLog, first: number, last: number): TelemetryLog {
  const n = log.timeMs.length;
  const a = Math.max(0, first);
  const b = Math.min(n - 1, last);
  const timeMs = log.timeMs.subarray(a, b + 1);
  const ordinals = log.ordinals.subarray(a, b + 1);
  // damaged documents before the first or after the last sample belong to the first or last slice
  const o0 = a === 0 ? -Infinity : (ordinals[0] ?? 0);
  const o1 = b === n - 1 ? Infinity : (ordinals[ordinals.length - 1] ?? -1);
  const warnings = log.warnings.filter((w) => w.document === null || (w.document >= o0 && w.document <= o1));
  const warningCounts: TelemetryLog['warningCounts'] = {};
  for (const w of warnings) warningCounts[w.code] = (warningCounts[w.code] ?? 0) + 1;
  const m = timeMs.length;
  return {
    ...log,
    documents: m,
    damagedDocuments: warnings.filter((w) => DAMAGE.has(w.code)).length,
    warnings,
    warningCounts,
    timeMs,
    ordinals,
    startMs: m ? timeMs[0]! : NaN,
    endMs: m ? timeMs[m - 1]! : NaN,
    durationS: m ? (timeMs[m - 1]! - timeMs[0]!) / 1000 : NaN,
    loggingGaps: log.loggingGaps.filter((g) => g.sample > a && g.sample <= b).map((g) => ({ ...g, sample: g.sample - a })),
    gpus: log.gpus.map((g) => sliceGpu(g, a, b)).filter((g) => g.length > 0),
  };
}

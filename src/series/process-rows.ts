import type { GpuSeries, ProcessTable } from './types.js';

/**
 * The first index in `a[from..to)` (ascending) whose value is not below `v`; `to` when none is.
 *
 * @example lowerBound(Int32Array.of(0, 2, 2, 5), 2) // 1
 */
export function lowerBound(a: ArrayLike<number>, v: number, from = 0, to = a.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The row of a GPU's series that holds log sample `k` (rows are in sample order), or −1 when the
 * GPU is missing from that sample.
 *
 * @example rowOfSample({ sample: Int32Array.of(0, 1, 3) }, 3) // 2
 */
export function rowOfSample(series: Pick<GpuSeries, 'sample'>, k: number): number {
  const r = lowerBound(series.sample, k);
  return series.sample[r] === k ? r : -1;
}

/**
 * Whether entry `i` of a process table is a compute process: type `C` or `C+G`, or a type the log
 * does not give (older drivers list compute processes without one).
 *
 * @example isComputeProcess(gpu.processes, 0) // true for a `C` process
 */
export function isComputeProcess(p: Pick<ProcessTable, 'typeCode' | 'types'>, i: number): boolean {
  const code = p.typeCode[i]!;
  return code < 0 || p.types[code]!.includes('C');
}

import type { GpuSeries } from '../series/types.js';

export interface ProcessCounts {
  /** Distinct PIDs seen on the GPU. */
  distinctPids: number;
  /** Largest number of processes listed in one sample. */
  maxConcurrent: number;
}

/**
 * Counts distinct PIDs and the most processes listed at once on one GPU.
 * `computeOnly` keeps processes of type `C` or `C+G` (default: every type).
 */
export function processCounts(series: Pick<GpuSeries, 'processes' | 'length'>, options: { computeOnly?: boolean } = {}): ProcessCounts {
  const p = series.processes;
  const pids = new Set<number>();
  const perRow = new Int32Array(series.length);
  for (let i = 0; i < p.length; i++) {
    if (options.computeOnly) {
      const t = p.typeCode[i]! >= 0 ? p.types[p.typeCode[i]!]! : null;
      if (t === null || !t.includes('C')) continue;
    }
    const pid = p.pid[i]!;
    if (!Number.isNaN(pid)) pids.add(pid);
    perRow[p.row[i]!]!++;
  }
  let maxConcurrent = 0;
  for (const c of perRow) if (c > maxConcurrent) maxConcurrent = c;
  return { distinctPids: pids.size, maxConcurrent };
}

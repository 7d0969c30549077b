import { check } from '../errors.js';
import type { GpuSeries } from '../series/types.js';

export interface EnergyOptions {
  /** Steps longer than this (seconds) are logging gaps and are not bridged. Default: Infinity. */
  gapThresholdS?: number;
  /** Only integrate from this time (epoch ms, inclusive). */
  fromMs?: number;
  /** Only integrate up to this time (epoch ms, inclusive). */
  toMs?: number;
}

export interface Energy {
  /** Joules. */
  joules: number;
  /** Watt-hours. */
  wattHours: number;
  /** Seconds of time actually integrated (steps with both powers known, not gaps). */
  coveredS: number;
}

/**
 * Energy of a GPU by the trapezoid rule over its power samples (`powerW`), in J and Wh. Steps
 * across a logging gap, steps that go backwards, and steps with a missing power reading are
 * left out, so missing time counts as unknown, never as zero watts.
 *
 * @example
 * energy(series, { gapThresholdS: log.gapThresholdS }).joules
 */
export function energy(series: Pick<GpuSeries, 'timeMs' | 'columns'>, options: EnergyOptions = {}): Energy {
  const gap = options.gapThresholdS ?? Infinity;
  check(gap > 0, 'gap threshold', gap);
  const t = series.timeMs;
  const p = series.columns.powerW;
  const from = options.fromMs ?? -Infinity;
  const to = options.toMs ?? Infinity;
  let j = 0;
  let covered = 0;
  for (let i = 1; i < t.length; i++) {
    const t0 = t[i - 1]!;
    const t1 = t[i]!;
    if (t0 < from || t1 > to) continue;
    const dt = (t1 - t0) / 1000;
    if (!(dt > 0) || dt > gap) continue;
    const p0 = p[i - 1]!;
    const p1 = p[i]!;
    if (Number.isNaN(p0) || Number.isNaN(p1)) continue;
    j += ((p0 + p1) / 2) * dt;
    covered += dt;
  }
  return { joules: j, wattHours: j / 3600, coveredS: covered };
}

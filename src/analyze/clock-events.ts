import type { GpuSeries } from '../series/types.js';

export interface ClockEventShare {
  /** Samples with the reason Active. */
  activeSamples: number;
  /** Samples where the reason was reported (Active or Not Active). */
  knownSamples: number;
  /** activeSamples / knownSamples; NaN when never reported. */
  share: number;
}

/**
 * Share of samples with each clock event (throttle) reason active, keyed without prefix
 * (`sw_power_cap`, `hw_thermal_slowdown`, `gpu_idle`, …), in the order the log lists them.
 *
 * @example
 * clockEvents(log.gpus[0]!).sw_power_cap?.share; // 0.25 when power-capped in a quarter of the samples
 */
export function clockEvents(series: Pick<GpuSeries, 'flags'>): Record<string, ClockEventShare> {
  const out: Record<string, ClockEventShare> = {};
  for (const [k, col] of Object.entries(series.flags)) {
    let a = 0;
    let n = 0;
    for (const v of col) {
      if (Number.isNaN(v)) continue;
      n++;
      if (v === 1) a++;
    }
    out[k] = { activeSamples: a, knownSamples: n, share: n ? a / n : NaN };
  }
  return out;
}

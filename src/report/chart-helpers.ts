import type { TelemetryLog } from '../series/types.js';
import { minMaxDownsample } from './downsample.js';

/** Default chart width in pixels (also the number of downsampling buckets). */
export const CHART_WIDTH = 960;

/** A time axis unit chosen so that the ticks of a span read well: s up to 15 min, min up to 5 h, then h. */
export function timeUnit(maxS: number): { div: number; label: string } {
  if (!(maxS > 900)) return { div: 1, label: 's' };
  if (maxS <= 5 * 3600) return { div: 60, label: 'min' };
  return { div: 3600, label: 'h' };
}

/** One point of a drawn line. */
export interface LinePoint {
  /** Relative time in the chart's unit. */
  t: number;
  v: number;
  /** Series key (one line per key). */
  z: string;
  run: string;
  facet: string;
}

/**
 * A series as line points for drawing: time relative to `startMs` in `unit`, a NaN after every step
 * longer than `gapMs` so logging gaps break the line, then M4 min/max downsampling to `buckets`.
 */
export function linePoints(
  timeMs: Float64Array,
  values: Float64Array,
  o: { startMs: number; unitDiv: number; gapMs: number; buckets: number; z: string; run: string; facet: string; scale?: number },
): LinePoint[] {
  const xs: number[] = [];
  const ys: number[] = [];
  const k = o.scale ?? 1;
  for (let i = 0; i < timeMs.length; i++) {
    const t = timeMs[i]!;
    if (!Number.isFinite(t)) continue;
    if (i > 0 && t - timeMs[i - 1]! > o.gapMs) {
      xs.push((timeMs[i - 1]! - o.startMs) / 1000 / o.unitDiv);
      ys.push(NaN);
    }
    xs.push((t - o.startMs) / 1000 / o.unitDiv);
    ys.push(values[i]! * k);
  }
  const d = minMaxDownsample(xs, ys, { buckets: o.buckets });
  const out: LinePoint[] = [];
  for (let i = 0; i < d.x.length; i++) out.push({ t: d.x[i]!, v: d.y[i]!, z: o.z, run: o.run, facet: o.facet });
  return out;
}

/** The logging-gap threshold of a log in ms (Infinity when unknown). */
export function gapMs(log: TelemetryLog): number {
  return Number.isFinite(log.gapThresholdS) ? log.gapThresholdS * 1000 : Infinity;
}

/** `GPU 0` or `GPU 0 (NVIDIA H100 80GB HBM3)`: a facet label. */
export function gpuLabel(index: number, name: string | null, withName = false): string {
  return withName && name ? `GPU ${index} (${name})` : `GPU ${index}`;
}

/** Run labels in order, for a stable colour domain shared by every chart. */
export function runDomain(runs: readonly { label: string }[]): string[] {
  return runs.map((r) => r.label);
}

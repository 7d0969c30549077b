import type { TelemetryLog } from '../series/types.js';
import { minMaxDownsample } from './downsample.js';

/** Default chart width in pixels (also the number of downsampling buckets). */
export const CHART_WIDTH = 760;

/**
 * Margins of the charts drawn against time since each log's start (power, launch timeline, PCIe):
 * one width, one domain and these margins put a second at the same pixel in all of them, so a
 * launch lines up with the power it drew. 130 px leave room for the timeline's row names.
 */
export const TIME_MARGIN_LEFT = 130;
export const TIME_MARGIN_RIGHT = 60;

/** Tick and label size of every chart, px (≥ 12 px on the page at 800 px wide: charts are drawn at their page width). */
export const CHART_FONT = '13px';

/** The x axis of the time charts: 0 to the longest log, in `unit`. */
export function timeAxis(maxS: number, unit: { div: number; label: string }): { domain: [number, number]; label: string; grid: boolean } {
  return { domain: [0, Math.max(maxS, 1e-9) / unit.div], label: `time since log start (${unit.label}) →`, grid: true };
}

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
  return [...new Set(runs.map((r) => r.label))];
}

/**
 * A name per run that no other run shares: its label, or `label #k` when repeats share the label
 * (rows and lines must not merge two runs of one configuration).
 *
 * @example runNames([{ label: 'a' }, { label: 'a' }, { label: 'b' }]) // ['a #1', 'a #2', 'b']
 */
export function runNames(runs: readonly { label: string }[]): string[] {
  const total = new Map<string, number>();
  for (const r of runs) total.set(r.label, (total.get(r.label) ?? 0) + 1);
  const seen = new Map<string, number>();
  return runs.map((r) => {
    if (total.get(r.label) === 1) return r.label;
    const k = (seen.get(r.label) ?? 0) + 1;
    seen.set(r.label, k);
    return `${r.label} #${k}`;
  });
}

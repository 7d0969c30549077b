import type { PlotOptions } from '@observablehq/plot';
import * as Plot from '@observablehq/plot';
import {
  CHART_WIDTH,
  gapMs,
  gpuLabel,
  linePoints,
  runDomain,
  timeUnit,
  type LinePoint,
  CHART_FONT,
  runNames,
  TIME_MARGIN_LEFT,
  TIME_MARGIN_RIGHT,
  timeAxis,
} from './chart-helpers.js';
import { renderPlot } from './plot-svg.js';
import type { RunReport } from './report-data.js';

export interface ChartOptions {
  /** Pixels; also the downsampling buckets. Default 960. */
  width?: number;
}

export interface PowerChartOptions extends ChartOptions {
  /** Only draw this window of time since each log's start, seconds (a close-up of a long log). */
  fromS?: number;
  toS?: number;
}

/**
 * Power draw vs time since each log's start, every run overlaid on one axis (one panel per GPU index
 * when a run has several GPUs), each run's idle threshold drawn as a dashed line: the study's
 * "Parallel vs SEM vs MPI on one K80" figure. Lines are M4-downsampled to the pixel width, so idle
 * dips between jobs stay visible in a 4-hour log; logging gaps break the line.
 *
 * This is the chart's Observable Plot specification (scales and marks), for a notebook or a page
 * with a DOM: `Plot.plot(...)` of it draws the chart, and it can be restyled or extended with
 * more marks first. `powerChart` renders the same specification to SVG markup on the server.
 *
 * @example
 * Plot.plot(powerPlot(reportData(runs).runs)); // an SVG element
 */
export function powerPlot(runs: readonly RunReport[], options: PowerChartOptions = {}): PlotOptions {
  const width = options.width ?? CHART_WIDTH;
  const fromS = options.fromS ?? 0;
  const toS = options.toS ?? Infinity;
  const maxS = Math.min(toS, Math.max(0, ...runs.map((r) => r.log.durationS).filter(Number.isFinite)));
  const unit = timeUnit(maxS);
  const multiGpu = runs.some((r) => r.gpus.length > 1);
  // more than two runs overlaid tangle: one panel per run (and GPU) instead
  const multiples = multiGpu || runs.length > 2;
  const names = runNames(runs);
  const points: LinePoint[] = [];
  const rules: { v: number; run: string; facet: string }[] = [];
  for (const r of runs) {
    for (const g of r.gpus) {
      const facet =
        runs.length > 2 ? (multiGpu ? `${r.label} · ${gpuLabel(g.series.index, null)}` : r.label) : gpuLabel(g.series.index, null);
      const inWindow = windowRows(g.series.timeMs, r.log.startMs, fromS, toS);
      points.push(
        ...linePoints(inWindow.timeMs, g.series.columns.powerW.subarray(inWindow.from, inWindow.to), {
          startMs: r.log.startMs,
          unitDiv: unit.div,
          gapMs: gapMs(r.log),
          buckets: width,
          z: `${names[runs.indexOf(r)]}/${g.series.index}`,
          run: r.label,
          facet,
        }),
      );
      const th = g.duty.classification.thresholdW;
      if (th !== null && Number.isFinite(th)) rules.push({ v: th, run: r.label, facet });
    }
  }
  const fy = multiples ? 'facet' : undefined;
  return {
    width,
    height: multiples ? 90 + 150 * new Set(points.map((p) => p.facet)).size : 380,
    marginRight: TIME_MARGIN_RIGHT,
    marginLeft: TIME_MARGIN_LEFT,
    style: { fontSize: CHART_FONT },
    color: { domain: runDomain(runs), legend: true },
    x: { ...timeAxis(maxS, unit), domain: [fromS / unit.div, Math.max(maxS, fromS + 1e-9) / unit.div] },
    y: { label: '↑ power draw (W)', grid: true, zero: true },
    fy: multiples ? { label: null, axis: 'right', padding: 0.12 } : undefined,
    marks: [
      Plot.lineY(points, { x: 't', y: 'v', z: 'z', stroke: 'run', strokeWidth: 1.3, fy, curve: 'linear' }),
      Plot.ruleY(rules, { y: 'v', stroke: '#222', strokeDasharray: '6,4', strokeWidth: 1.2, fy }),
      Plot.text(thresholdLabels(rules), {
        y: 'v',
        text: 'label',
        frameAnchor: 'right',
        textAnchor: 'end',
        dx: -4,
        dy: -7,
        fill: '#111',
        stroke: 'white',
        strokeWidth: 3,
        paintOrder: 'stroke',
        fy,
      }),
      Plot.ruleY([0]),
    ],
  };
}

/**
 * Power draw vs time since each log's start, every run overlaid on one axis (one panel per GPU index
 * when a run has several GPUs), each run's idle threshold drawn as a dashed line: the study's
 * "Parallel vs SEM vs MPI on one K80" figure. Lines are M4-downsampled to the pixel width, so idle
 * dips between jobs stay visible in a 4-hour log; logging gaps break the line.
 *
 * @example
 * const svg = powerChart(reportData(runs).runs); // '<figure …><svg …>…</svg></figure>'
 */
export function powerChart(runs: readonly RunReport[], options: PowerChartOptions = {}): string {
  return renderPlot(powerPlot(runs, options));
}

/** One label per panel for thresholds within 5 W of each other: `idle threshold 135–136 W (long, folder)`. */
function thresholdLabels(rules: readonly { v: number; run: string; facet: string }[]): { v: number; facet: string; label: string }[] {
  const groups: { facet: string; vs: number[]; runs: string[] }[] = [];
  for (const r of rules) {
    const g = groups.find((x) => x.facet === r.facet && Math.abs(x.vs[0]! - r.v) < 5);
    if (g) {
      g.vs.push(r.v);
      if (!g.runs.includes(r.run)) g.runs.push(r.run);
    } else groups.push({ facet: r.facet, vs: [r.v], runs: [r.run] });
  }
  return groups.map((g) => {
    const lo = Math.min(...g.vs).toFixed(0);
    const hi = Math.max(...g.vs).toFixed(0);
    return { v: Math.max(...g.vs), facet: g.facet, label: `idle threshold ${lo === hi ? lo : `${lo}–${hi}`} W (${g.runs.join(', ')})` };
  });
}

/** Rows of a series whose time since `startMs` lies in [fromS, toS]. */
function windowRows(timeMs: Float64Array, startMs: number, fromS: number, toS: number): { from: number; to: number; timeMs: Float64Array } {
  let from = 0;
  while (from < timeMs.length && (timeMs[from]! - startMs) / 1000 < fromS) from++;
  let to = from;
  while (to < timeMs.length && (timeMs[to]! - startMs) / 1000 <= toS) to++;
  return { from, to, timeMs: timeMs.subarray(from, to) };
}

import type { PlotOptions } from '@observablehq/plot';
import * as Plot from '@observablehq/plot';
import { ATTRIBUTION_PARTS, type AttributionPart } from '../analyze/attribution.js';
import type { Comparison } from '../analyze/compare-runs.js';
import { CHART_WIDTH, CHART_FONT } from './chart-helpers.js';
import type { ChartOptions } from './power-chart.js';
import { renderPlot } from './plot-svg.js';
import { PART_NAMES } from './sentences.js';

/** One colour per attribution part, fixed so that every report reads the same. */
export const PART_COLORS: Record<AttributionPart, string> = {
  busyS: '#3ca951',
  launchOverheadS: '#ff725c',
  processWaitS: '#efb118',
  noProcessWaitS: '#a463f2',
  idleUnknownS: '#9c9c9c',
  imbalanceS: '#4269d0',
  unrecordedS: '#d3d3d3',
};

/**
 * Where each configuration's GPU-time went, as one stacked horizontal bar per configuration
 * (GPU-seconds, or per item when the comparison ranks per item; the mean run for repeats), its
 * parts in the attribution's colours. Null when no configuration worked.
 *
 * This is the chart's Observable Plot specification (scales and marks), for a notebook or a page
 * with a DOM: `Plot.plot(...)` of it draws the chart, and it can be restyled or extended with
 * more marks first. `attributionChart` renders the same specification to SVG markup on the server.
 *
 * @example
 * Plot.plot(attributionPlot(compareRuns(runs))); // an SVG element (null when there is nothing to draw: check first)
 */
export function attributionPlot(c: Comparison, options: ChartOptions = {}): PlotOptions | null {
  const cfgs = c.configurations.filter((g) => g.worked);
  if (!cfgs.length) return null;
  const perItem = c.basis === 'secondsPerItem';
  const rows = cfgs.flatMap((g) =>
    ATTRIBUTION_PARTS.filter((p) => g.attribution[p] > 0).map((p) => ({ run: g.label, part: PART_NAMES[p], s: g.attribution[p] })),
  );
  const used = ATTRIBUTION_PARTS.filter((p) => cfgs.some((g) => g.attribution[p] > 0));
  return {
    width: options.width ?? CHART_WIDTH,
    height: 70 + 36 * cfgs.length,
    marginLeft: 130,
    marginRight: 20,
    style: { fontSize: CHART_FONT },
    color: { domain: used.map((p) => PART_NAMES[p]), range: used.map((p) => PART_COLORS[p]), legend: true },
    x: { label: `GPU-seconds${perItem ? ' per item' : ''}${cfgs.some((g) => g.n > 1) ? ' (mean run)' : ''} →`, grid: true },
    y: { domain: cfgs.map((g) => g.label), label: null, padding: 0.25 },
    marks: [
      Plot.barX(
        rows,
        Plot.stackX({ x: 's', y: 'run', fill: 'part', title: (d: { part: string; s: number }) => `${d.part}: ${d.s.toFixed(1)} s` }),
      ),
      Plot.ruleX([0]),
    ],
  };
}

/**
 * Where each configuration's GPU-time went, as one stacked horizontal bar per configuration
 * (GPU-seconds, or per item when the comparison ranks per item; the mean run for repeats), its
 * parts in the attribution's colours. Null when no configuration worked.
 *
 * @example
 * attributionChart(compareRuns(runs)); // SVG markup: a stacked bar of GPU-seconds per configuration
 */
export function attributionChart(c: Comparison, options: ChartOptions = {}): string | null {
  const spec = attributionPlot(c, options);
  return spec === null ? null : renderPlot(spec);
}

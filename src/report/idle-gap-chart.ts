import type { PlotOptions } from '@observablehq/plot';
import * as Plot from '@observablehq/plot';
import { CHART_WIDTH, runDomain, CHART_FONT } from './chart-helpers.js';
import type { ChartOptions } from './power-chart.js';
import { renderPlot } from './plot-svg.js';
import type { RunReport } from './report-data.js';

/**
 * Histogram of idle-gap durations (idle stretches inside each GPU's active span, all GPUs of a run
 * together), one panel per run on a shared duration axis, so "many gaps of a few seconds each"
 * (a process start per item) stands out against "almost none". Returns null when no run has a gap.
 *
 * This is the chart's Observable Plot specification (scales and marks), for a notebook or a page
 * with a DOM: `Plot.plot(...)` of it draws the chart, and it can be restyled or extended with
 * more marks first. `idleGapChart` renders the same specification to SVG markup on the server.
 *
 * @example
 * Plot.plot(idleGapPlot(reportData(runs).runs)); // an SVG element (null when there is nothing to draw: check first)
 */
export function idleGapPlot(runs: readonly RunReport[], options: ChartOptions = {}): PlotOptions | null {
  const rows: { run: string; durationS: number }[] = [];
  for (const r of runs) for (const g of r.gpus) for (const gap of g.gaps.gaps) rows.push({ run: r.label, durationS: gap.durationS });
  if (rows.length === 0) return null;
  // panel titles carry the count: `perfile: 19 idle gaps, 84 s in all`
  const title = new Map<string, string>();
  for (const r of runs) {
    const mine = rows.filter((x) => x.run === r.label);
    const total = mine.reduce((a, x) => a + x.durationS, 0);
    title.set(
      r.label,
      `${r.label}: ${mine.length} idle gap${mine.length === 1 ? '' : 's'}${mine.length ? `, ${total.toFixed(0)} s in all` : ''}`,
    );
  }
  const longest = Math.max(...rows.map((x) => x.durationS));
  const step = niceStep(longest / 24);
  const data = rows.map((x) => ({ ...x, panel: title.get(x.run)! }));
  return {
    width: options.width ?? CHART_WIDTH,
    height: 90 + 110 * runs.length,
    marginLeft: 55,
    marginRight: 20,
    style: { fontSize: CHART_FONT },
    color: { domain: runDomain(runs) },
    x: { label: 'idle gap duration (s) →', domain: [0, Math.ceil((longest + step) / step) * step] },
    y: { label: '↑ gaps', grid: true },
    fy: { domain: runs.map((r) => title.get(r.label)!), label: null, axis: null },
    marks: [
      Plot.rectY(
        data,
        Plot.binX({ y: 'count' }, {
          x: 'durationS',
          fy: 'panel',
          fill: 'run',
          inset: 1,
          interval: step,
        } as Plot.BinXInputs<Plot.RectYOptions>),
      ),
      Plot.text(
        runs.map((r) => ({ panel: title.get(r.label)! })),
        { fy: 'panel', text: 'panel', frameAnchor: 'top-left', dx: 6, dy: 2, fontWeight: 'bold' },
      ),
      Plot.frame({ stroke: '#ddd' }),
      Plot.ruleY([0]),
    ],
  };
}

/**
 * Histogram of idle-gap durations (idle stretches inside each GPU's active span, all GPUs of a run
 * together), one panel per run on a shared duration axis, so "many gaps of a few seconds each"
 * (a process start per item) stands out against "almost none". Returns null when no run has a gap.
 *
 * @example
 * idleGapChart(reportData(runs).runs); // SVG markup: one histogram panel per run
 */
export function idleGapChart(runs: readonly RunReport[], options: ChartOptions = {}): string | null {
  const spec = idleGapPlot(runs, options);
  return spec === null ? null : renderPlot(spec);
}

/** A round bin width (1, 2 or 5 × a power of ten) not below `raw`. */
function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

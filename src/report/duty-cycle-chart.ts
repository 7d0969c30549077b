import type { PlotOptions } from '@observablehq/plot';
import * as Plot from '@observablehq/plot';
import { CHART_WIDTH, runDomain, runNames, CHART_FONT } from './chart-helpers.js';
import type { ChartOptions } from './power-chart.js';
import { renderPlot } from './plot-svg.js';
import type { RunReport } from './report-data.js';

/**
 * Duty cycle per GPU per run as horizontal bars on a 0–100 % axis: the share of the GPU's active span
 * (first busy → last busy sample) it spent busy, labelled with the percentage and busy/active seconds.
 *
 * This is the chart's Observable Plot specification (scales and marks), for a notebook or a page
 * with a DOM: `Plot.plot(...)` of it draws the chart, and it can be restyled or extended with
 * more marks first. `dutyCycleChart` renders the same specification to SVG markup on the server.
 *
 * @example
 * Plot.plot(dutyCyclePlot(reportData(runs).runs)); // an SVG element
 */
export function dutyCyclePlot(runs: readonly RunReport[], options: ChartOptions = {}): PlotOptions {
  const rows: { row: string; run: string; duty: number; label: string }[] = [];
  const names = runNames(runs);
  runs.forEach((r, i) => {
    for (const g of r.gpus) {
      const d = g.duty;
      const duty = Number.isFinite(d.dutyCycle) ? d.dutyCycle : 0;
      rows.push({
        row: `${names[i]} · GPU ${g.series.index}`,
        run: r.label,
        duty,
        label: Number.isFinite(d.dutyCycle)
          ? `${(d.dutyCycle * 100).toFixed(0)} %  (${d.busyS.toFixed(0)} of ${d.knownActiveS.toFixed(0)} s busy)`
          : 'no data',
      });
    }
  });
  return {
    width: options.width ?? CHART_WIDTH,
    height: 50 + 34 * rows.length,
    marginLeft: 130,
    marginRight: 20,
    style: { fontSize: CHART_FONT },
    color: { domain: runDomain(runs) },
    x: { domain: [0, 100], percent: true, label: 'duty cycle (% of active span busy) →', grid: true },
    y: { domain: rows.map((r) => r.row), label: null, padding: 0.2 },
    marks: [
      Plot.barX(rows, { x: 'duty', y: 'row', fill: 'run' }),
      Plot.text(rows, {
        x: 0,
        y: 'row',
        text: 'label',
        textAnchor: 'start',
        dx: 6,
        fill: '#111',
        stroke: 'white',
        strokeWidth: 3,
        paintOrder: 'stroke',
        fontWeight: 'bold',
      }),
      Plot.ruleX([0]),
    ],
  };
}

/**
 * Duty cycle per GPU per run as horizontal bars on a 0–100 % axis: the share of the GPU's active span
 * (first busy → last busy sample) it spent busy, labelled with the percentage and busy/active seconds.
 *
 * @example
 * dutyCycleChart(reportData(runs).runs); // SVG markup: a bar per GPU per run, 0–100 %
 */
export function dutyCycleChart(runs: readonly RunReport[], options: ChartOptions = {}): string {
  return renderPlot(dutyCyclePlot(runs, options));
}

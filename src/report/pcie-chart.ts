import type { PlotOptions } from '@observablehq/plot';
import * as Plot from '@observablehq/plot';
import {
  CHART_WIDTH,
  linePoints,
  runDomain,
  runNames,
  timeUnit,
  type LinePoint,
  CHART_FONT,
  TIME_MARGIN_LEFT,
  TIME_MARGIN_RIGHT,
  timeAxis,
} from './chart-helpers.js';
import type { ChartOptions } from './power-chart.js';
import { renderPlot } from './plot-svg.js';
import type { RunReport } from './report-data.js';

/**
 * PCIe TX (GPU → host) summed across each run's GPUs, in MB/s vs time since log start: the raw sum
 * as a thin pale line and its moving average (window from the analysis, default 10 s) as a thick
 * one, one colour per run. Runs whose GPUs report no TX (N/A, K80 and older) are named in a note
 * under the axis instead of being drawn as zero. Returns null when no run has TX.
 *
 * This is the chart's Observable Plot specification (scales and marks), for a notebook or a page
 * with a DOM: `Plot.plot(...)` of it draws the chart, and it can be restyled or extended with
 * more marks first. `pcieChart` renders the same specification to SVG markup on the server.
 *
 * @example
 * Plot.plot(pciePlot(reportData(runs).runs)); // an SVG element (null when there is nothing to draw: check first)
 */
export function pciePlot(runs: readonly RunReport[], options: ChartOptions = {}): PlotOptions | null {
  const width = options.width ?? CHART_WIDTH;
  const maxS = Math.max(0, ...runs.map((r) => r.log.durationS).filter(Number.isFinite));
  const unit = timeUnit(maxS);
  const raw: LinePoint[] = [];
  const avg: LinePoint[] = [];
  const missing: string[] = [];
  const names = runNames(runs);
  for (const [ri, r] of runs.entries()) {
    const g = r.pcie.grid;
    if (r.pcie.txPeakKBps === null || g.timeMs.length === 0) {
      missing.push(r.label);
      continue;
    }
    const o = { startMs: r.log.startMs, unitDiv: unit.div, gapMs: Infinity, buckets: width, run: r.label, facet: '', scale: 1 / 1000 };
    raw.push(...linePoints(g.timeMs, g.txSumKBps, { ...o, z: `${names[ri]} sum` }));
    avg.push(...linePoints(g.timeMs, g.txMovingKBps, { ...o, z: `${names[ri]} avg` }));
  }
  if (raw.length === 0) return null;
  const window = runs.find((r) => r.pcie.txPeakKBps !== null)?.pcie.windowS ?? 10;
  return {
    width,
    height: 320,
    marginLeft: TIME_MARGIN_LEFT,
    marginRight: TIME_MARGIN_RIGHT,
    style: { fontSize: CHART_FONT },
    color: { domain: runDomain(runs), legend: true },
    x: timeAxis(maxS, unit),
    y: { label: `↑ summed PCIe TX (MB/s); thick: ${window}-s moving average`, grid: true, zero: true },
    caption: missing.length ? `No PCIe TX readings (N/A) in: ${missing.join(', ')}` : undefined,
    marks: [
      Plot.lineY(raw, { x: 't', y: 'v', z: 'z', stroke: 'run', strokeOpacity: 0.35, strokeWidth: 1 }),
      Plot.lineY(avg, { x: 't', y: 'v', z: 'z', stroke: 'run', strokeWidth: 2.5 }),
      Plot.ruleY([0]),
    ],
  };
}

/**
 * PCIe TX (GPU → host) summed across each run's GPUs, in MB/s vs time since log start: the raw sum
 * as a thin pale line and its moving average (window from the analysis, default 10 s) as a thick
 * one, one colour per run. Runs whose GPUs report no TX (N/A, K80 and older) are named in a note
 * under the axis instead of being drawn as zero. Returns null when no run has TX.
 *
 * @example
 * pcieChart(reportData(runs).runs); // SVG markup, or null when no run has PCIe TX
 */
export function pcieChart(runs: readonly RunReport[], options: ChartOptions = {}): string | null {
  const spec = pciePlot(runs, options);
  return spec === null ? null : renderPlot(spec);
}

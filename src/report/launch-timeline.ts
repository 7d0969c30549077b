import type { PlotOptions } from '@observablehq/plot';
import * as Plot from '@observablehq/plot';
import { CHART_WIDTH, runDomain, runNames, timeUnit, CHART_FONT, TIME_MARGIN_LEFT, TIME_MARGIN_RIGHT, timeAxis } from './chart-helpers.js';
import type { ChartOptions } from './power-chart.js';
import { renderPlot } from './plot-svg.js';
import type { RunReport } from './report-data.js';

/**
 * Which PID ran when, per GPU: one row per GPU per run, one bar per process from the first to the
 * end of the last sample that lists it (hover for PID and name), alternating shades so back-to-back
 * processes stay apart, and the idle gaps inside the active span as red ticks under the row.
 * Processes that run at the same time on one GPU get a lane (row) each.
 * Returns null when no run lists any process.
 *
 * This is the chart's Observable Plot specification (scales and marks), for a notebook or a page
 * with a DOM: `Plot.plot(...)` of it draws the chart, and it can be restyled or extended with
 * more marks first. `launchTimeline` renders the same specification to SVG markup on the server.
 *
 * @example
 * Plot.plot(launchTimelinePlot(reportData(runs).runs)); // an SVG element (null when there is nothing to draw: check first)
 */
export function launchTimelinePlot(runs: readonly RunReport[], options: ChartOptions = {}): PlotOptions | null {
  const maxS = Math.max(0, ...runs.map((r) => r.log.durationS).filter(Number.isFinite));
  const unit = timeUnit(maxS);
  const procs: { row: string; run: string; x1: number; x2: number; shade: number; title: string }[] = [];
  const gaps: { row: string; x1: number; x2: number; title: string }[] = [];
  const rows: string[] = [];
  const names = runNames(runs);
  for (const [ri, r] of runs.entries()) {
    const iv = Number.isFinite(r.log.intervalS) ? r.log.intervalS : 1;
    const rel = (ms: number): number => (ms - r.log.startMs) / 1000 / unit.div;
    for (const g of r.gpus) {
      const base = `${names[ri]} · GPU ${g.series.index}`;
      // processes that overlap in time (several on one GPU at once) go on lanes of their own
      const spans = g.launches.processes
        .map((p) => ({ p, x1: rel(p.firstMs), x2: rel(p.lastMs) + iv / unit.div }))
        .sort((a, b) => a.x1 - b.x1);
      const laneEnd: number[] = [];
      const lanes = spans.map((sp) => {
        // a lane is free once its last process was last listed before this one was first listed
        let k = laneEnd.findIndex((endMs) => endMs < sp.p.firstMs);
        if (k < 0) k = laneEnd.push(0) - 1;
        laneEnd[k] = sp.p.lastMs;
        return k;
      });
      const laneRow = (k: number): string => (laneEnd.length > 1 ? `${base} · ${k + 1}` : base);
      for (let k = 0; k < Math.max(1, laneEnd.length); k++) rows.push(laneRow(k));
      spans.forEach((sp, i) => {
        const p = sp.p;
        procs.push({
          row: laneRow(lanes[i]!),
          run: r.label,
          x1: sp.x1,
          x2: sp.x2,
          shade: i % 2,
          title: `PID ${p.pid}${p.name ? ` ${p.name}` : ''}: ${(sp.x1 * unit.div).toFixed(1)}–${(sp.x2 * unit.div).toFixed(1)} s, ${p.samples} samples`,
        });
      });
      for (const gap of g.gaps.gaps)
        gaps.push({
          row: laneRow(laneEnd.length - 1),
          x1: rel(gap.startMs),
          x2: rel(gap.endMs),
          title: `idle ${gap.durationS.toFixed(1)} s`,
        });
    }
  }
  if (procs.length === 0) return null;
  return {
    width: options.width ?? CHART_WIDTH,
    height: 60 + 46 * rows.length,
    marginLeft: TIME_MARGIN_LEFT,
    marginRight: TIME_MARGIN_RIGHT,
    style: { fontSize: CHART_FONT },
    color: { domain: runDomain(runs), legend: false },
    x: timeAxis(maxS, unit),
    y: { domain: rows, label: null, padding: 0.25 },
    marks: [
      ...[0, 1].map((shade) =>
        Plot.barX(
          procs.filter((p) => p.shade === shade),
          {
            x1: 'x1',
            x2: 'x2',
            y: 'row',
            fill: 'run',
            fillOpacity: shade ? 0.55 : 0.95,
            stroke: 'white',
            strokeWidth: 0.5,
            insetBottom: 9,
            title: 'title',
          },
        ),
      ),
      Plot.barX(gaps, { x1: 'x1', x2: 'x2', y: 'row', fill: '#d62728', insetTop: 27, title: 'title' }),
    ],
  };
}

/**
 * Which PID ran when, per GPU: one row per GPU per run, one bar per process from the first to the
 * end of the last sample that lists it (hover for PID and name), alternating shades so back-to-back
 * processes stay apart, and the idle gaps inside the active span as red ticks under the row.
 * Processes that run at the same time on one GPU get a lane (row) each.
 * Returns null when no run lists any process.
 *
 * @example
 * launchTimeline(reportData(runs).runs); // SVG markup, or null when no run lists a process
 */
export function launchTimeline(runs: readonly RunReport[], options: ChartOptions = {}): string | null {
  const spec = launchTimelinePlot(runs, options);
  return spec === null ? null : renderPlot(spec);
}

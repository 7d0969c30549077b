import * as Plot from '@observablehq/plot';
import { CHART_WIDTH, runDomain, timeUnit } from './chart-helpers.js';
import type { ChartOptions } from './power-chart.js';
import { renderPlot } from './plot-svg.js';
import type { RunReport } from './report-data.js';

/**
 * Which PID ran when, per GPU: one row per GPU per run, one bar per process from the first to the
 * end of the last sample that lists it (hover for PID and name), alternating shades so back-to-back
 * processes stay apart, and the idle gaps inside the active span as red ticks under the row.
 * Returns null when no run lists any process.
 */
export function launchTimeline(runs: readonly RunReport[], options: ChartOptions = {}): string | null {
  const maxS = Math.max(0, ...runs.map((r) => r.log.durationS).filter(Number.isFinite));
  const unit = timeUnit(maxS);
  const procs: { row: string; run: string; x1: number; x2: number; shade: number; title: string }[] = [];
  const gaps: { row: string; x1: number; x2: number; title: string }[] = [];
  const rows: string[] = [];
  for (const r of runs) {
    const iv = Number.isFinite(r.log.intervalS) ? r.log.intervalS : 1;
    const rel = (ms: number): number => (ms - r.log.startMs) / 1000 / unit.div;
    for (const g of r.gpus) {
      const row = `${r.label} · GPU ${g.series.index}`;
      rows.push(row);
      g.launches.processes.forEach((p, i) => {
        const x1 = rel(p.firstMs);
        const x2 = rel(p.lastMs) + iv / unit.div;
        procs.push({ row, run: r.label, x1, x2, shade: i % 2, title: `PID ${p.pid}${p.name ? ` ${p.name}` : ''}: ${(x1 * unit.div).toFixed(1)}–${(x2 * unit.div).toFixed(1)} s, ${p.samples} samples` });
      });
      for (const gap of g.gaps.gaps) gaps.push({ row, x1: rel(gap.startMs), x2: rel(gap.endMs), title: `idle ${gap.durationS.toFixed(1)} s` });
    }
  }
  if (procs.length === 0) return null;
  return renderPlot({
    width: options.width ?? CHART_WIDTH,
    height: 60 + 46 * rows.length,
    marginLeft: 130,
    style: { fontSize: '12px' },
    color: { domain: runDomain(runs), legend: false },
    x: { label: `time since log start (${unit.label}) →`, grid: true },
    y: { domain: rows, label: null, padding: 0.25 },
    marks: [
      ...[0, 1].map((shade) =>
        Plot.barX(
          procs.filter((p) => p.shade === shade),
          { x1: 'x1', x2: 'x2', y: 'row', fill: 'run', fillOpacity: shade ? 0.55 : 0.95, stroke: 'white', strokeWidth: 0.5, insetBottom: 9, title: 'title' },
        ),
      ),
      Plot.barX(gaps, { x1: 'x1', x2: 'x2', y: 'row', fill: '#d62728', insetTop: 27, title: 'title' }),
    ],
  });
}

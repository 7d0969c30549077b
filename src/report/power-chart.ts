import * as Plot from '@observablehq/plot';
import { CHART_WIDTH, gapMs, gpuLabel, linePoints, runDomain, timeUnit, type LinePoint } from './chart-helpers.js';
import { renderPlot } from './plot-svg.js';
import type { RunReport } from './report-data.js';

export interface ChartOptions {
  /** Pixels; also the downsampling buckets. Default 960. */
  width?: number;
}

/**
 * Power draw vs time since each log's start, every run overlaid on one axis (one panel per GPU index
 * when a run has several GPUs), each run's idle threshold drawn as a dashed line: the study's
 * "Parallel vs SEM vs MPI on one K80" figure. Lines are M4-downsampled to the pixel width, so idle
 * dips between jobs stay visible in a 4-hour log; logging gaps break the line.
 */
export function powerChart(runs: readonly RunReport[], options: ChartOptions = {}): string {
  const width = options.width ?? CHART_WIDTH;
  const maxS = Math.max(0, ...runs.map((r) => r.log.durationS).filter(Number.isFinite));
  const unit = timeUnit(maxS);
  const multiGpu = runs.some((r) => r.gpus.length > 1);
  const points: LinePoint[] = [];
  const rules: { v: number; run: string; facet: string }[] = [];
  for (const r of runs) {
    for (const g of r.gpus) {
      const facet = gpuLabel(g.series.index, null);
      points.push(
        ...linePoints(g.series.timeMs, g.series.columns.powerW, {
          startMs: r.log.startMs,
          unitDiv: unit.div,
          gapMs: gapMs(r.log),
          buckets: width,
          z: `${r.label}/${g.series.index}`,
          run: r.label,
          facet,
        }),
      );
      const th = g.duty.classification.thresholdW;
      if (th !== null && Number.isFinite(th)) rules.push({ v: th, run: r.label, facet });
    }
  }
  const fy = multiGpu ? 'facet' : undefined;
  return renderPlot({
    width,
    height: multiGpu ? undefined : 380,
    marginRight: 20,
    marginLeft: 55,
    style: { fontSize: '12px' },
    color: { domain: runDomain(runs), legend: true },
    x: { label: `time since log start (${unit.label}) →`, grid: true },
    y: { label: '↑ power draw (W)', grid: true, zero: true },
    fy: multiGpu ? { label: null } : undefined,
    marks: [
      Plot.ruleY(rules, { y: 'v', stroke: 'run', strokeDasharray: '6,4', strokeWidth: 1.2, fy }),
      Plot.text(thresholdLabels(rules), { y: 'v', text: 'label', frameAnchor: 'right', textAnchor: 'end', dx: -4, dy: -7, fill: '#444', fy }),
      Plot.lineY(points, { x: 't', y: 'v', z: 'z', stroke: 'run', strokeWidth: 1.3, fy, curve: 'linear' }),
      Plot.ruleY([0]),
    ],
  });
}

/** One label per distinct threshold in a panel: `idle threshold 136 W (folder, perfile)`. */
function thresholdLabels(rules: readonly { v: number; run: string; facet: string }[]): { v: number; facet: string; label: string }[] {
  const by = new Map<string, { v: number; facet: string; runs: string[] }>();
  for (const r of rules) {
    const key = `${r.facet}|${r.v.toFixed(0)}`;
    const e = by.get(key) ?? { v: r.v, facet: r.facet, runs: [] };
    e.runs.push(r.run);
    by.set(key, e);
  }
  return [...by.values()].map((e) => ({ v: e.v, facet: e.facet, label: `idle threshold ${e.v.toFixed(0)} W (${e.runs.join(', ')})` }));
}

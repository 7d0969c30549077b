import { join } from 'node:path';
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import {
  attributionChart,
  attributionPlot,
  compareRuns,
  dutyCycleChart,
  dutyCyclePlot,
  idleGapChart,
  idleGapPlot,
  launchTimeline,
  launchTimelinePlot,
  pcieChart,
  pciePlot,
  powerChart,
  powerPlot,
  readLog,
  reportData,
} from '../src/index.js';
import { ROOT } from './helpers/corpus.js';
import { groundTruth } from './helpers/ground-truth.js';

/**
 * The charts as Observable Plot specifications, for notebooks: each `…Plot` function returns what
 * `Plot.plot` draws, the `…Chart` function is that drawing as SVG markup, and a user can add marks.
 * Inputs: the committed H200 captures (one process for 24 movies; one process per movie, 8).
 */
const file = (name: string): string => join(ROOT, 'fixtures', 'captures', `h200-${name}.xml.gz`);
const gt = groundTruth();

async function runs() {
  return [
    { label: 'folder', log: await readLog(file('folder24')) },
    { label: 'perfile', log: await readLog(file('perfile8')) },
  ];
}

/** Plot.plot in a server-side DOM, as markup. */
function draw(spec: Plot.PlotOptions): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  return (Plot.plot({ ...spec, document: document as unknown as Document }) as unknown as { outerHTML: string }).outerHTML;
}

describe('chart specifications for Observable Plot', () => {
  it('each …Plot is the specification its …Chart draws', async () => {
    const r = await runs();
    const data = reportData(r).runs;
    const c = compareRuns(r);
    const pairs: [Plot.PlotOptions | null, string | null][] = [
      [powerPlot(data), powerChart(data)],
      [pciePlot(data), pcieChart(data)],
      [idleGapPlot(data), idleGapChart(data)],
      [launchTimelinePlot(data), launchTimeline(data)],
      [dutyCyclePlot(data), dutyCycleChart(data)],
      [attributionPlot(c), attributionChart(c)],
    ];
    for (const [spec, svg] of pairs) {
      expect(spec).not.toBeNull();
      expect(Array.isArray(spec!.marks)).toBe(true);
      expect(draw(spec!)).toBe(svg);
    }
  });

  it('the launch timeline has a bar for every process the host launched, with its PID', async () => {
    const data = reportData(await runs()).runs;
    const spec = launchTimelinePlot(data)!;
    const svg = draw(spec);
    const procs = gt.procs.filter((x) => x.scenario === 'perfile8' || x.scenario === 'folder24');
    expect(procs.length).toBe(1 + 8);
    for (const p of procs) {
      expect(svg).toContain(`PID ${p.pid}`);
    }
  });

  it('a notebook can add its own mark before drawing', async () => {
    const data = reportData(await runs()).runs;
    const spec = dutyCyclePlot(data);
    const before = (draw(spec).match(/aria-label="rule"/g) ?? []).length;
    const extended = { ...spec, marks: [...(spec.marks ?? []), Plot.ruleX([0.5], { stroke: 'red' })] };
    expect((draw(extended).match(/aria-label="rule"/g) ?? []).length).toBe(before + 1);
  });
});

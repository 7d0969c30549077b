import { plot, type PlotOptions } from '@observablehq/plot';
import { parseHTML } from 'linkedom';

/**
 * Renders an Observable Plot chart on the server and returns its markup (an `<svg>`, or a
 * `<figure>` when it has a legend or title): Plot draws into linkedom's DOM instead of a browser's.
 * Text and attributes from the data are escaped by the DOM serialiser.
 *
 * @example
 * import * as Plot from '@observablehq/plot';
 * const svg = renderPlot({ marks: [Plot.lineY(toTable(log), { x: 'relativeS', y: 'powerW' })] });
 */
export function renderPlot(options: PlotOptions): string {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  const node = plot({ ...options, document: document as unknown as Document });
  return (node as unknown as { outerHTML: string }).outerHTML;
}

import { plot, type PlotOptions } from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { cleanText } from '../clean-text.js';

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
  // control characters and bidi overrides from the data (process names, labels) are not escaped by
  // the serialiser and are never markup: drop them, as escapeHtml does
  return cleanText((node as unknown as { outerHTML: string }).outerHTML);
}

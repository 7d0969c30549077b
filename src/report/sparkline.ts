import { bucketExtremes } from './downsample.js';

const BARS = '▁▂▃▄▅▆▇█';

export interface SparklineOptions {
  /** Characters wide. Default 60. */
  width?: number;
  /** Value drawn as the lowest bar; default the series minimum. */
  min?: number;
  /** Value drawn as the full bar; default the series maximum. */
  max?: number;
  /** x range (e.g. epoch ms) spread over the width; default the first and last finite x. */
  xMin?: number;
  xMax?: number;
  /**
   * A step between samples longer than this (x units, e.g. ms) is a logging gap and drawn blank;
   * characters that fall between two closer samples repeat the one before. Default Infinity.
   */
  gap?: number;
}

/**
 * A one-line sparkline (`▁▂▃▄▅▆▇█`) of y over x, by time rather than by sample so a logging gap is
 * blank space. Each character covers an equal x range; of that range's minimum and maximum it
 * shows the one further from the character before, so a single idle dip inside a busy stretch (or a
 * lone spike in an idle one) is never averaged away. Characters with no value are spaces.
 *
 * @example sparkline([0, 1, 2, 3], [70, 500, 70, 500], { width: 4 }) // '▁█▁█'
 */
export function sparkline(x: ArrayLike<number>, y: ArrayLike<number>, options: SparklineOptions = {}): string {
  const width = options.width ?? 60;
  const { min, max } = bucketExtremes(x, y, { buckets: width, xMin: options.xMin, xMax: options.xMax });
  let lo = options.min ?? Infinity;
  let hi = options.max ?? -Infinity;
  if (options.min === undefined) for (const v of min) if (v < lo) lo = v;
  if (options.max === undefined) for (const v of max) if (v > hi) hi = v;
  const level = (v: number): number => {
    if (!(hi > lo)) return 0;
    return Math.min(BARS.length - 1, Math.max(0, Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1))));
  };
  const blank = gapBuckets(x, y, width, options);
  let out = '';
  let prev = NaN;
  for (let i = 0; i < width; i++) {
    const a = min[i]!;
    const b = max[i]!;
    if (Number.isNaN(a)) {
      out += blank[i] || Number.isNaN(prev) ? ' ' : BARS[level(prev)];
      continue;
    }
    // first character: the max, so a busy start reads as busy
    const v = Number.isNaN(prev) ? b : Math.abs(a - prev) > Math.abs(b - prev) ? a : b;
    out += BARS[level(v)];
    prev = v;
  }
  return out;
}

/** Buckets that lie inside a step longer than `gap` (1), so they are drawn blank. */
function gapBuckets(x: ArrayLike<number>, y: ArrayLike<number>, width: number, o: SparklineOptions): Uint8Array {
  const blank = new Uint8Array(width);
  let lo = o.xMin ?? Infinity;
  let hi = o.xMax ?? -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isFinite(v)) continue;
    if (o.xMin === undefined && v < lo) lo = v;
    if (o.xMax === undefined && v > hi) hi = v;
  }
  const gap = o.gap ?? Infinity;
  const at = (v: number): number => (hi > lo ? Math.min(width - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * width))) : 0);
  let prev = NaN;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isFinite(v) || Number.isNaN(y[i]!)) continue;
    if (v - prev > gap) for (let b = at(prev) + 1; b < at(v); b++) blank[b] = 1;
    prev = v;
  }
  return blank;
}

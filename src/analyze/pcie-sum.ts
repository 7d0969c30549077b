import { finiteOrNull } from './stats.js';
import { check } from '../errors.js';
import type { GpuSeries } from '../series/types.js';
import { sampleDurations, type TimingOptions } from './sample-durations.js';
import { columnStats } from './stats.js';

/** Default moving-average window, seconds. */
export const DEFAULT_PCIE_WINDOW_S = 10;

export interface PcieSumOptions extends TimingOptions {
  /** Moving-average window in seconds (time, not rows). Default {@link DEFAULT_PCIE_WINDOW_S}. */
  windowS?: number;
  /** Step of the common time grid, seconds. Default min(1, sampling interval). */
  gridS?: number;
  /** The plateau is taken over grid times in [fromMs, toMs) (e.g. the active span); default the whole grid. */
  fromMs?: number;
  toMs?: number;
}

export interface PcieGpu {
  index: number;
  key: string;
  /** False when TX is N/A in every sample of this GPU. */
  txAvailable: boolean;
  txMeanKBps: number | null;
  txMaxKBps: number | null;
  rxMeanKBps: number | null;
  rxMaxKBps: number | null;
}

export interface PcieSum {
  /** Window of the moving average, seconds. */
  windowS: number;
  gridS: number;
  /** Largest moving average of the summed TX, KB/s; null when no GPU reports TX. */
  txPeakKBps: number | null;
  /** Median of the moving average of the summed TX over [fromMs, toMs), KB/s; null when no GPU reports TX. */
  txPlateauKBps: number | null;
  /** Same for RX. */
  rxPeakKBps: number | null;
  rxPlateauKBps: number | null;
  /** Why TX (or RX) figures are null, or which GPUs were left out; null when every GPU reports both. */
  note: string | null;
  gpus: PcieGpu[];
  /** The common grid: epoch ms, summed TX (NaN where a GPU has no reading), and its moving average. */
  grid: { timeMs: Float64Array; txSumKBps: Float64Array; txMovingKBps: Float64Array; rxSumKBps: Float64Array; rxMovingKBps: Float64Array };
}

/**
 * PCIe TX/RX per GPU and summed across GPUs on a common time grid. Each GPU's reading holds for
 * the time its sample stands for (until the next sample, one interval across a logging gap), so
 * irregular sampling and `-lms` logs line up; the sum is NaN where any GPU has no reading (a
 * logging gap). The moving average is trailing over `windowS` seconds of grid time; it starts once a
 * whole window has passed and needs at least half of it known. Peak = its maximum; plateau = its median over [fromMs, toMs).
 *
 * GPUs whose TX is N/A in every sample (K80 and older) are left out of the sum and named in
 * `note`; when no GPU reports TX the figures are null, never zero.
 *
 * Limits: each tx_util/rx_util reading is a 20 ms sample taken when nvidia-smi queries, not an
 * average over the second, so short transfers are caught or missed at random.
 *
 * @example
 * const p = pcieSum(log.gpus, { windowS: 10, gapThresholdS: log.gapThresholdS, intervalS: log.intervalS });
 * p.txPlateauKBps; // KB/s
 */
export function pcieSum(
  gpus: readonly Pick<GpuSeries, 'timeMs' | 'columns' | 'length' | 'index' | 'key'>[],
  options: PcieSumOptions = {},
): PcieSum {
  const windowS = options.windowS ?? DEFAULT_PCIE_WINDOW_S;
  check(Number.isFinite(windowS) && windowS > 0, 'window', windowS);
  const per: PcieGpu[] = gpus.map((g) => {
    const tx = columnStats(g.columns.pcieTxKBps);
    const rx = columnStats(g.columns.pcieRxKBps);
    const n = finiteOrNull;
    return {
      index: g.index,
      key: g.key,
      txAvailable: tx.count > 0,
      txMeanKBps: n(tx.mean),
      txMaxKBps: n(tx.max),
      rxMeanKBps: n(rx.mean),
      rxMaxKBps: n(rx.max),
    };
  });
  const durs = gpus.map((g) => sampleDurations(g.timeMs, options));
  const interval = durs.reduce((m, d) => Math.min(m, d.intervalS), Infinity);
  const gridS = options.gridS ?? Math.min(1, Number.isFinite(interval) ? interval : 1);
  check(Number.isFinite(gridS) && gridS > 0, 'grid step', gridS);
  // The grid covers only the stretches where some GPU has a reading, each padded with one window
  // before it (where the sum is NaN), so a log with a long hole (appended logs days or years
  // apart) does not get a point per second across the hole. Stretches closer than a window are
  // one stretch, so inside a stretch every figure equals that of a dense grid from the first sample.
  const stepMs = gridS * 1000;
  const windowMs = windowS * 1000;
  const covered: [number, number][] = [];
  gpus.forEach((g, k) => {
    const d = durs[k]!.durationS;
    for (let i = 0; i < g.length; i++) covered.push([g.timeMs[i]!, g.timeMs[i]! + d[i]! * 1000]);
  });
  covered.sort((a, b) => a[0] - b[0]);
  const start = covered.length ? covered[0]![0] : NaN;
  const segments: [number, number][] = [];
  for (const [a, b] of covered) {
    const last = segments[segments.length - 1];
    if (last !== undefined && a <= last[1] + windowMs + stepMs) last[1] = Math.max(last[1], b);
    else segments.push([a, b]);
  }
  /** Grid index ranges [from, to) of each stretch, on the grid start + j × step. */
  const ranges: [number, number][] = [];
  let points = 0;
  const w = Math.max(1, Math.round(windowS / gridS));
  for (const [a, b] of segments) {
    const from = Math.max(ranges.length ? ranges[ranges.length - 1]![1] : 0, Math.ceil((a - start) / stepMs - 1e-9) - w);
    const to = Math.max(from, Math.ceil((b - start) / stepMs - 1e-9));
    ranges.push([from, to]);
    points += to - from;
  }
  const timeMs = new Float64Array(points);
  /** Index in timeMs where each stretch begins. */
  const segStarts: number[] = [];
  let o = 0;
  for (const [from, to] of ranges) {
    segStarts.push(o);
    for (let j = from; j < to; j++) timeMs[o++] = start + j * stepMs;
  }

  const sumOf = (col: 'pcieTxKBps' | 'pcieRxKBps', use: boolean[]): Float64Array => {
    const sum = new Float64Array(points);
    if (!use.some(Boolean)) sum.fill(NaN);
    gpus.forEach((g, k) => {
      if (!use[k]) return;
      const v = g.columns[col];
      const d = durs[k]!.durationS;
      let i = 0;
      for (let j = 0; j < points; j++) {
        const tau = timeMs[j]!;
        while (i + 1 < g.length && g.timeMs[i + 1]! <= tau) i++;
        const t0 = g.timeMs[i]!;
        const inside = g.length > 0 && tau >= t0 && tau < t0 + d[i]! * 1000;
        sum[j] = sum[j]! + (inside ? v[i]! : NaN);
      }
    });
    return sum;
  };
  const moving = (sum: Float64Array): Float64Array => {
    const out = new Float64Array(points);
    segStarts.forEach((s0, k) => {
      const s1 = segStarts[k + 1] ?? points;
      let s = 0;
      let c = 0;
      for (let j = s0; j < s1; j++) {
        const add = sum[j]!;
        if (!Number.isNaN(add)) {
          s += add;
          c++;
        }
        if (j - s0 >= w) {
          const drop = sum[j - w]!;
          if (!Number.isNaN(drop)) {
            s -= drop;
            c--;
          }
        }
        out[j] = j - s0 >= w - 1 && c * 2 >= w ? s / c : NaN;
      }
    });
    return out;
  };
  const from = options.fromMs ?? -Infinity;
  const to = options.toMs ?? Infinity;
  const peakPlateau = (m: Float64Array): [number | null, number | null] => {
    let peak = -Infinity;
    const all = new Float64Array(points);
    let n = 0;
    for (let j = 0; j < points; j++) {
      const v = m[j]!;
      if (Number.isNaN(v)) continue;
      if (v > peak) peak = v;
      if (timeMs[j]! >= from && timeMs[j]! < to) all[n++] = v;
    }
    // a typed array sorts numerically without a comparator call per comparison
    const inSpan = all.subarray(0, n).sort();
    const med = inSpan.length
      ? inSpan.length % 2
        ? inSpan[inSpan.length >> 1]!
        : (inSpan[inSpan.length / 2 - 1]! + inSpan[inSpan.length / 2]!) / 2
      : NaN;
    return [Number.isFinite(peak) ? peak : null, Number.isFinite(med) ? med : null];
  };
  const txUse = per.map((p) => p.txAvailable);
  const rxUse = per.map((p) => p.rxMeanKBps !== null);
  const notes: string[] = [];
  if (!txUse.some(Boolean)) notes.push('TX is N/A in every sample (this driver or GPU does not report PCIe throughput): no TX figures');
  else if (!txUse.every(Boolean))
    notes.push(
      `TX is N/A on GPU ${per
        .filter((p) => !p.txAvailable)
        .map((p) => p.index)
        .join(', ')}: left out of the sum`,
    );
  if (!rxUse.some(Boolean)) notes.push('RX is N/A in every sample: no RX figures');
  const txSum = sumOf('pcieTxKBps', txUse);
  const rxSum = sumOf('pcieRxKBps', rxUse);
  const txMoving = moving(txSum);
  const rxMoving = moving(rxSum);
  const [txPeak, txPlateau] = txUse.some(Boolean) ? peakPlateau(txMoving) : [null, null];
  const [rxPeak, rxPlateau] = rxUse.some(Boolean) ? peakPlateau(rxMoving) : [null, null];
  return {
    windowS,
    gridS,
    txPeakKBps: txPeak,
    txPlateauKBps: txPlateau,
    rxPeakKBps: rxPeak,
    rxPlateauKBps: rxPlateau,
    note: notes.length ? notes.join('; ') : null,
    gpus: per,
    grid: { timeMs, txSumKBps: txSum, txMovingKBps: txMoving, rxSumKBps: rxSum, rxMovingKBps: rxMoving },
  };
}

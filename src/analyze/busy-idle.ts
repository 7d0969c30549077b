import { ckmeans, mean, median, standardDeviation } from 'simple-statistics';
import { check } from '../errors.js';
import type { GpuSeries } from '../series/types.js';
import { sampleDurations, type TimingOptions } from './sample-durations.js';
import { finite } from './stats.js';

/** Which signal makes a sample busy. */
export type BusySignal = 'power' | 'util' | 'both';

/** How the idle threshold was chosen. */
export type ThresholdMethod = 'user' | 'idle-floor+limit' | 'never-idle' | 'ckmeans' | 'one-level' | 'no-power';

export interface BusyIdleOptions extends TimingOptions {
  /** Power at or above which a sample is busy, W: overrides the automatic threshold. */
  idleBelowW?: number;
  /**
   * `power`: busy when power ≥ threshold. `util`: busy when utilisation ≥ `busyUtilPct`.
   * `both` (default): busy when power ≥ threshold, or when utilisation ≥ `busyUtilPct` while a
   * process is listed on the GPU (or the driver lists no processes at all). Power catches work
   * between utilisation readings; utilisation catches short kernels that a 1-s power average hides;
   * the process condition keeps a stale utilisation reading on an empty GPU (e.g. the first
   * sample of a log) from opening the active span.
   */
  busySignal?: BusySignal;
  /** Utilisation (%) at or above which a sample is busy. Default 1. */
  busyUtilPct?: number;
  /** Share of the headroom (limit − idle floor) added to the idle floor to give the threshold. Default 0.1. */
  headroomShare?: number;
  /** A GPU whose lowest power is above this share of its power limit never idled. Default 0.25. */
  idleCeilingShare?: number;
}

export interface BusyIdle {
  /** 1 busy, 0 idle, per row of the series. Rows with neither signal known are idle-unknown: 0 here and counted in `unknownS`. */
  busy: Uint8Array;
  /** Rows whose busy/idle state is known (1) or not (0: no power and no utilisation). */
  known: Uint8Array;
  /** Seconds each row stands for (see sampleDurations). */
  durationS: Float64Array;
  /** Power threshold used, W (busy at or above); null when power was not used or not available. */
  thresholdW: number | null;
  method: ThresholdMethod;
  /** One line: how the threshold was chosen, with its figures. */
  reason: string;
  signal: BusySignal;
  busyUtilPct: number;
  /** Idle floor (W): the lowest power reading another agrees with (see {@link idleFloor}); NaN without power. */
  floorW: number;
  /** Power limit used (median of the log's current limit), W; NaN when unknown. */
  limitW: number;
  gapThresholdS: number;
  intervalS: number;
}

/** Defaults of the busy/idle classification (docs/metrics.md says why each is what it is). */
export const BUSY_IDLE_DEFAULTS = {
  /** Utilisation (%) at or above which a sample is busy. */
  BUSY_UTIL_PCT: 1,
  /** Share of the headroom (limit − idle floor) added to the floor to give the idle threshold. */
  HEADROOM_SHARE: 0.1,
  /** A GPU whose idle floor is above this share of its power limit never idled. */
  IDLE_CEILING_SHARE: 0.25,
  /**
   * The idle floor is the lowest power reading that another reading agrees with (within
   * FLOOR_AGREE_W, or FLOOR_AGREE_SHARE of the power limit when that is more), not the lowest
   * reading: one glitched low reading cannot move the threshold. A GPU that idled for a single
   * sample in the whole log has that sample taken for an outlier.
   */
  FLOOR_AGREE_W: 10,
  FLOOR_AGREE_SHARE: 0.02,
} as const;

/**
 * The idle floor of a GPU's power readings (W): the lowest reading that another reading lies
 * within `agreeW` of; the lowest reading when none does (e.g. fewer than 2 readings); NaN when empty.
 *
 * @example idleFloor([5, 71, 72, 300, 310], 10) // 71: the lone 5 W glitch is not the floor
 */
export function idleFloor(powers: readonly number[], agreeW: number = BUSY_IDLE_DEFAULTS.FLOOR_AGREE_W): number {
  if (powers.length === 0) return NaN;
  const sorted = Float64Array.from(powers).sort();
  for (let i = 0; i + 1 < sorted.length; i++) if (sorted[i + 1]! - sorted[i]! <= agreeW) return sorted[i]!;
  return sorted[0]!;
}

const r1 = (v: number): string => (Math.round(v * 10) / 10).toString();

/**
 * Classifies each sample of one GPU as busy or idle, choosing the idle power threshold from the data.
 *
 * Automatic threshold (`method`):
 * - `idle-floor+limit` (power limit known): floor F = the lowest power reading that another
 *   reading agrees with (within 10 W or 2 % of the limit; see {@link idleFloor}); threshold
 *   T = F + headroomShare × (limit − F) (default 10 % of the headroom: 135.7 W for an H100 whose
 *   floor is 73 W and limit 700 W, above its ~125 W "context open, nothing running" level).
 * - `never-idle`: F is above idleCeilingShare × limit (default 25 %): the GPU never reached idle
 *   power, so T = F and every sample is busy by power.
 * - `ckmeans` (no limit): the two clusters of simple-statistics' ckmeans on power; used when they
 *   are far apart (gap between the clusters larger than 3 × the larger within-cluster standard
 *   deviation and the high cluster's mean at least 1.5 × the low one's). T = the midpoint of the gap.
 * - `one-level` (no limit, no such split): one power level. It counts as busy when its median
 *   utilisation is ≥ busyUtilPct, else idle; T = +∞ or −∞ accordingly.
 * - `no-power`: no power readings; utilisation alone decides.
 *
 * A GPU that never works comes out with no busy sample and one that never idles with no idle
 * sample, not a split of noise.
 *
 * @example
 * const c = busyIdle(log.gpus[0]!, { gapThresholdS: log.gapThresholdS, intervalS: log.intervalS });
 * c.thresholdW; // 135.7 on an H100 idling at 73 W
 */
export function busyIdle(series: Pick<GpuSeries, 'timeMs' | 'columns' | 'length'>, options: BusyIdleOptions = {}): BusyIdle {
  const signal = options.busySignal ?? 'both';
  check(signal === 'power' || signal === 'util' || signal === 'both', 'busy signal', signal);
  const utilMin = options.busyUtilPct ?? BUSY_IDLE_DEFAULTS.BUSY_UTIL_PCT;
  check(Number.isFinite(utilMin) && utilMin > 0 && utilMin <= 100, 'busy utilisation', utilMin);
  const headroom = options.headroomShare ?? BUSY_IDLE_DEFAULTS.HEADROOM_SHARE;
  check(headroom > 0 && headroom < 1, 'headroom share', headroom);
  const ceiling = options.idleCeilingShare ?? BUSY_IDLE_DEFAULTS.IDLE_CEILING_SHARE;
  check(ceiling > 0 && ceiling < 1, 'idle ceiling share', ceiling);
  if (options.idleBelowW !== undefined)
    check(Number.isFinite(options.idleBelowW) && options.idleBelowW > 0, 'idle below', options.idleBelowW);

  const n = series.length;
  const p = series.columns.powerW;
  const u = series.columns.gpuUtilPct;
  const dur = sampleDurations(series.timeMs, options);
  const powers = finite(p);
  const limits = finite(series.columns.powerLimitW);
  const limitW = limits.length ? median(limits) : NaN;
  let minW = Infinity;
  for (const v of powers) if (v < minW) minW = v;
  const { T, method, reason, floorW } = powerThreshold(
    {
      count: powers.length,
      floorW: idleFloor(powers, floorAgreeW(limitW)),
      minW,
      limitW,
      evenSorted: () => evenSample(powers, CKMEANS_MAX_VALUES),
      medianW: () => median(powers),
      medianUtilPct: () => {
        const utils = finite(u);
        return utils.length ? median(utils) : NaN;
      },
    },
    options,
  );

  const busy = new Uint8Array(n);
  const known = new Uint8Array(n);
  const procs = series.columns.processCount;
  const usePower = signal !== 'util' && !Number.isNaN(T);
  const useUtil = signal === 'util' || signal === 'both' || Number.isNaN(T);
  const rule: SampleRule = { T, usePower, useUtil, signal, utilMin, hasPowers: powers.length > 0 };
  for (let i = 0; i < n; i++) {
    const c = classifySample(p[i]!, u[i]!, procs[i]!, rule);
    if (c === 0) continue;
    known[i] = 1;
    if (c === 2) busy[i] = 1;
  }
  return {
    busy,
    known,
    durationS: dur.durationS,
    thresholdW: usePower && Number.isFinite(T) ? T : null,
    method,
    reason,
    signal,
    busyUtilPct: utilMin,
    floorW,
    limitW,
    gapThresholdS: dur.gapThresholdS,
    intervalS: dur.intervalS,
  };
}

/** How one sample is classified: the threshold and which signals count (see {@link classifySample}). */
export interface SampleRule {
  /** Power threshold, W (busy at or above); NaN when power is not used. */
  T: number;
  usePower: boolean;
  useUtil: boolean;
  signal: BusySignal;
  utilMin: number;
  /** Whether the GPU has any power reading. */
  hasPowers: boolean;
}

/**
 * One sample's state under a rule: 0 unknown, 1 idle, 2 busy (the per-sample step of
 * {@link busyIdle}, shared with the running classification of a live log).
 *
 * @example classifySample(300, 100, 1, { T: 135.7, usePower: true, useUtil: true, signal: 'both', utilMin: 1, hasPowers: true }) // 2
 */
export function classifySample(powerW: number, utilPct: number, processCount: number, rule: SampleRule): 0 | 1 | 2 {
  const pk = rule.usePower && !Number.isNaN(powerW);
  let uk = rule.useUtil && !Number.isNaN(utilPct) && (rule.signal !== 'both' || !(processCount === 0));
  // a sample whose power is missing (dropped as impossible, N/A once) in a log that has power:
  // utilisation can show it busy, but its 0 % cannot show it idle (power catches busy-by-power work)
  if (rule.usePower && !pk && uk && utilPct < rule.utilMin && rule.hasPowers) uk = false;
  if (!pk && !uk) return 0;
  return (pk && powerW >= rule.T) || (uk && utilPct >= rule.utilMin) ? 2 : 1;
}

/** At most this many power readings (spread evenly over the sorted readings) go into ckmeans. */
export const CKMEANS_MAX_VALUES = 4000;

/** How far (W) another reading may lie from the idle floor and agree with it, given the power limit (NaN when unknown). */
export function floorAgreeW(limitW: number): number {
  return Math.max(BUSY_IDLE_DEFAULTS.FLOOR_AGREE_W, Number.isFinite(limitW) ? BUSY_IDLE_DEFAULTS.FLOOR_AGREE_SHARE * limitW : 0);
}

/** What {@link powerThreshold} chooses from: a GPU's power readings, summarised. */
export interface PowerLevels {
  /** Finite power readings. */
  count: number;
  /** Idle floor (see {@link idleFloor}), W; NaN without readings. */
  floorW: number;
  /** Lowest reading, W. */
  minW: number;
  /** Power limit (median of the readings' limits), W; NaN when unknown. */
  limitW: number;
  /** The readings sorted, at most {@link CKMEANS_MAX_VALUES} spread evenly (asked only without a limit). */
  evenSorted: () => number[];
  /** Median reading, W (asked only without a limit). */
  medianW: () => number;
  /** Median utilisation, %; NaN without readings (asked only without a limit). */
  medianUtilPct: () => number;
}

/** The power threshold (busy at or above T, W; NaN when power is not used) and how it was chosen. */
export interface PowerThreshold {
  T: number;
  method: ThresholdMethod;
  reason: string;
  floorW: number;
  limitW: number;
}

/**
 * Chooses the idle power threshold from a GPU's power levels: the rule {@link busyIdle} applies,
 * shared with the running classification of a live log (`LiveLog`) so both choose alike.
 *
 * @example powerThreshold({ count: 3, floorW: 73, minW: 73, limitW: 700, evenSorted: () => [], medianW: () => NaN, medianUtilPct: () => NaN }).T // 135.7
 */
export function powerThreshold(levels: PowerLevels, options: BusyIdleOptions = {}): PowerThreshold {
  const utilMin = options.busyUtilPct ?? BUSY_IDLE_DEFAULTS.BUSY_UTIL_PCT;
  const headroom = options.headroomShare ?? BUSY_IDLE_DEFAULTS.HEADROOM_SHARE;
  const ceiling = options.idleCeilingShare ?? BUSY_IDLE_DEFAULTS.IDLE_CEILING_SHARE;
  const { floorW, limitW } = levels;
  let T = NaN;
  let method: ThresholdMethod;
  let reason: string;
  if (options.idleBelowW !== undefined) {
    T = options.idleBelowW;
    method = 'user';
    reason = `idle below ${r1(T)} W (given)`;
  } else if (levels.count === 0) {
    method = 'no-power';
    reason = 'no power readings: utilisation alone decides';
  } else if (Number.isFinite(limitW) && limitW > 0) {
    if (floorW > ceiling * limitW) {
      T = levels.minW; // every sample busy by power
      method = 'never-idle';
      reason = `lowest power ${r1(floorW)} W is above ${Math.round(ceiling * 100)} % of the ${r1(limitW)} W limit: never idle`;
    } else {
      T = floorW + headroom * (limitW - floorW);
      method = 'idle-floor+limit';
      reason = `idle floor ${r1(floorW)} W + ${Math.round(headroom * 100)} % of the headroom to the ${r1(limitW)} W limit`;
    }
  } else {
    const split = levels.count >= 4 ? ckmeans(levels.evenSorted(), 2) : [];
    const lo = split[0] ?? [];
    const hi = split[1] ?? [];
    const sd = (a: number[]): number => (a.length > 1 ? standardDeviation(a) : 0);
    const loMax = lo[lo.length - 1] ?? NaN;
    const hiMin = hi[0] ?? NaN;
    const gap = hiMin - loMax;
    // two levels: well apart, or (readings spread over a ramp, as a 1-s log of short kernels
    // gives) the upper level half again the lower and its lowest reading a quarter above the
    // lower level's median
    const twoLevels =
      lo.length > 0 &&
      hi.length > 0 &&
      gap > 0 &&
      mean(hi) >= 1.5 * mean(lo) &&
      (gap > 3 * Math.max(sd(lo), sd(hi)) || hiMin >= 1.25 * median(lo));
    if (twoLevels) {
      T = (loMax + hiMin) / 2;
      method = 'ckmeans';
      reason = `ckmeans split of power: idle ≤ ${r1(loMax)} W, busy ≥ ${r1(hiMin)} W`;
    } else {
      const mu = levels.medianUtilPct();
      const busyLevel = mu >= utilMin;
      T = busyLevel ? -Infinity : Infinity;
      method = 'one-level';
      reason = `one power level (median ${r1(levels.medianW())} W, no power limit to compare with) and ${busyLevel ? 'median utilisation ≥' : 'utilisation mostly below'} ${utilMin} %: all ${busyLevel ? 'busy' : 'idle'}`;
    }
  }
  return { T, method, reason, floorW, limitW };
}

/** At most `max` values spread evenly over the sorted values (ckmeans is quadratic-ish in n). */
function evenSample(values: number[], max: number): number[] {
  const sorted = values.slice().sort((a, b) => a - b);
  if (sorted.length <= max) return sorted;
  const out: number[] = [];
  for (let k = 0; k < max; k++) out.push(sorted[Math.round((k * (sorted.length - 1)) / (max - 1))]!);
  return out;
}

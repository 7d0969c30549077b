import { METRIC_INDEX, type MetricKey } from '../parse/fields.js';
import { GrowingColumn } from '../series/growable.js';
import type { LiveTiming } from '../series/live-timing.js';
import { impossibleReason, READING_BOUNDS } from '../series/reading-bounds.js';
import { SortedCounts } from '../series/sorted-counts.js';
import { ActivityTally } from './activity-tally.js';
import {
  BUSY_IDLE_DEFAULTS,
  CKMEANS_MAX_VALUES,
  classifySample,
  floorAgreeW,
  powerThreshold,
  type BusyIdleOptions,
  type PowerThreshold,
  type SampleRule,
  type BusyIdle,
} from './busy-idle.js';
import type { DutyCycle } from './duty-cycle.js';
import type { IdleGaps } from './idle-gaps.js';
import { RunningIdleFloor } from './running-idle-floor.js';

/** Options of a live log: those of the busy/idle classification (the log's own timing is used). */
export type LiveLogOptions = Omit<BusyIdleOptions, 'gapThresholdS' | 'intervalS'>;

/**
 * What the live line and the summary show for one GPU: the figures `summarize` gives for the
 * documents read so far, named and meant as in DutyCycle, BusyIdle and IdleGaps.
 */
export interface LiveGpuState
  extends Pick<
      DutyCycle,
      'dutyCycle' | 'dutyCycleWholeLog' | 'activeStartMs' | 'activeEndMs' | 'activeSpanS' | 'loggingGapS' | 'busyS' | 'knownActiveS'
    >,
    Pick<BusyIdle, 'thresholdW' | 'method' | 'floorW' | 'limitW'> {
  index: number;
  key: string;
  name: string | null;
  samples: number;
  /** The last sample's power (W) and utilisation (%); NaN when missing or impossible. */
  powerW: number;
  utilPct: number;
  state: 'busy' | 'idle' | 'unknown';
  /** Seconds of the current run of samples that are not busy (0 when busy). */
  idleStreakS: number;
  /** Idle gaps inside the active span so far. */
  idleGaps: Pick<IdleGaps, 'count' | 'totalS' | 'longestS'>;
}

/**
 * Without a power limit, the two-level power split (ckmeans over up to 4000 readings, ~1.5 ms) is
 * chosen again once the GPU's samples have grown by this share since it was last chosen (every
 * sample up to 128), and always for `summary()`; with a limit, or one given, the threshold is
 * chosen after every sample.
 */
export const LIVE_SPLIT_REFRESH_SHARE = 1 / 64;

const B = READING_BOUNDS;
/** Resolution (ms) of the steps kept to see whether a moved gap threshold passes one. */
const STEP_QUANTUM_MS = 1e-3;

/**
 * One GPU of a live log: the columns the running figures need (document, power as logged,
 * utilisation, process count), the power levels the idle threshold is chosen from, and the
 * running sums of the rows whose durations are settled.
 */
export class LiveGpu {
  readonly key: string;
  readonly index: number;
  name: string | null;
  private readonly doc = new GrowingColumn();
  private readonly rawPower = new GrowingColumn();
  private readonly power = new GrowingColumn();
  private readonly util = new GrowingColumn();
  private readonly procs = new GrowingColumn();
  private readonly limits = new SortedCounts();
  private readonly utils = new SortedCounts();
  /** Powers sorted, kept only while no power limit is known (the split without a limit needs them). */
  private sortedPowers: SortedCounts | null = new SortedCounts();
  private floor = new RunningIdleFloor(floorAgreeW(NaN));
  private powerCount = 0;
  /** Sane power readings per 1-W bin (the highest bin holds everything above). */
  private readonly powerBins = new Int32Array(Math.ceil(B.POWER_LIMIT_FACTOR * B.POWER_LIMIT_MAX_W) + 1);
  private minPower = Infinity;
  /** Highest sane power limit (either kind) seen: power above 1.5 × it is impossible. */
  private maxLimit = -Infinity;
  private split: { T: PowerThreshold; at: number } | null = null;
  /** Rows whose durations are settled and in `tally`, and what they were counted with. */
  private tally = new ActivityTally();
  private counted = 0;
  private rule: SampleRule | null = null;
  private countedGapThresholdS = NaN;
  /** Times the rows were counted again (the threshold or gap threshold moved past a row): a cost to watch, not a figure. */
  recounts = 0;
  /** Set when readings were read again (a new power limit moved the bound): every row is counted again. */
  private recount = false;
  /** Steps (ms) from each counted row to the next: whether a moved gap threshold passes one. */
  private steps = new SortedCounts(STEP_QUANTUM_MS);

  constructor(key: string, index: number, name: string | null) {
    this.key = key;
    this.index = index;
    this.name = name;
  }

  /** Rows (samples) of this GPU. */
  get length(): number {
    return this.doc.length;
  }

  /**
   * Adds one row: the document it is in and its readings (METRICS order). Impossible readings
   * are dropped by readLog's rule (`impossibleReason`), each reported through `warn`.
   */
  add(docIndex: number, values: Float64Array, warn: (key: MetricKey, value: number, why: string) => void): void {
    this.doc.push(docIndex);
    let limitChanged = false;
    for (const key of ['powerLimitW', 'enforcedPowerLimitW'] as const) {
      const v = values[METRIC_INDEX[key]]!;
      if (Number.isNaN(v)) continue;
      const why = impossibleReason(key, v);
      if (why !== null) {
        warn(key, v, why);
        continue;
      }
      if (key === 'powerLimitW') {
        const before = floorAgreeW(this.limits.median());
        this.limits.add(v);
        if (floorAgreeW(this.limits.median()) !== before) limitChanged = true;
      }
      if (v > this.maxLimit) {
        this.maxLimit = v; // the power bound moves with it
        limitChanged = true;
      }
    }
    if (this.limits.size > 0) this.sortedPowers = null;
    const p = values[METRIC_INDEX.powerW]!;
    const powerWhy = impossibleReason('powerW', p, this.maxLimit);
    if (powerWhy !== null) warn('powerW', p, powerWhy);
    this.rawPower.push(p);
    if (limitChanged) {
      // the power bound or the floor's tolerance moved: every power reading is read again
      this.power.push(NaN);
      this.rebuildPowers();
    } else {
      const ok = powerWhy === null ? p : NaN;
      this.power.push(ok);
      this.notePower(ok);
    }
    this.util.push(this.sane('gpuUtilPct', values, warn));
    const u = this.util.data[this.util.length - 1]!;
    if (!Number.isNaN(u)) this.utils.add(u);
    this.procs.push(this.sane('processCount', values, warn));
  }

  /** A reading, or NaN (with a warning) where it is impossible. */
  private sane(key: MetricKey, values: Float64Array, warn: (key: MetricKey, value: number, why: string) => void): number {
    const v = values[METRIC_INDEX[key]]!;
    const why = impossibleReason(key, v);
    if (why === null) return v;
    warn(key, v, why);
    return NaN;
  }

  /**
   * Whether any row's power could be classified differently under thresholds a and b (W): rows
   * are counted in 1-W bins, so a threshold that moves by a fraction of a watt past no reading
   * costs nothing, while one that passes a reading (or is not finite) has every row counted again.
   */
  private anyPowerBetween(a: number, b: number): boolean {
    if (!Number.isFinite(a) || !Number.isFinite(b)) return true;
    const lo = Math.max(0, Math.floor(Math.min(a, b)));
    const hi = Math.min(this.powerBins.length - 1, Math.floor(Math.max(a, b)));
    for (let w = lo; w <= hi; w++) if (this.powerBins[w]! > 0) return true;
    return false;
  }

  private sanePower(p: number): number {
    return impossibleReason('powerW', p, this.maxLimit) === null ? p : NaN;
  }

  private notePower(p: number): void {
    if (Number.isNaN(p)) return;
    this.powerCount++;
    if (p < this.minPower) this.minPower = p;
    this.powerBins[Math.min(this.powerBins.length - 1, Math.floor(p))]!++;
    this.floor.add(p);
    this.sortedPowers?.add(p);
  }

  private rebuildPowers(): void {
    this.powerCount = 0;
    this.minPower = Infinity;
    this.powerBins.fill(0);
    this.floor = new RunningIdleFloor(floorAgreeW(this.limits.median()));
    if (this.sortedPowers !== null) this.sortedPowers = new SortedCounts();
    this.split = null;
    this.recount = true;
    const raw = this.rawPower.data;
    const pw = this.power.data;
    for (let i = 0; i < this.rawPower.length; i++) {
      pw[i] = this.sanePower(raw[i]!);
      this.notePower(pw[i]!);
    }
  }

  /** The idle threshold for the readings so far (`exact`: choose the split without a limit again now). */
  threshold(options: LiveLogOptions, exact = false): PowerThreshold {
    const limitW = this.limits.median();
    const levels = {
      count: this.powerCount,
      floorW: this.floor.floorW,
      minW: this.minPower,
      limitW,
      evenSorted: () => this.sortedPowers?.evenSample(CKMEANS_MAX_VALUES) ?? [],
      medianW: () => this.sortedPowers?.median() ?? NaN,
      medianUtilPct: () => this.utils.median(),
    };
    const withoutLimit = options.idleBelowW === undefined && this.powerCount > 0 && !(limitW > 0);
    if (!withoutLimit) return powerThreshold(levels, options);
    const s = this.split;
    const n = this.doc.length;
    if (!exact && s !== null && n - s.at < Math.max(1, s.at * LIVE_SPLIT_REFRESH_SHARE)) return s.T;
    const T = powerThreshold(levels, options);
    this.split = { T, at: n };
    return T;
  }

  /**
   * This GPU's figures with the log's timing of the moment. Rows whose durations are settled
   * (their next row's time is final) are counted once into running sums; the rest (the rows of
   * the last second, and the last row) are added to a copy each time. When the threshold or
   * the gap threshold moves past a row it held, the rows are counted again (rare: the idle floor
   * only falls, and a 1-Hz log's gap threshold stays put).
   */
  state(timing: LiveTiming, options: LiveLogOptions, exact = false): LiveGpuState {
    const th = this.threshold(options, exact);
    const signal = options.busySignal ?? 'both';
    const rule: SampleRule = {
      T: th.T,
      usePower: signal !== 'util' && !Number.isNaN(th.T),
      useUtil: signal === 'util' || signal === 'both' || Number.isNaN(th.T),
      signal,
      utilMin: options.busyUtilPct ?? BUSY_IDLE_DEFAULTS.BUSY_UTIL_PCT,
      hasPowers: this.powerCount > 0,
    };
    const t = timing.timing();
    const intervalS = Number.isFinite(t.intervalS) ? t.intervalS : 1;
    const gapS = Number.isFinite(t.gapThresholdS) ? t.gapThresholdS : Infinity;
    const r = this.rule;
    const ruleMoved =
      r === null ||
      (!Object.is(r.T, rule.T) && this.anyPowerBetween(r.T, rule.T)) || // NaN (no power) equals NaN here
      r.usePower !== rule.usePower ||
      r.useUtil !== rule.useUtil ||
      r.hasPowers !== rule.hasPowers ||
      r.signal !== rule.signal ||
      r.utilMin !== rule.utilMin;
    const g0 = this.countedGapThresholdS;
    const gapMoved =
      g0 !== gapS && this.steps.anyIn(Math.min(g0, gapS) * 1000 - STEP_QUANTUM_MS, Math.max(g0, gapS) * 1000 + STEP_QUANTUM_MS);
    if (ruleMoved || gapMoved || this.recount) {
      if (this.counted > 0) this.recounts++;
      this.recount = false;
      this.tally = new ActivityTally();
      this.counted = 0;
      this.steps = new SortedCounts(STEP_QUANTUM_MS);
    }
    this.rule = rule;
    this.countedGapThresholdS = gapS;
    const n = this.doc.length;
    const docs = this.doc.data;
    // a row is settled once the row after it has a settled time
    while (this.counted + 1 < n && docs[this.counted + 1]! < timing.groupStart) {
      this.count(this.tally, this.counted, timing, rule, gapS, true);
      this.counted++;
    }
    const tally = this.tally.clone();
    for (let i = this.counted; i < n; i++) this.count(tally, i, timing, rule, gapS, false);
    return this.figures(tally, rule, th, intervalS);
  }

  private count(tally: ActivityTally, i: number, timing: LiveTiming, rule: SampleRule, gapS: number, settled: boolean): void {
    const n = this.doc.length;
    const time = timing.time(this.doc.data[i]!);
    const state = classifySample(this.power.data[i]!, this.util.data[i]!, this.procs.data[i]!, rule);
    if (i + 1 >= n) {
      tally.push(i, state, time, 0, 1, NaN); // the last row stands for one interval
      return;
    }
    const stepMs = timing.time(this.doc.data[i + 1]!) - time;
    if (settled && stepMs > 0) this.steps.add(stepMs);
    const step = stepMs / 1000;
    if (step > 0 && step <= gapS) tally.push(i, state, time, step, 0, NaN);
    else if (step > 0) tally.push(i, state, time, 0, 1, stepMs);
    else tally.push(i, state, time, 0, 0, NaN);
  }

  private figures(c: ActivityTally, rule: SampleRule, th: PowerThreshold, I: number): LiveGpuState {
    const n = this.doc.length;
    const v = (s: number, k: number): number => s + k * I;
    const last = n - 1;
    const lastState = last >= 0 ? classifySample(this.power.data[last]!, this.util.data[last]!, this.procs.data[last]!, rule) : 0;
    const knownAll = v(c.knownS, c.knownK);
    const worked = c.first >= 0;
    const busyS = v(c.busyS, c.busyK);
    const knownActiveS = worked ? v(c.knownThroughS - c.knownBeforeS, c.knownThroughK - c.knownBeforeK) : 0;
    return {
      index: this.index,
      key: this.key,
      name: this.name,
      samples: n,
      powerW: last >= 0 ? this.power.data[last]! : NaN,
      utilPct: last >= 0 ? this.util.data[last]! : NaN,
      state: lastState === 0 ? 'unknown' : lastState === 2 ? 'busy' : 'idle',
      idleStreakS: v(c.streakS, c.streakK),
      dutyCycle: worked ? busyS / knownActiveS : knownAll > 0 ? 0 : NaN,
      dutyCycleWholeLog: worked ? busyS / knownAll : knownAll > 0 ? 0 : NaN,
      activeStartMs: worked ? c.firstTime : NaN,
      activeEndMs: worked ? c.lastTime + v(c.lastDurS, c.lastDurK) * 1000 : NaN,
      activeSpanS: worked ? v(c.recThroughS - c.recBeforeS, c.recThroughK - c.recBeforeK) : 0,
      loggingGapS: worked ? c.gapThroughS - c.gapBeforeS - (c.gapThroughK - c.gapBeforeK) * I : 0,
      busyS,
      knownActiveS,
      thresholdW: rule.usePower && Number.isFinite(th.T) ? th.T : null,
      method: th.method,
      floorW: th.floorW,
      limitW: th.limitW,
      idleGaps: {
        count: c.gaps,
        totalS: v(c.gapsS, c.gapsK),
        longestS: c.gaps > 0 ? Math.max(c.long0, c.long1 + I) : 0,
      },
    };
  }
}

import type { TelemetryWarning, WarningCode } from '../errors.js';
import { METRICS, METRIC_INDEX, METRIC_KEYS, type MetricKey } from '../parse/fields.js';
import type { Sample } from '../parse/sample.js';
import { parseWallTime, ZoneClock } from '../parse/timestamp.js';
import { gpuKeys } from '../series/gpu-keys.js';
import { estimateInterval, spreadWithinSeconds } from '../series/timing.js';
import { dutyCycle, type DutyCycle } from './duty-cycle.js';
import { idleGaps, type IdleGaps } from './idle-gaps.js';
import { finiteOrNull } from './stats.js';

/**
 * Live reading: the running state of a log that is still being written, fed one parsed document
 * (`Sample`) at a time — what `mc2-telemetry watch` draws, usable from a script or notebook that
 * follows a log itself (with `tailFile` and `DocumentSplitter`, or any source of samples). GPUs
 * are keyed as readLog keys them, and each GPU's state uses the same busy/idle classification,
 * duty cycle and idle gaps as `summarize`, over the samples read so far (recomputed on each
 * `state()` call: its cost grows with the history).
 */

/** One GPU's columns so far (grown by doubling). */
export class LiveGpu {
  readonly key: string;
  readonly index: number;
  name: string | null;
  length = 0;
  rawTimes: Float64Array = new Float64Array(64);
  cols: Float64Array[] = Array.from({ length: METRICS.length }, () => new Float64Array(64));

  constructor(key: string, index: number, name: string | null) {
    this.key = key;
    this.index = index;
    this.name = name;
  }

  add(rawMs: number, values: Float64Array): void {
    if (this.length === this.rawTimes.length) {
      const grow = (a: Float64Array): Float64Array<ArrayBuffer> => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.rawTimes = grow(this.rawTimes);
      this.cols = this.cols.map(grow);
    }
    this.rawTimes[this.length] = rawMs;
    for (let i = 0; i < METRICS.length; i++) this.cols[i]![this.length] = values[i]!;
    this.length++;
  }

  /** The series so far, in the shape the analyses take (views, no copy of the columns). */
  series(): { timeMs: Float64Array; columns: Record<MetricKey, Float64Array>; length: number } {
    const n = this.length;
    const columns = {} as Record<MetricKey, Float64Array>;
    METRIC_KEYS.forEach((k, i) => {
      columns[k] = this.cols[i]!.subarray(0, n);
    });
    return { timeMs: spreadWithinSeconds(this.rawTimes.subarray(0, n)), columns, length: n };
  }
}

/** What the live line and the summary show for one GPU. */
export interface LiveGpuState {
  index: number;
  key: string;
  name: string | null;
  samples: number;
  powerW: number;
  utilPct: number;
  state: 'busy' | 'idle' | 'unknown';
  /** Seconds of the current run of idle samples (0 when busy). */
  idleStreakS: number;
  duty: DutyCycle;
  gaps: IdleGaps;
}

/** Summary printed on exit (`--json` prints this object). */
export interface WatchSummary {
  file: string;
  documents: number;
  damagedDocuments: number;
  /** Times the file started over (truncated, replaced or rewritten). */
  restarts: number;
  warningCounts: Partial<Record<WarningCode, number>>;
  gpus: {
    index: number;
    key: string;
    name: string | null;
    samples: number;
    dutyCycle: number | null;
    dutyCycleWholeLog: number | null;
    activeSpanS: number;
    idleThresholdW: number | null;
    idleGaps: { count: number; totalS: number; longestS: number };
  }[];
}

/**
 * Follows a live nvidia-smi log: documents are cut from the growing file as their last block lands
 * and each GPU's state is recomputed with the same busy/idle classification, duty cycle and idle
 * gaps as `summarize` (src/analyze/), over the samples read so far.
 */
/**
 * The running state of a live log: `add(sample)` for each document as it is parsed, `warn(w)` for
 * each reader warning, `state(gpu)` for a GPU's live figures and `summary(file)` for the whole.
 *
 * @example
 * const live = new LiveLog('UTC');
 * for await (const d of splitDocuments(chunks)) live.add(parseDocument(d.bytes, { ordinal: d.ordinal, offset: d.offset }));
 * live.summary('h200-folder24.xml.gz').gpus[0]?.dutyCycle; // 1 (one process, never idle inside its span)
 */
export class LiveLog {
  readonly gpus = new Map<string, LiveGpu>();
  documents = 0;
  damaged = 0;
  restarts = 0;
  readonly warningCounts: Partial<Record<WarningCode, number>> = {};
  private readonly clock: ZoneClock;
  private lastRaw = NaN;

  constructor(
    timeZone: string,
    private readonly analyze: { idleBelowW?: number; busySignal?: 'power' | 'util' | 'both' } = {},
  ) {
    this.clock = new ZoneClock(timeZone);
  }

  warn(w: TelemetryWarning): void {
    this.warningCounts[w.code] = (this.warningCounts[w.code] ?? 0) + 1;
    if (w.code === 'TRUNCATED_DOCUMENT' || w.code === 'CORRUPT_DOCUMENT' || w.code === 'DOCUMENT_TOO_LARGE') this.damaged++;
  }

  add(s: Sample): void {
    this.documents++;
    const wall = s.timestamp === null ? null : parseWallTime(s.timestamp);
    const raw = wall === null ? this.lastRaw : this.clock.toEpochMs(wall);
    if (!Number.isNaN(raw)) this.lastRaw = raw;
    // keyed as readLog keys them (two GPUs sharing a UUID stay two series)
    const keys = gpuKeys(s);
    s.gpus.forEach((g, k) => {
      const key = keys[k];
      if (key === null || key === undefined) return;
      let live = this.gpus.get(key);
      if (live === undefined) {
        live = new LiveGpu(key, this.gpus.size, g.identity.name);
        this.gpus.set(key, live);
      }
      live.add(raw, g.values);
    });
  }

  state(g: LiveGpu): LiveGpuState {
    const series = g.series();
    const timing = estimateInterval(series.timeMs);
    const opts = {
      ...this.analyze,
      ...(Number.isFinite(timing.intervalS) ? { intervalS: timing.intervalS, gapThresholdS: timing.gapThresholdS } : {}),
    };
    const duty = dutyCycle(series, opts);
    const gaps = idleGaps(series, { ...opts, duty });
    const c = duty.classification;
    const last = g.length - 1;
    let streak = 0;
    for (let i = last; i >= 0 && c.busy[i] === 0; i--) streak += c.durationS[i]!;
    const known = last >= 0 && c.known[last] === 1;
    return {
      index: g.index,
      key: g.key,
      name: g.name,
      samples: g.length,
      powerW: last >= 0 ? g.cols[METRIC_INDEX.powerW]![last]! : NaN,
      utilPct: last >= 0 ? g.cols[METRIC_INDEX.gpuUtilPct]![last]! : NaN,
      state: !known ? 'unknown' : c.busy[last] === 1 ? 'busy' : 'idle',
      idleStreakS: streak,
      duty,
      gaps,
    };
  }

  summary(file: string): WatchSummary {
    const num = finiteOrNull;
    return {
      file,
      documents: this.documents,
      damagedDocuments: this.damaged,
      restarts: this.restarts,
      warningCounts: this.warningCounts,
      gpus: [...this.gpus.values()].map((g) => {
        const s = this.state(g);
        return {
          index: s.index,
          key: s.key,
          name: s.name,
          samples: s.samples,
          dutyCycle: num(s.duty.dutyCycle),
          dutyCycleWholeLog: num(s.duty.dutyCycleWholeLog),
          activeSpanS: s.duty.activeSpanS,
          idleThresholdW: s.duty.classification.thresholdW,
          idleGaps: { count: s.gaps.count, totalS: s.gaps.totalS, longestS: s.gaps.longestS },
        };
      }),
    };
  }
}

import type { TelemetryWarning, WarningCode } from '../errors.js';
import type { Sample } from '../parse/sample.js';
import { DocumentClock } from '../series/document-clock.js';
import { duplicateGpuWarning, gpuKeys } from '../series/gpu-keys.js';
import { LiveTiming } from '../series/live-timing.js';
import { impossibleValueWarning } from '../series/reading-bounds.js';
import { LiveGpu, type LiveGpuState, type LiveLogOptions } from './live-gpu.js';
import { finiteOrNull } from './stats.js';

export type { LiveGpuState, LiveLogOptions } from './live-gpu.js';

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
 * The running state of a log that is still being written, fed one parsed document (`Sample`) at a
 * time: what `mc2-telemetry watch` draws, usable from a script or notebook (see `followLog`).
 * After every document each GPU's figures equal those `summarize` gives for the documents read so
 * far — the same document times, GPU keys, impossible readings dropped, idle threshold, busy/idle
 * classification, duty cycle, active span and idle gaps — at a cost per document that does not
 * grow with the history (bench/watch.mjs).
 *
 * @example
 * const live = new LiveLog();
 * for await (const d of splitDocuments(chunks)) live.add(parseDocument(d.bytes, { ordinal: d.ordinal, offset: d.offset }));
 * live.summary('h200-folder24.xml.gz').gpus[0]?.dutyCycle; // 1 (one process, never idle inside its span)
 */
export class LiveLog {
  readonly gpus = new Map<string, LiveGpu>();
  documents = 0;
  damaged = 0;
  restarts = 0;
  readonly warningCounts: Partial<Record<WarningCode, number>> = {};
  readonly timing = new LiveTiming();
  private readonly clock: DocumentClock;
  private readonly options: LiveLogOptions;
  private readonly onWarning: ((w: TelemetryWarning) => void) | undefined;

  constructor(options: LiveLogOptions & { timeZone?: string; onWarning?: (w: TelemetryWarning) => void } = {}) {
    const { timeZone, onWarning, ...rest } = options;
    this.options = rest;
    this.onWarning = onWarning;
    this.clock = new DocumentClock(timeZone ?? 'UTC', (w) => this.warn(w));
  }

  /** Counts a warning (the reader's or the log's own). */
  warn(w: TelemetryWarning): void {
    this.warningCounts[w.code] = (this.warningCounts[w.code] ?? 0) + 1;
    if (w.code === 'TRUNCATED_DOCUMENT' || w.code === 'CORRUPT_DOCUMENT' || w.code === 'DOCUMENT_TOO_LARGE') this.damaged++;
    this.onWarning?.(w);
  }

  /** Adds one parsed document. */
  add(s: Sample): void {
    this.documents++;
    this.timing.add(this.clock.timeOf(s));
    const docIndex = this.timing.length - 1;
    // keyed as readLog keys them (two GPUs sharing a UUID stay two series)
    const keys = gpuKeys(s);
    s.gpus.forEach((g, k) => {
      const key = keys[k];
      if (key === null || key === undefined) {
        this.warn(duplicateGpuWarning(s, k));
        return;
      }
      let live = this.gpus.get(key);
      if (live === undefined) {
        live = new LiveGpu(key, this.gpus.size, g.identity.name);
        this.gpus.set(key, live);
      }
      live.name ??= g.identity.name;
      live.add(docIndex, g.values, (field, value, why) => this.warn(impossibleValueWarning(key, field, value, s.ordinal, why)));
    });
  }

  /** Every GPU's figures, in order of first appearance. */
  states(): LiveGpuState[] {
    return [...this.gpus.values()].map((g) => g.state(this.timing, this.options));
  }

  /** The summary of the log so far (without a power limit, the idle split is chosen afresh). */
  summary(file: string): WatchSummary {
    const num = finiteOrNull;
    return {
      file,
      documents: this.documents,
      damagedDocuments: this.damaged,
      restarts: this.restarts,
      warningCounts: this.warningCounts,
      gpus: [...this.gpus.values()].map((g) => {
        const s = g.state(this.timing, this.options, true);
        return {
          index: s.index,
          key: s.key,
          name: s.name,
          samples: s.samples,
          dutyCycle: num(s.dutyCycle),
          dutyCycleWholeLog: num(s.dutyCycleWholeLog),
          activeSpanS: s.activeSpanS,
          idleThresholdW: s.thresholdW,
          idleGaps: s.idleGaps,
        };
      }),
    };
  }
}

import { LogBuilder, analyzeLog, readLog, type LiveGpuState, type Sample } from '../../src/advanced.js';

/**
 * The figures a live log shows, worked out by the whole-log path (LogBuilder + analyzeLog) for the
 * samples so far, and compared with LiveLog's: test/live-log.test.ts and test/follow-log.test.ts.
 */
/** The figures of one GPU as analyzeLog gives them for a log of `samples`. */
export function batchFigures(samples: Sample[], options: { idleBelowW?: number } = {}): Record<string, number | string | null>[] {
  const b = new LogBuilder();
  for (const s of samples) b.add(s);
  const a = analyzeLog(b.finish({ source: 'prefix', bytes: 0, sizeBytes: null, gzip: false }), options);
  return a.gpus.map((g) => ({
    samples: g.series.length,
    dutyCycle: g.duty.dutyCycle,
    dutyCycleWholeLog: g.duty.dutyCycleWholeLog,
    activeSpanS: g.duty.activeSpanS,
    loggingGapS: g.duty.loggingGapS,
    busyS: g.duty.busyS,
    knownActiveS: g.duty.knownActiveS,
    activeStartMs: g.duty.activeStartMs,
    activeEndMs: g.duty.activeEndMs,
    thresholdW: g.duty.classification.thresholdW,
    method: g.duty.classification.method,
    gaps: g.gaps.count,
    gapsTotalS: g.gaps.totalS,
    gapsLongestS: g.gaps.longestS,
  }));
}

export function liveFigures(s: LiveGpuState): Record<string, number | string | null> {
  return {
    samples: s.samples,
    dutyCycle: s.dutyCycle,
    dutyCycleWholeLog: s.dutyCycleWholeLog,
    activeSpanS: s.activeSpanS,
    loggingGapS: s.loggingGapS,
    busyS: s.busyS,
    knownActiveS: s.knownActiveS,
    activeStartMs: s.activeStartMs,
    activeEndMs: s.activeEndMs,
    thresholdW: s.thresholdW,
    method: s.method,
    gaps: s.idleGaps.count,
    gapsTotalS: s.idleGaps.totalS,
    gapsLongestS: s.idleGaps.longestS,
  };
}

/** Differences between two figure sets (numbers equal to 1e-9 relative: sums are added in another order). */
export function differences(want: Record<string, number | string | null>, got: Record<string, number | string | null>): string[] {
  return Object.keys(want).filter((k) => {
    const a = want[k]!;
    const b = got[k]!;
    if (typeof a !== 'number' || typeof b !== 'number') return a !== b;
    if (Number.isNaN(a) || Number.isNaN(b)) return !(Number.isNaN(a) && Number.isNaN(b));
    return Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a));
  });
}

/** Every sample of a log, as readLog parses them, unbuilt. */
export async function samplesOf(path: string): Promise<Sample[]> {
  const out: Sample[] = [];
  await readLog(path, { onSample: (s) => out.push(s), workers: 0 });
  return out;
}

import { describe, expect, it } from 'vitest';
import { formatWatchSummary, liveLine } from '../src/report/format-watch.js';

/** What `watch` prints: the live line and the summary fit the terminal (80 columns here). */
describe('format-watch', () => {
  it('watch: the live line fits the terminal it redraws on', () => {
    const s = {
      index: 0,
      key: 'GPU-1',
      name: 'NVIDIA H100 80GB HBM3',
      powerW: 70,
      utilPct: 0,
      state: 'idle',
      idleStreakS: 2,
      dutyCycle: 2 / 3,
      activeSpanS: 6,
      samples: 10,
    } as unknown as Parameters<typeof liveLine>[0];
    const full = liveLine(s, 'Mon Nov 23 19:00:09 2026');
    expect(full.length).toBeGreaterThan(120);
    const narrow = liveLine(s, 'Mon Nov 23 19:00:09 2026', 79);
    expect(narrow).toBe('19:00:09 GPU 0 70.0 W 0% idle idle 2.0s duty 67 %/6.0s 10');
    expect(liveLine(s, 'Mon Nov 23 19:00:09 2026', 30).length).toBeLessThanOrEqual(30);
  });

  it('watch: the summary printed on Ctrl-C fits, its table split with GPU and model repeated', () => {
    const gpu = (index: number) => ({
      index,
      key: `GPU-${index}`,
      name: 'NVIDIA H100 80GB HBM3',
      samples: 86_400,
      dutyCycle: 0.9731,
      dutyCycleWholeLog: 0.95,
      activeSpanS: 86_312,
      idleThresholdW: 135.7,
      idleGaps: { count: 1234, totalS: 2311, longestS: 61 },
    });
    const text = formatWatchSummary(
      { file: 'nvidiaLogging.xml', documents: 86_400, damagedDocuments: 0, restarts: 1, warningCounts: {}, gpus: [gpu(0), gpu(1)] },
      { width: 80 },
    );
    const lines = text.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    // every figure is still there, once: the two parts of the table each name both GPUs
    for (const v of ['86400', '97.3', '95.0', '86312.0', '135.7', '1234', '2311.0', '61.0']) expect(text).toContain(v);
    expect(lines.filter((l) => /^\s+1\s+NVIDIA H100 80GB HBM3/.test(l))).toHaveLength(2);
  });

  it('watch: a summary with no GPU says so instead of an empty table', () => {
    const text = formatWatchSummary({ file: 'empty.xml', documents: 0, damagedDocuments: 0, restarts: 0, warningCounts: {}, gpus: [] });
    expect(text.split('\n').slice(-1)).toEqual(['no GPU in the documents read']);
    expect(text).not.toContain('samples');
  });
});

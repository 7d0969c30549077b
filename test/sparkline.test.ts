import { describe, expect, it } from 'vitest';
import { sparkline } from '../src/report/sparkline.js';

describe('sparkline', () => {
  it('draws one character per bucket from lowest to full bar', () => {
    expect(sparkline([0, 1, 2, 3], [70, 500, 70, 500], { width: 4 })).toBe('▁█▁█');
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], [0, 1, 2, 3, 4, 5, 6, 7], { width: 8 })).toBe('▁▂▃▄▅▆▇█');
  });

  it('a single idle sample in a busy hour still shows as the lowest bar', () => {
    const x = Array.from({ length: 3600 }, (_, i) => i);
    const y = x.map((i) => (i === 1800 ? 70 : 480 + (i % 7)));
    const s = sparkline(x, y, { width: 40 });
    expect(s.length).toBe(40);
    expect(s).toContain('▁');
    expect(s.split('▁').length - 1).toBe(1);
  });

  it('a logging gap is blank, a short irregular step is not', () => {
    const x = [0, 1, 2, 3, 10, 11, 12, 13];
    const y = [100, 100, 100, 100, 200, 200, 200, 200];
    expect(sparkline(x, y, { width: 13, gap: 2 })).toBe('▁▁▁▁      ███');
    expect(sparkline(x, y, { width: 13 })).toBe('▁▁▁▁▁▁▁▁▁▁███');
  });

  it('a fixed scale draws a flat line at its level', () => {
    expect(sparkline([0, 1], [50, 50], { width: 2, min: 0, max: 100 })).toBe('▅▅');
    expect(sparkline([0, 1], [NaN, NaN], { width: 2 })).toBe('  ');
  });
});

describe('powerSparklines (summarize)', () => {
  it('draws each GPU on one shared watt scale and time axis', async () => {
    const { readLog } = await import('../src/series/read-log.js');
    const { synthLog } = await import('./helpers/synth-log.js');
    const { powerSparklines, formatSummary } = await import('../src/report/format-summary.js');
    const { summarizeLog } = await import('../src/analyze/summarize-log.js');
    // GPU 0 busy (500 W) for t = 2..5 of 8 s, GPU 1 always idle (100 W)
    const log = await readLog({
      text: synthLog({ gpus: 2, seconds: 8, state: (t, g) => ({ powerW: g === 0 && t >= 2 && t < 6 ? 500 : 100 }) }),
    });
    expect(powerSparklines(log, 8)).toEqual(['GPU 0 power ▁▁████▁▁ 100–500 W', 'GPU 1 power ▁▁▁▁▁▁▁▁ 100–500 W']);
    expect(formatSummary(summarizeLog(log), { log, sparklineWidth: 8 })).toContain('\n\nGPU 0 power ▁▁████▁▁ 100–500 W\nGPU 1 power');
    expect(formatSummary(summarizeLog(log))).not.toContain('power ▁');
  });
});

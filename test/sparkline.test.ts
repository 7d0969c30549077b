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

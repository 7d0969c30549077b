import { describe, expect, it } from 'vitest';
import { readLog } from '../src/series/read-log.js';
import { launchTimeline } from '../src/report/launch-timeline.js';
import { reportData } from '../src/report/report-data.js';
import { synthLog } from './helpers/synth-log.js';

describe('launchTimeline', () => {
  it('gives processes running at once on one GPU a row each, back-to-back ones share a row', async () => {
    // PIDs 1 and 2 together for t = 1..4; then PID 3 alone for t = 5..6 right after them
    const log = await readLog({
      text: synthLog({
        gpus: 1,
        seconds: 8,
        state: (t) =>
          t >= 1 && t < 5
            ? { powerW: 300, utilPct: 100, processes: [{ pid: 1 }, { pid: 2 }] }
            : t >= 5 && t < 7
              ? { powerW: 300, utilPct: 100, processes: [{ pid: 3 }] }
              : { powerW: 70, utilPct: 0 },
      }),
    });
    const svg = launchTimeline(reportData([{ label: 'two', log }]).runs)!;
    expect(svg).toContain('two · GPU 0 · 1');
    expect(svg).toContain('two · GPU 0 · 2');
    expect(svg).not.toContain('two · GPU 0 · 3');
    for (const pid of [1, 2, 3]) expect(svg).toContain(`<title>PID ${pid} python3: `);
  });

  it('is null when no process is listed', async () => {
    const log = await readLog({ text: synthLog({ gpus: 1, seconds: 3, state: () => ({ powerW: 70 }) }) });
    expect(launchTimeline(reportData([{ label: 'x', log }]).runs)).toBeNull();
  });
});

import { adviceText, findingText, verdictText } from '../src/report/sentences.js';
import { describe, expect, it } from 'vitest';
import { readLog } from '../src/series/read-log.js';
import { htmlReport } from '../src/report/html-report.js';
import { reportData } from '../src/report/report-data.js';
import { escapeHtml } from '../src/report/escape-html.js';
import type { TelemetryLog } from '../src/series/types.js';
import { synthLog } from './helpers/synth-log.js';

const EVIL = '<script>alert(1)</script>';
const EVIL_XML = '&lt;script&gt;alert(1)&lt;/script&gt;';

/**
 * Hand-worked runs on one 700 W GPU idling at 70 W, 12 s each:
 * - steady: one process, busy (400 W, 100 %) for t = 2..7 → duty cycle 6/6 = 100 %, no idle gap;
 * - choppy: busy t = 2,3 (PID 11), idle 4,5, busy 6,7 (PID 12), idle 8,9, busy 10 (PID 13) → active span
 *   2..11 s = 9 s, busy 5 s → 56 %, two idle gaps of 2 s each.
 */
async function runs(): Promise<{ steady: TelemetryLog; choppy: TelemetryLog }> {
  const steady = await readLog({
    text: synthLog({
      gpus: [{ uuid: 'GPU-s', name: EVIL_XML }],
      seconds: 12,
      state: (t) =>
        t >= 2 && t < 8
          ? { powerW: 400, utilPct: 100, txKBps: 500_000, processes: [{ pid: 7, name: EVIL_XML }] }
          : { powerW: 70, utilPct: 0, txKBps: 0 },
    }),
    name: 'steady.xml',
  });
  const busyAt = new Map([
    [2, 11],
    [3, 11],
    [6, 12],
    [7, 12],
    [10, 13],
  ]);
  const choppy = await readLog({
    text: synthLog({
      gpus: [{ uuid: 'GPU-c', name: 'Card' }],
      seconds: 12,
      state: (t) => {
        const pid = busyAt.get(t);
        return pid ? { powerW: 400, utilPct: 100, txKBps: 100_000, processes: [{ pid }] } : { powerW: 70, utilPct: 0, txKBps: 0 };
      },
    }),
    name: 'choppy.xml',
  });
  return { steady, choppy };
}

describe('escapeHtml', () => {
  it('escapes markup and quotes and drops control characters', () => {
    expect(escapeHtml(`${EVIL}"'&\u0007`)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
  });
});

describe('htmlReport', () => {
  it('the log strings really hold markup (the fixture is hostile)', async () => {
    const { steady } = await runs();
    expect(steady.gpus[0]!.identity.name).toBe(EVIL);
    expect(steady.gpus[0]!.processes.names).toContain(EVIL);
  });

  it('is one self-contained page: no script, no external reference, hostile strings escaped', async () => {
    const { steady, choppy } = await runs();
    const html = htmlReport(
      reportData([
        { label: '<b>steady</b>', log: steady },
        { label: 'choppy', log: choppy },
      ]),
    );
    expect(html.toLowerCase()).not.toContain('<script');
    expect(html).not.toContain('<b>steady</b>');
    expect(html).toContain('&lt;b&gt;steady&lt;/b&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // the only URLs are XML namespaces, never something to fetch
    const urls = html.match(/(?:src|href|url)\s*[=(]\s*["']?[^"')\s>]+/gi) ?? [];
    expect(urls).toEqual([]);
    expect(html).toContain("default-src 'none'");
  });

  it('shows the hand-worked duty cycles, the idle threshold and one chart per section', async () => {
    const { steady, choppy } = await runs();
    const data = reportData([
      { label: 'steady', log: steady },
      { label: 'choppy', log: choppy },
    ]);
    const html = htmlReport(data);
    expect(html).toContain('100 %  (6 of 6 s busy)');
    expect(html).toContain('56 %  (5 of 9 s busy)');
    expect(html).toContain('choppy: 2 idle gaps, 4 s in all');
    expect(html).toMatch(/idle threshold \d+ W \(steady, choppy\)/);
    // five charts and the attribution bar
    expect(html.match(/<figure class="chart">/g)?.length).toBe(6);
    expect(html).toContain(escapeHtml(verdictText(data.comparison)));
    for (const f of data.comparison.findings) expect(html).toContain(escapeHtml(findingText(f)));
    for (const a of data.comparison.advice) expect(html).toContain(escapeHtml(adviceText(a)));
    // the advice comes before the charts
    expect(html.indexOf('<h2>Advice</h2>')).toBeLessThan(html.indexOf('<h2>Power draw</h2>'));
    // launch timeline: one bar title per process (PIDs 11, 12, 13 and the steady run's 7)
    for (const pid of [7, 11, 12, 13]) expect(html).toContain(`PID ${pid} `);
  });

  it('says so instead of drawing empty charts when GPUs never worked and report no TX', async () => {
    const idle = await readLog({ text: synthLog({ gpus: 1, seconds: 5, state: () => ({ powerW: 70, utilPct: 0, txKBps: null }) }) });
    const html = htmlReport(reportData([{ label: 'idle', log: idle }]));
    expect(html).toContain('No processes are listed in these logs.');
    expect(html).toContain('No idle gaps inside the active spans');
    expect(html).toContain('No GPU in these logs reports PCIe TX (N/A).');
  });
});

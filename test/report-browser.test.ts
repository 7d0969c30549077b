import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { readLog } from '../src/series/read-log.js';
import { htmlReport } from '../src/report/html-report.js';
import { reportData, type LabeledLog } from '../src/report/report-data.js';
import { CHROMIUM, CHROMIUM_SKIP_REASON, HAVE_CHROMIUM, chromiumArgs, freshProfile, pngVariance } from './helpers/browser.js';
import { CAPTURES_DIR, HAVE_CAPTURES, ROOT } from './helpers/corpus.js';
import { synthLog } from './helpers/synth-log.js';

/** The two H100 captures when present, else a synthetic pair with the same shape (one process vs one per item). */
async function runs(): Promise<LabeledLog[]> {
  if (HAVE_CAPTURES) {
    return [
      { label: 'folder', log: await readLog(join(CAPTURES_DIR, 'h100-folder.xml.gz')) },
      { label: 'perfile', log: await readLog(join(CAPTURES_DIR, 'h100-perfile.xml.gz')) },
    ];
  }
  const folder = synthLog({
    gpus: 1,
    seconds: 40,
    state: (t) =>
      t >= 3 && t < 35 ? { powerW: 350, utilPct: 100, txKBps: 800_000, processes: [{ pid: 100 }] } : { powerW: 72, utilPct: 0, txKBps: 0 },
  });
  const perfile = synthLog({
    gpus: 1,
    seconds: 120,
    state: (t) =>
      t >= 3 && t % 6 >= 4
        ? { powerW: 350, utilPct: 100, txKBps: 300_000, processes: [{ pid: 200 + Math.floor(t / 6) }] }
        : { powerW: 72, utilPct: 0, txKBps: 0 },
  });
  return [
    { label: 'folder', log: await readLog({ text: folder }) },
    { label: 'perfile', log: await readLog({ text: perfile }) },
  ];
}

describe.skipIf(!HAVE_CHROMIUM)('report in a headless browser', () => {
  it('loads offline with no console errors and no requests, and every chart is drawn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mc2-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, htmlReport(reportData(await runs())));
    const browser = await chromium.launchPersistentContext(freshProfile(), {
      executablePath: CHROMIUM,
      args: chromiumArgs(),
      headless: true,
      viewport: { width: 1040, height: 900 },
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      const problems: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      await page.goto(`file://${file}`, { waitUntil: 'load' });
      expect(problems).toEqual([]);
      expect(requests).toEqual([`file://${file}`]);
      const charts = page.locator('figure.chart');
      // the attribution bar and the five charts
      expect(await charts.count()).toBe(6);
      for (let i = 0; i < 6; i++) {
        const png = await charts.nth(i).screenshot({ path: join(dir, `chart-${i}.png`) });
        const v = pngVariance(png);
        expect(v.width, `chart ${i}`).toBeGreaterThan(400);
        expect(v.height, `chart ${i}`).toBeGreaterThan(60);
        // a blank or one-colour image has variance 0 and no ink
        expect(v.variance, `chart ${i} (${dir})`).toBeGreaterThan(100);
        expect(v.inkShare, `chart ${i}`).toBeGreaterThan(0.005);
      }
      await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
      console.log(`report screenshots in ${dir}`);
    } finally {
      await browser.close();
    }
  });

  // read by a person: 1, 2 and 4 runs (repeats share a label) at 1400 and 800 px wide
  const R = (n: string): string => join(ROOT, 'fixtures', 'captures', `${n}.xml.gz`);
  const SETS: [string, [string, string][]][] = [
    ['1 run', [['perfile', 'h200-rep-perfile-1']]],
    [
      '2 runs',
      [
        ['folder', 'h200-rep-folder-1'],
        ['perfile', 'h200-rep-perfile-1'],
      ],
    ],
    [
      '4 runs',
      [
        ['folder', 'h200-rep-folder-1'],
        ['folder', 'h200-rep-folder-2'],
        ['perfile', 'h200-rep-perfile-1'],
        ['perfile', 'h200-rep-perfile-2'],
      ],
    ],
  ];
  for (const [name, set] of SETS) {
    it(`${name}: aligned time axes, text ≥ 12 px, dark labels, no hidden table column, a footer that says how it was made`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mc2-report-'));
      const file = join(dir, 'report.html');
      const logs = await Promise.all(set.map(async ([label, f]) => ({ label, log: await readLog(R(f)) })));
      writeFileSync(
        file,
        htmlReport(reportData(logs), { generator: 'mc2-telemetry 9.9.9 report', settings: ['time zone UTC', 'busy signal both'] }),
      );
      const browser = await chromium.launchPersistentContext(freshProfile(), {
        executablePath: CHROMIUM,
        args: chromiumArgs(),
        headless: true,
        viewport: { width: 1400, height: 900 },
      });
      try {
        for (const width of [1400, 800]) {
          const page = await browser.newPage();
          await page.setViewportSize({ width, height: 900 });
          await page.goto(`file://${file}`, { waitUntil: 'load' });
          await page.screenshot({ path: join(dir, `report-${width}.png`), fullPage: true });
          const m = await page.evaluate(() => {
            const figs = Array.from(document.querySelectorAll('figure.chart'));
            const h2 = (t: string): Element | undefined => Array.from(document.querySelectorAll('h2')).find((h) => h.textContent === t);
            const figAfter = (t: string): Element | undefined =>
              figs.find((f) => h2(t)!.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING);
            // screen x of the "0" tick of a chart's x axis, and of its last tick, with the last tick's value
            const axis = (fig: Element | undefined): { x0: number; xLast: number; last: number } | null => {
              if (!fig) return null;
              const ticks = Array.from(fig.querySelectorAll('g[aria-label="x-axis tick label"] text')).map((t) => ({
                v: Number(t.textContent?.replace(/[^\d.-]/g, '')),
                x: t.getBoundingClientRect().x + t.getBoundingClientRect().width / 2,
              }));
              const zero = ticks.find((t) => t.v === 0);
              const last = ticks[ticks.length - 1];
              return zero && last ? { x0: zero.x, xLast: last.x, last: last.v } : null;
            };
            const texts = Array.from(document.querySelectorAll('figure.chart svg text'))
              .map((t) => t.getBoundingClientRect().height)
              .filter((h) => h > 0);
            const small = Array.from(document.querySelectorAll('body *'))
              .filter((el) => el.children.length === 0 && (el.textContent ?? '').trim() !== '' && !el.closest('svg'))
              .map((el) => Number.parseFloat(getComputedStyle(el).fontSize));
            const tables = Array.from(document.querySelectorAll('div.scroll')).map((d) => [d.clientWidth, d.scrollWidth]);
            const dutyFills = Array.from(figAfter('Duty cycle per GPU')?.querySelectorAll('g[aria-label="text"] text') ?? []).map(
              (t) => t.closest('g')!.getAttribute('fill') ?? t.getAttribute('fill'),
            );
            return {
              power: axis(figAfter('Power draw')),
              timeline: axis(figAfter('Launch timeline')),
              pcie: axis(figAfter('Summed PCIe TX')),
              minSvgText: Math.min(...texts),
              minHtmlFont: Math.min(...small),
              tables,
              dutyFills,
              footer: document.querySelector('footer')?.textContent ?? '',
            };
          });
          // one time axis: the power chart, the launch timeline and the PCIe chart put 0 and the same second at the same screen x
          expect(m.power, `${name} @${width}`).not.toBeNull();
          expect(m.timeline).not.toBeNull();
          expect(Math.abs(m.timeline!.x0 - m.power!.x0), JSON.stringify(m)).toBeLessThan(2);
          const at = (a: { x0: number; xLast: number; last: number }, v: number): number => a.x0 + ((a.xLast - a.x0) * v) / a.last;
          expect(Math.abs(at(m.timeline!, 10) - at(m.power!, 10))).toBeLessThan(2);
          if (m.pcie) expect(Math.abs(m.pcie.x0 - m.power!.x0)).toBeLessThan(2);
          // text a person can read: chart text drawn at least ~12 px high, page text at least 12 px
          expect(m.minSvgText, `${name} @${width}`).toBeGreaterThanOrEqual(11.5);
          expect(m.minHtmlFont, `${name} @${width}`).toBeGreaterThanOrEqual(12);
          // no table column hidden behind a scrollbar
          for (const [client, scroll] of m.tables)
            expect(scroll, `${name} @${width}: a table ${scroll} px wide in ${client} px`).toBeLessThanOrEqual(client! + 1);
          // duty-cycle labels are dark text on a white halo, legible on any bar colour
          expect(m.dutyFills.length).toBeGreaterThan(0);
          for (const f of m.dutyFills) expect(f).toBe('#111');
          expect(m.footer).toContain('mc2-telemetry 9.9.9 report');
          expect(m.footer).toContain('Settings: time zone UTC; busy signal both.');
          for (const [label, f] of set) expect(m.footer).toContain(`${label}: ${R(f)}`);
          await page.close();
        }
      } finally {
        await browser.close();
      }
    });
  }
});
if (!HAVE_CHROMIUM) describe.skip(CHROMIUM_SKIP_REASON, () => it('skipped', () => {}));

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { readLog } from '../src/series/read-log.js';
import { htmlReport } from '../src/report/html-report.js';
import { reportData, type LabeledLog } from '../src/report/report-data.js';
import { CHROMIUM, CHROMIUM_SKIP_REASON, HAVE_CHROMIUM, chromiumArgs, freshProfile, pngVariance } from './helpers/browser.js';
import { CAPTURES_DIR, HAVE_CAPTURES } from './helpers/corpus.js';
import { synthLog } from './helpers/synth-log.js';

/** The two H100 captures when present, else a synthetic pair with the same shape (one process vs one per item). */
async function runs(): Promise<LabeledLog[]> {
  if (HAVE_CAPTURES) {
    return [
      { label: 'folder', log: await readLog(join(CAPTURES_DIR, 'h100-folder.xml.gz')) },
      { label: 'perfile', log: await readLog(join(CAPTURES_DIR, 'h100-perfile.xml.gz')) },
    ];
  }
  const folder = synthLog({ gpus: 1, seconds: 40, state: (t) => (t >= 3 && t < 35 ? { powerW: 350, utilPct: 100, txKBps: 800_000, processes: [{ pid: 100 }] } : { powerW: 72, utilPct: 0, txKBps: 0 }) });
  const perfile = synthLog({ gpus: 1, seconds: 120, state: (t) => (t >= 3 && t % 6 >= 4 ? { powerW: 350, utilPct: 100, txKBps: 300_000, processes: [{ pid: 200 + Math.floor(t / 6) }] } : { powerW: 72, utilPct: 0, txKBps: 0 }) });
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
    const browser = await chromium.launchPersistentContext(freshProfile(), { executablePath: CHROMIUM, args: chromiumArgs(), headless: true, viewport: { width: 1040, height: 900 } });
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
});
if (!HAVE_CHROMIUM) describe.skip(CHROMIUM_SKIP_REASON, () => it('skipped', () => {}));

import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** Debian's chromium, or the one MC2_CHROMIUM names. */
export const CHROMIUM = process.env.MC2_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const CHROMIUM_SKIP_REASON = `no browser at ${CHROMIUM} (apt-get install -y chromium, or set MC2_CHROMIUM): headless-browser report tests skipped`;
if (!HAVE_CHROMIUM) console.warn(CHROMIUM_SKIP_REASON);

/** A fresh, empty profile folder (playwright takes it as launchPersistentContext's userDataDir). */
export function freshProfile(): string {
  return mkdtempSync(join(tmpdir(), 'mc2-chromium-'));
}

/** Launch flags for a headless, offline browser (see node.md); the profile comes from {@link freshProfile}. */
export function chromiumArgs(): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
}

/** Variance of the grey level of a PNG's pixels (0 for a blank, one-colour image). */
export function pngVariance(png: Buffer): { width: number; height: number; variance: number; inkShare: number } {
  const img = PNG.sync.read(png);
  let sum = 0;
  let sq = 0;
  let ink = 0;
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) {
    const g = (img.data[i * 4]! + img.data[i * 4 + 1]! + img.data[i * 4 + 2]!) / 3;
    sum += g;
    sq += g * g;
    if (g < 200) ink++;
  }
  const mean = sum / n;
  return { width: img.width, height: img.height, variance: sq / n - mean * mean, inkShare: ink / n };
}

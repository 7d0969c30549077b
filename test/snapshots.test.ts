import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './bad-input/material.js';

/**
 * What users see, as files under test/__snapshots__: a change to the text of summarize or compare,
 * or to the report's HTML skeleton (charts reduced to their tag), is a visible diff in review.
 * Paths are relative to the repository root (vitest runs there), so the files do not depend on where
 * the checkout is. `npx vitest -u` rewrites them after an intended change.
 */
let saved: string | undefined;
beforeEach(() => {
  saved = process.env.COLUMNS;
  process.env.COLUMNS = '80';
});
afterEach(() => {
  if (saved === undefined) delete process.env.COLUMNS;
  else process.env.COLUMNS = saved;
});
const tmp = tempDir('mc2-snap-');
const CAP = 'fixtures/captures';

describe('text and HTML users see', () => {
  it('summarize of a log with two jobs, at 80 columns', async () => {
    const r = await runCli(['summarize', `${CAP}/h200-twojobs.xml.gz`]);
    await expect(r.stdout).toMatchFileSnapshot('__snapshots__/summarize-h200-twojobs.txt');
  });
  it('summarize of a --query-gpu CSV paired with its --query-compute-apps CSV', async () => {
    const r = await runCli(['summarize', `${CAP}/twins/h200-twins-gpu.csv+${CAP}/twins/h200-twins-apps.csv`]);
    await expect(r.stdout).toMatchFileSnapshot('__snapshots__/summarize-h200-twins-csv.txt');
  });
  it('compare of repeats of two configurations, at 80 columns', async () => {
    const r = await runCli([
      'compare',
      `folder=${CAP}/h200-rep-folder-1.xml.gz`,
      `folder=${CAP}/h200-rep-folder-2.xml.gz`,
      `perfile=${CAP}/h200-rep-perfile-1.xml.gz`,
      `perfile=${CAP}/h200-rep-perfile-2.xml.gz`,
    ]);
    await expect(r.stdout).toMatchFileSnapshot('__snapshots__/compare-h200-repeats.txt');
  });
  it('the report’s HTML skeleton (every chart reduced to its tag)', async () => {
    const out = join(tmp.dir, 'r.html');
    const r = await runCli(['report', `folder=${CAP}/h200-rep-folder-1.xml.gz`, `perfile=${CAP}/h200-rep-perfile-1.xml.gz`, '-o', out]);
    expect(r.code).toBe(0);
    const skeleton = readFileSync(out, 'utf8')
      .replace(/<svg[\s\S]*?<\/svg>/g, '<svg/>')
      .replace(/<style>[\s\S]*?<\/style>/, '<style/>')
      .replace(/mc2-telemetry \d+\.\d+\.\d+/g, 'mc2-telemetry VERSION')
      .replace(/></g, '>\n<');
    await expect(skeleton).toMatchFileSnapshot('__snapshots__/report-skeleton.html');
  });
});

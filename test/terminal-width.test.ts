import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fitTable, rate } from '../src/report/text-table.js';
import { runCli } from './bad-input/material.js';
import { ROOT } from './helpers/corpus.js';

/** What a person sees in a terminal of normal width: nothing wider than it, units read at a glance. */
const cap = (name: string): string => join(ROOT, 'fixtures', 'captures', name);
const widest = (text: string): number => Math.max(...text.split('\n').map((l) => [...l].length));

let saved: string | undefined;
beforeEach(() => {
  saved = process.env.COLUMNS;
  process.env.COLUMNS = '80';
});
afterEach(() => {
  if (saved === undefined) delete process.env.COLUMNS;
  else process.env.COLUMNS = saved;
});

describe('output fits an 80-column terminal', () => {
  it('summarize: every line of several logs (two jobs, 8 launches, CSV twin) within 80 columns', async () => {
    const r = await runCli([
      'summarize',
      cap('h200-twojobs.xml.gz'),
      cap('h200-perfile8.xml.gz'),
      join(ROOT, 'fixtures', 'captures', 'twins', 'h200-twins-gpu.csv'),
    ]);
    expect(r.code).toBe(0);
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
    // the split tables keep every figure: 18 + 11 columns
    for (const h of ['P mean W', 'energy kJ', 'TX max', 'RX max', 'max procs', 'duty %', 'median gap s']) expect(r.stdout).toContain(h);
  });
  it('summarize --wide: the GPU table in one piece', async () => {
    const r = await runCli(['summarize', '--wide', cap('h200-twojobs.xml.gz')]);
    expect(r.stdout.split('\n').some((l) => l.includes('P mean W') && l.includes('RX max') && l.includes('max procs'))).toBe(true);
    expect(widest(r.stdout)).toBeGreaterThan(80);
  });
  it('compare of 4 runs: the runs table split, within 80 columns', async () => {
    const runs = ['h200-rep-folder-1', 'h200-rep-folder-2', 'h200-rep-perfile-1', 'h200-rep-perfile-2'].map((n) => cap(`${n}.xml.gz`));
    const r = await runCli(['compare', ...runs]);
    expect(r.code).toBe(0);
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
    for (const n of ['h200-rep-folder-1', 'h200-rep-perfile-2']) expect(r.stdout).toContain(n);
  });
});

describe('figures with units a person reads at a glance', () => {
  it('rates in KB/s, MB/s or GB/s with three significant figures', () => {
    expect(rate(2954644)).toBe('2.95 GB/s');
    expect(rate(77178)).toBe('77.2 MB/s');
    expect(rate(658688)).toBe('659 MB/s');
    expect(rate(907)).toBe('907 KB/s');
    expect(rate(NaN)).toBe('–');
  });
  it('summarize prints PCIe in those units; JSON keeps the raw KB/s with the unit in the key', async () => {
    const t = await runCli(['summarize', cap('h200-twojobs.xml.gz')]);
    expect(t.stdout).toContain('1.57 GB/s');
    const j = await runCli(['summarize', '--json', cap('h200-twojobs.xml.gz')]);
    const s = JSON.parse(j.stdout) as { gpus: { pcie: { txMaxKBps: number } }[] };
    expect(s.gpus[0]!.pcie.txMaxKBps).toBe(1568853);
  });
  it('an empty statistic is – in text and null in JSON (no idle gap has no median gap)', async () => {
    const j = await runCli(['summarize', '--json', cap('h200-rep-folder-1.xml.gz')]);
    const s = JSON.parse(j.stdout) as {
      gpus: { idleGaps: { count: number; medianS: number | null; longestS: number | null }; launches: { medianGapS: number | null } }[];
    };
    expect(s.gpus[0]!.idleGaps).toMatchObject({ count: 0, medianS: null, longestS: null });
    expect(s.gpus[0]!.launches.medianGapS).toBeNull();
    const t = await runCli(['summarize', '--wide', cap('h200-rep-folder-1.xml.gz')]);
    const row = t.stdout.split('\n').find((l) => /^\s+0\s+\d/.test(l) && l.includes('–'))!;
    expect(
      row
        .trim()
        .split(/\s{2,}/)
        .slice(-5),
    ).toEqual(['–', '–', '1', '0', '–']);
  });
  it('--tz shows the log’s own clock in the zone named (JSON: UTC instants)', async () => {
    // the log's text says 04:38:43; written in Melbourne (UTC+11 in December) that is 17:38:43 UTC the day before
    const t = await runCli(['summarize', '--tz', 'Australia/Melbourne', cap('h200-twojobs.xml.gz')]);
    expect(t.stdout).toContain('2026-12-02 04:38:43 → 04:39:53 (Australia/Melbourne)');
    const j = await runCli(['summarize', '--json', '--tz', 'Australia/Melbourne', cap('h200-twojobs.xml.gz')]);
    expect((JSON.parse(j.stdout) as { start: string }).start).toBe('2026-12-01T17:38:43.000Z');
  });
  it('summarize --ndjson: one object per log per line, the same shape for one file or many', async () => {
    const one = await runCli(['summarize', '--ndjson', cap('h200-twojobs.xml.gz')]);
    const two = await runCli(['summarize', '--ndjson', cap('h200-twojobs.xml.gz'), cap('h200-rep-folder-1.xml.gz')]);
    const a = one.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string });
    const b = two.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string });
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(2);
    expect(Object.keys(b[0]!)).toEqual(Object.keys(a[0]!));
  });
});

describe('fitTable', () => {
  it('splits columns into tables that fit, repeating the name column', () => {
    expect(fitTable([{ header: 'GPU' }, { header: 'a' }, { header: 'b' }], [['0', '1', '2']], 8)).toBe('GPU  a\n  0  1\n\nGPU  b\n  0  2');
    expect(fitTable([{ header: 'GPU' }, { header: 'a' }, { header: 'b' }], [['0', '1', '2']], Infinity)).toBe('GPU  a  b\n  0  1  2');
  });
});

describe('colour where it helps, on a terminal only', async () => {
  const { useColour, ANSI, PLAIN } = await import('../src/report/style.js');
  const { formatSummary } = await import('../src/report/format-summary.js');
  const { readLog, summarizeLog } = await import('../src/index.js');
  it('a TTY gets colour unless NO_COLOR, TERM=dumb or --no-color; a file or pipe never', () => {
    expect(useColour({ isTTY: true }, {}, {})).toBe(true);
    expect(useColour({ isTTY: true }, {}, { NO_COLOR: '1' })).toBe(false);
    expect(useColour({ isTTY: true }, {}, { NO_COLOR: '' })).toBe(true);
    expect(useColour({ isTTY: true }, {}, { TERM: 'dumb' })).toBe(false);
    expect(useColour({ isTTY: true }, { color: false }, {})).toBe(false);
    expect(useColour({ isTTY: false }, {}, {})).toBe(false);
  });
  it('colour marks warnings and the notes’ severity without moving a column', async () => {
    const s = summarizeLog(await readLog(cap('h200-twojobs.xml.gz')));
    const plain = formatSummary(s, { style: PLAIN });
    const coloured = formatSummary(s, { style: ANSI });
    expect(coloured).toContain('\u001b[31m[high]\u001b[39m');
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
    const r = await runCli(['summarize', cap('h200-twojobs.xml.gz')]);
    expect(r.stdout).not.toContain('\u001b[');
  });
});

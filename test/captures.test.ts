import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLog, summarizeLog } from '../src/index.js';
import { CAPTURES_DIR, fixtureFiles, HAVE_CAPTURES, ROOT, shortName } from './helpers/corpus.js';

/** Statistics from test/helpers/capture_stats.py: regex over the raw XML, no XML parser. */
function independent(file: string): Record<string, number | string> {
  return JSON.parse(execFileSync('python3', [join(ROOT, 'test/helpers/capture_stats.py'), file]).toString()) as Record<
    string,
    number | string
  >;
}

const realLogs = [
  ...(HAVE_CAPTURES ? ['h100-folder.xml.gz', 'h100-perfile.xml.gz'].map((f) => join(CAPTURES_DIR, f)) : []),
  ...fixtureFiles('captures').filter((f) => !f.includes('sigkill')),
];

describe('real H100 and H200 captures (committed fixtures always; ../shared/captures when present)', () => {
  it.skipIf(!HAVE_CAPTURES)('h100-folder.xml.gz: 43 documents, one H100', async () => {
    const log = await readLog(join(CAPTURES_DIR, 'h100-folder.xml.gz'));
    expect(log.documents).toBe(43);
    expect(log.gpus).toHaveLength(1);
    expect(log.gpus[0]!.identity.name).toBe('NVIDIA H100 80GB HBM3');
    expect(log.gpus[0]!.length).toBe(43);
    expect(log.warnings).toEqual([]);
  });

  it.each(realLogs.map((f) => [shortName(f), f]))(
    '%s: power, utilisation, energy and span match an independent computation',
    async (_n, file) => {
      const want = independent(file);
      const s = summarizeLog(await readLog(file));
      expect(s.documents).toBe(want.documents);
      expect(s.gpus).toHaveLength(want.gpus as number);
      const g = s.gpus[0]!;
      expect(g.name).toBe(want.name);
      expect(g.power.meanW).toBeCloseTo(want.powerMean as number, 9);
      expect(g.power.p50W).toBeCloseTo(want.powerP50 as number, 9);
      expect(g.power.p95W).toBeCloseTo(want.powerP95 as number, 9);
      expect(g.power.maxW).toBeCloseTo(want.powerMax as number, 9);
      expect(g.power.minW).toBeCloseTo(want.powerMin as number, 9);
      expect(g.utilization.meanPct).toBeCloseTo(want.utilMean as number, 9);
      expect(g.power.wholeLogEnergyJ).toBeCloseTo(want.wholeLogEnergyJ as number, 6);
      expect(s.durationS).toBeCloseTo(want.durationS as number, 9);
      expect(s.intervalS).toBeCloseTo(want.intervalS as number, 9);
      expect(g.processes.distinctPids).toBe(want.distinctPids);
    },
  );

  it('the SIGKILL capture keeps its 15 complete documents and reports the cut one at its offset', async () => {
    // a committed fixture: its absence is a failure, not a pass
    const file = fixtureFiles('captures').find((f) => f.includes('sigkill'));
    expect(file, 'fixtures/captures/h100-sigkill.xml.gz').toBeDefined();
    if (file === undefined) return;
    const log = await readLog(file);
    expect(log.documents).toBe(15);
    expect(log.warnings.map((w) => w.code)).toEqual(['TRUNCATED_DOCUMENT']);
    expect(log.warnings[0]!.document).toBe(15);
    // the cut document starts right after the 15th end tag
    const text = execFileSync('gzip', ['-dc', file]).toString('latin1');
    expect(log.warnings[0]!.offset).toBe(text.lastIndexOf('<nvidia_smi_log>'));
    expect(text.length % 4096).toBe(0);
  });

  it('the -lms 200 capture spreads documents sharing a second evenly and finds a sub-second interval', async () => {
    const file = fixtureFiles('captures').find((f) => f.includes('lms'));
    expect(file, 'fixtures/captures/h100-perfile-lms.xml.gz').toBeDefined();
    if (file === undefined) return;
    const log = await readLog(file);
    expect(log.intervalS).toBeLessThan(0.5);
    for (let i = 1; i < log.timeMs.length; i++) expect(log.timeMs[i]!).toBeGreaterThan(log.timeMs[i - 1]!);
  });
});

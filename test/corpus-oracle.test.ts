import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLog, type GpuSeries, type MetricKey, type TelemetryLog } from '../src/index.js';
import { captureFiles, corpusFiles, fixtureFiles, ROOT, shortName } from './helpers/corpus.js';

/**
 * Every corpus file, capture and committed fixture capture is read by our reader and by an
 * independent Python/ElementTree reading (test/helpers/oracle.py); each GPU's metrics must agree.
 */
const files = [...corpusFiles(), ...captureFiles(), ...fixtureFiles('captures')];
const python = (() => {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

type OracleGpu = Record<string, unknown> & {
  id: string | null;
  uuid: string | null;
  flags: Record<string, number | null>;
  processes: { pid: number | null; name: string | null; type: string | null; usedMemoryMiB: number | null }[] | null;
};
type Oracle = Record<string, { documents: { timestamp: string | null; gpus: OracleGpu[] }[] }>;

const METRICS: MetricKey[] = [
  'powerW',
  'averagePowerDrawW',
  'instantPowerDrawW',
  'powerLimitW',
  'performanceState',
  'gpuUtilPct',
  'memoryUtilPct',
  'fbTotalMiB',
  'fbUsedMiB',
  'fbFreeMiB',
  'bar1UsedMiB',
  'gpuTempC',
  'memoryTempC',
  'graphicsClockMHz',
  'smClockMHz',
  'memClockMHz',
  'fanPct',
  'pcieTxKBps',
  'pcieRxKBps',
  'pcieLinkGen',
  'pcieLinkWidth',
];

let oracle: Oracle = {};
const ran: string[] = [];

beforeAll(() => {
  if (!python || files.length === 0) return;
  const out = execFileSync('python3', [join(ROOT, 'test/helpers/oracle.py'), ...files], { maxBuffer: 1 << 30 });
  oracle = JSON.parse(out.toString()) as Oracle;
}, 120_000);

afterAll(() => {
  if (ran.length) console.log(`corpus-oracle: compared ${ran.length} files with the ElementTree reading:\n  ${ran.join('\n  ')}`);
});

function gpuFor(log: TelemetryLog, doc: number, o: OracleGpu): { g: GpuSeries; row: number } {
  const key = o.uuid ?? o.id ?? o.busId;
  const bus = (o.busId as string | null) ?? o.id;
  const g = log.gpus.find((s) => (s.identity.uuid ?? s.identity.busId ?? s.id) === key && (s.identity.busId ?? s.id) === bus);
  if (g === undefined) throw new Error(`no series for GPU ${String(key)}`);
  const row = g.sample.indexOf(doc);
  if (row < 0) throw new Error(`GPU ${String(key)} has no row for document ${doc}`);
  return { g, row };
}

// the corpus and shared captures when present; the committed fixtures always (Python is needed for the oracle)
describe.skipIf(!python)('every corpus file and capture against an independent ElementTree reading', () => {
  it.each(files.map((f) => [shortName(f), f]))('%s', async (_name, file) => {
    const log = await readLog(file);
    const ref = oracle[file];
    expect(ref, 'oracle output').toBeDefined();
    expect(log.documents).toBe(ref!.documents.length);
    ref!.documents.forEach((d, i) => {
      for (const o of d.gpus) {
        const { g, row } = gpuFor(log, i, o);
        for (const m of METRICS) {
          const want = o[m] as number | null;
          const got = g.columns[m][row]!;
          if (want === null) expect(got, `${m} doc ${i}`).toBeNaN();
          else expect(got, `${m} doc ${i}`).toBeCloseTo(want, 9);
        }
        for (const [flag, want] of Object.entries(o.flags)) {
          const got = g.flags[flag]?.[row];
          if (want === null) expect(got, `flag ${flag}`).toBeNaN();
          else expect(got, `flag ${flag}`).toBe(want);
        }
        expect(Object.keys(g.flags).sort()).toEqual(expect.arrayContaining(Object.keys(o.flags).sort()));
        const procs = [];
        for (let k = 0; k < g.processes.length; k++) {
          if (g.processes.row[k] !== row) continue;
          const nc = g.processes.nameCode[k]!;
          procs.push({
            pid: g.processes.pid[k],
            name: nc >= 0 ? g.processes.names[nc] : null,
            usedMemoryMiB: g.processes.usedMemoryMiB[k],
          });
        }
        if (o.processes === null) expect(g.columns.processCount[row]).toBeNaN();
        else {
          expect(g.columns.processCount[row]).toBe(o.processes.length);
          expect(procs).toEqual(o.processes.map((p) => ({ pid: p.pid ?? NaN, name: p.name, usedMemoryMiB: p.usedMemoryMiB ?? NaN })));
        }
        if (o.uuid !== null) expect(g.identity.uuid).toBe(o.uuid);
        if (o.name !== null) expect(g.identity.name).toBe(o.name);
      }
    });
    ran.push(_name);
  });
});

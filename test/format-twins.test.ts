import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readLog, summarizeLog, type TelemetryLog } from '../src/index.js';
import { sniffFormat } from '../src/formats/sniff-format.js';
import { ROOT } from './helpers/corpus.js';
import { groundTruth } from './helpers/ground-truth.js';

/**
 * One job on the H200 (4 movies, one process each) logged at the same time as XML, `--query-gpu`
 * CSV (-l 1, -lms 200, and a noheader/nounits subset), `--query-compute-apps` CSV, dmon, pmon, `-q`
 * text and `-q -d POWER,UTILIZATION,CLOCK -lms 250` (fixtures/captures/twins, commands in
 * capture2-log.txt). Each format's reading must agree with the XML twin's as far as its fields
 * allow. The loggers ran side by side, so their samples fall at different instants: series are
 * compared at samples less than 300 ms apart, and figures that count samples (duty cycle) are
 * allowed one sample's share of the active span (of the coarser log) beside 2 points.
 */
const DIR = join(ROOT, 'fixtures', 'captures', 'twins');
const f = (name: string): string => join(DIR, name);
const APPS = f('h200-twins-apps.csv');
const NOUNITS_FIELDS = 'uuid,timestamp,power.draw,utilization.gpu,memory.used,clocks_throttle_reasons.active';

interface Twin {
  file: string;
  format: string;
  options?: Parameters<typeof readLog>[1];
  /** The format carries memory used / processes (alone or paired) / PCIe TX. */
  memory: boolean;
  pids: boolean;
  tx: boolean;
  /** Decimal places of its power readings (dmon: whole watts). */
  powerStepW: number;
}

const TWINS: Record<string, Twin> = {
  'query-gpu CSV, -l 1, + compute-apps CSV': {
    file: f('h200-twins-gpu.csv'),
    format: 'query-gpu-csv',
    options: { processes: APPS },
    memory: true,
    pids: true,
    tx: false,
    powerStepW: 0.01,
  },
  'query-gpu CSV, -lms 200, + compute-apps CSV': {
    file: f('h200-twins-gpu-lms.csv'),
    format: 'query-gpu-csv',
    options: { processes: APPS },
    memory: true,
    pids: true,
    tx: false,
    powerStepW: 0.01,
  },
  'query-gpu CSV, noheader,nounits subset (--fields), + compute-apps CSV': {
    file: f('h200-twins-gpu-nounits.csv'),
    format: 'query-gpu-csv',
    options: { fields: NOUNITS_FIELDS, processes: APPS },
    memory: true,
    pids: true,
    tx: false,
    powerStepW: 0.01,
  },
  'dmon -s pucvmet -o DT, + pmon -s um -o DT': {
    file: f('h200-twins-dmon.txt'),
    format: 'dmon',
    options: { processes: f('h200-twins-pmon.txt') },
    memory: true,
    pids: true,
    tx: true,
    powerStepW: 1,
  },
  '-q text, -l 1': { file: f('h200-twins-q.txt.gz'), format: 'query-text', memory: true, pids: true, tx: true, powerStepW: 0.01 },
  '-q -d POWER,UTILIZATION,CLOCK text, -lms 250': {
    file: f('h200-twins-qd.txt.gz'),
    format: 'query-text',
    memory: false,
    pids: false,
    tx: false,
    powerStepW: 0.01,
  },
};

/** For each sample of `a`, the index of the sample of `b` nearest in time, when less than 300 ms away. */
function aligned(a: TelemetryLog, b: TelemetryLog): [number, number][] {
  const ta = a.gpus[0]!.timeMs;
  const tb = b.gpus[0]!.timeMs;
  const out: [number, number][] = [];
  let j = 0;
  for (let i = 0; i < ta.length; i++) {
    while (j + 1 < tb.length && Math.abs(tb[j + 1]! - ta[i]!) <= Math.abs(tb[j]! - ta[i]!)) j++;
    if (Math.abs(tb[j]! - ta[i]!) < 300) out.push([i, j]);
  }
  return out;
}

const median = (a: number[]): number => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)]!;
};

const pidsOf = (log: TelemetryLog): number[] => [...new Set(Array.from(log.gpus[0]!.processes.pid))].sort((x, y) => x - y);

describe('format twins: every format of one job reads as its XML twin does', async () => {
  const xml = await readLog(join(ROOT, 'fixtures', 'captures', 'h200-twins.xml.gz'));
  const sx = summarizeLog(xml).gpus[0]!;
  const truth = groundTruth()
    .procs.filter((p) => p.scenario === 'twins')
    .map((p) => p.pid)
    .sort((x, y) => x - y);

  it('the XML twin itself: the 4 PIDs the host started', () => {
    expect(pidsOf(xml)).toEqual(truth);
  });

  for (const [name, t] of Object.entries(TWINS)) {
    it(name, async () => {
      const head = t.file.endsWith('.gz') ? gunzipSync(readFileSync(t.file)) : readFileSync(t.file);
      expect(sniffFormat(head.toString('latin1', 0, 8192))).toBe(t.format);
      const log = await readLog(t.file, t.options);
      expect(log.format).toBe(t.format);
      const g = log.gpus[0]!;
      const gx = xml.gpus[0]!;
      const pairs = aligned(xml, log);
      expect(pairs.length).toBeGreaterThanOrEqual(20);
      // power: the median difference at near-simultaneous samples is within a few watts (readings
      // a few hundred ms apart on a GPU switching between 78 and 250 W), never a unit error
      const dP = pairs.map(([i, j]) => Math.abs(g.columns.powerW[j]! - gx.columns.powerW[i]!)).filter(Number.isFinite);
      expect(dP.length).toBe(pairs.length);
      expect(median(dP)).toBeLessThan(6 + t.powerStepW);
      // utilisation: equal at most aligned samples (0 % while idle; a kernel's short burst is seen by
      // one logger and not the other), and the log's mean within 3 points
      const dU = pairs.map(([i, j]) => Math.abs(g.columns.gpuUtilPct[j]! - gx.columns.gpuUtilPct[i]!));
      expect(median(dU)).toBe(0);
      expect(Math.abs(summarizeLog(log).gpus[0]!.utilization.meanPct! - sx.utilization.meanPct!)).toBeLessThan(3);
      if (t.memory) {
        const dM = pairs.map(([i, j]) => Math.abs(g.columns.fbUsedMiB[j]! - gx.columns.fbUsedMiB[i]!));
        expect(median(dM)).toBe(0);
        expect(Math.max(...Array.from(g.columns.fbUsedMiB).filter(Number.isFinite))).toBe(9605);
      } else expect(g.columns.fbUsedMiB.every(Number.isNaN)).toBe(true);
      const s = summarizeLog(log).gpus[0]!;
      // one sample of the coarser log (the XML twin's 1.1 s) as a share of the active span
      const oneSample = Math.max(log.intervalS, xml.intervalS) / s.activeSpanS;
      expect(Math.abs(s.dutyCycle! - sx.dutyCycle!)).toBeLessThanOrEqual(Math.max(0.02, 1.05 * oneSample));
      expect(Math.abs(s.idleGaps.count - sx.idleGaps.count)).toBeLessThanOrEqual(1);
      if (t.pids) {
        expect(pidsOf(log)).toEqual(truth);
        expect(s.launches.count).toBe(4);
      } else {
        // no process data: launches unknown, never 0
        expect(s.launches.count).toBeNull();
        expect(s.processes.distinctPids).toBeNull();
      }
      if (t.tx) {
        // dmon's txpci is whole MB/s, -q text's KB/s like the XML's; both sample a spiky signal at
        // other instants, so the busiest reading agrees within 10 % and the same order of MB/s
        const maxTx = Math.max(...Array.from(g.columns.pcieTxKBps).filter(Number.isFinite));
        expect(Math.abs(maxTx - sx.pcie.txMaxKBps!) / sx.pcie.txMaxKBps!).toBeLessThan(0.1);
        if (t.format === 'dmon')
          expect(
            Array.from(g.columns.pcieTxKBps)
              .filter(Number.isFinite)
              .every((v) => v % 1000 === 0),
          ).toBe(true);
      } else expect(g.columns.pcieTxKBps.every(Number.isNaN)).toBe(true);
    });
  }
});

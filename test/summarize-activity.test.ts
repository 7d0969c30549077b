import { describe, expect, it } from 'vitest';
import { summarizeLog } from '../src/analyze/summarize-log.js';
import { formatSummary } from '../src/report/format-summary.js';
import { readLog } from '../src/series/read-log.js';
import { scenarioA } from './helpers/scenarios.js';
import { synthLog } from './helpers/synth-log.js';

describe('summarize: activity keys', () => {
  it('scenario A gives the hand-worked duty cycle, span, threshold, idle gaps and launches', async () => {
    const s = summarizeLog(await readLog({ text: scenarioA(), name: 'a' }));
    const g = s.gpus[0]!;
    expect(g.dutyCycle).toBeCloseTo(11 / 19, 12);
    expect(g.activeSpanS).toBe(19); // 22 s of wall clock less 3 s of logging gap
    expect(g.idleThresholdW).toBeCloseTo(133, 10);
    expect(g.idleGaps).toEqual({ count: 3, totalS: 8, medianS: 2, longestS: 4 });
    expect(g.launches).toEqual({ count: 3, gapCount: 2, medianGapS: 3, maxConcurrent: 1, warning: null }); // one process listed at a time
    expect(summarizeLog(await readLog({ text: scenarioA(), name: 'a' }), { items: 3 }).energy).toEqual({
      wholeLogEnergyJ: 4546,
      wholeLogEnergyWh: 4546 / 3600,
      activeEnergyJ: 3941,
      activeEnergyWh: 3941 / 3600,
      items: 3,
      perItemJ: 3941 / 3,
      perItemWh: 3941 / 3600 / 3,
      footprint: { kWh: 4546 / 3.6e6, co2Grams: null, cost: null, gridGco2PerKwh: null, pricePerKwh: null },
    });
    const text = formatSummary(s);
    expect(text).toContain('GPU 0 idle threshold: idle floor 70 W + 10 % of the headroom to the 700 W limit');
  });

  it('options reach the analyses: --idle-below and --window', async () => {
    const s = summarizeLog(await readLog({ text: scenarioA(), name: 'a' }), { idleBelowW: 100, busySignal: 'power', windowS: 4 });
    // 120 W is now busy: 5–12 and 14–17 and 25–26 = 14 busy s; the gaps left are t = 13 (1 s), 18–19 (2 s), 23–24 (2 s)
    expect(s.gpus[0]!.idleThresholdW).toBe(100);
    expect(s.gpus[0]!.idleGaps).toEqual({ count: 3, totalS: 5, medianS: 2, longestS: 2 });
    expect(s.pcieSum.windowS).toBe(4);
  });

  it('pcieSum sums the GPUs; TX N/A gives nulls and a note', async () => {
    const two = summarizeLog(
      await readLog({
        text: synthLog({ gpus: 2, seconds: 30, state: () => ({ powerW: 300, utilPct: 100, txKBps: 1000, rxKBps: 5 }) }),
        name: 't',
      }),
    );
    expect(two.pcieSum).toEqual({ windowS: 10, txPeakKBps: 2000, txPlateauKBps: 2000, note: null });
    const k80 = summarizeLog(
      await readLog({
        text: synthLog({ gpus: 2, seconds: 12, style: 'v9', state: () => ({ powerW: 100, utilPct: 90, txKBps: null }) }),
        name: 'k',
      }),
    );
    expect(k80.pcieSum.txPeakKBps).toBeNull();
    expect(k80.pcieSum.txPlateauKBps).toBeNull();
    expect(k80.pcieSum.note).toMatch(/TX is N\/A in every sample/);
    expect(formatSummary(k80)).toContain('summed PCIe TX: TX is N/A in every sample');
  });
});

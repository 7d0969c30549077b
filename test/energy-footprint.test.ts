import { describe, expect, it } from 'vitest';
import { energyFootprint } from '../src/analyze/energy-footprint.js';
import { runCli } from './bad-input/material.js';
import { ROOT } from './helpers/corpus.js';
import { join } from 'node:path';

describe('energyFootprint', () => {
  it('kWh always; CO2 and cost only with the factors the user gives', () => {
    // 3.6 MJ is 1 kWh: at 400 g/kWh 400 g, at 0.25 per kWh 0.25
    expect(energyFootprint(3.6e6, { gridGco2PerKwh: 400, pricePerKwh: 0.25 })).toEqual({
      kWh: 1,
      co2Grams: 400,
      cost: 0.25,
      gridGco2PerKwh: 400,
      pricePerKwh: 0.25,
    });
    expect(energyFootprint(1.8e6)).toEqual({ kWh: 0.5, co2Grams: null, cost: null, gridGco2PerKwh: null, pricePerKwh: null });
  });
  it('summarize prints them and puts them in the JSON; a negative factor is a usage error', async () => {
    const log = join(ROOT, 'fixtures', 'captures', 'h200-twojobs.xml.gz');
    const j = await runCli(['summarize', '--json', '--grid-gco2-per-kwh', '400', '--price-per-kwh', '0.25', log]);
    const e = (JSON.parse(j.stdout) as { energy: { wholeLogEnergyJ: number; footprint: { kWh: number; co2Grams: number; cost: number } } })
      .energy;
    expect(e.footprint.kWh).toBeCloseTo(e.wholeLogEnergyJ / 3.6e6, 12);
    expect(e.footprint.co2Grams).toBeCloseTo((e.wholeLogEnergyJ / 3.6e6) * 400, 12);
    expect(e.footprint.cost).toBeCloseTo((e.wholeLogEnergyJ / 3.6e6) * 0.25, 12);
    const t = await runCli(['summarize', '--wide', '--grid-gco2-per-kwh', '400', log]);
    expect(t.stdout).toMatch(/\(\d+\.\d+ Wh, 0\.00206 kWh\) over the log.*; 0\.824 g CO₂ at 400 g\/kWh \(GPU boards only\)/);
    expect((await runCli(['summarize', '--price-per-kwh', '-1', log])).code).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { clockEvents } from '../src/analyze/clock-events.js';
import { readLog } from '../src/series/read-log.js';
import { scenarioA } from './helpers/scenarios.js';
import { synthLog } from './helpers/synth-log.js';

describe('clockEvents', () => {
  it('scenario A: gpu_idle in 12 of 27 samples, sw_power_cap in 4, thermal never', async () => {
    const log = await readLog({ text: scenarioA(), name: 'a' });
    const c = clockEvents(log.gpus[0]!);
    expect(c.gpu_idle).toEqual({ activeSamples: 12, knownSamples: 27, share: 12 / 27 });
    expect(c.sw_power_cap).toEqual({ activeSamples: 4, knownSamples: 27, share: 4 / 27 });
    expect(c.hw_thermal_slowdown!.share).toBe(0);
  });

  it('reads v9 clocks_throttle_reasons under the same keys', async () => {
    const log = await readLog({
      text: synthLog({ gpus: 1, seconds: 4, style: 'v9', state: (t) => ({ powerW: 140, activeFlags: t < 1 ? ['sw_power_cap'] : [] }) }),
      name: 'k',
    });
    expect(clockEvents(log.gpus[0]!).sw_power_cap!.share).toBe(0.25);
  });
});

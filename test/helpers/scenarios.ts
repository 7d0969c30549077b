import type { SynthState } from './synth-log.js';
import { synthLog } from './synth-log.js';

/**
 * Scenario A, worked out by hand in test/activity.test.ts and docs/metrics.md: one H100-like GPU
 * (limit 700 W), 30 s from 19:00:00 UTC, seconds 20–22 missing (a 4-s logging step 19 → 23).
 *
 * | t (s)  | power W | util % | PIDs | state |
 * |--------|---------|--------|------|-------|
 * | 0–4    | 70      | 0      | –    | idle (before the span) |
 * | 5–8    | 300     | 100    | 101  | busy |
 * | 9      | 300     | 0      | 101  | busy by power only |
 * | 10–12  | 120     | 0      | –    | idle (warm: context gone) |
 * | 13     | 80      | 0      | 102  | idle, new PID 102 appears |
 * | 14–17  | 350     | 90     | 102  | busy |
 * | 18–19  | 72      | 0      | –    | idle, then logging gap |
 * | 23–24  | 72      | 0      | –    | idle |
 * | 25–26  | 250     | 50     | 103  | busy |
 * | 27–29  | 70      | 0      | –    | idle (after the span) |
 */
export function scenarioAState(t: number): SynthState {
  if (t >= 5 && t <= 9) return { powerW: 300, utilPct: t === 9 ? 0 : 100, processes: [{ pid: 101 }], txKBps: 1000, rxKBps: 10 };
  if (t >= 10 && t <= 12) return { powerW: 120, utilPct: 0, txKBps: 0, rxKBps: 0 };
  if (t === 13) return { powerW: 80, utilPct: 0, processes: [{ pid: 102 }], txKBps: 0, rxKBps: 0 };
  if (t >= 14 && t <= 17)
    return { powerW: 350, utilPct: 90, processes: [{ pid: 102 }], txKBps: 2000, rxKBps: 20, activeFlags: ['sw_power_cap'] };
  if (t === 18 || t === 19 || t === 23 || t === 24) return { powerW: 72, utilPct: 0, txKBps: 0, rxKBps: 0, activeFlags: ['gpu_idle'] };
  if (t >= 25 && t <= 26) return { powerW: 250, utilPct: 50, processes: [{ pid: 103 }], txKBps: 500, rxKBps: 5 };
  return { powerW: 70, utilPct: 0, txKBps: 0, rxKBps: 0, activeFlags: ['gpu_idle'] };
}

export function scenarioA(): string {
  return synthLog({ gpus: 1, seconds: 30, missingSeconds: [20, 21, 22], state: (t) => scenarioAState(t) });
}

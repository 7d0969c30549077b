import { readLog } from '../../src/series/read-log.js';
import type { TelemetryLog } from '../../src/series/types.js';
import { synthLog } from './synth-log.js';

/**
 * Two hand-worked runs on one 700 W GPU idling at 70 W, 12 one-second samples each:
 * - steady: PID 7 busy (400 W, 100 %) for t = 2..7 → active span 6 s, no idle gap;
 * - choppy: busy t = 2,3 (PID 11), idle 4,5, busy 6,7 (PID 12), idle 8,9, busy 10 (PID 13) →
 *   active span 2..11 s = 9 s, busy 5 s, idle gaps at 4 s and 8 s of 2 s each.
 */
export async function choppyRuns(): Promise<{ steady: TelemetryLog; choppy: TelemetryLog }> {
  const steady = await readLog({
    text: synthLog({
      gpus: [{ uuid: 'GPU-s' }],
      seconds: 12,
      state: (t) => (t >= 2 && t < 8 ? { powerW: 400, utilPct: 100, processes: [{ pid: 7 }] } : { powerW: 70, utilPct: 0 }),
    }),
    name: 'steady.xml',
  });
  const busyAt = new Map([
    [2, 11],
    [3, 11],
    [6, 12],
    [7, 12],
    [10, 13],
  ]);
  const choppy = await readLog({
    text: synthLog({
      gpus: [{ uuid: 'GPU-c' }],
      seconds: 12,
      state: (t) => {
        const pid = busyAt.get(t);
        return pid ? { powerW: 400, utilPct: 100, processes: [{ pid, name: 'mc2' }] } : { powerW: 70, utilPct: 0 };
      },
    }),
    name: 'choppy.xml',
  });
  return { steady, choppy };
}

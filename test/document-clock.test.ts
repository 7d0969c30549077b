import { describe, expect, it } from 'vitest';
import type { TelemetryWarning } from '../src/errors.js';
import type { Sample } from '../src/parse/sample.js';
import { DocumentClock } from '../src/series/document-clock.js';

const doc = (ordinal: number, timestamp: string | null): Sample => ({
  ordinal,
  offset: ordinal * 4096,
  timestamp,
  driverVersion: null,
  cudaVersion: null,
  attachedGpus: 0,
  gpus: [],
});

describe('DocumentClock', () => {
  it('reads each timestamp in the zone; an unreadable one takes the previous time, a step back is kept, each with a warning', () => {
    const warnings: TelemetryWarning[] = [];
    const c = new DocumentClock('UTC', (w) => warnings.push(w));
    expect(c.timeOf(doc(0, null))).toBeNaN(); // before the first readable one
    expect(c.timeOf(doc(1, 'Tue Dec  1 17:38:43 2026'))).toBe(Date.UTC(2026, 11, 1, 17, 38, 43));
    expect(c.timeOf(doc(2, 'garbage'))).toBe(Date.UTC(2026, 11, 1, 17, 38, 43));
    expect(c.timeOf(doc(3, 'Tue Dec  1 17:38:40 2026'))).toBe(Date.UTC(2026, 11, 1, 17, 38, 40));
    expect(warnings.map((w) => [w.code, w.document])).toEqual([
      ['BAD_TIMESTAMP', 0],
      ['BAD_TIMESTAMP', 2],
      ['TIME_BACKWARDS', 3],
    ]);
  });

  it('a repeated hour at the end of summer time runs on, not back an hour', () => {
    // Europe/Berlin, 2026-10-25: 02:59:59 CEST is followed by 02:00:00 CET
    const c = new DocumentClock('Europe/Berlin', () => {});
    const a = c.timeOf(doc(0, '2026/10/25 02:59:59'));
    const b = c.timeOf(doc(1, '2026/10/25 02:00:00'));
    expect(a).toBe(Date.UTC(2026, 9, 25, 0, 59, 59));
    expect(b - a).toBe(1000);
    expect(c.zone).toBe('Europe/Berlin');
  });
});

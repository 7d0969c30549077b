import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idleFloor } from '../src/analyze/busy-idle.js';
import { RunningIdleFloor } from '../src/analyze/running-idle-floor.js';

describe('RunningIdleFloor', () => {
  it('a lone glitch below the idle level is not the floor; two readings that agree are', () => {
    const f = new RunningIdleFloor(10);
    expect(f.floorW).toBeNaN();
    f.add(300);
    expect(f.floorW).toBe(300); // one reading: the lowest
    f.add(5);
    expect(f.floorW).toBe(5); // none agree yet: the lowest
    f.add(71);
    expect(f.floorW).toBe(5);
    f.add(72);
    expect(f.floorW).toBe(71);
    f.add(14);
    expect(f.floorW).toBe(5); // 5 and 14 agree (9 W apart)
  });

  it('equals idleFloor of the readings so far after every reading', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: 0, max: 700, noNaN: true }), fc.integer({ min: 50, max: 90 })), {
          minLength: 1,
          maxLength: 150,
        }),
        fc.constantFrom(10, 14, 0.5),
        (readings, agreeW) => {
          const f = new RunningIdleFloor(agreeW);
          readings.forEach((w, k) => {
            f.add(w);
            expect(f.floorW).toBe(idleFloor(readings.slice(0, k + 1), agreeW));
          });
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { Round } from '../src/formats/round.js';

const head = (offset: number) => () => ({ offset, timestamp: null, driverVersion: null, cudaVersion: null, attachedGpus: NaN });

describe('Round', () => {
  it('a key that comes again closes the round; the next opens with the next ordinal', () => {
    const r = new Round();
    expect(r.closeBefore('GPU-0')).toEqual([]); // nothing open yet
    r.take('GPU-0', head(0));
    r.take('GPU-1', head(40));
    expect(r.closeBefore('GPU-1')).toMatchObject([{ ordinal: 0, offset: 0 }]);
    expect(r.sample).toBeNull();
    expect(r.take('GPU-1', head(80)).ordinal).toBe(1);
    expect(r.end()).toMatchObject([{ ordinal: 1, offset: 80 }]);
    expect(r.end()).toEqual([]);
  });

  it('another time closes the round when times are compared; head is called only to open one', () => {
    const r = new Round();
    let heads = 0;
    const counted = () => {
      heads++;
      return head(0)();
    };
    r.take('0/1965', counted, '04:40:05');
    r.take('0/1995', counted, '04:40:05');
    expect(heads).toBe(1);
    expect(r.closeBefore('0/2026', '04:40:05')).toEqual([]);
    expect(r.closeBefore('0/2026')).toEqual([]); // no time given: only a repeated key closes
    expect(r.closeBefore('0/2026', '04:40:06')).toHaveLength(1);
  });
});

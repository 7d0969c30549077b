import { describe, expect, it } from 'vitest';
import { Dictionary, GrowableFloat64, GrowableInt32, GrowingColumn } from '../src/series/growable.js';

describe('growable columns', () => {
  it('keep every value in order across chunk boundaries, at exact size', () => {
    const f = new GrowableFloat64();
    const i = new GrowableInt32();
    for (let k = 0; k < 40_000; k++) {
      f.push(k / 2);
      i.push(k);
    }
    f.pushNaN(3);
    const a = f.finish();
    const b = i.finish();
    expect(a.length).toBe(40_003);
    expect(b.length).toBe(40_000);
    expect(a.buffer.byteLength).toBe(40_003 * 8);
    for (let k = 0; k < 40_000; k++) {
      if (a[k] !== k / 2 || b[k] !== k) throw new Error(`value ${k}`);
    }
    expect([...a.subarray(40_000)]).toEqual([NaN, NaN, NaN]);
  });
  it('an empty column finishes empty', () => {
    expect(new GrowableFloat64().finish()).toEqual(new Float64Array(0));
  });
  it('the dictionary stores each string once and codes null as -1', () => {
    const d = new Dictionary();
    expect([d.code('a'), d.code('b'), d.code('a'), d.code(null)]).toEqual([0, 1, 0, -1]);
    expect(d.values).toEqual(['a', 'b']);
  });
  it('a growing column keeps every value readable in place while it doubles', () => {
    const c = new GrowingColumn();
    for (let k = 0; k < 1000; k++) c.push(k * 3);
    expect(c.length).toBe(1000);
    expect(c.data.length).toBe(1024); // 256 doubled twice
    expect([c.data[0], c.data[511], c.data[999]]).toEqual([0, 1533, 2997]);
  });
});

import { describe, expect, it } from 'vitest';
import { benchmarkMatrix, matchRunName } from '../src/analyze/benchmark-matrix.js';

describe('matchRunName', () => {
  it("reads the study's file names", () => {
    const p = 'nvidiaLogging-{node}-{strategy}-{gpus}.xml';
    expect(matchRunName(p, 'nvidiaLogging-m3g-GNU-3.xml')).toEqual({ node: 'm3g', strategy: 'GNU', gpus: '3' });
    expect(matchRunName(p, 'nvidiaLogging-m3g-GNU-3.xml.gz')).toEqual({ node: 'm3g', strategy: 'GNU', gpus: '3' });
    expect(matchRunName(p, 'other.xml')).toBeNull();
    expect(matchRunName('run*-{n}.xml', 'run_2026-7.xml')).toEqual({ n: '7' });
    expect(() => matchRunName('plain.xml', 'plain.xml')).toThrow('invalid pattern: plain.xml (no {field})');
  });
});

describe('benchmarkMatrix', () => {
  it('lays out active span by node × strategy, GPU count as columns in numeric order, keeping the best repeat', () => {
    const e = (node: string, strategy: string, gpus: string, value: number | null) => ({ fields: { node, strategy, gpus }, value });
    const m = benchmarkMatrix([
      e('m3g', 'GNU', '10', 300),
      e('m3g', 'GNU', '2', 900),
      e('m3g', 'sem', '2', 1200),
      e('m3a', 'GNU', '2', 950),
      e('m3g', 'GNU', '2', 880),
      e('m3a', 'sem', '10', null),
    ]);
    expect(m.rowFields).toEqual(['node', 'strategy']);
    expect(m.columnField).toBe('gpus');
    expect(m.columns).toEqual(['2', '10']);
    expect(m.rows).toEqual([
      { key: ['m3a', 'GNU'], values: [950, null] },
      { key: ['m3a', 'sem'], values: [null, null] },
      { key: ['m3g', 'GNU'], values: [880, 300] },
      { key: ['m3g', 'sem'], values: [1200, null] },
    ]);
  });
});

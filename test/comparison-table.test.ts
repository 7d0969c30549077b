import { describe, expect, it } from 'vitest';
import { compareRuns } from '../src/analyze/compare-runs.js';
import { comparisonTable } from '../src/table/comparison-table.js';
import { choppyRuns } from './helpers/choppy-runs.js';

describe('comparisonTable', () => {
  it('has one row per run in rank order with the hand-worked figures', async () => {
    const { steady, choppy } = await choppyRuns();
    const rows = comparisonTable([
      { label: 'choppy', log: choppy },
      { label: 'steady', log: steady },
    ]).objects() as Record<string, unknown>[];
    expect(rows.map((r) => [r.rank, r.run, r.activeSpanS, r.dutyCycle, r.idleGaps, r.idleS, r.processes, r.minActivePowerW])).toEqual([
      [1, 'steady', 6, 1, 0, 0, 1, 400],
      [2, 'choppy', 9, 5 / 9, 2, 4, 3, 70],
    ]);
  });

  it('a comparison in hand gives the same rows without comparing again', async () => {
    const { steady, choppy } = await choppyRuns();
    const runs = [
      { label: 'choppy', log: choppy },
      { label: 'steady', log: steady },
    ];
    expect(comparisonTable(compareRuns(runs)).objects()).toEqual(comparisonTable(runs).objects());
  });
});

import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../src/analyze/analyze-log.js';
import { launchesTable } from '../src/table/launches-table.js';
import { choppyRuns } from './helpers/choppy-runs.js';

describe('launchesTable', () => {
  it('has one row per process with when it was first and last listed', async () => {
    const { choppy } = await choppyRuns();
    expect(
      launchesTable([{ label: 'choppy', log: choppy }])
        .select('run', 'pid', 'name', 'firstS', 'lastS', 'samples')
        .objects(),
    ).toEqual([
      { run: 'choppy', pid: 11, name: 'mc2', firstS: 2, lastS: 3, samples: 2 },
      { run: 'choppy', pid: 12, name: 'mc2', firstS: 6, lastS: 7, samples: 2 },
      { run: 'choppy', pid: 13, name: 'mc2', firstS: 10, lastS: 10, samples: 1 },
    ]);
  });

  it('an analysis in hand gives the same rows', async () => {
    const { choppy } = await choppyRuns();
    expect(launchesTable({ label: 'choppy', activity: analyzeLog(choppy) }).objects()).toEqual(
      launchesTable([{ label: 'choppy', log: choppy }]).objects(),
    );
  });
});

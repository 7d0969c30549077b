import { describe, expect, it } from 'vitest';
import { idleGapsTable } from '../src/table/idle-gaps-table.js';
import { choppyRuns } from './helpers/choppy-runs.js';

describe('idleGapsTable', () => {
  it('lists each idle gap of each run with its start and duration', async () => {
    const { steady, choppy } = await choppyRuns();
    const t = idleGapsTable([
      { label: 'steady', log: steady },
      { label: 'choppy', log: choppy },
    ]);
    expect(t.select('run', 'gpuIndex', 'startS', 'durationS', 'endsAtLoggingGap').objects()).toEqual([
      { run: 'choppy', gpuIndex: 0, startS: 4, durationS: 2, endsAtLoggingGap: false },
      { run: 'choppy', gpuIndex: 0, startS: 8, durationS: 2, endsAtLoggingGap: false },
    ]);
  });

  it('labels a bare log by its file name', async () => {
    const { choppy } = await choppyRuns();
    expect(idleGapsTable(choppy).array('run')).toEqual(['choppy', 'choppy']);
  });
});

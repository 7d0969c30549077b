import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../src/analyze/analyze-log.js';
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

  it('an analysis in hand is laid out as it is, not made again', async () => {
    const { choppy } = await choppyRuns();
    const fromLog = idleGapsTable([{ label: 'choppy', log: choppy }]).objects();
    expect(idleGapsTable({ label: 'choppy', activity: analyzeLog(choppy) }).objects()).toEqual(fromLog);
    expect(idleGapsTable(analyzeLog(choppy)).array('run')).toEqual(['choppy', 'choppy']);
    // made with a 3-s minimum gap, the analysis lists neither 2-s gap: the table shows that analysis
    expect(idleGapsTable(analyzeLog(choppy, { minGapS: 3 })).numRows()).toBe(0);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './corpus.js';

/** One process launched by the capture driver, as the host recorded it (never read from the log). */
export interface GtProc {
  scenario: string;
  tag: string;
  pid: number;
  startMs: number;
  endMs: number;
  items: number;
}
export interface GtJob {
  scenario: string;
  startMs: number;
  endMs: number;
  items: number;
}

/** The `proc` and `job` lines of fixtures/captures/capture2-log.txt (host clock, UTC). */
export function groundTruth(): { procs: GtProc[]; jobs: GtJob[] } {
  const text = readFileSync(join(ROOT, 'fixtures', 'captures', 'capture2-log.txt'), 'utf8');
  const procs: GtProc[] = [];
  const jobs: GtJob[] = [];
  for (const line of text.split('\n')) {
    const kv = Object.fromEntries([...line.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    if (line.startsWith('proc '))
      procs.push({
        scenario: kv.scenario!,
        tag: kv.tag!,
        pid: Number(kv.pid),
        startMs: Date.parse(kv.start!),
        endMs: Date.parse(kv.end!),
        items: Number(kv.items),
      });
    else if (line.startsWith('job '))
      jobs.push({ scenario: kv.scenario!, startMs: Date.parse(kv.start!), endMs: Date.parse(kv.end!), items: Number(kv.items) });
  }
  return { procs, jobs };
}

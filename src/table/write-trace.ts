import { analyzeLog } from '../analyze/analyze-log.js';
import type { TelemetryLog } from '../series/types.js';
import { runLabels } from './blocks.js';

/** One Chrome/Perfetto trace event (the Trace Event Format's JSON object form). */
export interface TraceEvent {
  ph: 'X' | 'C' | 'M';
  name: string;
  pid: number;
  tid?: number;
  /** Microseconds from the start of the earliest log. */
  ts?: number;
  dur?: number;
  cat?: string;
  args?: Record<string, number | string>;
}

/** The track (thread) of a GPU's busy and idle slices; process tracks use their PID. */
const ACTIVITY_TID = 0;

/**
 * The launch timeline as trace events: a process track per GPU of each run, a thread per PID with a
 * slice from the first to the end of the last sample that lists it, a `GPU activity` thread with
 * busy and idle slices (idle gaps inside the active span named as such), and counters for power,
 * utilisation and PCIe TX. Times are microseconds from the start of the earliest log.
 *
 * @example traceEvents([log])[0] // { ph: 'M', name: 'process_name', pid: 1, args: { name: 'run · GPU 0 NVIDIA H200' } }
 */
export function traceEvents(logs: readonly TelemetryLog[], options: { labels?: string[] } = {}): TraceEvent[] {
  const labels = runLabels(logs, options.labels);
  const t0 = Math.min(...logs.map((l) => l.startMs).filter(Number.isFinite));
  const us = (ms: number): number => Math.round((ms - t0) * 1000);
  const events: TraceEvent[] = [];
  let pid = 0;
  for (const [li, log] of logs.entries()) {
    const activity = analyzeLog(log);
    for (const a of activity.gpus) {
      const g = a.series;
      pid++;
      events.push({ ph: 'M', name: 'process_name', pid, args: { name: `${labels[li]} · GPU ${g.index} ${g.identity.name ?? ''}`.trim() } });
      events.push({ ph: 'M', name: 'process_sort_index', pid, args: { sort_index: pid } });
      events.push({ ph: 'M', name: 'thread_name', pid, tid: ACTIVITY_TID, args: { name: 'GPU activity' } });
      // busy and idle slices: runs of one state, each sample lasting to the next (a logging gap ends a slice)
      const busy = a.duty.classification.busy;
      const known = a.duty.classification.known;
      const end = (i: number): number =>
        i + 1 < g.length && g.timeMs[i + 1]! - g.timeMs[i]! <= log.gapThresholdS * 1000
          ? g.timeMs[i + 1]!
          : g.timeMs[i]! + log.intervalS * 1000;
      let i = 0;
      while (i < g.length) {
        const state = known[i] ? (busy[i] ? 'busy' : 'idle') : 'unknown';
        let j = i;
        while (j + 1 < g.length && (known[j + 1] ? (busy[j + 1] ? 'busy' : 'idle') : 'unknown') === state && end(j) === g.timeMs[j + 1])
          j++;
        const s = us(g.timeMs[i]!);
        const e = us(end(j));
        if (e > s) events.push({ ph: 'X', name: state, cat: 'activity', pid, tid: ACTIVITY_TID, ts: s, dur: e - s });
        i = j + 1;
      }
      // processes: one thread each, so that slices on one track never overlap
      for (const p of a.launches.processes) {
        events.push({ ph: 'M', name: 'thread_name', pid, tid: p.pid, args: { name: `PID ${p.pid}${p.name ? ` ${p.name}` : ''}` } });
        const s = us(p.firstMs);
        const e = us(end(p.lastRow));
        events.push({
          ph: 'X',
          name: `PID ${p.pid}${p.name ? ` ${p.name}` : ''}`,
          cat: 'process',
          pid,
          tid: p.pid,
          ts: s,
          dur: Math.max(0, e - s),
          args: { samples: p.samples },
        });
      }
      for (const gap of a.gaps.gaps) {
        events.push({
          ph: 'X',
          name: `idle gap ${gap.durationS.toFixed(1)} s`,
          cat: 'idle-gap',
          pid,
          tid: -1,
          ts: us(gap.startMs),
          dur: Math.max(0, us(gap.endMs) - us(gap.startMs)),
        });
      }
      if (a.gaps.gaps.length) events.push({ ph: 'M', name: 'thread_name', pid, tid: -1, args: { name: 'idle gaps (active span)' } });
      for (let k = 0; k < g.length; k++) {
        const ts = us(g.timeMs[k]!);
        const w = g.columns.powerW[k]!;
        const u = g.columns.gpuUtilPct[k]!;
        const tx = g.columns.pcieTxKBps[k]!;
        if (Number.isFinite(w)) events.push({ ph: 'C', name: 'power (W)', pid, ts, args: { W: w } });
        if (Number.isFinite(u)) events.push({ ph: 'C', name: 'utilisation (%)', pid, ts, args: { '%': u } });
        if (Number.isFinite(tx)) events.push({ ph: 'C', name: 'PCIe TX (MB/s)', pid, ts, args: { 'MB/s': tx / 1000 } });
      }
    }
  }
  return events;
}

/**
 * Writes {@link traceEvents} as Chrome/Perfetto trace JSON (`{"traceEvents": [...]}`): it opens in
 * ui.perfetto.dev and chrome://tracing.
 */
export async function writeTrace(
  logs: readonly TelemetryLog[],
  options: { labels?: string[] },
  sink: (chunk: string) => Promise<void>,
): Promise<void> {
  const events = traceEvents(logs, options);
  await sink('{"displayTimeUnit":"ms","traceEvents":[\n');
  for (let i = 0; i < events.length; i += 2048) {
    await sink(
      events
        .slice(i, i + 2048)
        .map((e, k) => `${i + k === 0 ? '' : ',\n'}${JSON.stringify(e)}`)
        .join(''),
    );
  }
  await sink('\n]}\n');
}

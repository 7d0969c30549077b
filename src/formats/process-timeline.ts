import { METRIC_INDEX } from '../parse/fields.js';
import type { GpuSample, ProcessSample, Sample } from '../parse/sample.js';
import { parseWallTime } from '../parse/timestamp.js';

/** Rounds of a process log (`--query-compute-apps` CSV, pmon) farther than this from a GPU sample do not describe it, ms. */
export const PROCESS_MATCH_MS = 600;

interface Round {
  ms: number;
  gpus: GpuSample[];
}

/**
 * The process lists of a process-only log (`--query-compute-apps` CSV or pmon), by time, to be
 * laid onto the samples of a GPU log of the same run. Times are compared as wall-clock text
 * (both loggers ran on one host, so one clock and one zone).
 *
 * A round of the process log within {@link PROCESS_MATCH_MS} of a GPU sample gives that sample's
 * processes for the GPU with the same UUID, bus id or index; a GPU sample with no such round had
 * none (`--query-compute-apps` writes nothing in a round with no process), so the process logger
 * must have run for the whole GPU log, as it does when one job script starts both.
 */
export class ProcessTimeline {
  private readonly rounds: Round[];

  constructor(samples: readonly Sample[]) {
    this.rounds = samples
      .map((s) => ({ ms: wallMs(s.timestamp), gpus: s.gpus }))
      .filter((r) => !Number.isNaN(r.ms))
      .sort((a, b) => a.ms - b.ms);
  }

  get length(): number {
    return this.rounds.length;
  }

  /** Gives each GPU of `s` that has no process list the one of the nearest round; returns how many GPUs it could match. */
  attach(s: Sample): number {
    const t = wallMs(s.timestamp);
    if (Number.isNaN(t)) return 0;
    const r = this.nearest(t);
    let matched = 0;
    for (const g of s.gpus) {
      if (g.processes !== null) continue;
      const list: ProcessSample[] = [];
      if (r !== null) for (const pg of r.gpus) if (sameGpu(g, pg)) list.push(...(pg.processes ?? []));
      if (r === null || this.knows(g)) {
        g.processes = list;
        g.values[PROCESS_COUNT_INDEX] = list.length;
        matched++;
      }
    }
    return matched;
  }

  /** Whether some round names this GPU (a GPU the process log never names cannot be told apart from one it cannot match). */
  private knows(g: GpuSample): boolean {
    if (this.known.has(g)) return this.known.get(g)!;
    const k =
      this.rounds.some((r) => r.gpus.some((pg) => sameGpu(g, pg))) ||
      this.rounds.every((r) => r.gpus.every((pg) => pg.identity.uuid === null && pg.identity.busId === null && pg.id === null));
    this.known.set(g, k);
    return k;
  }
  private readonly known = new Map<GpuSample, boolean>();

  private nearest(t: number): Round | null {
    const a = this.rounds;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid]!.ms < t) lo = mid + 1;
      else hi = mid;
    }
    let best: Round | null = null;
    for (const k of [lo - 1, lo]) {
      const r = a[k];
      if (r !== undefined && Math.abs(r.ms - t) <= PROCESS_MATCH_MS && (best === null || Math.abs(r.ms - t) < Math.abs(best.ms - t)))
        best = r;
    }
    return best;
  }
}

const PROCESS_COUNT_INDEX = METRIC_INDEX.processCount;

function sameGpu(a: GpuSample, b: GpuSample): boolean {
  if (a.identity.uuid !== null && b.identity.uuid !== null) return a.identity.uuid === b.identity.uuid;
  if (a.identity.busId !== null && b.identity.busId !== null) return normalBus(a.identity.busId) === normalBus(b.identity.busId);
  return a.id !== null && a.id === b.id;
}

/** `00000000:00:06.0` and `0000:00:06.0` name one bus id. */
function normalBus(id: string): string {
  return id.replace(/^0+(?=[0-9a-fA-F]{4}:)/, '').toLowerCase();
}

function wallMs(stamp: string | null): number {
  const w = stamp === null ? null : parseWallTime(stamp);
  return w === null ? NaN : Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms ?? 0);
}

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * An independent reading of a `-l 1` H100 (DTD v13) log for cross-checks: regular expressions
 * straight over the decompressed XML, none of the project's reader. One entry per complete document.
 */
export interface RawDoc {
  /** Epoch ms from `<timestamp>` read as UTC. */
  t: number;
  /** `gpu_power_readings/average_power_draw`, W. */
  powerW: number;
  limitW: number;
  util: number;
  pids: number[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function rawDocs(file: string): RawDoc[] {
  const buf = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
  return text
    .split('<?xml')
    .slice(1)
    .filter((d) => d.includes('</nvidia_smi_log>'))
    .map((d) => {
      const ts = /<timestamp>\w+ (\w+)\s+(\d+) (\d+):(\d+):(\d+) (\d+)<\/timestamp>/.exec(d)!;
      const t = Date.UTC(Number(ts[6]), MONTHS.indexOf(ts[1]!), Number(ts[2]), Number(ts[3]), Number(ts[4]), Number(ts[5]));
      const pr = /<gpu_power_readings>([\s\S]*?)<\/gpu_power_readings>/.exec(d)![1]!;
      return {
        t,
        powerW: Number(/<average_power_draw>([\d.]+) W</.exec(pr)![1]),
        limitW: Number(/<current_power_limit>([\d.]+) W</.exec(pr)![1]),
        util: Number(/<gpu_util>(\d+) %</.exec(d)![1]),
        pids: [...d.matchAll(/<pid>(\d+)<\/pid>/g)].map((m) => Number(m[1])),
      };
    });
}

export interface RawActivity {
  thresholdW: number;
  /** Indexes of the first and last busy document. */
  firstBusy: number;
  lastBusy: number;
  activeSpanS: number;
  busyS: number;
  gaps: { start: number; durationS: number; launch: boolean; withProcess: boolean }[];
  distinctPids: number;
  energyActiveJ: number;
}

/**
 * The definitions of docs/metrics.md worked directly on raw documents with 1-s timestamps and no
 * logging gap (asserted): threshold = floor + 10 % of (limit − floor), floor = the lowest power
 * another document agrees with (within 10 W or 2 % of the limit); busy = power ≥ threshold
 * or (util ≥ 1 and a PID listed); each document lasts until the next one (the last: 1 interval,
 * which never matters here as the logs end idle); idle gaps = runs of idle documents between the
 * first and last busy one; a gap is a launch gap when a PID first appears in it or in the document
 * right after it; energy = trapezoids between consecutive documents inside the active span.
 */
export function rawActivity(docs: RawDoc[]): RawActivity {
  for (let i = 1; i < docs.length; i++) {
    const step = docs[i]!.t - docs[i - 1]!.t;
    if (!(step > 0 && step <= 2000)) throw new Error(`unexpected step ${step} ms at document ${i}`);
  }
  // floor: the lowest power that another document's power lies within max(10 W, 2 % of the limit) of
  const sorted = docs.map((d) => d.powerW).sort((a, b) => a - b);
  const agree = Math.max(10, 0.02 * docs[0]!.limitW);
  const k = sorted.findIndex((v, i) => i + 1 < sorted.length && sorted[i + 1]! - v <= agree);
  const min = sorted[k < 0 ? 0 : k]!;
  const thresholdW = min + 0.1 * (docs[0]!.limitW - min);
  const busy = docs.map((d) => d.powerW >= thresholdW || (d.util >= 1 && d.pids.length > 0));
  const first = busy.indexOf(true);
  const last = busy.lastIndexOf(true);
  const end = (i: number): number => docs[i + 1]!.t;
  const firstSeen = new Map<number, number>();
  docs.forEach((d, i) => {
    for (const p of d.pids) if (!firstSeen.has(p)) firstSeen.set(p, i);
  });
  const gaps: RawActivity['gaps'] = [];
  let busyS = 0;
  for (let i = first; i <= last; i++) {
    if (busy[i]) {
      busyS += (end(i) - docs[i]!.t) / 1000;
      continue;
    }
    let j = i;
    while (!busy[j + 1]) j++;
    const launch = [...firstSeen.values()].some((r) => r >= i && r <= j + 1);
    const withProcess = docs.slice(i, j + 1).some((d) => d.pids.length > 0);
    gaps.push({ start: docs[i]!.t, durationS: (end(j) - docs[i]!.t) / 1000, launch, withProcess });
    i = j;
  }
  let energy = 0;
  for (let i = first; i <= last; i++) energy += ((docs[i]!.powerW + docs[i + 1]!.powerW) / 2) * ((docs[i + 1]!.t - docs[i]!.t) / 1000);
  return {
    thresholdW,
    firstBusy: first,
    lastBusy: last,
    activeSpanS: (end(last) - docs[first]!.t) / 1000,
    busyS,
    gaps,
    distinctPids: firstSeen.size,
    energyActiveJ: energy,
  };
}

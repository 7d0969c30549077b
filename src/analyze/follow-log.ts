import type { TailEvent } from '../io/tail-file.js';
import { followSamples, type FollowSamplesOptions } from '../series/follow-samples.js';
import { LiveLog, type LiveGpuState, type LiveLogOptions, type WatchSummary } from './live-log.js';

export interface FollowLogOptions extends FollowSamplesOptions, LiveLogOptions {
  /** IANA zone the log's timestamps were written in. Default `UTC`. */
  timeZone?: string;
}

/** What {@link followLog} yields. */
export type LiveUpdate =
  | Exclude<TailEvent, { kind: 'data' }>
  /** New samples were read: every GPU's figures for the log so far, and the last sample's timestamp text. */
  | { kind: 'update'; added: number; time: string | null; gpus: LiveGpuState[]; live: LiveLog }
  /** Following stopped (the signal aborted): the summary of the whole log read. */
  | { kind: 'stopped'; summary: WatchSummary; live: LiveLog };

/**
 * Follows a log that nvidia-smi is still writing and yields, for every stretch of new samples,
 * each GPU's live figures (busy/idle, duty cycle, active span, idle gaps and streak: those
 * `summarize` gives for the log so far), and a summary when `signal` aborts. Built on
 * {@link followSamples} and `LiveLog`; an update costs the same after a day as after a minute.
 *
 * @example
 * const ac = new AbortController();
 * for await (const u of followLog('gpu.xml', { signal: ac.signal })) {
 *   if (u.kind === 'update') console.log(u.gpus.map((g) => `${g.index}: ${g.state}, duty ${g.dutyCycle}`));
 *   if (u.kind === 'stopped') console.log(u.summary.gpus[0]?.dutyCycle);
 * }
 */
export async function* followLog(path: string, options: FollowLogOptions = {}): AsyncGenerator<LiveUpdate> {
  const { timeZone, onWarning, intervalMs, signal, parser, logFormat, fields, ...analyze } = options;
  const live = new LiveLog({ ...analyze, ...(timeZone ? { timeZone } : {}), ...(onWarning ? { onWarning } : {}) });
  const follow = followSamples(path, {
    onWarning: (w) => live.warn(w),
    ...(intervalMs !== undefined ? { intervalMs } : {}),
    ...(signal ? { signal } : {}),
    ...(parser ? { parser } : {}),
    ...(logFormat ? { logFormat } : {}),
    ...(fields !== undefined ? { fields } : {}),
  });
  for await (const e of follow) {
    if (e.kind !== 'samples') {
      if (e.kind === 'reset') live.restarts++;
      yield e;
      continue;
    }
    for (const s of e.samples) live.add(s);
    yield { kind: 'update', added: e.samples.length, time: e.samples[e.samples.length - 1]!.timestamp, gpus: live.states(), live };
  }
  yield { kind: 'stopped', summary: live.summary(path), live };
}

import type { Advice } from '../analyze/advice.js';
import type { AttributionPart } from '../analyze/attribution.js';
import type { Comparison, ComparisonWarning, Difference, Finding } from '../analyze/compare-runs.js';
import type { IncompleteReason } from '../analyze/completeness.js';
import type { LogSummary } from '../analyze/summarize-log.js';

/**
 * Every English sentence the tool writes about a verdict lives here: analyses return codes and
 * figures; the terminal, the HTML report and the JSON `text`/`message` fields all come from these
 * functions, so a wording is changed in one place and the figures are never re-derived.
 */

const f0 = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : Math.round(v).toString();
const f1 = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : (Math.round(v * 10) / 10).toFixed(1);
const pct = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : `${Math.round(v * 100)} %`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** A duration in seconds as people read it: `42 s`, `3 min 12 s`, `2 h 05 min`. */
export function duration(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '–';
  const a = Math.abs(s);
  const sign = s < 0 ? '−' : '';
  if (a < 10) return `${sign}${f1(a)} s`;
  if (a < 120) return `${sign}${f0(a)} s`;
  if (a < 7200) return `${sign}${Math.floor(a / 60)} min ${String(Math.round(a % 60)).padStart(2, '0')} s`;
  return `${sign}${Math.floor(a / 3600)} h ${String(Math.round((a % 3600) / 60)).padStart(2, '0')} min`;
}

/** Throughput in KB/s as `891 KB/s`, `12.3 MB/s`, `2.95 GB/s`. */
export function throughput(kbps: number | null | undefined): string {
  if (kbps === null || kbps === undefined || !Number.isFinite(kbps)) return '–';
  return kbps >= 1e6 ? `${(kbps / 1e6).toFixed(2)} GB/s` : kbps >= 1e3 ? `${(kbps / 1e3).toFixed(1)} MB/s` : `${kbps.toFixed(0)} KB/s`;
}

/** Energy in J as `812 J`, `10.2 kJ`, `3.41 MJ`. */
export function energyText(j: number | null | undefined): string {
  if (j === null || j === undefined || !Number.isFinite(j)) return '–';
  return j >= 1e6 ? `${(j / 1e6).toFixed(2)} MJ` : j >= 1e3 ? `${(j / 1e3).toFixed(1)} kJ` : `${j.toFixed(0)} J`;
}

/** The names of the attribution's parts, as the tables and sentences use them. */
export const PART_NAMES: Record<AttributionPart, string> = {
  busyS: 'busy',
  launchOverheadS: 'launch overhead',
  processWaitS: 'waiting inside a process',
  noProcessWaitS: 'waiting with no process',
  idleUnknownS: 'idle, cause unknown',
  imbalanceS: 'imbalance across GPUs',
  unrecordedS: 'unrecorded',
};

const INCOMPLETE: Record<IncompleteReason, string> = {
  STARTS_BUSY: 'its log starts while a GPU is already busy',
  ENDS_BUSY: 'its log ends while a GPU is still busy or a process still runs',
  LOGGER_CUT: 'its last document is cut (the logger died)',
};

/**
 * One line for a comparison warning.
 *
 * @example
 * warningText(c.warnings[0]!); // 'perfile#2 is incomplete (ENDS_BUSY): not ranked against complete runs.'
 */
export function warningText(w: ComparisonWarning): string {
  const r = w.runs.join(', ');
  const g = w.figures;
  switch (w.code) {
    case 'INCOMPLETE_RUN':
      return `${r} is incomplete: ${String(g.reasons ?? '')
        .split(',')
        .filter(Boolean)
        .map((x) => INCOMPLETE[x as IncompleteReason] ?? x)
        .join('; ')}. Its ${duration(g.activeSpanS as number)} span is a lower bound, so it is never ranked above a complete run.`;
    case 'NO_WORK':
      return `${r} did no work: no GPU was ever busy in its ${duration(g.logDurationS as number)} of log; it is ranked last.`;
    case 'DIFFERENT_WORK':
      return `${w.runs[0]} and ${w.runs[1]} did different amounts of work (busy GPU energy ${energyText(g.busyEnergyJ as number)} against ${energyText(g.otherBusyEnergyJ as number)}, ${(g.ratio as number).toFixed(2)} ×): the ranking by span may not hold. Give each run's item count with --items label=N to rank by seconds per item.`;
    case 'MIXED_ITEMS':
      return `items were given for ${g.withItems} of ${g.runs} runs (missing: ${r}): runs are ranked by active span, not per item.`;
    case 'INPUT_WARNINGS':
      return `${r}: ${plural(g.count as number, 'input warning')} (damaged documents, impossible readings or clock steps); see summarize.`;
  }
}

/**
 * One line for a finding: why the first run of the pair beat the second.
 *
 * @example
 * findingText(c.findings[0]!); // 'perfile took 32 s of active span, folder 6.5 s (4.8 × as long).'
 */
export function findingText(f: Finding): string {
  const [W, S] = f.runs;
  const g = f.figures;
  const w = g[W] ?? null;
  const s = g[S] ?? null;
  switch (f.kind) {
    case 'SPAN':
      return f.metric === 'secondsPerItem'
        ? `${S} took ${f1(s)} s per item, ${W} ${f1(w)} s (${f1(g.ratio)} × as long).`
        : `${S} took ${duration(s)} of active span, ${W} ${duration(w)} (${f1(g.ratio)} × as long).`;
    case 'DUTY_CYCLE':
      return `${W}'s GPUs were busy ${pct(w)} of their active span, ${S}'s ${pct(s)}.`;
    case 'LAUNCH_OVERHEAD':
      return `${S} started ${f0(g.launches)} processes and waited ${duration(s)} in ${f0(g.launchGaps)} launch gaps (median ${duration(g.medianGapS)} each) for them to start; ${W} started ${f0(g.otherLaunches)}.`;
    case 'PROCESS_WAIT':
      return `${S}'s GPUs waited ${duration(s)} inside running processes (input, CPU or I/O), ${W}'s ${duration(w)}.`;
    case 'IDLE_POWER':
      return `Inside its active span ${W}'s power never fell below ${f0(w)} W; ${S} dropped to ${f0(s)} W, idle power (below its ${f0(g.thresholdW)} W threshold).`;
    case 'SHARED_GPU':
      return `${S} ran up to ${f0(s)} compute processes on one GPU at once; ${W} at most ${f0(w)}.`;
    case 'TX_PLATEAU':
      return `${W} kept summed PCIe TX at ${throughput(w)}, ${S} at ${throughput(s)}.`;
    case 'ENERGY':
      return `${W} used ${energyText(w)}${f.metric === 'energyPerItemJ' ? ' per item' : ' in its active span'}, ${S} ${energyText(s)} (${f0(((s ?? 0) / (w ?? 1) - 1) * 100)} % more).`;
    case 'MORE_GPUS_SAME_TX':
      return `${W} used ${f0(g.gpus)} GPUs against ${f0(g.otherGpus)} for ${S}, yet its summed PCIe TX plateau (${throughput(g.txPlateauKBps)}) was no higher than ${S}'s (${throughput(g.otherTxPlateauKBps)}): more GPUs did not move more data, so storage, not the GPUs, sets the pace.`;
  }
}

/**
 * The difference between two configurations in one sentence, largest parts first.
 *
 * @example
 * differenceText(c.differences[0]!); // 'perfile took 25 s longer than folder: 24 s launch overhead, …'
 */
export function differenceText(d: Difference): string {
  const unit = d.perItem ? ' per item' : '';
  const parts = (Object.entries(d.parts) as [AttributionPart, number][])
    .filter(([k, v]) => Math.abs(v) >= 0.05 && k !== 'busyS')
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .map(([k, v]) => `${v < 0 ? '−' : ''}${duration(Math.abs(v))} ${PART_NAMES[k]}`);
  const busy = d.parts.busyS;
  if (Math.abs(busy) >= 0.05) {
    const [pw, ps] = d.evidence.busyPowerW;
    const [cw, cs] = d.evidence.smClockMHz;
    const why: string[] = [];
    if (pw !== null && ps !== null) why.push(`busy power ${f0(ps)} W against ${f0(pw)} W`);
    if (cw !== null && cs !== null) why.push(`SM clock ${f0(cs)} against ${f0(cw)} MHz`);
    parts.push(
      `${busy < 0 ? '−' : ''}${duration(Math.abs(busy))} ${busy >= 0 ? 'slower' : 'faster'} busy work${why.length ? ` (${why.join(', ')})` : ''}`,
    );
  }
  const gpuNote = Math.abs(d.extraGpuS - d.extraSpanS) > 0.5 ? ` (${duration(d.extraGpuS)} of GPU-time)` : '';
  const unexplained =
    d.unexplainedS >= 0.05
      ? `; ${duration(d.unexplainedS)} of the slower busy work has no evidence behind it (power, clocks and throttling look the same)`
      : '';
  return `${d.slower} took ${duration(d.extraSpanS)}${unit} longer than ${d.faster}${gpuNote}: ${parts.join(', ') || 'no part differs'}${unexplained}.`;
}

/**
 * The advice as one plain sentence with its trigger and saving.
 *
 * @example
 * adviceText(runAdvice(run)[0]!);
 * // 'perfile spent 75 % of its GPU-time waiting for 5 process launches (median 5.0 s each); …'
 */
export function adviceText(a: Advice): string {
  const r = `${a.runs.join(', ')}${typeof a.figures.runsWithIt === 'number' ? ` (mean of ${a.figures.runsWithIt} runs)` : ''}`;
  const g = a.figures;
  const save =
    a.estimatedSavingS !== null
      ? ` would save about ${duration(a.estimatedSavingS)}${a.estimatedSavingPct !== null ? ` (${f0(a.estimatedSavingPct)} % of the span)` : ''}`
      : '';
  switch (a.code) {
    case 'NO_WORK':
      return `${r}: no GPU was ever busy in ${duration(g.logDurationS)} of log (${duration(g.gpuS)} of GPU-time held): check that the job reached the GPU.`;
    case 'IDLE_GPU':
      return `${r}: ${f0(g.idleGpus)} of ${f0(g.gpus)} GPUs never worked (${duration(g.idleGpuS)} of GPU-time held for nothing): give the job fewer GPUs or give those GPUs work.`;
    case 'LAUNCH_OVERHEAD':
      return `${r} spent ${pct(g.share)} of its GPU-time waiting for ${f0(g.launchGaps)} process launches (median ${duration(g.medianGapS)} each); one long-lived process per GPU given all the inputs (MotionCor2 pointed at a folder)${save}.`;
    case 'SHARED_GPU':
      return `${r} ran up to ${f0(g.maxConcurrent)} compute processes on one GPU at once: run one per GPU (several MotionCor2 on one GPU make runs fail or stall).`;
    case 'IO_WAIT':
      return `${r}'s GPUs waited ${pct(g.share)} of their time inside running processes (input, CPU, I/O${g.txPlateauKBps !== null ? `; summed PCIe TX plateau ${throughput(g.txPlateauKBps)}` : ''}): stage the input on local disk, read ahead, or use fewer GPUs; removing the wait${save}.`;
    case 'NO_PROCESS_WAIT':
      return `${r}'s GPUs sat ${pct(g.share)} of their time with no process on them and no launch ending the wait: the job script does other work between GPU steps; overlapping it${save}.`;
    case 'IMBALANCE':
      return `${r}: GPUs idled ${pct(g.share)} of the GPU-time before their first or after their last work while others still worked: spread the inputs dynamically (a shared queue) instead of fixed groups; balancing${save}.`;
    case 'THROTTLED':
      return `${r}: power or thermal limits held the clocks down in ${pct(g.throttledShare)} of busy samples (SM ${f0(g.throttledSmClockMHz)} against ${f0(g.maxSmClockMHz)} MHz): check cooling and power limits; full clocks${save}.`;
    case 'LOGGING_GAPS':
      return `${r}: ${pct(g.share)} of the active GPU-time is unrecorded (logging gaps): the figures cover only what was logged; log with a dedicated, lightly loaded logger.`;
  }
}

/**
 * The verdict line.
 *
 * @example
 * verdictText(compareRuns(runs)); // 'Fastest: folder by active span (Welch's t-test on active span: p = 0.023, α = 0.05).'
 */
export function verdictText(c: Comparison): string {
  const b = c.configurations[0];
  const basis = c.basis === 'secondsPerItem' ? 'seconds per item' : 'active span';
  const differentWork = c.warnings.some((w) => w.code === 'DIFFERENT_WORK')
    ? ' These runs did different work, so the ranking may not hold.'
    : '';
  const t = c.test;
  const test = t ? ` (Welch's t-test on ${basis}: p = ${t.p < 0.001 ? t.p.toExponential(1) : t.p.toFixed(3)}, α = ${t.alpha})` : '';
  switch (c.verdict) {
    case 'no-work':
      return 'No run has a busy sample: nothing to rank.';
    case 'no-complete-run':
      return `No complete run did work: ${b?.label ?? '–'} ranks first, but its span is a lower bound, so no winner is called.${differentWork}`;
    case 'single':
      return c.configurations.length > 1
        ? `Only one complete configuration did work (${c.configurations.find((g) => g.complete && g.worked)?.label ?? '–'}): the others are incomplete or did no work, so nothing is ranked against it.`
        : `Only one configuration (${b?.label ?? '–'}): nothing to compare it with.`;
    case 'winner':
      return `Fastest: ${c.winner} by ${basis}${test}.${differentWork}`;
    case 'unrepeated':
      return `Fastest: ${c.winner} by ${basis}, from single runs (repeat each configuration to test whether the difference is beyond run-to-run noise).${differentWork}`;
    case 'tie':
      return `Tie: the best configurations are within the noise of each other by ${basis}${test}.${differentWork}`;
    case 'no-clear-winner':
      return `No clear winner: ${b?.label ?? '–'} has the lowest mean ${basis}, but the difference is not significant${test}.${differentWork}`;
  }
}

/**
 * A summary as JSON-ready data: each piece of advice given its sentence.
 *
 * @example
 * JSON.stringify(summaryJson(summarizeLog(log))); // what `summarize --json` prints for one file
 */
export function summaryJson(s: LogSummary): Record<string, unknown> {
  return { ...s, advice: s.advice.map((a) => ({ ...a, text: adviceText(a) })) };
}

/**
 * The comparison as JSON-ready data: the analysis' figures with each warning, finding and advice given its sentence.
 *
 * @example
 * JSON.stringify(comparisonJson(compareRuns(runs))); // what `compare --json` prints
 */
export function comparisonJson(c: Comparison): Record<string, unknown> {
  return {
    ...c,
    verdictText: verdictText(c),
    warnings: c.warnings.map((w) => ({ ...w, message: warningText(w) })),
    reasons: c.findings.map((f) => ({ ...f, text: findingText(f) })),
    findings: undefined,
    differences: c.differences.map((d) => ({ ...d, text: differenceText(d) })),
    advice: c.advice.map((a) => ({ ...a, text: adviceText(a) })),
  };
}

import { max as ssMax, mean, min as ssMin, sampleStandardDeviation } from 'simple-statistics';
import type { TelemetryLog } from '../series/types.js';
import { byImportance, medianSeverity, runAdvice, type Advice, type AdviceThresholds } from './advice.js';
import type { AnalyzeOptions } from './analyze-log.js';
import { ATTRIBUTION_PARTS, emptyAttribution, type Attribution, type AttributionPart } from './attribution.js';
import { analyzeRun, type RunResult } from './run-result.js';
import { welchTest } from './welch.js';

export interface LabeledLog {
  label: string;
  log: TelemetryLog;
  /** Job number (1-based) when the log is one job of a file. */
  job?: number | null;
  /** Items (movies) this run processed. */
  items?: number | null;
  /** The run ends where its file ends. Default true. */
  isLastJob?: boolean;
}

/** Thresholds of the comparison; each is documented in docs/compare.md. */
export const COMPARE_THRESHOLDS = {
  /** Two runs (or configuration means) whose ranking figure differs by less than this share are a tie. */
  tieShare: 0.05,
  /** … or by less than this many sampling intervals (the clock's resolution). */
  tieIntervals: 2,
  /** Welch's t-test level: a winner among repeated configurations needs p below this. */
  alpha: 0.05,
  /** Without items, busy energy differing by more than this ratio means the runs did different work. */
  differentWorkRatio: 1.5,
  /** A duty-cycle difference (0–1) worth a finding. */
  dutyCycleDiff: 0.05,
  /** A summed-TX plateau this many times another's is worth a finding; more GPUs under it are I/O-bound. */
  txRatio: 1.1,
  /** Busy power, SM clock (ratios) or throttled share (difference) that count as evidence of slower busy work. */
  busyPowerRatio: 0.95,
  busyClockRatio: 0.95,
  throttledShareDiff: 0.1,
  /** Waiting inside processes above this share of the slower configuration's GPU-time is worth a PROCESS_WAIT finding. */
  processWaitShare: 0.1,
};
export type CompareThresholds = typeof COMPARE_THRESHOLDS;

export interface CompareOptions extends AnalyzeOptions {
  thresholds?: Partial<CompareThresholds>;
  advice?: Partial<AdviceThresholds>;
}

/** A run in the comparison: its figures, its rank and its configuration. */
export interface RankedRun extends RunResult {
  /** 1 = best; complete runs that worked first, then incomplete ones, then runs that did no work. */
  rank: number;
}
/** @deprecated the name before issue 11; the same as {@link RankedRun}. */
export type RunComparison = RankedRun;

export interface Stats {
  mean: number;
  min: number;
  max: number;
  /** Sample standard deviation; null with one run. */
  sd: number | null;
}

/** Runs given with one label: repeats of one configuration. */
export interface Configuration {
  label: string;
  n: number;
  rank: number;
  /** Every run complete; a configuration with an incomplete run ranks after complete ones. */
  complete: boolean;
  /** Some run worked. */
  worked: boolean;
  activeSpanS: Stats;
  secondsPerItem: Stats | null;
  /** Mean attribution over its runs (per item when every run has items). */
  attribution: Attribution;
  perItem: boolean;
}

export type ComparisonWarningCode = 'INCOMPLETE_RUN' | 'NO_WORK' | 'DIFFERENT_WORK' | 'MIXED_ITEMS' | 'INPUT_WARNINGS';

/** A reason not to trust a figure: data, with the runs it names. */
export interface ComparisonWarning {
  code: ComparisonWarningCode;
  runs: string[];
  figures: Record<string, number | string | null>;
}

export type FindingKind =
  | 'SPAN'
  | 'DUTY_CYCLE'
  | 'LAUNCH_OVERHEAD'
  | 'PROCESS_WAIT'
  | 'IDLE_POWER'
  | 'SHARED_GPU'
  | 'TX_PLATEAU'
  | 'ENERGY'
  | 'MORE_GPUS_SAME_TX';

/** Why one configuration beat another: a kind, the pair it compares (faster first) and its figures. */
export interface Finding {
  kind: FindingKind;
  runs: [string, string];
  metric: string;
  figures: Record<string, number | null>;
}

/** The extra time of a slower configuration, split into the attribution's parts. */
export interface Difference {
  /** The faster and the slower configuration. */
  faster: string;
  slower: string;
  /** Per item when every run has items. */
  perItem: boolean;
  /** Extra active span (wall clock), s (per item when perItem). */
  extraSpanS: number;
  /** Extra GPU-time, the sum of `parts` (equal to extraSpanS on one GPU). */
  extraGpuS: number;
  /** Signed extra GPU-seconds per part; `busyS` is the slower busy work. */
  parts: Record<AttributionPart, number>;
  /** Evidence that the busy work itself was slower. */
  evidence: {
    busyPowerW: [number | null, number | null];
    smClockMHz: [number | null, number | null];
    throttledShare: [number | null, number | null];
  };
  /** Extra busy seconds with no evidence of slower busy work behind them. */
  unexplainedS: number;
}

export type Verdict = 'winner' | 'unrepeated' | 'tie' | 'no-clear-winner' | 'no-complete-run' | 'no-work' | 'single';

export interface Comparison {
  runs: RankedRun[];
  configurations: Configuration[];
  /** Ranking figure: seconds per item when every run has items, else active span. */
  basis: 'secondsPerItem' | 'activeSpanS';
  /** Best configuration when the verdict names one (winner or unrepeated), else null. */
  winner: string | null;
  /** True when a Welch's t-test between the two best configurations gave p < alpha. */
  significant: boolean;
  verdict: Verdict;
  test: { name: 'welch'; t: number; df: number; p: number; alpha: number } | null;
  warnings: ComparisonWarning[];
  findings: Finding[];
  differences: Difference[];
  advice: Advice[];
}

/** Mean of the finite values, null when there is none. */
const meanOrNull = (values: readonly (number | null)[]): number | null => {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return xs.length ? mean(xs) : null;
};

const stats = (xs: number[]): Stats => ({
  mean: mean(xs),
  min: ssMin(xs),
  max: ssMax(xs),
  sd: xs.length > 1 ? sampleStandardDeviation(xs) : null,
});

interface Agg {
  cfg: Configuration;
  value: number;
  values: number[];
  m: (pick: (r: RunResult) => number | null) => number | null;
}

/**
 * Compares runs of the same work and says which way of running it keeps the GPUs busiest, with
 * the evidence that the comparison is fair. Every input run is analysed once ({@link analyzeRun});
 * runs with one label are repeats of one configuration. Then:
 * - checks: incomplete runs (`INCOMPLETE_RUN`, never ranked above complete ones), runs with no
 *   work (`NO_WORK`, ranked last), runs of different work (`DIFFERENT_WORK`: busy energy differs by
 *   more than 1.5 × and no items were given), items given for some runs only (`MIXED_ITEMS`);
 * - ranking: configurations by mean seconds per item when every run has items, else by mean
 *   active span; the verdict names a winner only when Welch's t-test says the two best differ
 *   (repeats) or, for single runs, when they differ by more than the tie tolerance (`unrepeated`);
 *   otherwise it is a tie or there is no clear winner;
 * - findings (why the best beat each other configuration), the difference split into the
 *   attribution's parts, and advice with estimated savings for every run.
 * Time and memory are linear in the number of runs: findings name the runs they are about.
 *
 * @example
 * const c = compareRuns([{ label: 'folder', log: a }, { label: 'perfile', log: b }]);
 * c.winner; // 'folder'
 * c.differences[0]!.parts.launchOverheadS; // 88 (s)
 */
export function compareRuns(input: readonly (LabeledLog | RunResult)[], options: CompareOptions = {}): Comparison {
  const results = input.map((r) =>
    'log' in r
      ? analyzeRun(r.log, {
          ...options,
          label: r.label,
          job: r.job ?? null,
          items: r.items ?? options.items,
          isLastJob: r.isLastJob ?? true,
        })
      : r,
  );
  return compareResults(results, options);
}

/**
 * {@link compareRuns} over runs already analysed with {@link analyzeRun}.
 *
 * @example
 * const c = compareResults([analyzeRun(a, { label: 'folder' }), analyzeRun(b, { label: 'perfile' })]);
 * c.winner; // 'folder'
 */
export function compareResults(results: readonly RunResult[], options: CompareOptions = {}): Comparison {
  const th = { ...COMPARE_THRESHOLDS, ...options.thresholds };
  const warnings: ComparisonWarning[] = [];
  const withItems = results.filter((r) => r.items !== null).length;
  const perItem = results.length > 0 && withItems === results.length;
  if (withItems > 0 && !perItem)
    warnings.push({
      code: 'MIXED_ITEMS',
      runs: results.filter((r) => r.items === null).map((r) => r.label),
      figures: { withItems, runs: results.length },
    });
  for (const r of results) {
    if (!r.worked) warnings.push({ code: 'NO_WORK', runs: [r.label], figures: { logDurationS: r.logDurationS, gpus: r.gpus } });
    else if (!r.complete)
      warnings.push({
        code: 'INCOMPLETE_RUN',
        runs: [r.label],
        figures: { reasons: r.incompleteReasons.join(','), activeSpanS: r.activeSpanS },
      });
    if (r.warningCount > 0) warnings.push({ code: 'INPUT_WARNINGS', runs: [r.label], figures: { count: r.warningCount } });
  }
  const basisOf = (r: RunResult): number => (perItem ? (r.secondsPerItem ?? r.activeSpanS) : r.activeSpanS);

  // configurations, in order of first appearance
  const byLabel = new Map<string, RunResult[]>();
  for (const r of results) {
    const list = byLabel.get(r.label);
    if (list) list.push(r);
    else byLabel.set(r.label, [r]);
  }
  const aggs: Agg[] = [...byLabel.entries()].map(([label, runs]) => {
    const worked = runs.filter((r) => r.worked);
    const use = worked.length ? worked : runs;
    const values = use.map(basisOf);
    const m = (pick: (r: RunResult) => number | null): number | null => meanOrNull(use.map(pick));
    const att = emptyAttribution();
    for (const r of use) {
      const k = perItem && r.items ? 1 / r.items / use.length : 1 / use.length;
      for (const p of ATTRIBUTION_PARTS) att[p] += r.attribution[p] * k;
      att.totalS += r.attribution.totalS * k;
    }
    const items = use.map((r) => r.secondsPerItem).filter((v): v is number => v !== null);
    const cfg: Configuration = {
      label,
      n: runs.length,
      rank: 0,
      complete: runs.every((r) => r.complete),
      worked: worked.length > 0,
      activeSpanS: stats(use.map((r) => r.activeSpanS)),
      secondsPerItem: items.length ? stats(items) : null,
      attribution: att,
      perItem,
    };
    return { cfg, value: mean(values), values, m };
  });
  // complete runs that worked first, then incomplete ones, then those that did no work (runs and configurations alike)
  const tier = (x: Pick<RunResult, 'worked' | 'complete'>): number => (!x.worked ? 2 : x.complete ? 0 : 1);
  aggs.sort((a, b) => tier(a.cfg) - tier(b.cfg) || a.value - b.value);
  aggs.forEach((a, k) => {
    a.cfg.rank = k + 1;
  });
  const cfgRank = new Map(aggs.map((a) => [a.cfg.label, a.cfg.rank]));
  const runs: RankedRun[] = results
    .map((r, i) => ({ r, i }))
    .sort((x, y) => tier(x.r) - tier(y.r) || cfgRank.get(x.r.label)! - cfgRank.get(y.r.label)! || basisOf(x.r) - basisOf(y.r) || x.i - y.i)
    .map(({ r }, k) => ({ ...r, rank: k + 1 }));

  // verdict: only complete configurations that worked are ranked against each other
  const comparable = aggs.filter((a) => tier(a.cfg) === 0);
  const best = comparable[0];
  const second = comparable[1];
  let verdict: Verdict;
  let winner: string | null = null;
  let significant = false;
  let test: Comparison['test'] = null;
  if (!aggs.some((a) => a.cfg.worked)) verdict = 'no-work';
  else if (!best) verdict = 'no-complete-run';
  else if (!second) verdict = 'single';
  else {
    const diff = second.value - best.value;
    // runs carry no interval; at -l 1 the clock's resolution is 1 s
    const small = diff < th.tieShare * best.value || (!perItem && diff < th.tieIntervals);
    if (best.values.length >= 2 && second.values.length >= 2) {
      const w = welchTest(second.values, best.values);
      test = { name: 'welch', t: w.t, df: w.df, p: w.p, alpha: th.alpha };
      significant = w.p < th.alpha && !small;
      verdict = significant ? 'winner' : small ? 'tie' : 'no-clear-winner';
    } else verdict = small ? 'tie' : 'unrepeated';
    if (verdict === 'winner' || verdict === 'unrepeated') winner = best.cfg.label;
  }

  // different work
  if (!perItem) {
    // mean busy energy per configuration that worked; the first of equals is kept at each end
    const energies = aggs
      .filter((a) => a.cfg.worked)
      .map((a) => ({ label: a.cfg.label, j: a.m((r) => r.busyEnergyJ) ?? 0 }))
      .filter((e) => e.j > 0);
    const hi = energies.reduce<(typeof energies)[number] | null>((x, e) => (x === null || e.j > x.j ? e : x), null);
    const lo = energies.reduce<(typeof energies)[number] | null>((x, e) => (x === null || e.j < x.j ? e : x), null);
    if (hi && lo && hi !== lo && hi.j / lo.j > th.differentWorkRatio) {
      warnings.push({
        code: 'DIFFERENT_WORK',
        runs: [hi.label, lo.label],
        figures: { ratio: hi.j / lo.j, busyEnergyJ: hi.j, otherBusyEnergyJ: lo.j },
      });
    }
  }

  const findings: Finding[] = [];
  const differences: Difference[] = [];
  if (best) {
    for (const s of comparable.slice(1)) {
      findings.push(...pairFindings(best, s, th, perItem));
      differences.push(difference(best, s, th, perItem));
    }
    findings.push(...scalingFindings(comparable, th));
  }
  const advice = configurationAdvice(results.map((r) => runAdvice(r, options.advice)));
  return {
    runs,
    configurations: aggs.map((a) => a.cfg),
    basis: perItem ? 'secondsPerItem' : 'activeSpanS',
    winner,
    significant,
    verdict,
    test,
    warnings,
    findings,
    differences,
    advice,
  };
}

function pairFindings(w: Agg, s: Agg, th: CompareThresholds, perItem: boolean): Finding[] {
  const out: Finding[] = [];
  const pair: [string, string] = [w.cfg.label, s.cfg.label];
  const W = w.cfg.label;
  const S = s.cfg.label;
  const push = (kind: FindingKind, metric: string, figures: Record<string, number | null>): void => {
    out.push({ kind, runs: pair, metric, figures });
  };
  if (s.value > w.value) push('SPAN', perItem ? 'secondsPerItem' : 'activeSpanS', { [W]: w.value, [S]: s.value, ratio: s.value / w.value });
  const dw = w.m((r) => r.dutyCycle);
  const ds = s.m((r) => r.dutyCycle);
  if (dw !== null && ds !== null && dw - ds >= th.dutyCycleDiff) push('DUTY_CYCLE', 'dutyCycle', { [W]: dw, [S]: ds });
  const lw = w.m((r) => r.launches.count) ?? 0;
  const ls = s.m((r) => r.launches.count) ?? 0;
  const gs = s.m((r) => r.launches.gapCount) ?? 0;
  if (gs > 0 && ls > lw) {
    push('LAUNCH_OVERHEAD', 'attribution.launchOverheadS', {
      [W]: w.m((r) => r.attribution.launchOverheadS),
      [S]: s.m((r) => r.attribution.launchOverheadS),
      launches: ls,
      otherLaunches: lw,
      launchGaps: gs,
      medianGapS: s.m((r) => r.launches.medianGapS),
    });
  }
  const pw = w.m((r) => r.attribution.processWaitS) ?? 0;
  const ps = s.m((r) => r.attribution.processWaitS) ?? 0;
  if (ps > pw && ps > th.processWaitShare * (s.m((r) => r.attribution.totalS) ?? 0))
    push('PROCESS_WAIT', 'attribution.processWaitS', { [W]: pw, [S]: ps });
  const mw = w.m((r) => r.minActivePowerW);
  const ms = s.m((r) => r.minActivePowerW);
  const thr = s.m((r) => Math.min(...r.idleThresholdW.map((t) => t ?? Infinity)));
  if (mw !== null && ms !== null && thr !== null && Number.isFinite(thr) && mw > ms && ms < thr)
    push('IDLE_POWER', 'minActivePowerW', { [W]: mw, [S]: ms, thresholdW: thr });
  const cw = w.m((r) => r.launches.maxConcurrent) ?? 0;
  const cs = s.m((r) => r.launches.maxConcurrent) ?? 0;
  if (cs > 1 && cw <= 1) push('SHARED_GPU', 'launches.maxConcurrent', { [W]: cw, [S]: cs });
  const tw = w.m((r) => r.txPlateauKBps);
  const ts = s.m((r) => r.txPlateauKBps);
  if (tw !== null && ts !== null && tw > th.txRatio * ts) push('TX_PLATEAU', 'txPlateauKBps', { [W]: tw, [S]: ts });
  const ew = w.m((r) => (perItem ? r.energyPerItemJ : r.activeEnergyJ));
  const es = s.m((r) => (perItem ? r.energyPerItemJ : r.activeEnergyJ));
  if (ew !== null && es !== null && ew < es) push('ENERGY', perItem ? 'energyPerItemJ' : 'activeEnergyJ', { [W]: ew, [S]: es });
  return out;
}

/** More GPUs without a higher summed TX plateau: the storage, not the GPUs, sets the pace. */
function scalingFindings(aggs: readonly Agg[], th: CompareThresholds): Finding[] {
  const out: Finding[] = [];
  for (const more of aggs) {
    for (const fewer of aggs) {
      const gm = more.m((r) => r.busyGpus) ?? 0;
      const gf = fewer.m((r) => r.busyGpus) ?? 0;
      const tm = more.m((r) => r.txPlateauKBps);
      const tf = fewer.m((r) => r.txPlateauKBps);
      if (gm <= gf || gf === 0 || tm === null || tf === null) continue;
      if (tm <= th.txRatio * tf)
        out.push({
          kind: 'MORE_GPUS_SAME_TX',
          runs: [more.cfg.label, fewer.cfg.label],
          metric: 'txPlateauKBps',
          figures: { gpus: gm, otherGpus: gf, txPlateauKBps: tm, otherTxPlateauKBps: tf },
        });
    }
  }
  return out;
}

function difference(w: Agg, s: Agg, th: CompareThresholds, perItem: boolean): Difference {
  const parts = {} as Record<AttributionPart, number>;
  let extraGpuS = 0;
  for (const p of ATTRIBUTION_PARTS) {
    parts[p] = s.cfg.attribution[p] - w.cfg.attribution[p];
    extraGpuS += parts[p];
  }
  const ev = {
    busyPowerW: [w.m((r) => r.busy.meanPowerW), s.m((r) => r.busy.meanPowerW)] as [number | null, number | null],
    smClockMHz: [w.m((r) => r.busy.meanSmClockMHz), s.m((r) => r.busy.meanSmClockMHz)] as [number | null, number | null],
    throttledShare: [w.m((r) => r.busy.throttledShare), s.m((r) => r.busy.throttledShare)] as [number | null, number | null],
  };
  const lower = (pair: [number | null, number | null], ratio: number): boolean =>
    pair[0] !== null && pair[1] !== null && pair[1] < ratio * pair[0];
  const evidence =
    lower(ev.busyPowerW, th.busyPowerRatio) ||
    lower(ev.smClockMHz, th.busyClockRatio) ||
    (ev.throttledShare[0] !== null &&
      ev.throttledShare[1] !== null &&
      ev.throttledShare[1] - ev.throttledShare[0] >= th.throttledShareDiff);
  return {
    faster: w.cfg.label,
    slower: s.cfg.label,
    perItem,
    extraSpanS: s.value - w.value,
    extraGpuS,
    parts,
    evidence: ev,
    unexplainedS: parts.busyS > 0 && !evidence ? parts.busyS : 0,
  };
}

/**
 * Advice of repeated runs merged per configuration and code: figures and savings are the mean over
 * the runs that got it, and `runsWithIt` says how many did.
 */
function configurationAdvice(perRun: readonly Advice[][]): Advice[] {
  const groups = new Map<string, Advice[]>();
  for (const list of perRun) {
    for (const a of list) {
      const key = `${a.runs[0]}\u0000${a.code}`;
      const g = groups.get(key);
      if (g) g.push(a);
      else groups.set(key, [a]);
    }
  }
  const out: Advice[] = [];
  for (const g of groups.values()) {
    if (g.length === 1) {
      out.push(g[0]!);
      continue;
    }
    const avg = (pick: (a: Advice) => number | null): number | null => meanOrNull(g.map(pick));
    const figures: Record<string, number | null> = {};
    for (const k of Object.keys(g[0]!.figures)) figures[k] = avg((a) => a.figures[k] ?? null);
    figures.runsWithIt = g.length;
    out.push({
      ...g[0]!,
      severity: medianSeverity(g.map((a) => a.severity)),
      figures,
      estimatedSavingS: avg((a) => a.estimatedSavingS),
      estimatedSavingPct: avg((a) => a.estimatedSavingPct),
    });
  }
  return out.sort(byImportance);
}

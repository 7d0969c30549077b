import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { ADVICE_THRESHOLDS, type AdviceThresholds } from '../analyze/advice.js';
import { COMPARE_THRESHOLDS, type CompareThresholds } from '../analyze/compare-runs.js';
import type { CompareOptions } from '../analyze/compare-runs.js';
import { DEFAULT_PCIE_WINDOW_S } from '../analyze/pcie-sum.js';
import { TelemetryError } from '../errors.js';

/** Flags of the activity analyses (summarize, compare). */
export interface AnalyzeFlags {
  idleBelow?: string;
  busySignal?: string;
  window?: string;
  minGap?: string;
  items?: string[];
  jobGap?: string;
  thresholds?: string;
}

/** Items per run label from `--items N` (every run) and `--items label=N` (repeatable). */
export interface ItemsSpec {
  all: number | null;
  byLabel: Map<string, number>;
}

/** Adds --idle-below, --busy-signal, --window, --min-gap and --items. */
export function withAnalyzeOptions(cmd: Command): Command {
  return cmd
    .option(
      '--idle-below <watts>',
      'power below which a GPU is idle, e.g. 60W (default: chosen per GPU from the data, see docs/metrics.md)',
    )
    .addOption(new Option('--busy-signal <signal>', 'what makes a sample busy').choices(['power', 'util', 'both']).default('both'))
    .option('--window <seconds>', `moving-average window of the summed PCIe TX, seconds (default ${DEFAULT_PCIE_WINDOW_S})`)
    .option('--min-gap <seconds>', 'idle gaps shorter than this are not counted (default 0)')
    .option(
      '--items <n|label=n>',
      'items (movies) a run processed; label=N for one configuration (repeatable), N for every run: ranks by seconds per item',
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
    )
    .option('--job-gap <seconds>', 'seconds with nothing running on any GPU that separate two jobs in one log (default 30)')
    .option(
      '--thresholds <file.json>',
      'a JSON file of thresholds: {"compare": {…COMPARE_THRESHOLDS}, "advice": {…ADVICE_THRESHOLDS}} (see docs/compare.md)',
    );
}

function bad(flag: string, value: string, what: string): never {
  throw new TelemetryError('INVALID_ARGUMENT', `invalid ${flag}: ${value} (${what})`);
}

/** Turns the flags into {@link AnalyzeOptions}; throws INVALID_ARGUMENT naming the flag. */
export function analyzeOptionsFrom(flags: AnalyzeFlags): CompareOptions {
  const o: CompareOptions = {};
  if (flags.idleBelow !== undefined) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*W?\s*$/i.exec(flags.idleBelow);
    const w = m ? Number(m[1]) : NaN;
    if (!(w > 0)) bad('--idle-below', flags.idleBelow, 'watts > 0, e.g. 60W');
    o.idleBelowW = w;
  }
  if (flags.busySignal !== undefined) {
    if (flags.busySignal !== 'power' && flags.busySignal !== 'util' && flags.busySignal !== 'both')
      bad('--busy-signal', flags.busySignal, 'power, util or both');
    o.busySignal = flags.busySignal;
  }
  if (flags.window !== undefined) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*s?\s*$/i.exec(flags.window);
    const s = m ? Number(m[1]) : NaN;
    if (!(s > 0)) bad('--window', flags.window, 'seconds > 0');
    o.windowS = s;
  }
  if (flags.minGap !== undefined) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*s?\s*$/i.exec(flags.minGap);
    if (!m) bad('--min-gap', flags.minGap, 'seconds ≥ 0');
    o.minGapS = Number(m[1]);
  }
  const items = itemsFrom(flags);
  if (items.all !== null) o.items = items.all;
  if (flags.thresholds !== undefined) Object.assign(o, thresholdsFrom(flags.thresholds));
  return o;
}

/** Reads a thresholds file: `{ "compare": {...}, "advice": {...} }`, every value a finite number of a known key. */
export function thresholdsFrom(file: string): { thresholds?: Partial<CompareThresholds>; advice?: Partial<AdviceThresholds> } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    bad('--thresholds', file, e instanceof Error ? e.message.split('\n')[0]! : 'unreadable');
  }
  const out: { thresholds?: Partial<CompareThresholds>; advice?: Partial<AdviceThresholds> } = {};
  const pick = <T extends Record<string, number>>(section: string, known: T): Partial<T> | undefined => {
    const v = (raw as Record<string, unknown>)[section];
    if (v === undefined) return undefined;
    if (typeof v !== 'object' || v === null) bad('--thresholds', file, `"${section}" is not an object`);
    const res: Partial<T> = {};
    for (const [k, x] of Object.entries(v)) {
      if (!(k in known)) bad('--thresholds', file, `unknown key ${section}.${k}`);
      if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) bad('--thresholds', file, `${section}.${k} is not a number ≥ 0`);
      (res as Record<string, number>)[k] = x;
    }
    return res;
  };
  if (typeof raw !== 'object' || raw === null) bad('--thresholds', file, 'not a JSON object');
  const c = pick('compare', COMPARE_THRESHOLDS);
  const a = pick('advice', ADVICE_THRESHOLDS);
  if (c) out.thresholds = c;
  if (a) out.advice = a;
  return out;
}

/** Reads every --items flag: `N` for every run, `label=N` for one configuration. */
export function itemsFrom(flags: AnalyzeFlags): ItemsSpec {
  const out: ItemsSpec = { all: null, byLabel: new Map() };
  for (const v of flags.items ?? []) {
    const eq = v.lastIndexOf('=');
    const text = eq >= 0 ? v.slice(eq + 1) : v;
    const n = Number(text);
    if (!(Number.isInteger(n) && n > 0)) bad('--items', v, 'a whole number > 0, or label=N');
    if (eq >= 0) out.byLabel.set(v.slice(0, eq), n);
    else out.all = n;
  }
  return out;
}

/** --job-gap in seconds, or undefined. */
export function jobGapFrom(flags: AnalyzeFlags): number | undefined {
  if (flags.jobGap === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*s?\s*$/i.exec(flags.jobGap);
  const s = m ? Number(m[1]) : NaN;
  if (!(s > 0)) bad('--job-gap', flags.jobGap, 'seconds > 0');
  return s;
}

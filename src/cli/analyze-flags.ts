import { Option, type Command } from 'commander';
import type { AnalyzeOptions } from '../analyze/analyze-log.js';
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
}

/** Items per run label from `--items N` (every run) and `--items label=N` (repeatable). */
export interface ItemsSpec {
  all: number | null;
  byLabel: Map<string, number>;
}

/** Adds --idle-below, --busy-signal, --window, --min-gap and --items. */
export function withAnalyzeOptions(cmd: Command): Command {
  return cmd
    .option('--idle-below <watts>', 'power below which a GPU is idle, e.g. 60W (default: chosen per GPU from the data, see docs/metrics.md)')
    .addOption(new Option('--busy-signal <signal>', 'what makes a sample busy').choices(['power', 'util', 'both']).default('both'))
    .option('--window <seconds>', `moving-average window of the summed PCIe TX, seconds (default ${DEFAULT_PCIE_WINDOW_S})`)
    .option('--min-gap <seconds>', 'idle gaps shorter than this are not counted (default 0)')
    .option('--items <n|label=n>', 'items (movies) a run processed; label=N for one configuration (repeatable), N for every run: ranks by seconds per item', (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .option('--job-gap <seconds>', 'seconds with nothing running on any GPU that separate two jobs in one log (default 30)');
}

function bad(flag: string, value: string, what: string): never {
  throw new TelemetryError('INVALID_ARGUMENT', `invalid ${flag}: ${value} (${what})`);
}

/** Turns the flags into {@link AnalyzeOptions}; throws INVALID_ARGUMENT naming the flag. */
export function analyzeOptionsFrom(flags: AnalyzeFlags): AnalyzeOptions {
  const o: AnalyzeOptions = {};
  if (flags.idleBelow !== undefined) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*W?\s*$/i.exec(flags.idleBelow);
    const w = m ? Number(m[1]) : NaN;
    if (!(w > 0)) bad('--idle-below', flags.idleBelow, 'watts > 0, e.g. 60W');
    o.idleBelowW = w;
  }
  if (flags.busySignal !== undefined) {
    if (flags.busySignal !== 'power' && flags.busySignal !== 'util' && flags.busySignal !== 'both') bad('--busy-signal', flags.busySignal, 'power, util or both');
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
  return o;
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

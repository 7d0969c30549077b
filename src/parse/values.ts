import { isXmlSpace } from '../bytes.js';
/**
 * Reading nvidia-smi value text: numbers with units inside the text (`25.55 W`, `16160 MiB`,
 * `891 KB/s`, `33 C`, `0 %`, `16x`), and the many spellings of "missing".
 */

/** The unit a metric is normalised to. */
export type Unit = 'W' | 'MiB' | 'KB/s' | 'C' | 'MHz' | '%' | 'us' | 'x' | 'count' | 'pstate';

/** Factor from a unit found in the text to the normalised unit, per normalised unit. */
const CONVERT: Record<Unit, Record<string, number>> = {
  W: { W: 1, mW: 1e-3, kW: 1e3 },
  MiB: { MiB: 1, KiB: 1 / 1024, GiB: 1024, B: 1 / 1048576, MB: 1e6 / 1048576, GB: 1e9 / 1048576 },
  'KB/s': { 'KB/s': 1, 'MB/s': 1e3, 'GB/s': 1e6, 'B/s': 1e-3 },
  C: { C: 1 },
  MHz: { MHz: 1, GHz: 1e3, kHz: 1e-3 },
  '%': { '%': 1 },
  us: { us: 1, ms: 1e3, s: 1e6, ns: 1e-3 },
  x: { x: 1 },
  count: {},
  pstate: {},
};

/**
 * Parses `text` as a quantity in `unit`. Returns NaN for any missing-value spelling (`N/A`,
 * `Requested functionality has been deprecated`, `None`, `Not Supported`, `[N/A]`, empty, …),
 * for a unit of another kind, and for anything else that is not a number. Never returns 0 for
 * a missing value.
 *
 * @example
 * parseQuantity('25.55 W', 'W') // 25.55
 * parseQuantity('N/A', 'W') // NaN
 * parseQuantity('16x', 'x') // 16
 * parseQuantity('P8', 'pstate') // 8
 */
export function parseQuantity(text: string, unit: Unit): number {
  return quantityIn(text, 0, text.length, unit);
}

/**
 * {@link parseQuantity} of `text.slice(s, e)`, read in place (no substring is made unless the
 * number has more than 15 digits). The scanner calls this on the document text itself.
 */
export function quantityIn(text: string, s: number, e: number, unit: Unit): number {
  while (s < e && isXmlSpace(text.charCodeAt(s))) s++;
  while (e > s && isXmlSpace(text.charCodeAt(e - 1))) e--;
  if (s === e) return NaN;
  if (unit === 'pstate') {
    if (text.charCodeAt(s) !== 0x50 /* P */) return NaN;
    const v = numberAt(text, s + 1, e);
    return numberEnd === e ? v : NaN;
  }
  const v = numberAt(text, s, e);
  if (numberEnd === s) return NaN;
  let u = numberEnd;
  while (u < e && isXmlSpace(text.charCodeAt(u))) u++;
  if (u === e) return v; // bare number
  const suffixes = SUFFIXES[unit];
  const len = e - u;
  for (let k = 0; k < suffixes.length; k++) {
    const [suffix, factor] = suffixes[k]!;
    if (suffix.length === len && text.startsWith(suffix, u)) return v * factor;
  }
  return NaN;
}

/** Every unit, in a fixed order (the WebAssembly scanner refers to units by index). */
export const UNITS: readonly Unit[] = ['W', 'MiB', 'KB/s', 'C', 'MHz', '%', 'us', 'x', 'count', 'pstate'];

/** CONVERT as lists, for matching a suffix in place. */
export const SUFFIXES = Object.fromEntries(Object.entries(CONVERT).map(([unit, table]) => [unit, Object.entries(table)])) as Record<
  Unit,
  [string, number][]
>;

/** Exact powers of ten (10^0 .. 10^22 are exact doubles), read from their literals. */
export const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Where the last {@link numberAt} stopped reading; equal to its `s` when it read no number. */
let numberEnd = 0;

/**
 * Reads a decimal number at [s, e): optional sign, digits, optional fraction; the value, with
 * the end in `numberEnd`. Up to 15 digits the value is computed as m / 10^k, which is the
 * correctly rounded value that `Number()` returns (both operands are exact doubles); longer
 * numbers go through `Number()`.
 */
function numberAt(text: string, s: number, e: number): number {
  let i = s;
  const c0 = text.charCodeAt(i);
  const negative = c0 === 0x2d;
  if (negative || c0 === 0x2b) i++;
  let m = 0;
  let digits = 0;
  let c = 0;
  while (i < e && (c = text.charCodeAt(i) - 0x30) >= 0 && c <= 9) {
    m = m * 10 + c;
    digits++;
    i++;
  }
  let fraction = 0;
  if (i < e && text.charCodeAt(i) === 0x2e) {
    i++;
    while (i < e && (c = text.charCodeAt(i) - 0x30) >= 0 && c <= 9) {
      m = m * 10 + c;
      fraction++;
      i++;
    }
  }
  if (digits + fraction === 0) {
    numberEnd = s;
    return NaN;
  }
  numberEnd = i;
  if (digits + fraction > 15) return Number(text.slice(s, i));
  const v = fraction === 0 ? m : m / POW10[fraction]!;
  return negative ? -v : v;
}

/**
 * Parses a flag (`Active` / `Not Active`) as 1 / 0; anything else (N/A, …) is NaN.
 * @example parseFlag('Not Active') // 0
 */
export function parseFlag(text: string): number {
  return flagIn(text, 0, text.length);
}

/** {@link parseFlag} of `text.slice(s, e)`, read in place. */
export function flagIn(text: string, s: number, e: number): number {
  let a = s;
  let b = e;
  while (a < b && isTrimSpace(text.charCodeAt(a))) a++;
  while (b > a && isTrimSpace(text.charCodeAt(b - 1))) b--;
  const len = b - a;
  if (len === 6 && text.startsWith('Active', a)) return 1;
  if (len === 10 && text.startsWith('Not Active', a)) return 0;
  // String.prototype.trim also strips non-ASCII spaces
  for (let k = s; k < e; k++) if (text.charCodeAt(k) >= 0x80) return flagOfTrimmed(text.slice(s, e).trim());
  return NaN;
}

function flagOfTrimmed(t: string): number {
  if (t === 'Active') return 1;
  if (t === 'Not Active') return 0;
  return NaN;
}

/** The ASCII characters that String.prototype.trim strips. */
function isTrimSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

const MISSING =
  /^(n\/a|\[n\/a\]|none|not supported|\[not supported\]|unknown( error)?|requested functionality has been deprecated|insufficient permissions|not available|not found|gpu is lost|)$/i;

/**
 * Cleans a text value: trims it and returns null for a missing-value spelling.
 * @example parseText('  N/A ') // null
 */
export function parseText(text: string): string | null {
  const t = text.trim();
  return MISSING.test(t) ? null : t;
}

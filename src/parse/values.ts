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
  let s = 0;
  let e = text.length;
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  if (s === e) return NaN;
  if (unit === 'pstate') {
    const c = text.charCodeAt(s);
    if (c !== 0x50 /* P */) return NaN;
    const n = numberPrefix(text, s + 1, e);
    return n.end === e ? n.value : NaN;
  }
  const n = numberPrefix(text, s, e);
  if (n.end === s) return NaN;
  let u = n.end;
  while (u < e && isSpace(text.charCodeAt(u))) u++;
  if (u === e) return unit === 'x' || unit === 'count' || unit === '%' ? n.value : n.value; // bare number
  const suffix = text.slice(u, e);
  const f = CONVERT[unit][suffix];
  return f === undefined ? NaN : n.value * f;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Reads a decimal number at [s, e): optional sign, digits, optional fraction. */
function numberPrefix(text: string, s: number, e: number): { value: number; end: number } {
  let i = s;
  const c0 = text.charCodeAt(i);
  if (c0 === 0x2d || c0 === 0x2b) i++;
  const digitsStart = i;
  while (i < e && isDigit(text.charCodeAt(i))) i++;
  let digits = i - digitsStart;
  if (i < e && text.charCodeAt(i) === 0x2e) {
    i++;
    const f = i;
    while (i < e && isDigit(text.charCodeAt(i))) i++;
    digits += i - f;
  }
  if (digits === 0) return { value: NaN, end: s };
  return { value: Number(text.slice(s, i)), end: i };
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Parses a flag (`Active` / `Not Active`) as 1 / 0; anything else (N/A, …) is NaN.
 * @example parseFlag('Not Active') // 0
 */
export function parseFlag(text: string): number {
  const t = text.trim();
  if (t === 'Active') return 1;
  if (t === 'Not Active') return 0;
  return NaN;
}

const MISSING = /^(n\/a|\[n\/a\]|none|not supported|\[not supported\]|unknown( error)?|requested functionality has been deprecated|insufficient permissions|not available|not found|gpu is lost|)$/i;

/**
 * Cleans a text value: trims it and returns null for a missing-value spelling.
 * @example parseText('  N/A ') // null
 */
export function parseText(text: string): string | null {
  const t = text.trim();
  return MISSING.test(t) ? null : t;
}

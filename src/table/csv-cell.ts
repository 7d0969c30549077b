import { cleanText } from '../clean-text.js';

/**
 * One CSV cell, RFC 4180: quoted when it holds a comma, a quote, CR or LF (quotes doubled).
 *
 * Text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR)
 * get a leading `'` first (OWASP "CSV injection"); numbers are never changed, so `-8` stays a number.
 * NaN, null and undefined are empty cells. Control characters other than tab, CR and LF (ANSI
 * escapes from a process name would act on a terminal that prints the file) and bidirectional
 * overrides are removed.
 *
 * @example csvCell('=HYPERLINK("x")') // '"\'=HYPERLINK(""x"")"'
 * @example csvCell(-8) // '-8'
 */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  let s = cleanText(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

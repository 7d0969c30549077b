/**
 * The column layout of `nvidia-smi dmon` and `pmon` output: a `#` line of names (`#Date Time gpu
 * pwr …`), a `#` line of units, then whitespace-separated rows, `-` where a value is missing.
 */
export interface MonitorLayout {
  names: string[];
  /** Index of the Date and Time columns, -1 when `-o` left them out. */
  date: number;
  time: number;
}

/** The layout of a `#` header line. */
export function monitorLayout(header: string): MonitorLayout {
  const names = header
    .replace(/^#\s*/, '')
    .trim()
    .split(/\s+/)
    .map((n) => n.toLowerCase());
  return { names, date: names.indexOf('date'), time: names.indexOf('time') };
}

/**
 * The layout a `#` line of dmon or pmon output names, or `previous` when it is the units line that
 * follows the names (`#YYYYMMDD HH:MM:SS Idx W …`).
 *
 * @example monitorHeader('#Date Time gpu pwr', null)?.names // ['date', 'time', 'gpu', 'pwr']
 */
export function monitorHeader(line: string, previous: MonitorLayout | null): MonitorLayout | null {
  return /^#\s*(?:YYYYMMDD|HH:MM:SS|Idx)\b/.test(line) ? previous : monitorLayout(line);
}

/** Synthetic date for rows with a time and no date (`-o T`), or neither. */
export const NO_DATE = '19700101';

/**
 * The timestamp text of a row (`20261202 04:39:56`), built from its Date/Time cells; where
 * `-o` left them out, a time on 1970-01-01 and `k` seconds after midnight for the k-th round.
 */
export function monitorStamp(cells: string[], layout: MonitorLayout, round: number): string {
  const date = layout.date >= 0 ? cells[layout.date]! : NO_DATE;
  if (layout.time >= 0) return `${date} ${cells[layout.time]!}`;
  const s = round % 86400;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date} ${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

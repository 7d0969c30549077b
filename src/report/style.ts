/**
 * How text output marks what matters: warnings, busy and idle, the verdict. `PLAIN` marks nothing
 * (files, pipes, `NO_COLOR`, `--no-color`); `ANSI` colours a terminal. Widths are measured on the
 * plain text, so a style never changes the layout.
 */
export interface Style {
  warn(text: string): string;
  bad(text: string): string;
  good(text: string): string;
  strong(text: string): string;
}

const same = (t: string): string => t;
export const PLAIN: Style = { warn: same, bad: same, good: same, strong: same };

const sgr =
  (on: number, off: number) =>
  (t: string): string =>
    `\u001b[${on}m${t}\u001b[${off}m`;
export const ANSI: Style = { warn: sgr(33, 39), bad: sgr(31, 39), good: sgr(32, 39), strong: sgr(1, 22) };

/**
 * Whether to colour a stream: a terminal, unless `NO_COLOR` is set (to anything but empty), `TERM`
 * is `dumb`, or the user said `--no-color`.
 *
 * @example useColour(process.stdout, { color: false }) // false
 */
export function useColour(
  stream: { isTTY?: boolean },
  flags: { color?: boolean } = {},
  env: Record<string, string | undefined> = process.env,
): boolean {
  if (flags.color === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/**
 * The one sanitiser for text from a log (process names, GPU names, file names, labels) on its
 * way to a terminal, HTML, SVG or CSV. A log is input nobody checked: a process can name itself
 * with ANSI escape sequences, control characters or bidirectional overrides (U+202E turns
 * `gpj.exe` into `exe.jpg` on screen).
 */

// ANSI escape sequences: CSI, OSC, two-byte ESC sequences, and the 8-bit CSI.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;

/** C0 controls but tab, LF and CR; DEL; C1 controls; line and paragraph separators; bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069). */
// eslint-disable-next-line no-control-regex
export const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

// eslint-disable-next-line no-control-regex
const UNSAFE_AND_WHITESPACE_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export interface CleanTextOptions {
  /** Keep tab, LF and CR (HTML, SVG and CSV do; a one-line terminal field does not). Default true. */
  keepWhitespace?: boolean;
}

/**
 * `s` without ANSI escape sequences and {@link UNSAFE_CHARACTERS} (and without tab, LF and CR
 * when `keepWhitespace` is false).
 *
 * @example
 * cleanText('evil\u001b[31mred\u202e') // 'evilred'
 * cleanText('a\tb', { keepWhitespace: false }) // 'ab'
 */
export function cleanText(s: string, options: CleanTextOptions = {}): string {
  const controls = options.keepWhitespace === false ? UNSAFE_AND_WHITESPACE_CONTROLS : UNSAFE_CHARACTERS;
  return s.replace(ANSI, '').replace(controls, '');
}

import { cleanText } from '../clean-text.js';

/**
 * Makes a string from a log safe to print on a terminal: ANSI escape sequences, control
 * characters (C0, C1, DEL) and bidirectional overrides are removed.
 *
 * @example sanitizeTerminal('evil\u001b[31mred\u0007') // 'evilred'
 */
export function sanitizeTerminal(s: string): string {
  return cleanText(s, { keepWhitespace: false });
}

// Characters JSON.stringify leaves raw that a terminal may act on: DEL, C1 controls (U+009B is CSI), line/paragraph separators, bidi controls.
// eslint-disable-next-line no-control-regex
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text safe to print on a terminal: the characters JSON.stringify leaves raw that a terminal
 * may act on (DEL, C1 controls, bidi overrides, U+2028/9) are written as `\uXXXX` escapes, so the
 * JSON still parses to the same strings.
 *
 * @example jsonForTerminal({ name: 'a\u009b31m' }) // '{"name":"a\\u009b31m"}'
 */
export function jsonForTerminal(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

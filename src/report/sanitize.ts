// ANSI escape sequences (CSI, OSC, and two-byte ESC sequences), then any remaining C0/C1 control.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Makes a string from a log safe to print on a terminal: ANSI escape sequences, control
 * characters (C0, C1, DEL) and bidirectional overrides are removed.
 *
 * @example sanitizeTerminal('evil\u001b[31mred\u0007') // 'evilred'
 */
export function sanitizeTerminal(s: string): string {
  return s.replace(ANSI, '').replace(CONTROL, '');
}

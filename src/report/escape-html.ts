import { cleanText } from '../clean-text.js';

const MAP: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML content and quoted attributes (`& < > " '`); control characters (C0, C1)
 * and bidirectional overrides, which a log can hold, are removed.
 *
 * @example escapeHtml('<script>') // '&lt;script&gt;'
 */
export function escapeHtml(s: string): string {
  return cleanText(s).replace(/[&<>"']/g, (c) => MAP[c]!);
}

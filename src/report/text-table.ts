export interface TextColumn {
  header: string;
  align?: 'left' | 'right';
}

/**
 * Lays out rows as aligned text columns separated by two spaces; numbers right-aligned by
 * default for every column except the ones marked `left`.
 */
export function textTable(columns: TextColumn[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => {
        const w = widths[i]!;
        return columns[i]?.align === 'left' ? cell.padEnd(w) : cell.padStart(w);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)].join('\n');
}

/** A fixed-decimals number, or `–` for null / NaN. */
export function fmt(v: number | null | undefined, decimals = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return v.toFixed(decimals);
}

/** Wraps `text` at word boundaries to `width` columns, continuation lines indented by `indent`. */
export function wrapWords(text: string, width: number, indent = ''): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    const lead = lines.length ? indent : '';
    if (cur && lead.length + cur.length + 1 + w.length > width) {
      lines.push(lead + cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push((lines.length ? indent : '') + cur);
  return lines.join('\n');
}

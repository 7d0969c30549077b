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

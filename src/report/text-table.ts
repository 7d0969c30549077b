export interface TextColumn {
  header: string;
  align?: 'left' | 'right';
}

/**
 * Lays out rows as aligned text columns separated by two spaces; numbers right-aligned by
 * default for every column except the ones marked `left`.
 *
 * @example textTable([{ header: 'gpu', align: 'left' }, { header: 'W' }], [['0', '61.2']])
 * // 'gpu     W\n0    61.2'
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

/**
 * {@link textTable} that fits `width` columns: when the whole table is wider, its columns are
 * split into several tables one under the other, each repeating the first `keep` columns (the
 * row's name) and holding as many of the rest as fit. `width` Infinity (`--wide`) gives one table.
 *
 * @example fitTable([{ header: 'GPU' }, { header: 'a' }, { header: 'b' }], [['0', '1', '2']], 8) // 'GPU  a\n  0  1\n\nGPU  b\n  0  2'
 */
export function fitTable(columns: TextColumn[], rows: string[][], width: number, keep = 1): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const total = widths.reduce((a, w) => a + w, 0) + 2 * (columns.length - 1);
  if (total <= width || columns.length <= keep + 1) return textTable(columns, rows);
  const head = widths.slice(0, keep).reduce((a, w) => a + w + 2, 0);
  const groups: number[][] = [];
  let cur: number[] = [];
  let used = head;
  for (let i = keep; i < columns.length; i++) {
    const w = widths[i]! + (cur.length ? 2 : 0);
    if (cur.length && used + w > width) {
      groups.push(cur);
      cur = [];
      used = head;
    }
    cur.push(i);
    used += widths[i]! + (cur.length > 1 ? 2 : 0);
  }
  if (cur.length) groups.push(cur);
  const fixed = Array.from({ length: keep }, (_, i) => i);
  return groups
    .map((g) => {
      const idx = [...fixed, ...g];
      return textTable(
        idx.map((i) => columns[i]!),
        rows.map((r) => idx.map((i) => r[i] ?? '')),
      );
    })
    .join('\n\n');
}

/**
 * A data rate for a person: KB/s (nvidia-smi's unit, 1000 bytes) as `907 KB/s`, `77.2 MB/s` or
 * `2.95 GB/s` (three significant figures); `–` for null / NaN.
 *
 * @example rate(2954644) // '2.95 GB/s'
 * @example rate(77178) // '77.2 MB/s'
 */
export function rate(kbps: number | null | undefined): string {
  if (kbps === null || kbps === undefined || !Number.isFinite(kbps)) return '–';
  const [v, unit] = kbps >= 1e6 ? [kbps / 1e6, 'GB/s'] : kbps >= 1e3 ? [kbps / 1e3, 'MB/s'] : [kbps, 'KB/s'];
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${unit}`;
}

/**
 * A fixed-decimals number, or `–` for null / NaN (a missing figure is never shown as 0).
 *
 * @example fmt(61.25) // '61.3'
 * @example fmt(NaN) // '–'
 */
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

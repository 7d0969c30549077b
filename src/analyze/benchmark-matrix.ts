import { check } from '../errors.js';

/**
 * Reads the fields of a file name against a pattern such as
 * `nvidiaLogging-{node}-{strategy}-{gpus}.xml`: `{name}` matches one or more characters other than
 * `/`, `*` any characters, everything else literally. A `.gz` suffix on the file is accepted when
 * the pattern has none. Returns null when the name does not match.
 *
 * @example matchRunName('nvidiaLogging-{node}-{strategy}-{gpus}.xml', 'nvidiaLogging-m3g-GNU-3.xml')
 * // { node: 'm3g', strategy: 'GNU', gpus: '3' }
 */
export function matchRunName(pattern: string, fileName: string): Record<string, string> | null {
  const names: string[] = [];
  let re = '';
  for (const part of pattern.split(/(\{[A-Za-z_][A-Za-z0-9_]*\}|\*)/)) {
    if (part === '*') re += '.*';
    else if (/^\{.*\}$/.test(part)) {
      const n = part.slice(1, -1);
      check(!names.includes(n), 'pattern', `${pattern} (field ${n} twice)`);
      names.push(n);
      re += '([^/]+?)';
    } else re += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  check(names.length > 0, 'pattern', `${pattern} (no {field})`);
  const m = new RegExp(`^${re}${pattern.endsWith('.gz') ? '' : '(?:\\.gz)?'}$`).exec(fileName);
  if (!m) return null;
  return Object.fromEntries(names.map((n, i) => [n, m[i + 1]!]));
}

export interface MatrixEntry {
  fields: Record<string, string>;
  /** The figure shown, e.g. active span in seconds; null when unknown. */
  value: number | null;
}

export interface BenchmarkMatrix {
  /** Field names that make a row, in order (e.g. node, strategy). */
  rowFields: string[];
  /** Field whose values make the columns (e.g. gpus). */
  columnField: string;
  /** Column values, numeric ones in numeric order. */
  columns: string[];
  rows: { key: string[]; values: (number | null)[] }[];
}

const order = (a: string, b: string): number => {
  const x = Number(a);
  const y = Number(b);
  return Number.isFinite(x) && Number.isFinite(y) ? x - y : a.localeCompare(b);
};

/**
 * Lays out one figure per run as a matrix: a row per combination of `rowFields`, a column per value
 * of `columnField` (default: the last field of the first entry; rows: the others). Two runs in the
 * same cell: the smaller value is kept (the best of repeated runs).
 *
 * @example
 * benchmarkMatrix([{ fields: { node: 'm3g', strategy: 'GNU', gpus: '3' }, value: 812 }]).rows
 * // [{ key: ['m3g', 'GNU'], values: [812] }]
 */
export function benchmarkMatrix(
  entries: readonly MatrixEntry[],
  options: { rowFields?: string[]; columnField?: string } = {},
): BenchmarkMatrix {
  const all = entries[0] ? Object.keys(entries[0].fields) : [];
  const columnField = options.columnField ?? all[all.length - 1] ?? '';
  const rowFields = options.rowFields ?? all.filter((f) => f !== columnField);
  const columns = [...new Set(entries.map((e) => e.fields[columnField] ?? ''))].sort(order);
  const rowMap = new Map<string, { key: string[]; values: (number | null)[] }>();
  for (const e of entries) {
    const key = rowFields.map((f) => e.fields[f] ?? '');
    const id = JSON.stringify(key);
    let row = rowMap.get(id);
    if (!row) {
      row = { key, values: columns.map(() => null) };
      rowMap.set(id, row);
    }
    const c = columns.indexOf(e.fields[columnField] ?? '');
    const old = row.values[c];
    if (e.value !== null && (old === null || old === undefined || e.value < old)) row.values[c] = e.value;
  }
  const rows = [...rowMap.values()].sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const d = order(a.key[i]!, b.key[i]!);
      if (d) return d;
    }
    return 0;
  });
  return { rowFields, columnField, columns, rows };
}

import type { BenchmarkMatrix } from '../analyze/benchmark-matrix.js';
import { ATTRIBUTION_PARTS } from '../analyze/attribution.js';
import type { Comparison, RankedRun } from '../analyze/compare-runs.js';
import { sanitizeTerminal } from './sanitize.js';
import { adviceText, differenceText, findingText, PART_NAMES, throughput, verdictText, warningText } from './sentences.js';
import { fitTable, fmt, textTable, wrapWords } from './text-table.js';
import { PLAIN, type Style } from './style.js';

/**
 * Human-readable comparison: the runs side by side (one column per run, best first), the checks
 * that make them comparable (warnings, before the verdict), the verdict, repeat statistics, where
 * each run's GPU-time went, why the best beat each other configuration with the difference
 * decomposed, and the advice with its estimated savings. Sentences come from sentences.ts.
 *
 * @example
 * console.log(formatComparison(compareRuns(runs), { width: 80 })); // the `compare` text, 80 columns
 */
export function formatComparison(c: Comparison, options: { width?: number; style?: Style } = {}): string {
  const width = options.width ?? 80;
  const st = options.style ?? PLAIN;
  const clean = sanitizeTerminal;
  const runs = c.runs;
  const row = (name: string, pick: (r: RankedRun) => string): string[] => [name, ...runs.map(pick)];
  const pct = (v: number | null): string => (v === null ? '–' : `${(v * 100).toFixed(1)} %`);
  const head = [
    { header: '', align: 'left' as const },
    ...runs.map((r) => ({ header: `#${r.rank} ${clean(r.label)}${r.job !== null ? `#${r.job}` : ''}` })),
  ];
  const perItem = c.basis === 'secondsPerItem';
  const rows: string[][] = [
    row('file', (r) => clean(r.file.split('/').pop() ?? r.file)),
    row('complete', (r) => (!r.worked ? 'no work' : r.complete ? 'yes' : 'NO')),
    ...(runs.some((r) => r.items !== null)
      ? [row('items', (r) => (r.items === null ? '–' : String(r.items))), row('s per item', (r) => fmt(r.secondsPerItem, 2))]
      : []),
    row('active span s', (r) => fmt(r.activeSpanS)),
    ...(runs.some((r) => r.loggingGapS > 0) ? [row('unrecorded s', (r) => fmt(r.loggingGapS))] : []),
    row('duty cycle', (r) => pct(r.dutyCycle)),
    row('idle gaps', (r) => String(r.idleGaps.count)),
    row('processes', (r) => String(r.launches.count)),
    row('launch gaps', (r) => String(r.launches.gapCount)),
    row('max procs at once', (r) => String(r.launches.maxConcurrent)),
    row('min power in span W', (r) => fmt(r.minActivePowerW, 0)),
    row('energy in span kJ', (r) => fmt(r.activeEnergyJ / 1000, 2)),
    ...(perItem ? [row('energy per item kJ', (r) => fmt(r.energyPerItemJ === null ? null : r.energyPerItemJ / 1000, 3))] : []),
    row('summed TX plateau', (r) => throughput(r.txPlateauKBps)),
    row('GPUs (busy)', (r) => `${r.gpus} (${r.busyGpus})`),
  ];
  const lines: string[] = [];
  // runs side by side: split into several tables (each with the row names) where they do not fit
  lines.push(fitTable(head, rows, width));
  lines.push('');
  if (c.warnings.length) {
    lines.push(st.warn('Checks:'));
    for (const w of c.warnings) lines.push(`  ! ${wrapWords(clean(warningText(w)), width - 4, '    ')}`);
    lines.push('');
  }
  lines.push(st.strong(Number.isFinite(width) ? wrapWords(clean(verdictText(c)), width) : clean(verdictText(c))));
  if (c.configurations.some((g) => g.n > 1)) {
    lines.push('');
    lines.push(
      textTable(
        [
          { header: 'configuration', align: 'left' },
          { header: 'n' },
          { header: perItem ? 'mean s/item' : 'mean span s' },
          { header: 'sd' },
          { header: 'min' },
          { header: 'max' },
        ],
        c.configurations.map((g) => {
          const s = perItem && g.secondsPerItem ? g.secondsPerItem : g.activeSpanS;
          return [`#${g.rank} ${clean(g.label)}`, String(g.n), fmt(s.mean, 2), fmt(s.sd, 2), fmt(s.min, 2), fmt(s.max, 2)];
        }),
      ),
    );
  }
  if (c.configurations.some((g) => g.worked)) {
    lines.push('');
    lines.push(
      `Where the GPU-time went (GPU-seconds${perItem ? ' per item' : ''}${c.configurations.some((g) => g.n > 1) ? ', mean per run' : ''}):`,
    );
    const cfgs = c.configurations.filter((g) => g.worked);
    const parts = ATTRIBUTION_PARTS.filter((p) => cfgs.some((g) => Math.abs(g.attribution[p]) >= 0.005));
    lines.push(
      fitTable(
        [{ header: '', align: 'left' }, ...cfgs.map((g) => ({ header: clean(g.label) }))],
        [
          ...parts.map((p) => [`  ${PART_NAMES[p]}`, ...cfgs.map((g) => fmt(g.attribution[p], perItem ? 2 : 1))]),
          ['  total', ...cfgs.map((g) => fmt(g.attribution.totalS, perItem ? 2 : 1))],
        ],
        width,
      ),
    );
  }
  if (c.findings.length || c.differences.length) {
    lines.push('');
    lines.push('Why:');
    const bySlower = new Map<string, string[]>();
    for (const f of c.findings) {
      const key = f.kind === 'MORE_GPUS_SAME_TX' ? '' : f.runs[1];
      const list = bySlower.get(key) ?? [];
      list.push(findingText(f));
      bySlower.set(key, list);
    }
    for (const d of c.differences) {
      lines.push(`  ${wrapWords(clean(differenceText(d)), width - 2, '    ')}`);
      for (const t of bySlower.get(d.slower) ?? []) lines.push(`    - ${wrapWords(clean(t), width - 6, '      ')}`);
    }
    for (const t of bySlower.get('') ?? []) lines.push(`  - ${wrapWords(clean(t), width - 4, '    ')}`);
  }
  if (c.advice.length) {
    lines.push('');
    lines.push('Advice:');
    for (const a of c.advice) lines.push(`  ${wrapWords(`[${a.severity}] ${a.code}: ${clean(adviceText(a))}`, width - 2, '    ')}`);
  }
  return lines.join('\n');
}

/** The benchmark matrix as a text table: a row per row key, a column per column value. */
export function formatMatrix(m: BenchmarkMatrix, options: { title?: string; decimals?: number } = {}): string {
  const clean = sanitizeTerminal;
  const head = [
    ...m.rowFields.map((f) => ({ header: clean(f), align: 'left' as const })),
    ...m.columns.map((c) => ({ header: `${clean(m.columnField)}=${clean(c)}` })),
  ];
  const rows = m.rows.map((r) => [...r.key.map(clean), ...r.values.map((v) => fmt(v, options.decimals ?? 1))]);
  return `${options.title ?? 'active span (s)'}\n${textTable(head, rows)}`;
}

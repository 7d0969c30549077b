import type { BenchmarkMatrix } from '../analyze/benchmark-matrix.js';
import type { Comparison, RunComparison } from '../analyze/compare-runs.js';
import { sanitizeTerminal } from './sanitize.js';
import { fmt, textTable } from './text-table.js';

/**
 * Human-readable comparison: the runs side by side (one column per run, fastest first), then why
 * the fastest wins, one reason per line, each with its figures.
 */
export function formatComparison(c: Comparison): string {
  const clean = sanitizeTerminal;
  const runs = c.runs;
  const row = (name: string, pick: (r: RunComparison) => string): string[] => [name, ...runs.map(pick)];
  const pct = (v: number | null): string => (v === null ? '–' : `${(v * 100).toFixed(1)} %`);
  const rows: string[][] = [
    row('file', (r) => clean(r.file.split('/').pop() ?? r.file)),
    row('active span s', (r) => fmt(r.activeSpanS)),
    row('duty cycle', (r) => pct(r.dutyCycle)),
    row('idle gaps', (r) => String(r.idleGaps.count)),
    row('idle total s', (r) => fmt(r.idleGaps.totalS)),
    row('idle median s', (r) => fmt(r.idleGaps.medianS)),
    row('launches (processes)', (r) => String(r.launches.count)),
    row('launch gaps', (r) => String(r.launches.gapCount)),
    row('launch overhead s', (r) => fmt(r.launches.overheadS)),
    row('median s per launch', (r) => fmt(r.launches.medianGapS)),
    row('min power in span W', (r) => fmt(r.minActivePowerW)),
    row('mean power in span W', (r) => fmt(r.meanActivePowerW)),
    row('energy in span kJ', (r) => fmt(r.energyJ / 1000, 2)),
    row('energy whole log kJ', (r) => fmt(r.energyWholeLogJ / 1000, 2)),
    ...(runs.some((r) => r.energyPerItemJ !== null) ? [row('energy per item kJ', (r) => fmt(r.energyPerItemJ === null ? null : r.energyPerItemJ / 1000, 3))] : []),
    row('summed TX peak KB/s', (r) => fmt(r.txPeakKBps, 0)),
    row('summed TX plateau KB/s', (r) => fmt(r.txPlateauKBps, 0)),
    row('GPUs (busy)', (r) => `${r.gpus} (${r.busyGpus})`),
    row('processes per GPU', (r) => r.processesPerGpu.join(', ') || '–'),
    row('max processes at once', (r) => String(r.launches.maxConcurrent)),
    row('idle threshold W', (r) => r.idleThresholdW.map((t) => fmt(t)).join(', ') || '–'),
  ];
  const lines: string[] = [];
  lines.push(textTable([{ header: '', align: 'left' }, ...runs.map((r) => ({ header: `#${r.rank} ${clean(r.label)}` }))], rows));
  lines.push('');
  if (c.winner === null) lines.push('No run has a busy sample: nothing to rank.');
  else if (runs.length < 2) lines.push(`Only one run (${clean(c.winner)}): nothing to compare it with.`);
  else {
    lines.push(`Fastest: ${clean(c.winner)} (shortest active span). Why:`);
    if (c.reasons.length === 0) lines.push('  no difference large enough to explain it was found in these figures.');
    for (const r of c.reasons) lines.push(`  - ${clean(r.text)}`);
  }
  return lines.join('\n');
}

/** The benchmark matrix as a text table: a row per row key, a column per column value. */
export function formatMatrix(m: BenchmarkMatrix, options: { title?: string; decimals?: number } = {}): string {
  const clean = sanitizeTerminal;
  const head = [...m.rowFields.map((f) => ({ header: clean(f), align: 'left' as const })), ...m.columns.map((c) => ({ header: `${clean(m.columnField)}=${clean(c)}` }))];
  const rows = m.rows.map((r) => [...r.key.map(clean), ...r.values.map((v) => fmt(v, options.decimals ?? 1))]);
  return `${options.title ?? 'active span (s)'}\n${textTable(head, rows)}`;
}

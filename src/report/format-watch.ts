import type { LiveGpuState, WatchSummary } from '../analyze/live-log.js';
import { sanitizeTerminal } from './sanitize.js';
import { PLAIN, type Style } from './style.js';
import { fitTable, fmt } from './text-table.js';

/**
 * One live line for one GPU: the full line when it fits `width`, else a compact one (the clock
 * without its date, no model, short labels), cut to the width so an in-place redraw holds.
 *
 * @example liveLine(state, 'Mon Nov 23 19:00:09 2026', 79); // '19:00:09 GPU 0 70.0 W 0% idle idle 2.0s duty 67 %/6.0s 10'
 */
export function liveLine(s: LiveGpuState, time: string, width = Infinity, style: Style = PLAIN): string {
  // the state coloured (busy green, idle yellow) once the layout is chosen on the plain text
  const paint = (line: string): string =>
    style === PLAIN ? line : line.replace(` ${s.state} `, ` ${(s.state === 'busy' ? style.good : style.warn)(s.state)} `);
  const pct = (v: number): string => (Number.isFinite(v) ? `${Math.round(v * 100)} %` : '–');
  const full = [
    sanitizeTerminal(time),
    `GPU ${s.index}`,
    sanitizeTerminal(s.name ?? s.key),
    `${fmt(s.powerW)} W`,
    `util ${fmt(s.utilPct, 0)} %`,
    s.state,
    `idle streak ${fmt(s.idleStreakS)} s`,
    `duty ${pct(s.dutyCycle)} of ${fmt(s.activeSpanS)} s active`,
    `${s.samples} samples`,
  ].join('  ');
  if (full.length <= width) return paint(full);
  // a terminal narrower than the line: the clock without its date, no model name, short labels,
  // then cut to the width (a line longer than the terminal wraps and breaks the in-place redraw)
  const clock = /\d{1,2}:\d{2}:\d{2}/.exec(time)?.[0] ?? sanitizeTerminal(time);
  const compact = [
    clock,
    `GPU ${s.index}`,
    `${fmt(s.powerW)} W`,
    `${fmt(s.utilPct, 0)}%`,
    s.state,
    `idle ${fmt(s.idleStreakS)}s`,
    `duty ${pct(s.dutyCycle)}/${fmt(s.activeSpanS)}s`,
    `${s.samples}`,
  ].join(' ');
  return compact.length <= width ? paint(compact) : compact.slice(0, Math.max(1, width - 1));
}

/**
 * The text summary printed when watching stops; its table is split to fit `width` columns
 * (default 80), each part repeating the GPU and model.
 *
 * @example formatWatchSummary(summary, { width: process.stdout.columns });
 */
export function formatWatchSummary(w: WatchSummary, options: { width?: number } = {}): string {
  const lines = [
    `== ${sanitizeTerminal(w.file)}: stopped ==`,
    `${w.documents} documents read · ${w.damagedDocuments} damaged · ${w.restarts} restart${w.restarts === 1 ? '' : 's'} of the file`,
  ];
  const warn = Object.entries(w.warningCounts)
    .map(([k, v]) => `${k} ×${v}`)
    .join(', ');
  if (warn) lines.push(`warnings: ${warn}`);
  lines.push('');
  if (w.gpus.length === 0) {
    lines.push('no GPU in the documents read');
    return lines.join('\n');
  }
  lines.push(
    fitTable(
      [
        { header: 'GPU' },
        { header: 'model', align: 'left' },
        { header: 'samples' },
        { header: 'duty %' },
        { header: 'duty whole %' },
        { header: 'active s' },
        { header: 'idle W <' },
        { header: 'idle gaps' },
        { header: 'idle total s' },
        { header: 'longest s' },
      ],
      w.gpus.map((g) => [
        String(g.index),
        sanitizeTerminal(g.name ?? g.key),
        String(g.samples),
        fmt(g.dutyCycle === null ? null : g.dutyCycle * 100),
        fmt(g.dutyCycleWholeLog === null ? null : g.dutyCycleWholeLog * 100),
        fmt(g.activeSpanS),
        fmt(g.idleThresholdW),
        String(g.idleGaps.count),
        fmt(g.idleGaps.totalS),
        fmt(g.idleGaps.longestS),
      ]),
      options.width ?? 80,
      2,
    ),
  );
  return lines.join('\n');
}

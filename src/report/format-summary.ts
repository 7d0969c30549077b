import { ATTRIBUTION_PARTS } from '../analyze/attribution.js';
import { adviceText, PART_NAMES } from './sentences.js';
import type { LogSummary } from '../analyze/summarize-log.js';
import type { TelemetryLog } from '../series/types.js';
import { sanitizeTerminal } from './sanitize.js';
import { sparkline } from './sparkline.js';
import { fmt, textTable, wrapWords } from './text-table.js';

export interface FormatOptions {
  /** Warnings listed one by one (the rest are counted). Default 10. */
  maxWarnings?: number;
  /** The log the summary is of: adds a one-line power sparkline per GPU (see {@link powerSparklines}). */
  log?: TelemetryLog;
  /** Sparkline width in characters. Default 60. */
  sparklineWidth?: number;
  /** Columns the prose lines (attribution, clock events, notes) are wrapped to. Default 80. */
  width?: number;
}

/**
 * One line per GPU: `GPU 0 power ▁▁▇█▇▁… 71–540 W`, every GPU of the log on the same time axis and
 * watt scale, logging gaps blank (min/max-preserving: one idle sample still shows).
 */
export function powerSparklines(log: TelemetryLog, width = 60): string[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const g of log.gpus) for (const v of g.columns.powerW) if (Number.isFinite(v)) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi >= lo)) return [];
  const w = Math.max(1, Math.min(width, log.timeMs.length));
  const gap = Number.isFinite(log.gapThresholdS) ? log.gapThresholdS * 1000 : Infinity;
  return log.gpus.map((g) => {
    const line = sparkline(g.timeMs, g.columns.powerW, { width: w, min: lo, max: hi, xMin: log.startMs, xMax: log.endMs, gap });
    return `GPU ${g.index} power ${line} ${fmt(lo, 0)}–${fmt(hi, 0)} W`;
  });
}

/** Human-readable summary block for one file: a header, a row per GPU, and the warnings. */
export function formatSummary(s: LogSummary, options: FormatOptions = {}): string {
  const clean = sanitizeTerminal;
  const width = options.width ?? 80;
  const lines: string[] = [];
  lines.push(`== ${clean(s.file)} ==`);
  const day = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$/, '');
  // the end's date only when it differs from the start's
  const span = s.start && s.end ? `${day(s.start)} → ${s.end.slice(0, 10) === s.start.slice(0, 10) ? s.end.slice(11, 19) : day(s.end)} (${s.timeZone} timestamps)` : 'no time';
  const driver = s.driverVersions.length ? `driver ${s.driverVersions.map(clean).join(', ')}` : 'driver unknown';
  const cuda = s.cudaVersions.length ? ` (CUDA ${s.cudaVersions.map(clean).join(', ')})` : '';
  lines.push(
    `${s.documents} documents · ${span} · ${fmt(s.durationS)} s · interval ${fmt(s.intervalS, 2)} s · ${driver}${cuda}`,
  );
  const gaps = s.loggingGaps.count
    ? `${s.loggingGaps.count} logging gap${s.loggingGaps.count > 1 ? 's' : ''}, ${fmt(s.loggingGaps.totalS)} s in all, longest ${fmt(s.loggingGaps.longestS)} s (no data, not idle)`
    : 'no logging gaps';
  const nWarn = Object.values(s.warningCounts).reduce((a, b) => a + (b ?? 0), 0);
  lines.push(`${gaps} · ${nWarn ? `${nWarn} input warning${nWarn > 1 ? 's' : ''}` : 'no input warnings'}${s.damagedDocuments ? ` · ${s.damagedDocuments} damaged document(s) skipped` : ''}`);
  lines.push('');
  const rows = s.gpus.map((g) => [
    String(g.index),
    clean(g.name ?? g.uuid ?? g.busId ?? '?'),
    String(g.samples),
    fmt(g.spanS),
    fmt(g.power.meanW),
    fmt(g.power.p50W),
    fmt(g.power.p95W),
    fmt(g.power.maxW),
    fmt(g.power.energyJ === null ? null : g.power.energyJ / 1000, 2),
    fmt(g.utilization.meanPct),
    fmt(g.memory.maxUsedMiB, 0),
    fmt(g.temperature.maxC, 0),
    fmt(g.pcie.txMeanKBps, 0),
    fmt(g.pcie.txMaxKBps, 0),
    fmt(g.pcie.rxMeanKBps, 0),
    fmt(g.pcie.rxMaxKBps, 0),
    g.processes.distinctPids === null ? '–' : String(g.processes.distinctPids),
    g.processes.maxConcurrent === null ? '–' : String(g.processes.maxConcurrent),
  ]);
  lines.push(
    textTable(
      [
        { header: 'GPU' },
        { header: 'model', align: 'left' },
        { header: 'samples' },
        { header: 'span s' },
        { header: 'P mean W' },
        { header: 'P p50 W' },
        { header: 'P p95 W' },
        { header: 'P max W' },
        { header: 'energy kJ' },
        { header: 'util %' },
        { header: 'mem max MiB' },
        { header: 'temp max C' },
        { header: 'TX mean KB/s' },
        { header: 'TX max KB/s' },
        { header: 'RX mean KB/s' },
        { header: 'RX max KB/s' },
        { header: 'PIDs' },
        { header: 'max procs' },
      ],
      rows,
    ),
  );
  lines.push('');
  lines.push(
    textTable(
      [
        { header: 'GPU' },
        { header: 'active s' },
        { header: 'duty %' },
        { header: 'idle < W' },
        { header: 'idle gaps' },
        { header: 'idle s' },
        { header: 'median s' },
        { header: 'longest s' },
        { header: 'launches' },
        { header: 'launch gaps' },
        { header: 'median gap s' },
      ],
      s.gpus.map((g) => [
        String(g.index),
        fmt(g.activeSpanS),
        fmt(g.dutyCycle === null ? null : g.dutyCycle * 100),
        fmt(g.idleThresholdW),
        String(g.idleGaps.count),
        fmt(g.idleGaps.totalS),
        fmt(g.idleGaps.medianS),
        fmt(g.idleGaps.longestS),
        g.launches.count === null ? '–' : String(g.launches.count),
        g.launches.gapCount === null ? '–' : String(g.launches.gapCount),
        fmt(g.launches.medianGapS),
      ]),
    ),
  );
  for (const g of s.gpus) lines.push(`GPU ${g.index} idle threshold: ${clean(g.idleThresholdReason)}`);
  for (const g of s.gpus) {
    if (g.attribution === null) continue;
    const a = g.attribution;
    const parts = ATTRIBUTION_PARTS.filter((p) => a[p] >= 0.05).map((p) => `${PART_NAMES[p]} ${fmt(a[p])} s`);
    lines.push(wrapWords(`GPU ${g.index} time in the active span${s.jobs.length > 1 ? 's of its jobs' : ''}: ${parts.join(', ')} (total ${fmt(a.totalS)} s)`, width, '  '));
    const ev = Object.entries(g.clockEvents).filter(([k, v]) => v > 0 && k !== 'gpu_idle' && k !== 'active' && k !== 'none');
    if (ev.length) lines.push(wrapWords(`GPU ${g.index} clock event reasons active: ${ev.map(([k, v]) => `${clean(k)} ${fmt(v * 100, 0)} %`).join(', ')} of samples`, width, '  '));
  }
  if (s.jobs.length > 1) {
    lines.push('');
    lines.push(
      textTable(
        [{ header: 'job' }, { header: 'start', align: 'left' }, { header: 'end', align: 'left' }, { header: 'active s' }, { header: 'duty %' }, { header: 'idle gaps' }, { header: 'idle s' }, { header: 'PIDs' }, { header: 'complete', align: 'left' }],
        s.jobs.map((j) => [String(j.index), (j.start ?? '–').slice(11, 19), (j.end ?? '–').slice(11, 19), fmt(j.activeSpanS), fmt(j.dutyCycle === null ? null : j.dutyCycle * 100), String(j.idleGaps.count), fmt(j.idleGaps.totalS), String(j.pids.length), j.complete ? 'yes' : `no (${j.incompleteReasons.join(', ')})`]),
      ),
    );
  }
  for (const g of s.gpus) if (g.launches.warning !== null) lines.push(`GPU ${g.index} warning: ${clean(g.launches.warning)}`);
  const perItem = s.energy.perItemJ === null ? '' : `; ${fmt(s.energy.perItemJ / 1000, 3)} kJ (${fmt(s.energy.perItemWh, 3)} Wh) per item over ${s.energy.items} items`;
  lines.push(`energy, all GPUs: ${fmt(s.energy.totalJ / 1000, 2)} kJ (${fmt(s.energy.totalWh, 2)} Wh) over the log, ${fmt(s.energy.activeJ / 1000, 2)} kJ (${fmt(s.energy.activeWh, 2)} Wh) inside the active spans${perItem}`);
  lines.push(
    s.pcieSum.txPeakKBps === null
      ? `summed PCIe TX: ${clean(s.pcieSum.note ?? 'no readings')}`
      : `summed PCIe TX (${fmt(s.pcieSum.window)} s moving average): peak ${fmt(s.pcieSum.txPeakKBps, 0)} KB/s, plateau ${fmt(s.pcieSum.txPlateauKBps, 0)} KB/s (median over the active span)${s.pcieSum.note ? `; ${clean(s.pcieSum.note)}` : ''}`,
  );
  if (options.log) {
    const spark = powerSparklines(options.log, options.sparklineWidth);
    if (spark.length) lines.push('', ...spark);
  }
  if (s.advice.length) {
    lines.push('');
    lines.push('notes:');
    for (const a of s.advice) lines.push(`  ${wrapWords(`[${a.severity}] ${a.code}: ${clean(adviceText(a))}`, width - 2, '    ')}`);
  }
  if (nWarn) {
    const max = options.maxWarnings ?? 10;
    lines.push('');
    lines.push('warnings:');
    for (const w of s.warnings.slice(0, max)) lines.push(`  ${w.code}: ${clean(w.message)}`);
    if (nWarn > max) {
      const counts = Object.entries(s.warningCounts).map(([k, v]) => `${k} ×${v}`).join(', ');
      lines.push(`  … ${nWarn - Math.min(max, s.warnings.length)} more (${counts})`);
    }
  }
  return lines.join('\n');
}

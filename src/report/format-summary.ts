import { ATTRIBUTION_PARTS } from '../analyze/attribution.js';
import { adviceText, PART_NAMES } from './sentences.js';
import type { LogSummary } from '../analyze/summarize-log.js';
import type { TelemetryLog } from '../series/types.js';
import { sanitizeTerminal } from './sanitize.js';
import { sparkline } from './sparkline.js';
import { fitTable, fmt, rate, wrapWords } from './text-table.js';
import { wallClock } from './wall-clock.js';
import { PLAIN, type Style } from './style.js';

export interface FormatOptions {
  /** Warnings listed one by one (the rest are counted). Default 10. */
  maxWarnings?: number;
  /** The log the summary is of: adds a one-line power sparkline per GPU (see {@link powerSparklines}). */
  log?: TelemetryLog;
  /** Sparkline width in characters. Default 60. */
  sparklineWidth?: number;
  /** Columns the output fits: tables are split, prose wrapped at word boundaries. Default 80; Infinity (`--wide`) gives one line per table row. */
  width?: number;
  /** Colours for a terminal (warnings, the notes' severity). Default PLAIN. */
  style?: Style;
}

/**
 * One line per GPU: `GPU 0 power ▁▁▇█▇▁… 71–540 W`, every GPU of the log on the same time axis and
 * watt scale, logging gaps blank (min/max-preserving: one idle sample still shows).
 */
export function powerSparklines(log: TelemetryLog, width = 60): string[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const g of log.gpus)
    for (const v of g.columns.powerW)
      if (Number.isFinite(v)) {
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

/**
 * Human-readable summary block for one file: a header, a row per GPU, and the warnings.
 *
 * @example
 * console.log(formatSummary(summarizeLog(log), { log, width: 80 })); // the `summarize` text, 80 columns
 */
export function formatSummary(s: LogSummary, options: FormatOptions = {}): string {
  const clean = sanitizeTerminal;
  const width = options.width ?? 80;
  const st = options.style ?? PLAIN;
  const lines: string[] = [];
  const wrap = (text: string, indent = '  '): string => (Number.isFinite(width) ? wrapWords(text, width, indent) : text);
  lines.push(`== ${clean(s.file)} ==`);
  // the log's own clock in the zone it was written in (JSON keeps UTC instants)
  const local = (iso: string): string => wallClock(iso, s.timeZone);
  const start = s.start === null ? null : local(s.start);
  const end = s.end === null ? null : local(s.end);
  // the end's date only when it differs from the start's
  const span = start && end ? `${start} → ${end.slice(0, 10) === start.slice(0, 10) ? end.slice(11) : end} (${s.timeZone})` : 'no time';
  const driver = s.driverVersions.length ? `driver ${s.driverVersions.map(clean).join(', ')}` : 'driver unknown';
  const cuda = s.cudaVersions.length ? ` (CUDA ${s.cudaVersions.map(clean).join(', ')})` : '';
  lines.push(
    wrap(
      `${s.documents} ${s.format === 'xml' ? 'documents' : 'samples'} · ${span} · ${fmt(s.durationS)} s · interval ${fmt(s.intervalS, 2)} s · ${driver}${cuda}`,
    ),
  );
  const gaps = s.loggingGaps.count
    ? `${s.loggingGaps.count} logging gap${s.loggingGaps.count > 1 ? 's' : ''}, ${fmt(s.loggingGaps.totalS)} s in all, longest ${fmt(s.loggingGaps.longestS)} s (no data, not idle)`
    : 'no logging gaps';
  const nWarn = Object.values(s.warningCounts).reduce((a, b) => a + (b ?? 0), 0);
  lines.push(
    wrap(
      `${gaps} · ${nWarn ? `${nWarn} input warning${nWarn > 1 ? 's' : ''}` : 'no input warnings'}${s.damagedDocuments ? ` · ${s.damagedDocuments} damaged document(s) skipped` : ''}`,
    ),
  );
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
    fmt(g.power.wholeLogEnergyJ === null ? null : g.power.wholeLogEnergyJ / 1000, 2),
    fmt(g.utilization.meanPct),
    fmt(g.memory.maxUsedMiB, 0),
    fmt(g.temperature.maxC, 0),
    rate(g.pcie.txMeanKBps),
    rate(g.pcie.txMaxKBps),
    rate(g.pcie.rxMeanKBps),
    rate(g.pcie.rxMaxKBps),
    g.processes.distinctPids === null ? '–' : String(g.processes.distinctPids),
    g.processes.maxConcurrent === null ? '–' : String(g.processes.maxConcurrent),
  ]);
  lines.push(
    fitTable(
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
        { header: 'TX mean' },
        { header: 'TX max' },
        { header: 'RX mean' },
        { header: 'RX max' },
        { header: 'PIDs' },
        { header: 'max procs' },
      ],
      rows,
      width,
      2,
    ),
  );
  lines.push('');
  lines.push(
    fitTable(
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
      width,
    ),
  );
  for (const g of s.gpus) lines.push(wrap(`GPU ${g.index} idle threshold: ${clean(g.idleThresholdReason)}`));
  for (const g of s.gpus) {
    if (g.attribution === null) continue;
    const a = g.attribution;
    const parts = ATTRIBUTION_PARTS.filter((p) => a[p] >= 0.05).map((p) => `${PART_NAMES[p]} ${fmt(a[p])} s`);
    lines.push(
      wrap(
        `GPU ${g.index} time in the active span${s.jobs.length > 1 ? 's of its jobs' : ''}: ${parts.join(', ')} (total ${fmt(a.totalS)} s)`,
      ),
    );
    const ev = Object.entries(g.clockEvents).filter(([k, v]) => v > 0 && k !== 'gpu_idle' && k !== 'active' && k !== 'none');
    if (ev.length)
      lines.push(
        wrap(`GPU ${g.index} clock event reasons active: ${ev.map(([k, v]) => `${clean(k)} ${fmt(v * 100, 0)} %`).join(', ')} of samples`),
      );
  }
  if (s.jobs.length > 1) {
    lines.push('');
    lines.push(
      fitTable(
        [
          { header: 'job' },
          { header: 'start', align: 'left' },
          { header: 'end', align: 'left' },
          { header: 'active s' },
          { header: 'duty %' },
          { header: 'idle gaps' },
          { header: 'idle s' },
          { header: 'PIDs' },
          { header: 'complete', align: 'left' },
        ],
        s.jobs.map((j) => [
          String(j.index),
          j.start === null ? '–' : local(j.start).slice(11),
          j.end === null ? '–' : local(j.end).slice(11),
          fmt(j.activeSpanS),
          fmt(j.dutyCycle === null ? null : j.dutyCycle * 100),
          String(j.idleGaps.count),
          fmt(j.idleGaps.totalS),
          String(j.pids.length),
          j.complete ? 'yes' : `no (${j.incompleteReasons.join(', ')})`,
        ]),
        width,
      ),
    );
  }
  for (const g of s.gpus) if (g.launches.warning !== null) lines.push(wrap(`GPU ${g.index} warning: ${clean(g.launches.warning)}`));
  const perItem =
    s.energy.perItemJ === null
      ? ''
      : `; ${fmt(s.energy.perItemJ / 1000, 3)} kJ (${fmt(s.energy.perItemWh, 3)} Wh) per item over ${s.energy.items} items`;
  const fp = s.energy.footprint;
  const footprint = [
    fp.co2Grams === null ? null : `${co2(fp.co2Grams)} CO₂ at ${fp.gridGco2PerKwh} g/kWh`,
    fp.cost === null ? null : `cost ${fp.cost.toPrecision(3)} at ${fp.pricePerKwh} per kWh`,
  ].filter((x) => x !== null);
  lines.push(
    wrap(
      `energy, all GPUs: ${fmt(s.energy.wholeLogEnergyJ / 1000, 2)} kJ (${fmt(s.energy.wholeLogEnergyWh, 2)} Wh, ${kwh(fp.kWh)} kWh) over the log, ${fmt(s.energy.activeEnergyJ / 1000, 2)} kJ (${fmt(s.energy.activeEnergyWh, 2)} Wh) inside the active spans${perItem}${footprint.length ? `; ${footprint.join(', ')} (GPU boards only)` : ''}`,
    ),
  );
  lines.push(
    wrap(
      s.pcieSum.txPeakKBps === null
        ? `summed PCIe TX: ${clean(s.pcieSum.note ?? 'no readings')}`
        : `summed PCIe TX (${fmt(s.pcieSum.windowS)} s moving average): peak ${rate(s.pcieSum.txPeakKBps)}, plateau ${rate(s.pcieSum.txPlateauKBps)} (median over the active span)${s.pcieSum.note ? `; ${clean(s.pcieSum.note)}` : ''}`,
    ),
  );
  if (options.log) {
    // the sparkline and its label (`GPU 0 power … 78–315 W`) fit the width
    const spark = powerSparklines(
      options.log,
      Math.max(10, Math.min(options.sparklineWidth ?? 60, (Number.isFinite(width) ? width : 80) - 24)),
    );
    if (spark.length) lines.push('', ...spark);
  }
  if (s.advice.length) {
    lines.push('');
    lines.push('notes:');
    for (const a of s.advice) {
      const text = Number.isFinite(width)
        ? wrapWords(`[${a.severity}] ${a.code}: ${clean(adviceText(a))}`, width - 2, '    ')
        : `[${a.severity}] ${a.code}: ${clean(adviceText(a))}`;
      const tag = `[${a.severity}]`;
      lines.push(`  ${(a.severity === 'high' ? st.bad : st.warn)(tag)}${text.slice(tag.length)}`);
    }
  }
  if (nWarn) {
    const max = options.maxWarnings ?? 10;
    lines.push('');
    lines.push(st.warn('warnings:'));
    for (const w of s.warnings.slice(0, max))
      lines.push(
        `  ${Number.isFinite(width) ? wrapWords(`${w.code}: ${clean(w.message)}`, width - 2, '    ') : `${w.code}: ${clean(w.message)}`}`,
      );
    if (nWarn > max) {
      const counts = Object.entries(s.warningCounts)
        .map(([k, v]) => `${k} ×${v}`)
        .join(', ');
      lines.push(`  … ${nWarn - Math.min(max, s.warnings.length)} more (${counts})`);
    }
  }
  return lines.join('\n');
}

/** kWh with three significant figures (small jobs are thousandths of a kWh). */
function kwh(v: number): string {
  return v >= 100 ? v.toFixed(0) : v.toPrecision(3);
}

/** Grams of CO₂ as g or kg. */
function co2(grams: number): string {
  return grams >= 1000 ? `${(grams / 1000).toPrecision(3)} kg` : `${grams.toPrecision(3)} g`;
}

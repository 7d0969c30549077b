import type { GpuSeries, TelemetryLog } from '../series/types.js';
import type { BusyIdleOptions } from './busy-idle.js';
import { clockEvents, type ClockEventShare } from './clock-events.js';
import { dutyCycle, type DutyCycle } from './duty-cycle.js';
import { energyReport, type EnergyReport } from './energy-report.js';
import { idleGaps, type IdleGaps } from './idle-gaps.js';
import { launches, type Launches } from './launches.js';
import { pcieSum, type PcieSum } from './pcie-sum.js';

/** Options shared by every analysis of a log (the log's own timing is used). */
export interface AnalyzeOptions extends Omit<BusyIdleOptions, 'gapThresholdS' | 'intervalS'> {
  /** Idle gaps shorter than this (seconds) are not counted. Default 0. */
  minGapS?: number;
  /** PCIe moving-average window, seconds (default 10). */
  windowS?: number;
  /** Items (movies) processed, for energy per item. */
  items?: number;
}

export interface GpuActivity {
  series: GpuSeries;
  duty: DutyCycle;
  gaps: IdleGaps;
  launches: Launches;
  clockEvents: Record<string, ClockEventShare>;
}

export interface LogActivity {
  log: TelemetryLog;
  gpus: GpuActivity[];
  /** Earliest first busy → latest end of a busy sample over all GPUs (epoch ms); NaN when no GPU worked. */
  activeStartMs: number;
  activeEndMs: number;
  /** activeEndMs − activeStartMs in seconds; 0 when no GPU worked. */
  activeSpanS: number;
  /** Summed PCIe, plateau over the log's active span. */
  pcie: PcieSum;
  energy: EnergyReport;
}

/**
 * Runs every activity analysis over a log with the log's timing (interval and gap threshold):
 * busy/idle and duty cycle, idle gaps, launches and clock events per GPU; summed PCIe and energy
 * over the log. The log's active span runs from the first busy sample of any GPU to the end of the
 * last busy sample of any GPU.
 *
 * @example
 * const a = analyzeLog(await readLog('run.xml.gz'), { windowS: 10 });
 * a.activeSpanS; a.gpus[0]?.duty.dutyCycle; a.pcie.txPlateauKBps;
 */
export function analyzeLog(log: TelemetryLog, options: AnalyzeOptions = {}): LogActivity {
  const timing = {
    ...(Number.isFinite(log.gapThresholdS) ? { gapThresholdS: log.gapThresholdS } : {}),
    ...(Number.isFinite(log.intervalS) ? { intervalS: log.intervalS } : {}),
  };
  const o = { ...options, ...timing };
  const gpus = log.gpus.map((series) => {
    const duty = dutyCycle(series, o);
    const gaps = idleGaps(series, { ...o, duty });
    return { series, duty, gaps, launches: launches(series, { ...o, gaps }), clockEvents: clockEvents(series) };
  });
  let start = Infinity;
  let end = -Infinity;
  for (const g of gpus) {
    if (g.duty.firstBusyRow < 0) continue;
    start = Math.min(start, g.duty.activeStartMs);
    end = Math.max(end, g.duty.activeEndMs);
  }
  const worked = Number.isFinite(start);
  const pcie = pcieSum(log.gpus, { ...timing, windowS: options.windowS, ...(worked ? { fromMs: start, toMs: end } : {}) });
  const energy = energyReport(log.gpus, { ...timing, items: options.items, duties: gpus.map((g) => g.duty) });
  return {
    log,
    gpus,
    activeStartMs: worked ? start : NaN,
    activeEndMs: worked ? end : NaN,
    activeSpanS: worked ? (end - start) / 1000 : 0,
    pcie,
    energy,
  };
}

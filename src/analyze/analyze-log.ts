import type { GpuSeries, TelemetryLog } from '../series/types.js';
import type { BusyIdleOptions } from './busy-idle.js';
import { addAttribution, emptyAttribution, gpuAttribution, type Attribution } from './attribution.js';
import { clockEvents, type ClockEventShare } from './clock-events.js';
import { dutyCycle, type DutyCycle } from './duty-cycle.js';
import { energyReport, type EnergyReport } from './energy-report.js';
import { idleGaps, type IdleGaps } from './idle-gaps.js';
import { launchGapTest, launches, type Launches } from './launches.js';
import { pcieSum, type PcieSum } from './pcie-sum.js';
import { recordedSpan } from './recorded-span.js';
import { sampleDurations } from './sample-durations.js';

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
  /** Where this GPU's time inside the run's active span went; null when the GPU never worked. */
  attribution: Attribution | null;
}

export interface LogActivity {
  log: TelemetryLog;
  gpus: GpuActivity[];
  /** Earliest first busy → latest end of a busy sample over all GPUs (epoch ms); NaN when no GPU worked. */
  activeStartMs: number;
  activeEndMs: number;
  /** Recorded seconds from the first busy sample of any GPU to the end of the last (logging gaps left out, never negative); 0 when no GPU worked. */
  activeSpanS: number;
  /** Unrecorded seconds (logging gaps, clock steps) inside that span. */
  loggingGapS: number;
  /** Log sample indices of the first and last busy sample of any GPU; -1 when none. */
  firstBusySample: number;
  lastBusySample: number;
  /** Summed PCIe, plateau over the log's active span. */
  pcie: PcieSum;
  energy: EnergyReport;
  /** Where the run's active GPU-time went, summed over the GPUs that worked (see {@link gpuAttribution}). */
  attribution: Attribution;
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
    return {
      series,
      duty,
      gaps,
      launches: launches(series, { ...o, gaps }),
      clockEvents: clockEvents(series),
      attribution: null as Attribution | null,
    };
  });
  let start = Infinity;
  let end = -Infinity;
  let firstS = Infinity;
  let lastS = -1;
  for (const g of gpus) {
    if (g.duty.firstBusyRow < 0) continue;
    start = Math.min(start, g.duty.activeStartMs);
    end = Math.max(end, g.duty.activeEndMs);
    firstS = Math.min(firstS, g.series.sample[g.duty.firstBusyRow]!);
    lastS = Math.max(lastS, g.series.sample[g.duty.lastBusyRow]!);
  }
  const worked = Number.isFinite(start);
  const logDurationS = worked ? sampleDurations(log.timeMs, timing).durationS : null;
  const span = logDurationS ? recordedSpan(log.timeMs, firstS, lastS, { durationS: logDurationS }) : { recordedS: 0, unrecordedS: 0 };
  const attribution = emptyAttribution();
  if (logDurationS) {
    for (const g of gpus) {
      if (g.duty.firstBusyRow < 0) continue;
      // every idle gap counts here, whatever the minimum gap length the listed gaps use
      const all = o.minGapS ? idleGaps(g.series, { ...o, duty: g.duty, minGapS: 0 }).gaps : g.gaps.gaps;
      g.attribution = gpuAttribution(g.series, g.duty, all, launchGapTest(g.launches.processes), log.timeMs, firstS, lastS, {
        ...timing,
        logDurationS,
      });
      addAttribution(attribution, g.attribution);
    }
  }
  const pcie = pcieSum(log.gpus, { ...timing, windowS: options.windowS, ...(worked ? { fromMs: start, toMs: end } : {}) });
  const energy = energyReport(log.gpus, { ...timing, items: options.items, duties: gpus.map((g) => g.duty) });
  return {
    log,
    gpus,
    activeStartMs: worked ? start : NaN,
    activeEndMs: worked ? end : NaN,
    activeSpanS: span.recordedS,
    loggingGapS: span.unrecordedS,
    firstBusySample: worked ? firstS : -1,
    lastBusySample: worked ? lastS : -1,
    pcie,
    energy,
    attribution,
  };
}

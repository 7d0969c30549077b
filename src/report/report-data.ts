import { busyIdle, type BusyIdle, type BusySignal } from '../analyze/busy-idle.js';
import { dutyCycle, type DutyCycle } from '../analyze/duty-cycle.js';
import { energyReport, type EnergyReport } from '../analyze/energy-report.js';
import { idleGaps, type IdleGaps } from '../analyze/idle-gaps.js';
import { launches, type Launches } from '../analyze/launches.js';
import { pcieSum, type PcieSum } from '../analyze/pcie-sum.js';
import type { GpuSeries, TelemetryLog } from '../series/types.js';

/** A log with the name it goes by in the report. */
export interface LabeledLog {
  label: string;
  log: TelemetryLog;
}

export interface ReportDataOptions {
  /** Power at or above which a sample is busy, W (default: chosen per GPU from the data). */
  idleBelowW?: number;
  /** Which signal makes a sample busy (default `both`). */
  busySignal?: BusySignal;
  /** Moving-average window of the summed PCIe TX, seconds (default 10). */
  pcieWindowS?: number;
}

/** Every analysis of one GPU that the report draws. */
export interface GpuReport {
  gpu: GpuSeries;
  classification: BusyIdle;
  duty: DutyCycle;
  gaps: IdleGaps;
  launches: Launches;
}

/** Every analysis of one run. */
export interface RunReport {
  label: string;
  log: TelemetryLog;
  gpus: GpuReport[];
  pcie: PcieSum;
  energy: EnergyReport;
}

/**
 * Runs the analyses the report shows for every GPU of every run: busy/idle classification (and its
 * idle threshold), duty cycle, idle gaps, launches, summed PCIe TX with its moving average, energy.
 *
 * @example
 * const data = reportData([{ label: 'folder', log: folder }, { label: 'perfile', log: perfile }]);
 * data[0]!.gpus[0]!.duty.dutyCycle;
 */
export function reportData(runs: readonly LabeledLog[], options: ReportDataOptions = {}): RunReport[] {
  return runs.map(({ label, log }) => {
    const timing = { gapThresholdS: log.gapThresholdS, intervalS: log.intervalS };
    const gpus = log.gpus.map((gpu): GpuReport => {
      const classification = busyIdle(gpu, { ...timing, idleBelowW: options.idleBelowW, busySignal: options.busySignal });
      const duty = dutyCycle(gpu, { classification });
      const gaps = idleGaps(gpu, { duty });
      return { gpu, classification, duty, gaps, launches: launches(gpu, { gaps }) };
    });
    const active = gpus.filter((g) => Number.isFinite(g.duty.activeStartMs));
    const pcie = pcieSum(log.gpus, {
      ...timing,
      windowS: options.pcieWindowS,
      fromMs: active.length ? Math.min(...active.map((g) => g.duty.activeStartMs)) : undefined,
      toMs: active.length ? Math.max(...active.map((g) => g.duty.activeEndMs)) : undefined,
    });
    const energy = energyReport(log.gpus, { ...timing, duties: gpus.map((g) => g.duty) });
    return { label, log, gpus, pcie, energy };
  });
}

import { check } from '../errors.js';
import type { GpuSeries } from '../series/types.js';
import { dutyCycle, type DutyCycle, type DutyCycleOptions } from './duty-cycle.js';
import { energy } from './energy.js';

export interface EnergyReportOptions extends DutyCycleOptions {
  /** Number of items (movies) the run processed: adds energy per item. */
  items?: number;
  /** Duty cycles already computed, one per GPU in order (their active spans are used). */
  duties?: DutyCycle[];
}

export interface GpuEnergy {
  index: number;
  key: string;
  /** Whole log, J and Wh (trapezoids, logging gaps not bridged). */
  wholeLogEnergyJ: number;
  wholeLogWh: number;
  /** Inside this GPU's active span. */
  activeEnergyJ: number;
  activeEnergyWh: number;
}

export interface EnergyReport {
  gpus: GpuEnergy[];
  wholeLogEnergyJ: number;
  wholeLogEnergyWh: number;
  activeEnergyJ: number;
  activeEnergyWh: number;
  /** activeEnergyJ / items (J per item) when items was given, else null. */
  perItemJ: number | null;
  perItemWh: number | null;
}

/**
 * Energy per GPU and in total, in J and Wh, over the whole log and over each GPU's active span
 * (first busy → last busy sample), by the trapezoid rule on `powerW` (see {@link energy}); logging
 * gaps are not bridged. With `items`, the active-span energy per item.
 *
 * @example
 * const e = energyReport(log.gpus, { gapThresholdS: log.gapThresholdS, intervalS: log.intervalS, items: 20 });
 * e.activeEnergyJ; e.perItemJ;
 */
export function energyReport(
  gpus: readonly Pick<GpuSeries, 'timeMs' | 'columns' | 'length' | 'index' | 'key'>[],
  options: EnergyReportOptions = {},
): EnergyReport {
  if (options.items !== undefined) check(Number.isInteger(options.items) && options.items > 0, 'items', options.items);
  const per = gpus.map((g, k) => {
    const d = options.duties?.[k] ?? dutyCycle(g, options);
    const gap = d.classification.gapThresholdS;
    const whole = energy(g, { gapThresholdS: gap });
    const active =
      d.firstBusyRow >= 0
        ? energy(g, { gapThresholdS: gap, fromMs: d.activeStartMs, toMs: d.activeEndMs })
        : { joules: 0, wattHours: 0, coveredS: 0 };
    return {
      index: g.index,
      key: g.key,
      wholeLogEnergyJ: whole.joules,
      wholeLogWh: whole.wattHours,
      activeEnergyJ: active.joules,
      activeEnergyWh: active.wattHours,
    };
  });
  const wholeLogEnergyJ = per.reduce((a, g) => a + g.wholeLogEnergyJ, 0);
  const activeEnergyJ = per.reduce((a, g) => a + g.activeEnergyJ, 0);
  const items = options.items;
  return {
    gpus: per,
    wholeLogEnergyJ,
    wholeLogEnergyWh: wholeLogEnergyJ / 3600,
    activeEnergyJ,
    activeEnergyWh: activeEnergyJ / 3600,
    perItemJ: items ? activeEnergyJ / items : null,
    perItemWh: items ? activeEnergyJ / 3600 / items : null,
  };
}

import type { TelemetryWarning } from '../errors.js';
import type { MetricKey } from '../parse/fields.js';
import type { GpuSeries } from './types.js';

/**
 * The physical bounds of every reading. A value outside them cannot be true (a glitched 3.7 MW
 * power sample, a −1 W reading, `4294967295 %` utilisation, 65535 °C) and is dropped — set to NaN,
 * with a warning that names the GPU, the field, the value and the document — before any
 * analysis sees it, so it never reaches energy, means, percentiles or the idle threshold.
 *
 * The bounds are wide on purpose: they reject what no GPU can report, not what is merely unusual.
 */
export const READING_BOUNDS = {
  /** Board power above this multiple of the GPU's highest power limit in the log is a glitch. Transients above the limit are real but short and far below 1.5 ×. */
  POWER_LIMIT_FACTOR: 1.5,
  /** Board power ceiling, W, where the log has no power limit (the largest boards draw about 1.2 kW). */
  POWER_MAX_W: 2000,
  /** Module (Grace + GPUs) power ceiling, W. */
  MODULE_POWER_MAX_W: 10_000,
  /** Power limits outside (0, this] W are not limits. */
  POWER_LIMIT_MAX_W: 5000,
  /** Utilisation and fan speed lie in [0, 100] %. */
  PERCENT_MAX: 100,
  /** Temperatures outside [min, max] °C are sensor errors (GPUs shut down near 100 °C). */
  TEMP_MIN_C: -40,
  TEMP_MAX_C: 150,
  /** Memory used may exceed total by this share (rounding) before it is impossible. */
  MEMORY_USED_SLACK: 0.001,
  /** Frame-buffer sizes above this, MiB (16 TiB), are absurd. */
  MEMORY_MAX_MIB: 16 * 1024 * 1024,
  /** Clocks outside [0, this] MHz are absurd. */
  CLOCK_MAX_MHZ: 10_000,
  /** PCIe throughput above this, KB/s (twice a PCIe 6.0 ×16 link), is absurd. */
  PCIE_MAX_KBPS: 256e6,
  /** PCIe link generation and width ranges. */
  PCIE_GEN_MAX: 7,
  PCIE_WIDTH_MAX: 32,
  /** Performance states run P0..P15. */
  PSTATE_MAX: 15,
} as const;

const B = READING_BOUNDS;
const POWER_KEYS = ['powerW', 'powerDrawW', 'averagePowerDrawW', 'instantPowerDrawW', 'memoryPowerW'] as const;
const PERCENT_KEYS = ['gpuUtilPct', 'memoryUtilPct', 'encoderUtilPct', 'decoderUtilPct', 'fanPct'] as const;
const FIXED: Partial<Record<MetricKey, readonly [number, number, string]>> = {
  modulePowerW: [0, B.MODULE_POWER_MAX_W, 'W'],
  gpuTempC: [B.TEMP_MIN_C, B.TEMP_MAX_C, '°C'],
  memoryTempC: [B.TEMP_MIN_C, B.TEMP_MAX_C, '°C'],
  fbTotalMiB: [0, B.MEMORY_MAX_MIB, 'MiB'],
  fbReservedMiB: [0, B.MEMORY_MAX_MIB, 'MiB'],
  fbFreeMiB: [0, B.MEMORY_MAX_MIB, 'MiB'],
  bar1UsedMiB: [0, B.MEMORY_MAX_MIB, 'MiB'],
  graphicsClockMHz: [0, B.CLOCK_MAX_MHZ, 'MHz'],
  smClockMHz: [0, B.CLOCK_MAX_MHZ, 'MHz'],
  memClockMHz: [0, B.CLOCK_MAX_MHZ, 'MHz'],
  videoClockMHz: [0, B.CLOCK_MAX_MHZ, 'MHz'],
  pcieTxKBps: [0, B.PCIE_MAX_KBPS, 'KB/s'],
  pcieRxKBps: [0, B.PCIE_MAX_KBPS, 'KB/s'],
  pcieLinkGen: [1, B.PCIE_GEN_MAX, ''],
  pcieLinkWidth: [1, B.PCIE_WIDTH_MAX, 'x'],
  performanceState: [0, B.PSTATE_MAX, ''],
  processCount: [0, Infinity, ''],
};

/** What {@link dropImpossibleReadings} removed. */
export interface DroppedReadings {
  /** Readings set to NaN, all GPUs and fields. */
  count: number;
  /** Per field, readings dropped. */
  byField: Partial<Record<MetricKey, number>>;
}

/**
 * Sets to NaN, in place, every reading of `gpu` outside {@link READING_BOUNDS}, and reports each
 * one through `warn` (code `IMPOSSIBLE_VALUE`). Power limits are checked first, so that the power
 * bound (1.5 × the highest sane limit) never rests on a glitched limit. Memory used above the
 * total of the same sample is dropped.
 *
 * @param ordinals document ordinal per sample of the log (for the warning's `document`).
 * @example
 * // a GPU with a 700 W limit that logged 3714815 W once:
 * dropImpossibleReadings(gpu, log.ordinals, (w) => warnings.push(w)).count // 1
 * gpu.columns.powerW[k] // NaN
 */
export function dropImpossibleReadings(
  gpu: Pick<GpuSeries, 'key' | 'columns' | 'length' | 'sample'>,
  ordinals: Int32Array,
  warn: (w: TelemetryWarning) => void,
): DroppedReadings {
  const out: DroppedReadings = { count: 0, byField: {} };
  const c = gpu.columns;
  const drop = (key: MetricKey, i: number, unit: string, why: string): void => {
    const v = c[key][i]!;
    c[key][i] = NaN;
    out.count++;
    out.byField[key] = (out.byField[key] ?? 0) + 1;
    const doc = ordinals[gpu.sample[i]!] ?? null;
    warn({
      code: 'IMPOSSIBLE_VALUE',
      message: `GPU ${gpu.key}: ${key} = ${v}${unit ? ` ${unit}` : ''} in document ${doc} ${why}; dropped`,
      offset: null,
      document: doc,
    });
  };
  /** Drops every reading of `key` for which `why` names a reason. */
  const each = (key: MetricKey, unit: string, why: (v: number, i: number) => string | null): void => {
    const col = c[key];
    for (let i = 0; i < gpu.length; i++) {
      const reason = why(col[i]!, i);
      if (reason !== null) drop(key, i, unit, reason);
    }
  };
  const range = (key: MetricKey, lo: number, hi: number, unit: string): void =>
    each(key, unit, (v) => (v < lo || v > hi ? `is outside ${lo}–${hi}${unit ? ` ${unit}` : ''}` : null));
  range('powerLimitW', Number.MIN_VALUE, B.POWER_LIMIT_MAX_W, 'W');
  range('enforcedPowerLimitW', Number.MIN_VALUE, B.POWER_LIMIT_MAX_W, 'W');
  let limit = -Infinity;
  for (let i = 0; i < gpu.length; i++) {
    const a = c.powerLimitW[i]!;
    const b = c.enforcedPowerLimitW[i]!;
    if (a > limit) limit = a;
    if (b > limit) limit = b;
  }
  const maxW = limit > 0 ? B.POWER_LIMIT_FACTOR * limit : B.POWER_MAX_W;
  const above = limit > 0 ? `is above ${B.POWER_LIMIT_FACTOR} × its ${limit} W power limit` : `is above ${B.POWER_MAX_W} W`;
  for (const key of POWER_KEYS) each(key, 'W', (v) => (v < 0 ? 'is negative' : v > maxW ? above : null));
  for (const key of PERCENT_KEYS) range(key, 0, B.PERCENT_MAX, '%');
  for (const [key, [lo, hi, unit]] of Object.entries(FIXED) as [MetricKey, readonly [number, number, string]][]) range(key, lo, hi, unit);
  const total = c.fbTotalMiB;
  each('fbUsedMiB', 'MiB', (v, i) =>
    v < 0
      ? 'is negative'
      : v > total[i]! * (1 + B.MEMORY_USED_SLACK)
        ? `is above the ${total[i]} MiB total`
        : v > B.MEMORY_MAX_MIB
          ? `is above ${B.MEMORY_MAX_MIB} MiB`
          : null,
  );
  return out;
}

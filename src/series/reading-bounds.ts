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
/** Fixed bounds [lo, hi] and unit of the readings that have them (power is bounded by the limit). */
const FIXED: Partial<Record<MetricKey, readonly [number, number, string]>> = {
  powerLimitW: [Number.MIN_VALUE, B.POWER_LIMIT_MAX_W, 'W'],
  enforcedPowerLimitW: [Number.MIN_VALUE, B.POWER_LIMIT_MAX_W, 'W'],
  ...Object.fromEntries(PERCENT_KEYS.map((k) => [k, [0, B.PERCENT_MAX, '%'] as const])),
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

/**
 * Why a reading is impossible (the words of its IMPOSSIBLE_VALUE warning), or null when it may be
 * true: outside its fixed bounds, or for power negative or above {@link READING_BOUNDS}'
 * POWER_LIMIT_FACTOR × `limitW`, the GPU's highest sane power limit (POWER_MAX_W without one).
 * Memory used, bounded by the same sample's total, is checked by dropImpossibleReadings alone.
 * The one rule of the whole-log reader and of a live log.
 *
 * @example impossibleReason('powerW', 3714815, 700) // 'is above 1.5 × its 700 W power limit'
 * @example impossibleReason('gpuUtilPct', 55) // null
 */
export function impossibleReason(key: MetricKey, v: number, limitW = -Infinity): string | null {
  if ((POWER_KEYS as readonly MetricKey[]).includes(key)) {
    const maxW = limitW > 0 ? B.POWER_LIMIT_FACTOR * limitW : B.POWER_MAX_W;
    if (v < 0) return 'is negative';
    if (v > maxW) return limitW > 0 ? `is above ${B.POWER_LIMIT_FACTOR} × its ${limitW} W power limit` : `is above ${B.POWER_MAX_W} W`;
    return null;
  }
  const b = FIXED[key];
  if (b === undefined) return null;
  const [lo, hi, unit] = b;
  return v < lo || v > hi ? `is outside ${lo}–${hi}${unit ? ` ${unit}` : ''}` : null;
}

/**
 * The IMPOSSIBLE_VALUE warning for a reading {@link impossibleReason} rejects.
 *
 * @example impossibleValueWarning('GPU-1', 'powerW', -1, 7, 'is negative').message // 'GPU GPU-1: powerW = -1 W in document 7 is negative; dropped'
 */
export function impossibleValueWarning(gpuKey: string, key: MetricKey, v: number, document: number | null, why: string): TelemetryWarning {
  const unit = (POWER_KEYS as readonly MetricKey[]).includes(key) ? 'W' : key === 'fbUsedMiB' ? 'MiB' : (FIXED[key]?.[2] ?? '');
  return {
    code: 'IMPOSSIBLE_VALUE',
    message: `GPU ${gpuKey}: ${key} = ${v}${unit ? ` ${unit}` : ''} in document ${document} ${why}; dropped`,
    offset: null,
    document,
  };
}

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
  /** Drops every reading of `key` for which `why` names a reason. */
  const each = (key: MetricKey, why: (v: number, i: number) => string | null): void => {
    const col = c[key];
    for (let i = 0; i < gpu.length; i++) {
      const reason = why(col[i]!, i);
      if (reason === null) continue;
      const doc = ordinals[gpu.sample[i]!] ?? null;
      warn(impossibleValueWarning(gpu.key, key, col[i]!, doc, reason));
      col[i] = NaN;
      out.count++;
      out.byField[key] = (out.byField[key] ?? 0) + 1;
    }
  };
  // limits first, so that the power bound never rests on a glitched limit
  each('powerLimitW', (v) => impossibleReason('powerLimitW', v));
  each('enforcedPowerLimitW', (v) => impossibleReason('enforcedPowerLimitW', v));
  let limit = -Infinity;
  for (let i = 0; i < gpu.length; i++) {
    const a = c.powerLimitW[i]!;
    const b = c.enforcedPowerLimitW[i]!;
    if (a > limit) limit = a;
    if (b > limit) limit = b;
  }
  for (const key of POWER_KEYS) each(key, (v) => impossibleReason(key, v, limit));
  for (const key of Object.keys(FIXED) as MetricKey[])
    if (key !== 'powerLimitW' && key !== 'enforcedPowerLimitW') each(key, (v) => impossibleReason(key, v));
  const total = c.fbTotalMiB;
  each('fbUsedMiB', (v, i) =>
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

import type { Unit } from './values.js';

/**
 * The single table that says which element paths are read, and into what. Both parsers (the
 * fast scanner and the fast-xml-parser reference) feed the same {@link SampleBuilder}, and the
 * scanner skips every subtree that no path here goes into.
 *
 * Paths are relative to `<nvidia_smi_log>` and name elements, never tags alone: `used` is read
 * under `fb_memory_usage` and `bar1_memory_usage` into different metrics, and never under
 * `cc_protected_memory_usage`; `average_power_draw` is read under `gpu_power_readings` and
 * `gpu_memory_power_readings`, never under `module_power_readings` for the GPU's own power.
 */

export interface MetricDef {
  /** Column name; the unit is in the name. */
  readonly key: MetricKey;
  readonly unit: Unit;
  /** Element paths under `gpu/`, in order of preference (the first present wins). */
  readonly paths: readonly string[];
  readonly description: string;
}

/**
 * Every per-GPU reading the series hold: its key (the column name, unit in the name), its unit, the
 * XML element paths it is read from (first found wins) and what it means. The one table of paths.
 */
export const METRICS = [
  {
    key: 'powerW',
    unit: 'W',
    paths: [],
    description:
      'Board power draw used by the analyses: power_draw where the driver reports it (<= 565), else average_power_draw (570+), else instant_power_draw',
  },
  {
    key: 'powerDrawW',
    unit: 'W',
    paths: ['power_readings/power_draw', 'gpu_power_readings/power_draw'],
    description: 'power_draw as reported (drivers up to 565)',
  },
  {
    key: 'averagePowerDrawW',
    unit: 'W',
    paths: ['gpu_power_readings/average_power_draw', 'power_readings/average_power_draw'],
    description: 'average_power_draw, a 1 s average (drivers 570+)',
  },
  {
    key: 'instantPowerDrawW',
    unit: 'W',
    paths: ['gpu_power_readings/instant_power_draw', 'power_readings/instant_power_draw'],
    description: 'instant_power_draw (drivers 570+)',
  },
  {
    key: 'powerLimitW',
    unit: 'W',
    paths: ['power_readings/power_limit', 'gpu_power_readings/current_power_limit', 'gpu_power_readings/power_limit'],
    description: 'Current power limit',
  },
  {
    key: 'enforcedPowerLimitW',
    unit: 'W',
    paths: ['power_readings/enforced_power_limit', 'gpu_power_readings/enforced_power_limit'],
    description: 'Enforced power limit',
  },
  {
    key: 'memoryPowerW',
    unit: 'W',
    paths: ['gpu_memory_power_readings/average_power_draw', 'gpu_memory_power_readings/instant_power_draw'],
    description: 'Memory power draw (newer drivers)',
  },
  {
    key: 'modulePowerW',
    unit: 'W',
    paths: ['module_power_readings/average_power_draw', 'module_power_readings/power_draw', 'module_power_readings/instant_power_draw'],
    description: 'Module power draw (Grace-Hopper/Blackwell modules)',
  },
  {
    key: 'performanceState',
    unit: 'pstate',
    paths: ['performance_state', 'power_readings/power_state', 'gpu_power_readings/power_state'],
    description: 'Performance state number: 0 for P0 (fastest) .. 12 (idle)',
  },
  { key: 'gpuUtilPct', unit: '%', paths: ['utilization/gpu_util'], description: 'GPU utilisation' },
  { key: 'memoryUtilPct', unit: '%', paths: ['utilization/memory_util'], description: 'Memory controller utilisation' },
  { key: 'encoderUtilPct', unit: '%', paths: ['utilization/encoder_util'], description: 'Encoder utilisation' },
  { key: 'decoderUtilPct', unit: '%', paths: ['utilization/decoder_util'], description: 'Decoder utilisation' },
  { key: 'fbTotalMiB', unit: 'MiB', paths: ['fb_memory_usage/total'], description: 'Frame-buffer memory total' },
  { key: 'fbReservedMiB', unit: 'MiB', paths: ['fb_memory_usage/reserved'], description: 'Frame-buffer memory reserved' },
  { key: 'fbUsedMiB', unit: 'MiB', paths: ['fb_memory_usage/used'], description: 'Frame-buffer memory used' },
  { key: 'fbFreeMiB', unit: 'MiB', paths: ['fb_memory_usage/free'], description: 'Frame-buffer memory free' },
  { key: 'bar1UsedMiB', unit: 'MiB', paths: ['bar1_memory_usage/used'], description: 'BAR1 memory used' },
  { key: 'gpuTempC', unit: 'C', paths: ['temperature/gpu_temp'], description: 'GPU core temperature' },
  { key: 'memoryTempC', unit: 'C', paths: ['temperature/memory_temp'], description: 'HBM memory temperature' },
  { key: 'graphicsClockMHz', unit: 'MHz', paths: ['clocks/graphics_clock'], description: 'Graphics clock' },
  { key: 'smClockMHz', unit: 'MHz', paths: ['clocks/sm_clock'], description: 'SM clock' },
  { key: 'memClockMHz', unit: 'MHz', paths: ['clocks/mem_clock'], description: 'Memory clock' },
  { key: 'videoClockMHz', unit: 'MHz', paths: ['clocks/video_clock'], description: 'Video clock' },
  { key: 'fanPct', unit: '%', paths: ['fan_speed'], description: 'Fan speed' },
  {
    key: 'pcieTxKBps',
    unit: 'KB/s',
    paths: ['pci/tx_util'],
    description: 'PCIe transmit throughput (GPU to host), a 20 ms sample per reading',
  },
  {
    key: 'pcieRxKBps',
    unit: 'KB/s',
    paths: ['pci/rx_util'],
    description: 'PCIe receive throughput (host to GPU), a 20 ms sample per reading',
  },
  {
    key: 'pcieLinkGen',
    unit: 'count',
    paths: ['pci/pci_gpu_link_info/pcie_gen/current_link_gen'],
    description: 'Current PCIe link generation',
  },
  {
    key: 'pcieLinkWidth',
    unit: 'x',
    paths: ['pci/pci_gpu_link_info/link_widths/current_link_width'],
    description: 'Current PCIe link width (lanes)',
  },
  {
    key: 'processCount',
    unit: 'count',
    paths: [],
    description: 'Number of processes listed under <processes>; NaN where the driver gives no list',
  },
] as const satisfies readonly { key: string; unit: Unit; paths: readonly string[]; description: string }[];

export type MetricKey = (typeof METRICS)[number]['key'];
/** The keys of {@link METRICS}, in order: the columns of every series. */
export const METRIC_KEYS: readonly MetricKey[] = METRICS.map((m) => m.key);
export const METRIC_INDEX: Readonly<Record<MetricKey, number>> = Object.fromEntries(METRICS.map((m, i) => [m.key, i])) as Record<
  MetricKey,
  number
>;
export const METRIC_COUNT = METRICS.length;

/** Identity fields of a GPU, by path under `gpu/`. */
export const IDENTITY_PATHS = {
  uuid: 'uuid',
  busId: 'pci/pci_bus_id',
  minorNumber: 'minor_number',
  name: 'product_name',
  brand: 'product_brand',
  architecture: 'product_architecture',
  serial: 'serial',
  vbios: 'vbios_version',
  migMode: 'mig_mode/current_mig',
  computeMode: 'compute_mode',
} as const;
export type IdentityField = keyof typeof IDENTITY_PATHS;

/** Root-level fields. */
export const ROOT_PATHS = ['timestamp', 'driver_version', 'cuda_version', 'attached_gpus'] as const;

/**
 * Parents whose every child is a clock event reason flag (`Active`/`Not Active`). The flag key
 * is the child name without its prefix, so the same reason has one key under both names:
 * `clocks_throttle_reason_sw_power_cap` and `clocks_event_reason_sw_power_cap` are `sw_power_cap`.
 */
export const FLAG_PARENTS: Readonly<Record<string, string>> = {
  clocks_throttle_reasons: 'clocks_throttle_reason_',
  clocks_event_reasons: 'clocks_event_reason_',
};

/** Parents whose children are cumulative event-reason counters in µs (v13). */
export const COUNTER_PARENTS: Readonly<Record<string, string>> = {
  clocks_event_reasons_counters: 'clocks_event_reasons_counters_',
};

/** Process fields under `gpu/processes/process_info/`. */
export const PROCESS_FIELDS = ['pid', 'type', 'process_name', 'used_memory', 'gpu_instance_id', 'compute_instance_id'] as const;

/** Element paths under `gpu/` that are records (the builder is told when they open and close). */
export const GPU_RECORDS = ['processes', 'processes/process_info'] as const;

export type GpuLeaf =
  | { kind: 'metric'; metric: number; unit: Unit; rank: number }
  | { kind: 'identity'; field: IdentityField }
  | { kind: 'process'; field: (typeof PROCESS_FIELDS)[number] };

/** Every leaf path under `gpu/` with a fixed meaning. `rank` orders a metric's paths (0 wins). */
export const GPU_LEAF_PATHS: ReadonlyMap<string, GpuLeaf> = (() => {
  const m = new Map<string, GpuLeaf>();
  METRICS.forEach((def, i) => {
    def.paths.forEach((p: string, rank: number) => {
      m.set(p, { kind: 'metric', metric: i, unit: def.unit, rank });
    });
  });
  for (const [k, p] of Object.entries(IDENTITY_PATHS)) m.set(p, { kind: 'identity', field: k as IdentityField });
  for (const f of PROCESS_FIELDS) m.set(`processes/process_info/${f}`, { kind: 'process', field: f });
  return m;
})();

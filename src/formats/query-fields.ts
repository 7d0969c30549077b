import type { IdentityField, MetricKey } from '../parse/fields.js';
import type { Unit } from '../parse/values.js';

/** What one `--query-gpu` (or dmon) column means. */
export type QueryTarget =
  | { kind: 'metric'; key: MetricKey; unit: Unit; factor?: number }
  | { kind: 'identity'; field: IdentityField }
  | { kind: 'flag'; key: string }
  | { kind: 'timestamp' }
  | { kind: 'driver' }
  | { kind: 'index' };

const m = (key: MetricKey, unit: Unit): QueryTarget => ({ kind: 'metric', key, unit });
const id = (field: IdentityField): QueryTarget => ({ kind: 'identity', field });

/**
 * `--query-gpu` field names (as `nvidia-smi --help-query-gpu` lists them, aliases included) and
 * the field of the XML reading each one carries. Clock event reasons under either name
 * (`clocks_event_reasons.*`, `clocks_throttle_reasons.*`) map to the XML's flag keys.
 */
export const QUERY_GPU_FIELDS: Readonly<Record<string, QueryTarget>> = {
  timestamp: { kind: 'timestamp' },
  driver_version: { kind: 'driver' },
  index: { kind: 'index' },
  name: id('name'),
  gpu_name: id('name'),
  uuid: id('uuid'),
  gpu_uuid: id('uuid'),
  serial: id('serial'),
  gpu_serial: id('serial'),
  'pci.bus_id': id('busId'),
  gpu_bus_id: id('busId'),
  vbios_version: id('vbios'),
  compute_mode: id('computeMode'),
  'mig.mode.current': id('migMode'),
  pstate: m('performanceState', 'pstate'),
  'temperature.gpu': m('gpuTempC', 'C'),
  'temperature.memory': m('memoryTempC', 'C'),
  'utilization.gpu': m('gpuUtilPct', '%'),
  'utilization.memory': m('memoryUtilPct', '%'),
  'utilization.encoder': m('encoderUtilPct', '%'),
  'utilization.decoder': m('decoderUtilPct', '%'),
  'memory.total': m('fbTotalMiB', 'MiB'),
  'memory.reserved': m('fbReservedMiB', 'MiB'),
  'memory.used': m('fbUsedMiB', 'MiB'),
  'memory.free': m('fbFreeMiB', 'MiB'),
  'power.draw': m('powerDrawW', 'W'),
  'power.draw.average': m('averagePowerDrawW', 'W'),
  'power.draw.instant': m('instantPowerDrawW', 'W'),
  'power.limit': m('powerLimitW', 'W'),
  'enforced.power.limit': m('enforcedPowerLimitW', 'W'),
  'clocks.sm': m('smClockMHz', 'MHz'),
  'clocks.current.sm': m('smClockMHz', 'MHz'),
  'clocks.mem': m('memClockMHz', 'MHz'),
  'clocks.current.memory': m('memClockMHz', 'MHz'),
  'clocks.gr': m('graphicsClockMHz', 'MHz'),
  'clocks.current.graphics': m('graphicsClockMHz', 'MHz'),
  'clocks.video': m('videoClockMHz', 'MHz'),
  'clocks.current.video': m('videoClockMHz', 'MHz'),
  'fan.speed': m('fanPct', '%'),
  'pcie.link.gen.current': m('pcieLinkGen', 'count'),
  'pcie.link.gen.gpucurrent': m('pcieLinkGen', 'count'),
  'pcie.link.width.current': m('pcieLinkWidth', 'x'),
};

/** The target of a `--query-gpu` column header (`power.draw [W]` → power draw), or null for one the analyses do not use. */
export function queryGpuField(header: string): QueryTarget | null {
  const name = header
    .trim()
    .replace(/\s*\[[^\]]*\]$/, '')
    .toLowerCase();
  const direct = QUERY_GPU_FIELDS[name];
  if (direct !== undefined) return direct;
  const reason = /^clocks_(?:event|throttle)_reasons\.(\w+)$/.exec(name);
  if (reason !== null && reason[1] !== 'active' && reason[1] !== 'supported') return { kind: 'flag', key: reason[1]! };
  return null;
}

import type { TelemetryWarning } from '../errors.js';
import { METRIC_INDEX, type IdentityField, type MetricKey } from '../parse/fields.js';
import { completeGpuSample, emptyGpuSample, type GpuSample, type ProcessSample, type Sample } from '../parse/sample.js';
import { parseFlag, parseQuantity, parseText, type Unit } from '../parse/values.js';
import type { LineReader } from './line-reader.js';

type Target = { kind: 'metric'; key: MetricKey; unit: Unit } | { kind: 'identity'; field: IdentityField } | { kind: 'flag'; key: string };
const m = (key: MetricKey, unit: Unit): Target => ({ kind: 'metric', key, unit });
const id = (field: IdentityField): Target => ({ kind: 'identity', field });

/**
 * `-q` text labels under a GPU, by their path of section names (lower case, `/`-joined), and the
 * XML field each carries. Labels of other sections (Applications Clocks, Max Clocks, …) are not
 * read, as the XML reader does not read those elements.
 */
export const QUERY_TEXT_FIELDS: Readonly<Record<string, Target>> = {
  'product name': id('name'),
  'product brand': id('brand'),
  'product architecture': id('architecture'),
  'serial number': id('serial'),
  'gpu uuid': id('uuid'),
  'minor number': id('minorNumber'),
  'vbios version': id('vbios'),
  'compute mode': id('computeMode'),
  'mig mode/current': id('migMode'),
  'pci/bus id': id('busId'),
  'pci/tx throughput': m('pcieTxKBps', 'KB/s'),
  'pci/rx throughput': m('pcieRxKBps', 'KB/s'),
  'pci/gpu link info/pcie generation/current': m('pcieLinkGen', 'count'),
  'pci/gpu link info/link width/current': m('pcieLinkWidth', 'x'),
  'fan speed': m('fanPct', '%'),
  'performance state': m('performanceState', 'pstate'),
  'fb memory usage/total': m('fbTotalMiB', 'MiB'),
  'fb memory usage/reserved': m('fbReservedMiB', 'MiB'),
  'fb memory usage/used': m('fbUsedMiB', 'MiB'),
  'fb memory usage/free': m('fbFreeMiB', 'MiB'),
  'bar1 memory usage/used': m('bar1UsedMiB', 'MiB'),
  'utilization/gpu': m('gpuUtilPct', '%'),
  'utilization/memory': m('memoryUtilPct', '%'),
  'utilization/encoder': m('encoderUtilPct', '%'),
  'utilization/decoder': m('decoderUtilPct', '%'),
  'temperature/gpu current temp': m('gpuTempC', 'C'),
  'temperature/memory current temp': m('memoryTempC', 'C'),
  'power readings/power draw': m('powerDrawW', 'W'),
  'power readings/power limit': m('powerLimitW', 'W'),
  'power readings/enforced power limit': m('enforcedPowerLimitW', 'W'),
  'gpu power readings/power draw': m('powerDrawW', 'W'),
  'gpu power readings/average power draw': m('averagePowerDrawW', 'W'),
  'gpu power readings/instantaneous power draw': m('instantPowerDrawW', 'W'),
  'gpu power readings/current power limit': m('powerLimitW', 'W'),
  'gpu power readings/enforced power limit': m('enforcedPowerLimitW', 'W'),
  'gpu memory power readings/average power draw': m('memoryPowerW', 'W'),
  'module power readings/average power draw': m('modulePowerW', 'W'),
  'clocks/graphics': m('graphicsClockMHz', 'MHz'),
  'clocks/sm': m('smClockMHz', 'MHz'),
  'clocks/memory': m('memClockMHz', 'MHz'),
  'clocks/video': m('videoClockMHz', 'MHz'),
};

/** Clock event (throttle) reason labels and the XML's flag keys. */
const REASONS: Readonly<Record<string, string>> = {
  idle: 'gpu_idle',
  'applications clocks setting': 'applications_clocks_setting',
  'sw power cap': 'sw_power_cap',
  'hw slowdown': 'hw_slowdown',
  'hw thermal slowdown': 'hw_thermal_slowdown',
  'hw power brake slowdown': 'hw_power_brake_slowdown',
  'sync boost': 'sync_boost',
  'sw thermal slowdown': 'sw_thermal_slowdown',
  'display clock setting': 'display_clock_setting',
};

const LINE = /^(\s*)([^:]*?)\s*(?::\s?(.*))?$/;

/**
 * Reads `nvidia-smi -q` text (`-l`/`-lms` loops, `-d POWER,UTILIZATION,…` subsets) into samples:
 * one per `==============NVSMI LOG==============` block, GPUs from their `GPU 0000…` lines, fields
 * by their section path as the XML reader reads elements, processes from the Processes section.
 *
 * @example
 * const r = new QueryTextReader();
 * for (const l of ['==============NVSMI LOG==============', 'Timestamp : Wed Dec  2 04:39:56 2026',
 *   'GPU 00000000:00:06.0', '    GPU Power Readings', '        Average Power Draw : 78.13 W']) r.line(l, 0);
 * r.end()[0]!.gpus[0]!.values[METRIC_INDEX.powerW]; // 78.13
 */
export class QueryTextReader implements LineReader {
  private current: Sample | null = null;
  private gpu: GpuSample | null = null;
  private proc: ProcessSample | null = null;
  /** Section names by indentation depth (4 spaces a level), under the GPU. */
  private path: string[] = [];
  private ordinal = 0;

  constructor(_options: { onWarning?: (w: TelemetryWarning) => void } = {}) {}

  line(text: string, offset: number): Sample[] {
    if (text.trim() === '') return [];
    if (/^=+NVSMI LOG=+\s*$/.test(text.trim())) {
      const out = this.current === null ? [] : [this.flush()];
      this.current = {
        ordinal: this.ordinal++,
        offset,
        timestamp: null,
        driverVersion: null,
        cudaVersion: null,
        attachedGpus: NaN,
        gpus: [],
      };
      return out;
    }
    const s = this.current;
    if (s === null) return [];
    const gpuLine = /^GPU\s+([0-9A-Fa-f]{4,8}:[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}\.[0-9A-Fa-f])\s*$/.exec(text);
    if (gpuLine !== null) {
      this.closeGpu();
      this.gpu = emptyGpuSample(gpuLine[1]!);
      this.path = [];
      return [];
    }
    const lm = LINE.exec(text);
    if (lm === null) return [];
    const depth = Math.floor(lm[1]!.replace(/\t/g, '    ').length / 4);
    const label = lm[2]!.trim();
    const value = lm[3];
    if (depth === 0) {
      this.closeGpu();
      if (value === undefined) return [];
      const v = value.trim();
      if (label === 'Timestamp') s.timestamp = v;
      else if (label === 'Driver Version') s.driverVersion = parseText(v);
      else if (label === 'CUDA Version') s.cudaVersion = parseText(v);
      else if (label === 'Attached GPUs') s.attachedGpus = parseQuantity(v, 'count');
      return [];
    }
    const g = this.gpu;
    if (g === null) return [];
    this.path.length = depth - 1;
    const key = [...this.path, label.toLowerCase()].join('/');
    if (value === undefined) {
      this.path[depth - 1] = label.toLowerCase();
      if (key === 'processes') g.processes = [];
      return [];
    }
    const v = value.trim();
    if (key === 'processes') {
      g.processes = []; // "None"
      return [];
    }
    if (this.path[0] === 'processes') {
      this.readProcess(g, label.toLowerCase(), v);
      return [];
    }
    const section = this.path[0];
    if ((section === 'clocks event reasons' || section === 'clocks throttle reasons') && REASONS[label.toLowerCase()] !== undefined) {
      g.flags[REASONS[label.toLowerCase()]!] = parseFlag(v);
      return [];
    }
    const t = QUERY_TEXT_FIELDS[key];
    if (t === undefined) return [];
    if (t.kind === 'metric') {
      const i = METRIC_INDEX[t.key];
      // the first reading of a field wins, as in the XML reader
      if (Number.isNaN(g.values[i]!)) g.values[i] = parseQuantity(v, t.unit);
    } else if (t.kind === 'identity') g.identity[t.field] = parseText(v);
    return [];
  }

  private readProcess(g: GpuSample, label: string, v: string): void {
    if (label === 'gpu instance id' || label === 'compute instance id') {
      // these lines open a process entry in -q text, before its Process ID
      if (this.proc === null || !Number.isNaN(this.proc.pid)) {
        this.proc = { pid: NaN, type: null, name: null, usedMemoryMiB: NaN, gpuInstanceId: NaN, computeInstanceId: NaN };
        g.processes!.push(this.proc);
      }
      if (label === 'gpu instance id') this.proc.gpuInstanceId = parseQuantity(v, 'count');
      else this.proc.computeInstanceId = parseQuantity(v, 'count');
      return;
    }
    if (label === 'process id') {
      if (this.proc === null || !Number.isNaN(this.proc.pid)) {
        this.proc = { pid: NaN, type: null, name: null, usedMemoryMiB: NaN, gpuInstanceId: NaN, computeInstanceId: NaN };
        g.processes!.push(this.proc);
      }
      this.proc.pid = parseQuantity(v, 'count');
      return;
    }
    const p = this.proc;
    if (p === null) return;
    if (label === 'type') p.type = parseText(v);
    else if (label === 'name') p.name = parseText(v);
    else if (label === 'used gpu memory') p.usedMemoryMiB = parseQuantity(v, 'MiB');
  }

  private closeGpu(): void {
    const g = this.gpu;
    if (g === null) return;
    if (g.identity.busId === null) g.identity.busId = g.id;
    completeGpuSample(g);
    this.current!.gpus.push(g);
    this.gpu = null;
    this.proc = null;
  }

  end(): Sample[] {
    return this.current === null ? [] : [this.flush()];
  }

  private flush(): Sample {
    this.closeGpu();
    const s = this.current!;
    this.current = null;
    return s;
  }
}

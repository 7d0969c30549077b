import {
  COUNTER_PARENTS,
  FLAG_PARENTS,
  GPU_LEAF_PATHS,
  METRIC_COUNT,
  METRIC_INDEX,
  type IdentityField,
} from './fields.js';
import { parseFlag, parseQuantity, parseText } from './values.js';

/** One process listed under a GPU's `<processes>` in one sample. */
export interface ProcessSample {
  pid: number;
  /** `C` (compute), `G` (graphics), `C+G`, or null. */
  type: string | null;
  name: string | null;
  usedMemoryMiB: number;
  gpuInstanceId: number;
  computeInstanceId: number;
}

export type GpuIdentity = Record<IdentityField, string | null>;

/** One GPU in one document. Numbers are NaN when missing, never 0. */
export interface GpuSample {
  /** The `id` attribute of `<gpu>` (the PCI bus id), or null. */
  id: string | null;
  identity: GpuIdentity;
  /** Indexed by {@link METRIC_INDEX}; units as in {@link METRICS}. */
  values: Float64Array;
  /** Clock throttle / event reasons: 1 active, 0 not active, NaN unknown. Keys without prefix. */
  flags: Record<string, number>;
  /** Cumulative clock event reason counters in µs (v13), keys without prefix. */
  counters: Record<string, number>;
  /** Processes, or null where the document has no usable `<processes>` list. */
  processes: ProcessSample[] | null;
}

/** One `<nvidia_smi_log>` document. */
export interface Sample {
  /** Ordinal of the document in the file (0-based, damaged documents counted). */
  ordinal: number;
  /** Byte offset of the document in the decompressed stream. */
  offset: number;
  /** `<timestamp>` text as written (local time, no zone), or null. */
  timestamp: string | null;
  driverVersion: string | null;
  cudaVersion: string | null;
  attachedGpus: number;
  gpus: GpuSample[];
}

const NO_IDENTITY: GpuIdentity = {
  uuid: null,
  busId: null,
  minorNumber: null,
  name: null,
  brand: null,
  architecture: null,
  serial: null,
  vbios: null,
  migMode: null,
  computeMode: null,
};

const POWER = METRIC_INDEX.powerW;
const POWER_DRAW = METRIC_INDEX.powerDrawW;
const POWER_AVG = METRIC_INDEX.averagePowerDrawW;
const POWER_INST = METRIC_INDEX.instantPowerDrawW;
const PROCESS_COUNT = METRIC_INDEX.processCount;

/**
 * Receives element events from a parser and builds a {@link Sample}. Both the fast scanner and
 * the fast-xml-parser reference drive this same builder, so they can differ only in how they
 * read XML, never in what they extract.
 *
 * Paths are relative: root leaves by name (`timestamp`), GPU leaves relative to `<gpu>`
 * (`fb_memory_usage/used`).
 */
export class SampleBuilder {
  private sample: Sample | null = null;
  private gpu: GpuSample | null = null;
  private ranks = new Int8Array(METRIC_COUNT);
  private proc: ProcessSample | null = null;

  begin(ordinal: number, offset: number): void {
    this.gpu = null;
    this.proc = null;
    this.sample = { ordinal, offset, timestamp: null, driverVersion: null, cudaVersion: null, attachedGpus: NaN, gpus: [] };
  }

  rootLeaf(name: string, text: string): void {
    const s = this.sample!;
    switch (name) {
      case 'timestamp':
        s.timestamp = parseText(text);
        break;
      case 'driver_version':
        s.driverVersion = parseText(text);
        break;
      case 'cuda_version':
        s.cudaVersion = parseText(text);
        break;
      case 'attached_gpus':
        s.attachedGpus = parseQuantity(text, 'count');
        break;
    }
  }

  openGpu(id: string | null): void {
    this.gpu = {
      id: id === null ? null : id.trim() || null,
      identity: { ...NO_IDENTITY },
      values: new Float64Array(METRIC_COUNT).fill(NaN),
      flags: {},
      counters: {},
      processes: null,
    };
    this.ranks.fill(127);
  }

  gpuLeaf(path: string, text: string): void {
    const g = this.gpu!;
    const f = GPU_LEAF_PATHS.get(path);
    if (f !== undefined) {
      if (f.kind === 'metric') {
        const v = parseQuantity(text, f.unit);
        if (!Number.isNaN(v) && f.rank < this.ranks[f.metric]!) {
          g.values[f.metric] = v;
          this.ranks[f.metric] = f.rank;
        }
      } else if (f.kind === 'identity') {
        g.identity[f.field] = parseText(text);
      } else if (this.proc !== null) {
        const p = this.proc;
        switch (f.field) {
          case 'pid':
            p.pid = parseQuantity(text, 'count');
            break;
          case 'type':
            p.type = parseText(text);
            break;
          case 'process_name':
            p.name = parseText(text);
            break;
          case 'used_memory':
            p.usedMemoryMiB = parseQuantity(text, 'MiB');
            break;
          case 'gpu_instance_id':
            p.gpuInstanceId = parseQuantity(text, 'count');
            break;
          case 'compute_instance_id':
            p.computeInstanceId = parseQuantity(text, 'count');
            break;
        }
      }
      return;
    }
    if (path === 'processes') {
      // <processes>N/A</processes>: no list
      if (parseText(text) === null && text.trim() !== '') g.processes = null;
      return;
    }
    const slash = path.indexOf('/');
    if (slash < 0 || path.indexOf('/', slash + 1) >= 0) return;
    const parent = path.slice(0, slash);
    const child = path.slice(slash + 1);
    const fp = FLAG_PARENTS[parent];
    if (fp !== undefined) {
      if (child.startsWith(fp)) g.flags[child.slice(fp.length)] = parseFlag(text);
      return;
    }
    const cp = COUNTER_PARENTS[parent];
    if (cp !== undefined && child.startsWith(cp)) g.counters[child.slice(cp.length)] = parseQuantity(text, 'us');
  }

  openRecord(path: string): void {
    const g = this.gpu!;
    if (path === 'processes') g.processes = [];
    else if (path === 'processes/process_info') {
      this.proc = { pid: NaN, type: null, name: null, usedMemoryMiB: NaN, gpuInstanceId: NaN, computeInstanceId: NaN };
    }
  }

  closeRecord(path: string): void {
    if (path === 'processes/process_info' && this.proc !== null) {
      const g = this.gpu!;
      (g.processes ??= []).push(this.proc);
      this.proc = null;
    }
  }

  closeGpu(): void {
    const g = this.gpu!;
    const v = g.values;
    const p = !Number.isNaN(v[POWER_DRAW]!) ? v[POWER_DRAW]! : !Number.isNaN(v[POWER_AVG]!) ? v[POWER_AVG]! : v[POWER_INST]!;
    v[POWER] = p;
    v[PROCESS_COUNT] = g.processes === null ? NaN : g.processes.length;
    this.sample!.gpus.push(g);
    this.gpu = null;
  }

  finish(): Sample {
    const s = this.sample!;
    this.sample = null;
    return s;
  }
}

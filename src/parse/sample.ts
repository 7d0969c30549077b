import { ParseError } from '../errors.js';
import { COUNTER_PARENTS, FLAG_PARENTS, GPU_LEAF_PATHS, METRIC_COUNT, METRIC_INDEX, type IdentityField } from './fields.js';
import { flagIn, parseQuantity, parseText, quantityIn, type Unit } from './values.js';

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
  /** nvidia-smi stderr lines found inside the document and taken out before it was read (absent when none). */
  stderrLines?: string[];
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
/** A GPU sample with no reading yet (every value NaN, no process list): the other formats' readers fill it. */
export function emptyGpuSample(id: string | null): GpuSample {
  return { id, identity: { ...NO_IDENTITY }, values: new Float64Array(METRIC_COUNT).fill(NaN), flags: {}, counters: {}, processes: null };
}

/**
 * Fills the derived values of a GPU sample once its readings are in: `powerW` (power_draw where
 * the driver reports it, else the 1-s average, else the instant reading) and `processCount`.
 */
export function completeGpuSample(g: GpuSample): void {
  const v = g.values;
  v[POWER] = !Number.isNaN(v[POWER_DRAW]!) ? v[POWER_DRAW]! : !Number.isNaN(v[POWER_AVG]!) ? v[POWER_AVG]! : v[POWER_INST]!;
  v[PROCESS_COUNT] = g.processes === null ? NaN : g.processes.length;
}

export class SampleBuilder {
  private sample: Sample | null = null;
  private gpu: GpuSample | null = null;
  private ranks = new Int8Array(METRIC_COUNT);
  private proc: ProcessSample | null = null;

  /** GPU `id` attributes seen in this document, and whether a `<timestamp>` was. */
  private readonly ids = new Set<string>();
  private timestamped = false;

  /**
   * Whether a `<gpu>` or a process record is open (opened and not yet closed): false between
   * GPUs, so a scanner that gives up on a document can be seen to have left nothing half-built.
   *
   * @example b.begin(0, 0); b.openGpu('00000000:01:00.0'); b.open // true
   */
  get open(): boolean {
    return this.gpu !== null || this.proc !== null;
  }

  begin(ordinal: number, offset: number): void {
    this.gpu = null;
    this.proc = null;
    this.ids.clear();
    this.timestamped = false;
    this.sample = { ordinal, offset, timestamp: null, driverVersion: null, cudaVersion: null, attachedGpus: NaN, gpus: [] };
  }

  rootLeaf(name: string, text: string): void {
    const s = this.sample!;
    switch (name) {
      case 'timestamp':
        // nvidia-smi writes one per document: a second is a piece of another document spliced in
        if (this.timestamped) throw new ParseError('<timestamp> twice: two documents spliced', 0);
        this.timestamped = true;
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
    if (id !== null) {
      // a bus id is one short line; markup inside it is a quote left open by a splice
      if (/[<>\n]/.test(id)) throw new ParseError('<gpu id> holds markup: two documents spliced', 0);
      if (this.ids.has(id)) throw new ParseError(`<gpu id="${id}"> twice: two documents spliced`, 0);
      this.ids.add(id);
    }
    this.gpu = emptyGpuSample(id === null ? null : id.trim() || null);
    this.ranks.fill(127);
  }

  /** A leaf under `<gpu>` by its path (the reference parse's entry point). */
  gpuLeaf(path: string, text: string): void {
    const ref = leafRef(path);
    if (ref !== null) this.leafIn(ref, text, 0, text.length);
  }

  /**
   * A leaf under `<gpu>` whose value is `text.slice(s, e)`, already decoded (the fast scanner
   * passes the document text itself and the value's range when it has no markup, entity or
   * non-ASCII byte in it).
   */
  leafIn(ref: LeafRef, text: string, s: number, e: number): void {
    const v = ref.value;
    if (v === null) this.textIn(ref, text.slice(s, e));
    else this.numberIn(ref, v === 'flag' ? flagIn(text, s, e) : quantityIn(text, s, e, v));
  }

  /** A numeric leaf (a ref whose `value` is a unit or `flag`), already read from its text. */
  numberIn(ref: LeafRef, v: number): void {
    const g = this.gpu!;
    switch (ref.kind) {
      case LEAF_METRIC:
        if (!Number.isNaN(v) && ref.rank < this.ranks[ref.index]!) {
          g.values[ref.index] = v;
          this.ranks[ref.index] = ref.rank;
        }
        return;
      case LEAF_PROCESS: {
        const p = this.proc;
        if (p === null) return;
        if (ref.key === 'pid') p.pid = v;
        else if (ref.key === 'used_memory') p.usedMemoryMiB = v;
        else if (ref.key === 'gpu_instance_id') p.gpuInstanceId = v;
        else if (ref.key === 'compute_instance_id') p.computeInstanceId = v;
        return;
      }
      case LEAF_FLAG:
        g.flags[ref.key] = v;
        return;
      case LEAF_COUNTER:
        g.counters[ref.key] = v;
        return;
    }
  }

  /** A text leaf (a ref whose `value` is null). */
  private textIn(ref: LeafRef, t: string): void {
    const g = this.gpu!;
    switch (ref.kind) {
      case LEAF_IDENTITY:
        g.identity[ref.key as IdentityField] = parseText(t);
        return;
      case LEAF_PROCESS: {
        const p = this.proc;
        if (p === null) return;
        if (ref.key === 'type') p.type = parseText(t);
        else if (ref.key === 'process_name') p.name = parseText(t);
        return;
      }
      case LEAF_PROCESSES:
        // <processes>N/A</processes>: no list
        if (parseText(t) === null && t.trim() !== '') g.processes = null;
        return;
    }
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
    completeGpuSample(g);
    this.sample!.gpus.push(g);
    this.gpu = null;
  }

  finish(): Sample {
    const s = this.sample!;
    this.sample = null;
    return s;
  }
}

const LEAF_METRIC = 0;
const LEAF_IDENTITY = 1;
const LEAF_PROCESS = 2;
const LEAF_PROCESSES = 3;
const LEAF_FLAG = 4;
const LEAF_COUNTER = 5;

/** What a leaf path under `<gpu>` means, resolved once per path by {@link leafRef}. */
export class LeafRef {
  constructor(
    readonly kind: number,
    /** How its text is read: a quantity in this unit, `flag` (Active / Not Active), or null (text). */
    readonly value: Unit | 'flag' | null,
    /** Metric index (metrics). */
    readonly index: number = -1,
    /** Preference among a metric's paths, 0 first (metrics). */
    readonly rank: number = 0,
    /** Identity field, process field, or flag / counter key without its prefix. */
    readonly key: string = '',
  ) {}
}

/** Units of the numeric process fields (the others are text). */
const PROCESS_UNITS: Readonly<Record<string, Unit>> = {
  pid: 'count',
  used_memory: 'MiB',
  gpu_instance_id: 'count',
  compute_instance_id: 'count',
};

const refCache = new Map<string, LeafRef | null>();

/**
 * The meaning of leaf path `path` under `<gpu>` (`fb_memory_usage/used`), or null for a path
 * that carries nothing: a metric, an identity field, a process field, `processes` itself, or a
 * clock event flag or counter under one of FLAG_PARENTS / COUNTER_PARENTS.
 */
export function leafRef(path: string): LeafRef | null {
  let r = refCache.get(path);
  if (r === undefined) {
    r = resolveLeaf(path);
    if (refCache.size < 4096) refCache.set(path, r);
  }
  return r;
}

function resolveLeaf(path: string): LeafRef | null {
  const f = GPU_LEAF_PATHS.get(path);
  if (f !== undefined) {
    if (f.kind === 'metric') return new LeafRef(LEAF_METRIC, f.unit, f.metric, f.rank);
    if (f.kind === 'identity') return new LeafRef(LEAF_IDENTITY, null, -1, 0, f.field);
    return new LeafRef(LEAF_PROCESS, PROCESS_UNITS[f.field] ?? null, -1, 0, f.field);
  }
  if (path === 'processes') return new LeafRef(LEAF_PROCESSES, null);
  const slash = path.indexOf('/');
  if (slash < 0 || path.indexOf('/', slash + 1) >= 0) return null;
  const parent = path.slice(0, slash);
  const child = path.slice(slash + 1);
  const fp = FLAG_PARENTS[parent];
  if (fp !== undefined) return child.startsWith(fp) ? new LeafRef(LEAF_FLAG, 'flag', -1, 0, child.slice(fp.length)) : null;
  const cp = COUNTER_PARENTS[parent];
  if (cp !== undefined && child.startsWith(cp)) return new LeafRef(LEAF_COUNTER, 'us', -1, 0, child.slice(cp.length));
  return null;
}

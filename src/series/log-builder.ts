import type { TelemetryWarning, WarningCode } from '../errors.js';
import { METRIC_COUNT, METRIC_INDEX, METRIC_KEYS, type MetricKey } from '../parse/fields.js';
import type { GpuIdentity, GpuSample, Sample } from '../parse/sample.js';
import { DocumentClock } from './document-clock.js';
import { Dictionary, GrowableFloat64, GrowableInt32 } from './growable.js';
import { duplicateGpuWarning, gpuKeys } from './gpu-keys.js';
import { clockWarnings } from './clock-warnings.js';
import { dropImpossibleReadings } from './reading-bounds.js';
import { estimateInterval, findLoggingGaps, spreadWithinSeconds } from './timing.js';
import type { LogFormat } from '../formats/sniff-format.js';
import type { GpuSeries, TelemetryLog } from './types.js';

export interface LogBuilderOptions {
  /** IANA zone of the `<timestamp>` text (nvidia-smi writes local time with no zone). Default `UTC`; `local` for this machine's zone. */
  timeZone?: string;
  /** Steps longer than this multiple of the interval are logging gaps (see estimateInterval). Default 1.5. */
  gapFactor?: number;
  /** Warnings kept in the result; all are counted. Default 1000. */
  maxWarnings?: number;
  onWarning?: (w: TelemetryWarning) => void;
}

/**
 * Accumulates samples into per-GPU columnar series. Feed samples in file order with
 * {@link LogBuilder.add}, then call {@link LogBuilder.finish}.
 *
 * Memory: 8 bytes per metric per GPU-sample (30 metrics + flags), plus processes.
 */
export class LogBuilder {
  private readonly clock: DocumentClock;
  private readonly gapFactor: number;
  private readonly maxWarnings: number;
  private readonly onWarningCb: ((w: TelemetryWarning) => void) | undefined;
  private readonly warnings: TelemetryWarning[] = [];
  private readonly warningCounts: Partial<Record<WarningCode, number>> = {};
  private readonly rawTimes = new GrowableFloat64(1024);
  private readonly ordinals = new GrowableInt32(1024);
  private readonly gpus = new Map<string, GpuBuilder>();
  private readonly driverVersions: string[] = [];
  private readonly cudaVersions: string[] = [];
  private prevOrdinal = -1;
  /** nvidia-smi stderr lines taken out of documents: reported once, when the log is finished. */
  private readonly stderr = { lines: 0, documents: 0, first: -1, offset: 0, text: '' };
  damaged = 0;

  constructor(options: LogBuilderOptions = {}) {
    this.clock = new DocumentClock(options.timeZone ?? 'UTC', (w) => this.warn(w));
    this.gapFactor = options.gapFactor ?? 1.5;
    this.maxWarnings = options.maxWarnings ?? 1000;
    this.onWarningCb = options.onWarning;
  }

  get timeZone(): string {
    return this.clock.zone;
  }

  private capacity = 64;

  /**
   * Tells the builder how many samples to expect (the reader estimates it from the file size and
   * the first document), so that each column is allocated once instead of in chunks.
   */
  expectSamples(n: number): void {
    if (Number.isFinite(n) && n > 0) this.capacity = Math.min(Math.ceil(n), 1 << 27);
  }

  /** Number of samples added. */
  get samples(): number {
    return this.rawTimes.length;
  }

  /** Records a warning (from any layer). */
  warn(w: TelemetryWarning): void {
    this.warningCounts[w.code] = (this.warningCounts[w.code] ?? 0) + 1;
    if (this.warnings.length < this.maxWarnings) this.warnings.push(w);
    if (w.code === 'TRUNCATED_DOCUMENT' || w.code === 'CORRUPT_DOCUMENT' || w.code === 'DOCUMENT_TOO_LARGE') this.damaged++;
    this.onWarningCb?.(w);
  }

  /** Adds one parsed document. */
  add(s: Sample): void {
    const idx = this.rawTimes.length;
    this.rawTimes.push(this.clock.timeOf(s));
    this.ordinals.push(s.ordinal);
    this.noteVersion(s);
    if (s.gpus.length === 0) {
      this.warn({
        code: 'NO_GPU',
        message: `document ${s.ordinal} at byte ${s.offset} lists no <gpu>`,
        offset: s.offset,
        document: s.ordinal,
      });
    }
    const keys = gpuKeys(s);
    const seen = new Set<string>();
    s.gpus.forEach((g, k) => {
      const key = keys[k];
      if (key === null || key === undefined) {
        this.warn(duplicateGpuWarning(s, k));
        return;
      }
      seen.add(key);
      let b = this.gpus.get(key);
      if (b === undefined) {
        b = new GpuBuilder(key, this.gpus.size, g, this.capacity);
        if (idx > 0) {
          this.warn({
            code: 'GPU_APPEARED',
            message: `GPU ${key} first appears in document ${s.ordinal}`,
            offset: s.offset,
            document: s.ordinal,
          });
        }
        this.gpus.set(key, b);
      }
      if (b.lastSample >= 0 && b.lastSample < idx - 1) {
        const from = b.missingFrom;
        const to = this.prevOrdinal;
        this.warn({
          code: 'GPU_DISAPPEARED',
          message: `GPU ${key} is missing from ${from === to ? `document ${from}` : `documents ${from} to ${to}`} and returns in document ${s.ordinal}`,
          offset: null,
          document: from,
        });
      }
      const lost = LOST_READINGS.every((m) => Number.isNaN(g.values[m]!));
      if (lost && b.hadReadings && !b.lostWarned) {
        b.lostWarned = true;
        this.warn({
          code: 'GPU_LOST',
          message: `GPU ${key} stops reporting power, utilisation, temperature and memory in document ${s.ordinal} (Unknown Error or GPU is lost: off the bus?)`,
          offset: s.offset,
          document: s.ordinal,
        });
      }
      if (!lost) b.hadReadings = true;
      b.add(idx, g);
    });
    if (s.stderrLines !== undefined) {
      if (this.stderr.lines === 0) {
        this.stderr.first = s.ordinal;
        this.stderr.offset = s.offset;
        this.stderr.text = s.stderrLines[0]!;
      }
      this.stderr.lines += s.stderrLines.length;
      this.stderr.documents++;
    }
    // note where each GPU absent from this document went missing
    for (const b of this.gpus.values()) if (b.lastSample === idx - 1 && !seen.has(b.key)) b.missingFrom = s.ordinal;
    this.prevOrdinal = s.ordinal;
  }

  private noteVersion(s: Sample): void {
    if (s.driverVersion !== null) {
      const last = this.driverVersions[this.driverVersions.length - 1];
      if (last !== undefined && last !== s.driverVersion) {
        this.warn({
          code: 'DRIVER_CHANGED',
          message: `driver changes from ${last} to ${s.driverVersion} at document ${s.ordinal} (appended logs?)`,
          offset: s.offset,
          document: s.ordinal,
        });
      }
      if (last !== s.driverVersion) this.driverVersions.push(s.driverVersion);
    }
    if (s.cudaVersion !== null && !this.cudaVersions.includes(s.cudaVersion)) this.cudaVersions.push(s.cudaVersion);
  }

  /** Builds the log. `source` and byte counts come from the reader. Call once: the builder is emptied. */
  finish(meta: { source: string; bytes: number; sizeBytes: number | null; gzip: boolean; format?: LogFormat }): TelemetryLog {
    const e = this.stderr;
    if (e.lines > 0) {
      this.warn({
        code: 'STDERR_IN_DOCUMENT',
        message: `${e.lines} nvidia-smi stderr line${e.lines === 1 ? '' : 's'} inside ${e.documents} document${e.documents === 1 ? '' : 's'} (first in document ${e.first}: ${JSON.stringify(e.text.slice(0, 80))}) taken out; the documents are kept`,
        offset: e.offset,
        document: e.first,
      });
    }
    const raw = this.rawTimes.finish();
    // leading documents without a readable timestamp take the first real time
    const firstReal = raw.findIndex((v) => !Number.isNaN(v));
    if (firstReal > 0) raw.fill(raw[firstReal]!, 0, firstReal);
    const timeMs = spreadWithinSeconds(raw);
    const { intervalS, gapThresholdS } = estimateInterval(timeMs, this.gapFactor);
    const loggingGaps = findLoggingGaps(timeMs, gapThresholdS);
    const n = timeMs.length;
    const ordinals = this.ordinals.finish();
    const gpus = [...this.gpus.values()].map((b) => b.finish(timeMs));
    const warn = (w: TelemetryWarning): void => this.warn(w);
    for (const g of gpus) dropImpossibleReadings(g, ordinals, warn);
    clockWarnings({ timeMs, ordinals, intervalS, loggingGaps, gpus }, warn);
    for (const g of gpus) {
      const last = g.sample[g.length - 1];
      if (last !== undefined && last < n - 1) {
        const ord = ordinals[last + 1] ?? null;
        this.warn({ code: 'GPU_DISAPPEARED', message: `GPU ${g.key} is missing from document ${ord} on`, offset: null, document: ord });
      }
    }
    const startMs = n ? timeMs[0]! : NaN;
    const endMs = n ? timeMs[n - 1]! : NaN;
    return {
      source: meta.source,
      format: meta.format ?? 'xml',
      bytes: meta.bytes,
      sizeBytes: meta.sizeBytes,
      gzip: meta.gzip,
      documents: n,
      damagedDocuments: this.damaged,
      warnings: this.warnings,
      warningCounts: this.warningCounts,
      timeZone: this.clock.zone,
      driverVersions: this.driverVersions,
      cudaVersions: this.cudaVersions,
      timeMs,
      ordinals,
      startMs,
      endMs,
      durationS: n ? (endMs - startMs) / 1000 : NaN,
      intervalS,
      gapThresholdS,
      loggingGaps,
      gpus,
    };
  }
}

/**
 * A GPU that falls off the bus answers `Unknown Error` (or `GPU is lost`) for all of these at
 * once, for a few samples before it vanishes from the documents.
 */
const LOST_READINGS = [METRIC_INDEX.powerW, METRIC_INDEX.gpuUtilPct, METRIC_INDEX.gpuTempC, METRIC_INDEX.fbUsedMiB];

class GpuBuilder {
  readonly key: string;
  readonly index: number;
  readonly id: string | null;
  readonly identity: GpuIdentity;
  private readonly rows: GrowableInt32;
  private readonly capacity: number;
  private readonly cols: GrowableFloat64[] = [];
  private readonly flags = new Map<string, GrowableFloat64>();
  private readonly counters = new Map<string, GrowableFloat64>();
  private readonly procRow = new GrowableInt32();
  private readonly procPid = new GrowableFloat64();
  private readonly procMem = new GrowableFloat64();
  private readonly procGi = new GrowableFloat64();
  private readonly procCi = new GrowableFloat64();
  private readonly procName = new GrowableInt32();
  private readonly procType = new GrowableInt32();
  private readonly names = new Dictionary();
  private readonly types = new Dictionary();
  /** Sample index of the last row, -1 before the first. */
  lastSample = -1;
  /** Ordinal of the first document this GPU was missing from, after its last row. */
  missingFrom = -1;
  /** Whether any sample had one of {@link LOST_READINGS}; whether GPU_LOST was reported. */
  hadReadings = false;
  lostWarned = false;

  constructor(key: string, index: number, first: GpuSample, capacity: number) {
    this.key = key;
    this.index = index;
    this.id = first.id;
    this.identity = { ...first.identity };
    this.rows = new GrowableInt32(capacity);
    this.capacity = capacity;
    for (let i = 0; i < METRIC_COUNT; i++) this.cols.push(new GrowableFloat64(capacity));
  }

  add(sampleIndex: number, g: GpuSample): void {
    const row = this.rows.length;
    this.rows.push(sampleIndex);
    this.lastSample = sampleIndex;
    const v = g.values;
    for (let i = 0; i < METRIC_COUNT; i++) this.cols[i]!.push(v[i]!);
    appendKeyed(this.flags, g.flags, row, this.capacity);
    appendKeyed(this.counters, g.counters, row, this.capacity);
    if (g.processes !== null) {
      for (const p of g.processes) {
        this.procRow.push(row);
        this.procPid.push(p.pid);
        this.procMem.push(p.usedMemoryMiB);
        this.procGi.push(p.gpuInstanceId);
        this.procCi.push(p.computeInstanceId);
        this.procName.push(this.names.code(p.name));
        this.procType.push(this.types.code(p.type));
      }
    }
    // fill identity fields that were missing in the first sample
    for (const k of Object.keys(this.identity) as (keyof GpuIdentity)[]) {
      if (this.identity[k] === null && g.identity[k] !== null) this.identity[k] = g.identity[k];
    }
  }

  finish(timeMs: Float64Array): GpuSeries {
    const sample = this.rows.finish();
    const t = new Float64Array(sample.length);
    for (let i = 0; i < sample.length; i++) t[i] = timeMs[sample[i]!]!;
    const columns = {} as Record<MetricKey, Float64Array>;
    METRIC_KEYS.forEach((k, i) => {
      columns[k] = this.cols[i]!.finish();
    });
    return {
      key: this.key,
      index: this.index,
      id: this.id,
      identity: this.identity,
      length: sample.length,
      sample,
      timeMs: t,
      columns,
      flags: finishKeyed(this.flags, sample.length),
      counters: finishKeyed(this.counters, sample.length),
      processes: {
        length: this.procRow.length,
        row: this.procRow.finish(),
        pid: this.procPid.finish(),
        usedMemoryMiB: this.procMem.finish(),
        gpuInstanceId: this.procGi.finish(),
        computeInstanceId: this.procCi.finish(),
        nameCode: this.procName.finish(),
        names: this.names.values,
        typeCode: this.procType.finish(),
        types: this.types.values,
      },
    };
  }
}

/** Appends one row of keyed values; keys first seen later are back-filled with NaN. */
function appendKeyed(cols: Map<string, GrowableFloat64>, values: Record<string, number>, row: number, capacity: number): void {
  for (const k in values) {
    let c = cols.get(k);
    if (c === undefined) {
      c = new GrowableFloat64(capacity);
      c.pushNaN(row);
      cols.set(k, c);
    }
    c.push(values[k]!);
  }
  for (const c of cols.values()) if (c.length === row) c.push(NaN);
}

function finishKeyed(cols: Map<string, GrowableFloat64>, n: number): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const [k, c] of cols) {
    if (c.length < n) c.pushNaN(n - c.length);
    out[k] = c.finish();
  }
  return out;
}

import type { MetricKey } from '../parse/fields.js';
import type { GpuSeries, TelemetryLog } from '../series/types.js';
import { runLabels } from './blocks.js';

/**
 * dcgm-exporter's metric names (NVIDIA's etc/default-counters.csv) for the readings an nvidia-smi log
 * has, with the unit conversion from the log's. `unknown` (OpenMetrics) keeps a counter's name as
 * dcgm-exporter exposes it (an OpenMetrics `counter` would need a `_total` suffix that the standard
 * dashboards do not query).
 */
export const DCGM_METRICS: readonly {
  name: string;
  key: MetricKey | 'energyMj' | 'pcieTxKb' | 'pcieRxKb';
  type: 'gauge' | 'unknown';
  help: string;
}[] = [
  { name: 'DCGM_FI_DEV_POWER_USAGE', key: 'powerW', type: 'gauge', help: 'Power draw (in W).' },
  {
    name: 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION',
    key: 'energyMj',
    type: 'unknown',
    help: 'Total energy consumption (in mJ): from the start of the log, not since boot (trapezoids over power readings).',
  },
  { name: 'DCGM_FI_DEV_GPU_UTIL', key: 'gpuUtilPct', type: 'gauge', help: 'GPU utilization (in %).' },
  { name: 'DCGM_FI_DEV_MEM_COPY_UTIL', key: 'memoryUtilPct', type: 'gauge', help: 'Memory utilization (in %).' },
  { name: 'DCGM_FI_DEV_ENC_UTIL', key: 'encoderUtilPct', type: 'gauge', help: 'Encoder utilization (in %).' },
  { name: 'DCGM_FI_DEV_DEC_UTIL', key: 'decoderUtilPct', type: 'gauge', help: 'Decoder utilization (in %).' },
  { name: 'DCGM_FI_DEV_GPU_TEMP', key: 'gpuTempC', type: 'gauge', help: 'GPU temperature (in C).' },
  { name: 'DCGM_FI_DEV_MEMORY_TEMP', key: 'memoryTempC', type: 'gauge', help: 'Memory temperature (in C).' },
  { name: 'DCGM_FI_DEV_FB_USED', key: 'fbUsedMiB', type: 'gauge', help: 'Framebuffer memory used (in MiB).' },
  { name: 'DCGM_FI_DEV_FB_FREE', key: 'fbFreeMiB', type: 'gauge', help: 'Framebuffer memory free (in MiB).' },
  { name: 'DCGM_FI_DEV_SM_CLOCK', key: 'smClockMHz', type: 'gauge', help: 'SM clock frequency (in MHz).' },
  { name: 'DCGM_FI_DEV_MEM_CLOCK', key: 'memClockMHz', type: 'gauge', help: 'Memory clock frequency (in MHz).' },
  {
    name: 'DCGM_FI_DEV_PCIE_TX_THROUGHPUT',
    key: 'pcieTxKb',
    type: 'unknown',
    help: 'Total PCIe TX (in KB) from the start of the log: nvidia-smi rates (KB/s over 20 ms) times the time to the next sample, an approximation of the NVML counter.',
  },
  {
    name: 'DCGM_FI_DEV_PCIE_RX_THROUGHPUT',
    key: 'pcieRxKb',
    type: 'unknown',
    help: 'Total PCIe RX (in KB) from the start of the log, as DCGM_FI_DEV_PCIE_TX_THROUGHPUT.',
  },
];

export interface OpenMetricsOptions {
  /** One label per log (`run`). Default: the file name, as `export` names runs. */
  labels?: string[];
  /** The `Hostname` label (nvidia-smi logs do not name their host). Default `unknown`. */
  host?: string;
}

/** An OpenMetrics label value: backslash, double quote and line feed escaped. */
function labelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** A series' values for one metric: the reading, or a running total (energy in mJ, PCIe in KB). */
function valuesOf(g: GpuSeries, key: (typeof DCGM_METRICS)[number]['key']): Float64Array {
  if (key === 'energyMj' || key === 'pcieTxKb' || key === 'pcieRxKb') {
    const rate = key === 'energyMj' ? g.columns.powerW : key === 'pcieTxKb' ? g.columns.pcieTxKBps : g.columns.pcieRxKBps;
    const out = new Float64Array(g.length).fill(NaN);
    let total = 0;
    let any = false;
    for (let i = 0; i < g.length; i++) {
      if (i > 0) {
        const dt = (g.timeMs[i]! - g.timeMs[i - 1]!) / 1000;
        const a = rate[i - 1]!;
        const b = rate[i]!;
        // energy: trapezoids; PCIe: each 20-ms rate held to the next sample
        const step = key === 'energyMj' ? ((a + b) / 2) * dt * 1000 : a * dt;
        if (Number.isFinite(step)) {
          total += step;
          any = true;
        }
      }
      if (any || Number.isFinite(rate[i]!)) out[i] = total;
    }
    return out;
  }
  return g.columns[key];
}

/**
 * Writes logs as OpenMetrics text under dcgm-exporter's metric names and labels (`gpu`, `UUID`,
 * `device`, `modelName`, `Hostname`, plus `run`), one sample per reading with its timestamp, ending
 * `# EOF`: `promtool tsdb create-blocks-from openmetrics FILE DIR` loads it into Prometheus, where
 * NVIDIA's standard DCGM dashboard shows the run. Missing readings are left out (not written as NaN).
 *
 * @example
 * await writeOpenMetrics([log], { host: 'gpu03' }, sink);
 * // DCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-…",device="nvidia0",modelName="NVIDIA H200",Hostname="gpu03",run="job"} 78.16 1764650396.756
 */
export async function writeOpenMetrics(
  logs: readonly TelemetryLog[],
  options: OpenMetricsOptions,
  sink: (chunk: string) => Promise<void>,
): Promise<void> {
  const labels = runLabels(logs, options.labels);
  const host = options.host ?? 'unknown';
  for (const m of DCGM_METRICS) {
    let header = false;
    for (const [li, log] of logs.entries()) {
      for (const g of log.gpus) {
        const v = valuesOf(g, m.key);
        if (!v.some(Number.isFinite)) continue;
        if (!header) {
          await sink(`# TYPE ${m.name} ${m.type}\n# HELP ${m.name} ${m.help}\n`);
          header = true;
        }
        const lbl = `{gpu="${g.index}",UUID="${labelValue(g.identity.uuid ?? g.key)}",device="nvidia${g.index}",modelName="${labelValue(g.identity.name ?? 'unknown')}",Hostname="${labelValue(host)}",run="${labelValue(labels[li]!)}"}`;
        const lines: string[] = [];
        for (let i = 0; i < g.length; i++) {
          const x = v[i]!;
          if (Number.isFinite(x)) lines.push(`${m.name}${lbl} ${x} ${(g.timeMs[i]! / 1000).toFixed(3)}\n`);
          if (lines.length >= 4096) await sink(lines.splice(0).join(''));
        }
        if (lines.length) await sink(lines.join(''));
      }
    }
  }
  await sink('# EOF\n');
}

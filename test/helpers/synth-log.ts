/**
 * Writes synthetic but valid nvidia-smi XML logs (`nvidia-smi -q -x -l 1` style: one complete
 * document per sample, concatenated) from a scenario, so tests know the ground truth exactly.
 *
 * Two document shapes:
 * - `v13` (default): driver 580 style, as on the real H100 (`../shared/captures/h100-snapshot.xml`):
 *   `gpu_power_readings/average_power_draw` + `instant_power_draw`, `clocks_event_reasons`,
 *   `clocks_event_reasons_counters`.
 * - `v9`: older drivers (K80/V100 era): `power_readings/power_draw`, `clocks_throttle_reasons`.
 *
 * Only the elements the reader and analyses use are written, in the real order and nesting.
 *
 * @example
 * const xml = synthLog({
 *   gpus: [{ uuid: 'GPU-a' }],
 *   seconds: 10,
 *   state: (t) => (t >= 3 && t < 7 ? { powerW: 300, utilPct: 100, processes: [{ pid: 42 }] } : { powerW: 70 }),
 * });
 * // 10 documents, Mon Nov 23 19:00:00 2026 … 19:00:09 (UTC), busy from 19:00:03 to 19:00:06 inclusive.
 */

export interface SynthGpu {
  uuid?: string;
  name?: string;
  /** `<gpu id>` and `pci/pci_bus_id`; default `00000000:0N:00.0` by position. */
  busId?: string;
  /** `current_power_limit` (v13) / `power_limit` (v9), W; NaN writes N/A. Default 700 (v13) or 149 (v9). */
  powerLimitW?: number;
}

export interface SynthProcess {
  pid: number;
  /** Default `python3`. */
  name?: string;
  /** `C`, `G` or `C+G`; default `C`. */
  type?: string;
  /** Default 1000 MiB. */
  usedMemoryMiB?: number;
}

/** What one GPU reports in one document. Omitted numbers are written as `N/A`. */
export interface SynthState {
  powerW?: number;
  utilPct?: number;
  /** PCIe TX KB/s; `null` (or omitted) writes `N/A` (K80 style). */
  txKBps?: number | null;
  rxKBps?: number | null;
  processes?: SynthProcess[];
  /** Clock event reason flags that are Active, by key without prefix (e.g. `sw_power_cap`). */
  activeFlags?: string[];
}

export interface SynthOptions {
  /** GPUs, or how many (default identities). */
  gpus: SynthGpu[] | number;
  /** Length of the scenario in seconds: samples at t = 0, 1, …, seconds − 1 (times `perSecond`). */
  seconds: number;
  /**
   * State of GPU `gpu` at time `t` seconds after start. With `perSecond` > 1, `t` takes the values
   * s + k / perSecond for k = 0 … perSecond − 1.
   */
  state: (t: number, gpu: number) => SynthState;
  /** Epoch ms of the first document, written in UTC. Default Date.UTC(2026, 10, 23, 19, 0, 0). */
  startMs?: number;
  /** Whole seconds (0-based) with no document at all: logging gaps. */
  missingSeconds?: Iterable<number>;
  /** Documents per second (`-lms` logs), all carrying the same 1-s timestamp. Default 1. */
  perSecond?: number;
  /** Document shape; default `v13`. */
  style?: 'v13' | 'v9';
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const FLAGS = [
  'gpu_idle',
  'applications_clocks_setting',
  'sw_power_cap',
  'hw_slowdown',
  'hw_thermal_slowdown',
  'hw_power_brake_slowdown',
  'sync_boost',
  'sw_thermal_slowdown',
  'display_clocks_setting',
];

/** `Mon Nov 23 19:00:00 2026`, the nvidia-smi timestamp format, in UTC. */
export function nvsmiTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

const q = (v: number | null | undefined, unit: string): string =>
  v === undefined || v === null || !Number.isFinite(v) ? 'N/A' : `${v} ${unit}`;

function gpuXml(g: Required<SynthGpu>, s: SynthState, style: 'v13' | 'v9'): string {
  const active = new Set(s.activeFlags ?? []);
  const flagTag = style === 'v13' ? 'clocks_event_reason' : 'clocks_throttle_reason';
  const flags = FLAGS.map((f) => `\t\t\t<${flagTag}_${f}>${active.has(f) ? 'Active' : 'Not Active'}</${flagTag}_${f}>`).join('\n');
  const procs = (s.processes ?? [])
    .map(
      (p) => `\t\t\t<process_info>
\t\t\t\t<gpu_instance_id>N/A</gpu_instance_id>
\t\t\t\t<compute_instance_id>N/A</compute_instance_id>
\t\t\t\t<pid>${p.pid}</pid>
\t\t\t\t<type>${p.type ?? 'C'}</type>
\t\t\t\t<process_name>${p.name ?? 'python3'}</process_name>
\t\t\t\t<used_memory>${p.usedMemoryMiB ?? 1000} MiB</used_memory>
\t\t\t</process_info>\n`,
    )
    .join('');
  const power =
    style === 'v13'
      ? `\t\t<gpu_power_readings>
\t\t\t<power_state>P0</power_state>
\t\t\t<average_power_draw>${q(s.powerW, 'W')}</average_power_draw>
\t\t\t<instant_power_draw>${q(s.powerW, 'W')}</instant_power_draw>
\t\t\t<current_power_limit>${q(g.powerLimitW, 'W')}</current_power_limit>
\t\t</gpu_power_readings>
\t\t<gpu_memory_power_readings>
\t\t\t<average_power_draw>N/A</average_power_draw>
\t\t\t<instant_power_draw>N/A</instant_power_draw>
\t\t</gpu_memory_power_readings>
\t\t<module_power_readings>
\t\t\t<power_state>P0</power_state>
\t\t\t<average_power_draw>N/A</average_power_draw>
\t\t\t<instant_power_draw>N/A</instant_power_draw>
\t\t\t<current_power_limit>N/A</current_power_limit>
\t\t</module_power_readings>\n`
      : `\t\t<power_readings>
\t\t\t<power_state>P0</power_state>
\t\t\t<power_management>Supported</power_management>
\t\t\t<power_draw>${q(s.powerW, 'W')}</power_draw>
\t\t\t<power_limit>${q(g.powerLimitW, 'W')}</power_limit>
\t\t\t<enforced_power_limit>${q(g.powerLimitW, 'W')}</enforced_power_limit>
\t\t</power_readings>\n`;
  const counters =
    style === 'v13'
      ? `\t\t<clocks_event_reasons_counters>
\t\t\t<clocks_event_reasons_counters_sw_power_cap>0 us</clocks_event_reasons_counters_sw_power_cap>
\t\t</clocks_event_reasons_counters>\n`
      : '';
  return `\t<gpu id="${g.busId}">
\t\t<product_name>${g.name}</product_name>
\t\t<uuid>${g.uuid}</uuid>
\t\t<pci>
\t\t\t<pci_bus_id>${g.busId}</pci_bus_id>
\t\t\t<tx_util>${q(s.txKBps, 'KB/s')}</tx_util>
\t\t\t<rx_util>${q(s.rxKBps, 'KB/s')}</rx_util>
\t\t</pci>
\t\t<performance_state>P0</performance_state>
\t\t<${flagTag}s>
${flags}
\t\t</${flagTag}s>
${counters}\t\t<fb_memory_usage>
\t\t\t<total>81559 MiB</total>
\t\t\t<used>${(s.processes ?? []).reduce((a, p) => a + (p.usedMemoryMiB ?? 1000), 0)} MiB</used>
\t\t</fb_memory_usage>
\t\t<utilization>
\t\t\t<gpu_util>${q(s.utilPct, '%')}</gpu_util>
\t\t\t<memory_util>0 %</memory_util>
\t\t</utilization>
${power}\t\t<processes>
${procs}\t\t</processes>
\t</gpu>\n`;
}

/**
 * Writes the whole log as one string (concatenated documents, like a real `-l 1 -f` file).
 * Documents of a second listed in `missingSeconds` are left out.
 */
export function synthLog(o: SynthOptions): string {
  const style = o.style ?? 'v13';
  const start = o.startMs ?? Date.UTC(2026, 10, 23, 19, 0, 0);
  const per = o.perSecond ?? 1;
  const missing = new Set(o.missingSeconds ?? []);
  const list: SynthGpu[] = typeof o.gpus === 'number' ? Array.from({ length: o.gpus }, () => ({})) : o.gpus;
  const gpus: Required<SynthGpu>[] = list.map((g, i) => ({
    uuid: g.uuid ?? `GPU-00000000-0000-0000-0000-00000000000${i}`,
    name: g.name ?? (style === 'v13' ? 'NVIDIA H100 80GB HBM3' : 'Tesla K80'),
    busId: g.busId ?? `00000000:0${i + 1}:00.0`,
    powerLimitW: g.powerLimitW ?? (style === 'v13' ? 700 : 149),
  }));
  const dtd = style === 'v13' ? 'nvsmi_device_v13.dtd' : 'nvsmi_device_v9.dtd';
  const driver = style === 'v13' ? '580.159.04' : '418.87.01';
  const cuda = style === 'v13' ? '13.0' : '10.1';
  const docs: string[] = [];
  for (let s = 0; s < o.seconds; s++) {
    if (missing.has(s)) continue;
    for (let k = 0; k < per; k++) {
      const t = s + k / per;
      const body = gpus.map((g, i) => gpuXml(g, o.state(t, i), style)).join('');
      docs.push(`<?xml version="1.0" ?>
<!DOCTYPE nvidia_smi_log SYSTEM "${dtd}">
<nvidia_smi_log>
\t<timestamp>${nvsmiTime(start + s * 1000)}</timestamp>
\t<driver_version>${driver}</driver_version>
\t<cuda_version>${cuda}</cuda_version>
\t<attached_gpus>${gpus.length}</attached_gpus>
${body}
</nvidia_smi_log>
`);
    }
  }
  return docs.join('');
}

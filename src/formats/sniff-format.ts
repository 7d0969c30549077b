/**
 * Which kind of nvidia-smi log a file is, from its first bytes (never from its name).
 *
 * - `xml`: `nvidia-smi -q -x` documents (`-l`/`-lms` concatenations included).
 * - `query-gpu-csv`: `nvidia-smi --query-gpu=… --format=csv[,noheader][,nounits]`.
 * - `compute-apps-csv`: `nvidia-smi --query-compute-apps=… --format=csv`.
 * - `dmon`: `nvidia-smi dmon` (any `-s`, `-o`).
 * - `pmon`: `nvidia-smi pmon`.
 * - `query-text`: `nvidia-smi -q` text (`-d` subsets included).
 */
export type LogFormat = 'xml' | 'query-gpu-csv' | 'compute-apps-csv' | 'dmon' | 'pmon' | 'query-text';

/** Every format the reader takes, as `--log-format` and `ReadOptions.format` name them. */
export const LOG_FORMATS: readonly LogFormat[] = ['xml', 'query-gpu-csv', 'compute-apps-csv', 'dmon', 'pmon', 'query-text'];

/** A `--query-gpu` row with no header: a timestamp, a UUID or a bus id among comma-separated cells. */
const HEADERLESS_ROW = /^[^,\n]+(,[^,\n]*){1,}$/;
const ROW_CELL =
  /^(?:\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?|GPU-[0-9a-fA-F-]{8,}|[0-9a-fA-F]{4,8}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.\d)$/;

/**
 * The format of a log from its first few kilobytes, decoded as text; null when it is none of
 * them (the XML reader then says what the input looks like).
 *
 * @example
 * sniffFormat('timestamp, power.draw [W]\n2026/12/02 04:39:56.756, 78.16 W\n') // 'query-gpu-csv'
 * sniffFormat('#Date Time gpu pwr gtemp\n') // 'dmon'
 */
export function sniffFormat(head: string): LogFormat | null {
  const t = head.replace(/^\uFEFF/, '');
  if (/<nvidia_smi_log[\s>/]|<\?xml/.test(t)) return 'xml';
  if (/^\s*=+NVSMI LOG=+/m.test(t)) return 'query-text';
  const first = t.split(/\r?\n/).find((l) => l.trim().length > 0) ?? '';
  if (/^#\s*(?:Date\s+)?(?:Time\s+)?gpu\b/i.test(first)) return /\bpid\b/.test(first) && /\bcommand\b/.test(first) ? 'pmon' : 'dmon';
  if (first.includes(',')) {
    const cells = first.split(',').map((c) =>
      c
        .trim()
        .replace(/\s*\[[^\]]*\]$/, '')
        .toLowerCase(),
    );
    const apps = cells.includes('pid') && !cells.some((c) => /^(?:power|utilization|temperature|clocks|memory\.used)/.test(c));
    if (apps) return 'compute-apps-csv';
    if (
      cells.some((c) =>
        /^(?:timestamp|index|uuid|name|pci\.bus_id|power\.|utilization\.|temperature\.|memory\.|clocks|pstate|fan\.speed)/.test(c),
      )
    )
      return 'query-gpu-csv';
    if (HEADERLESS_ROW.test(first) && first.split(',').some((c) => ROW_CELL.test(c.trim()))) return 'query-gpu-csv';
  }
  return null;
}

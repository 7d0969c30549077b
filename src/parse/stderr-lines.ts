/**
 * nvidia-smi's own stderr messages, which land inside a document when the logger's stderr goes
 * to the log file too (`nvidia-smi -q -x -l 1 > log 2>&1`): stdout is written in 4 KiB blocks and
 * stderr at once, so each message sits wherever the last block ended, inside a tag or a value.
 * Each ends with a line feed; the text before it is anything on the line.
 */
export const NVIDIA_SMI_STDERR: readonly RegExp[] = [
  /WARNING: infoROM is corrupted at gpu [0-9A-Fa-f:.]+/,
  /Failed to initialize NVML: [^\n<>]*/,
  /Failed to properly shut down NVML: [^\n<>]*/,
  /NVML library version: [^\n<>]*/,
  /Unable to determine the device handle for (?:gpu|GPU) ?[0-9A-Fa-f:.]+: [^\n<>]*/,
  /NVIDIA-SMI has failed because [^\n<>]*/,
  /No devices were found/,
  /Unable to query [^\n<>]*/,
];

const ANY = new RegExp(`(?:${NVIDIA_SMI_STDERR.map((r) => r.source).join('|')})\\r?\\n`, 'g');

/** A document with nvidia-smi's stderr lines taken out, and the lines (without their line feed). */
export interface DroppedLines {
  bytes: Uint8Array;
  lines: string[];
}

/**
 * Takes every known nvidia-smi stderr line ({@link NVIDIA_SMI_STDERR}) out of a document's bytes;
 * null when there is none.
 *
 * @example
 * const doc = Buffer.from('<a><b>13WARNING: infoROM is corrupted at gpu 0000:04:00.0\n80 MHz</b></a>');
 * const r = dropStderrLines(doc);
 * r?.lines;                                // ['WARNING: infoROM is corrupted at gpu 0000:04:00.0']
 * Buffer.from(r!.bytes).toString();        // '<a><b>1380 MHz</b></a>'
 */
export function dropStderrLines(bytes: Uint8Array): DroppedLines | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  const lines: string[] = [];
  const kept = text.replace(ANY, (m) => {
    lines.push(m.replace(/\r?\n$/, ''));
    return '';
  });
  return lines.length === 0 ? null : { bytes: Buffer.from(kept, 'latin1'), lines };
}

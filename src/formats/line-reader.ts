import type { Sample } from '../parse/sample.js';

/** A reader of a line-oriented log format: each line (without its line end) in order, with its byte offset. */
export interface LineReader {
  /** Takes one line; returns the samples it completes. */
  line(text: string, offset: number): Sample[];
  /** The stream ended; returns the last samples. */
  end(): Sample[];
}

/**
 * The cells of one nvidia-smi CSV line: split at commas, trimmed. nvidia-smi does not quote; a
 * cell in double quotes (a spreadsheet's re-save) is unquoted.
 *
 * @example csvCells('2026/12/02 04:39:56.756, 0, NVIDIA H200, 78.16 W') // ['2026/12/02 04:39:56.756', '0', 'NVIDIA H200', '78.16 W']
 */
export function csvCells(line: string): string[] {
  return line.split(',').map((c) => {
    const t = c.trim();
    return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"') : t;
  });
}

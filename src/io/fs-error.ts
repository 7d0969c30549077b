import { TelemetryError } from '../errors.js';

/** A file system error as a one-line TelemetryError naming the path: no such file, permission denied, a directory, or the system's message. */
export function fsError(e: unknown, path: string): TelemetryError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new TelemetryError('ENOENT', `${path}: no such file`, { file: path });
  if (code === 'EACCES' || code === 'EPERM') return new TelemetryError('EACCES', `${path}: permission denied`, { file: path });
  if (code === 'EISDIR') return new TelemetryError('EISDIR', `${path}: is a directory, not a log file`, { file: path });
  return new TelemetryError('READ_FAILED', `${path}: cannot read (${String((e as Error).message)})`, { file: path });
}

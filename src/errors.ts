/**
 * Warnings and errors shared by every layer.
 *
 * A warning is legal-but-odd or damaged input that was survived: the result still holds every
 * complete sample. An error ({@link TelemetryError}) means nothing usable could be read or an
 * argument is invalid.
 */

/** Machine-readable warning codes. Each is documented in docs/bad-input.md. */
export type WarningCode =
  | 'JUNK' // bytes between documents that are not XML prolog, DOCTYPE, comment or whitespace
  | 'TRUNCATED_DOCUMENT' // a document cut before its `</nvidia_smi_log>` (killed logger, live file)
  | 'CORRUPT_DOCUMENT' // a document that is complete but does not parse
  | 'DOCUMENT_TOO_LARGE' // a document larger than `maxDocumentBytes`, skipped
  | 'GZIP_ERROR' // the gzip stream is truncated or corrupt; what decoded before is kept
  | 'DECOMPRESS_ERROR' // an xz, zstd or bzip2 stream is truncated or corrupt; what decoded before is kept
  | 'READ_ERROR' // the input stream failed part-way; what was read before is kept
  | 'BAD_TIMESTAMP' // `<timestamp>` missing or unreadable; time borrowed from the previous document
  | 'TIME_BACKWARDS' // a timestamp earlier than the one before (clock change, appended logs)
  | 'DRIVER_CHANGED' // the driver version changes mid-file (appended logs)
  | 'DUPLICATE_GPU' // two <gpu> blocks (different ids) with one UUID and bus id in a document; the first is kept
  | 'NO_GPU' // a document with no `<gpu>` element
  | 'GPU_APPEARED' // a GPU absent from the first document appears later
  | 'GPU_DISAPPEARED' // a GPU stops appearing before the log ends
  | 'IMPOSSIBLE_VALUE' // a reading outside its physical bounds (READING_BOUNDS), dropped
  | 'CLOCK_STEP' // a step forward far longer than the interval while the same processes ran: a clock step, not work
  | 'CLOCK_SET' // the first samples are stamped long before the rest (a clock set after boot)
  | 'GPU_LOST' // a GPU that had readings reports none of power, utilisation, temperature, memory (Unknown Error / GPU is lost)
  | 'STDERR_IN_DOCUMENT' // nvidia-smi stderr lines inside documents (a logger run with 2>&1), taken out; the documents are kept
  | 'INTERLEAVED_WRITERS'; // documents cut by another's start and document ends with no start: two loggers wrote one file

export interface TelemetryWarning {
  code: WarningCode;
  /** One line, terse and specific. */
  message: string;
  /** Byte offset in the (decompressed) stream where the problem starts, or null. */
  offset: number | null;
  /** Ordinal of the document in the file (0-based, counting damaged ones), or null. */
  document: number | null;
}

export type ErrorCode = 'ENOENT' | 'EISDIR' | 'EACCES' | 'READ_FAILED' | 'NO_DOCUMENTS' | 'NOT_XML_LOG' | 'INVALID_ARGUMENT';

/**
 * An error that stops a read or rejects an argument. `message` names the file and the place.
 *
 * @example
 * try { await readLog('missing.xml'); } catch (e) { (e as TelemetryError).code; } // 'ENOENT'
 */
export class TelemetryError extends Error {
  readonly code: ErrorCode;
  readonly file: string | null;
  readonly offset: number | null;
  readonly document: number | null;

  constructor(code: ErrorCode, message: string, where: { file?: string | null; offset?: number | null; document?: number | null } = {}) {
    super(message);
    this.name = 'TelemetryError';
    this.code = code;
    this.file = where.file ?? null;
    this.offset = where.offset ?? null;
    this.document = where.document ?? null;
  }
}

/** Throws `invalid NAME: VALUE` unless `ok`. */
export function check(ok: boolean, name: string, value: unknown): asserts ok {
  if (!ok) throw new TelemetryError('INVALID_ARGUMENT', `invalid ${name}: ${String(value)}`);
}

/**
 * A document that does not parse, or that no single logger wrote (two documents spliced).
 * `position` is a character index in the document text as parsed.
 */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

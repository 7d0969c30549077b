import { SCANNER_WASM_BASE64 } from './scanner-binary.js';

/**
 * The WebAssembly kernels (src/wasm/scanner.as.ts, AssemblyScript, SIMD): one module, a fresh
 * instance (with its own memory) per user. The module allocates nothing: each user lays out
 * its own memory above {@link FREE_FROM}.
 */
export interface ScannerExports {
  memory: WebAssembly.Memory;
  init(
    nodes: number,
    slots: number,
    slotCount: number,
    pow10: number,
    unitIndex: number,
    unitEntries: number,
    events: number,
    numbers: number,
    eventCapacity: number,
    stack: number,
  ): void;
  nameHash(parent: number, p: number, len: number): number;
  scan(start: number, end: number): number;
  resume(): number;
  findName(p: number, end: number): number;
  strayNewline(start: number, end: number): number;
  badAmpersand(start: number, end: number): number;
  quantityAt(s: number, e: number, unit: number): number;
  flagAt(s: number, e: number): number;
  lastNeedsJs(): number;
  eventCount: WebAssembly.Global;
  newParent: WebAssembly.Global;
  newNameStart: WebAssembly.Global;
  newNameEnd: WebAssembly.Global;
}

/** Memory below this offset is the module's own. */
export const FREE_FROM = 64 << 10;

let module: WebAssembly.Module | null | undefined;

/** A new instance, or null where WebAssembly with SIMD is not available (callers then use JavaScript). */
export function scannerInstance(): ScannerExports | null {
  if (module === undefined) {
    try {
      module = new WebAssembly.Module(Buffer.from(SCANNER_WASM_BASE64, 'base64'));
    } catch {
      module = null;
    }
  }
  if (module === null) return null;
  return new WebAssembly.Instance(module, { env: { abort: () => undefined } }).exports as unknown as ScannerExports;
}

/** Grows `memory` to at least `bytes`; true when its buffer changed (views must be made again). */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): boolean {
  const have = memory.buffer.byteLength;
  if (have >= bytes) return false;
  memory.grow(Math.ceil((bytes - have) / 65536));
  return true;
}

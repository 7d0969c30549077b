import { ensureMemory, FREE_FROM, scannerInstance, type ScannerExports } from '../wasm/instance.js';

const NAME = Buffer.from('nvidia_smi_log', 'latin1');
/** Bytes kept free after the copy (16-byte loads stay inside memory). */
const PAD = 64;

/**
 * Finds `nvidia_smi_log` in the splitter's buffer: a SIMD search in WebAssembly (findName() in
 * src/wasm/scanner.as.ts) over a copy of the buffer, made once per buffer; `Buffer.indexOf`
 * where WebAssembly is not available. On nvidia-smi XML, whose tag names share most of the
 * name's letters, it reads 2.6-3.5 GB/s where `Buffer.indexOf` read 1.7 (docs/performance.md).
 */
export class NameFinder {
  private readonly x: ScannerExports | null = scannerInstance();
  private copied: Buffer | null = null;
  private u8: Uint8Array | null = null;

  /** Whether the WebAssembly (SIMD) search is in use; false where WebAssembly is unavailable. */
  get simd(): boolean {
    return this.x !== null;
  }

  /** Forgets the copy: call whenever the buffer's contents may have changed. */
  reset(): void {
    this.copied = null;
  }

  /** Index of the first `nvidia_smi_log` in `buf` at or after `from`, or -1. */
  indexOf(buf: Buffer, from: number): number {
    const x = this.x;
    if (x === null || buf.length - from < 1024) return buf.indexOf(NAME, from);
    if (this.copied !== buf) {
      if (ensureMemory(x.memory, FREE_FROM + buf.length + PAD) || this.u8 === null) this.u8 = new Uint8Array(x.memory.buffer);
      this.u8.set(buf, FREE_FROM);
      this.copied = buf;
    }
    const end = FREE_FROM + buf.length;
    const at = x.findName(FREE_FROM + from, end);
    return at >= end ? -1 : at - FREE_FROM;
  }
}

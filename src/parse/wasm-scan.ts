import { readId } from './fast-scan.js';
import { PATH_TRIE, childOf, type PathNode } from './path-trie.js';
import type { SampleBuilder } from './sample.js';
import { decodeLatin1Text } from './text.js';
import { POW10, SUFFIXES, UNITS } from './values.js';
import * as abi from '../wasm/abi.js';
import { ensureMemory, FREE_FROM, scannerInstance, type ScannerExports } from '../wasm/instance.js';

/**
 * The WebAssembly scanner (scan() in src/wasm/scanner.as.ts): the same walk as the JavaScript scanner
 * in fast-scan.ts, over bytes, with SIMD searches, about three times faster. It takes the common
 * shape of an nvidia-smi document; on anything else (comments, CDATA, processing instructions,
 * errors) it declines and the caller runs the JavaScript scanner, so the result is always that
 * scanner's result. test/parse-differential.test.ts proves all three parsers equal.
 */

// memory layout (bytes)
const NODES_AT = FREE_FROM;
const MAX_NODES = 8192;
const SLOTS_AT = NODES_AT + MAX_NODES * 4;
const SLOT_COUNT = 16384;
const NAMES_AT = SLOTS_AT + SLOT_COUNT * 16;
const NAMES_BYTES = 128 << 10;
const POW10_AT = NAMES_AT + NAMES_BYTES;
const UNIT_INDEX_AT = POW10_AT + 256;
const UNIT_ENTRIES_AT = UNIT_INDEX_AT + 256;
const SUFFIX_BYTES_AT = UNIT_ENTRIES_AT + 2048;
const STACK_AT = SUFFIX_BYTES_AT + 2048;
const EVENTS_AT = 1 << 20;
const EVENT_CAPACITY = 65536;
const NUMBERS_AT = EVENTS_AT + EVENT_CAPACITY * 16;
const DOC_AT = NUMBERS_AT + EVENT_CAPACITY * 8;
/** Bytes kept free after a document (the scanner never reads past its end, but 16-byte loads stay inside memory). */
const DOC_PAD = 64;

/** Dynamic (wildcard) names are added up to the table's half-full mark. */
const MAX_SLOTS_USED = SLOT_COUNT / 2;
/** Before a document, dynamic names are forgotten once they fill this much of the room. */
const RESET_SLOTS_USED = MAX_SLOTS_USED / 2;

class WasmScanner {
  private readonly x: ScannerExports;
  private u8!: Uint8Array;
  private i32!: Int32Array;
  private f64!: Float64Array;
  private buf!: Buffer;
  private readonly ids = new Map<PathNode, number>();
  private readonly byId: PathNode[] = [];
  private slotsUsed = 0;
  private namesTop = NAMES_AT;
  /** Table sizes with the static trie only (before any wildcard name was added). */
  private staticNodes = 0;
  private staticSlots = 0;
  private staticNamesTop = NAMES_AT;

  /** Whether the last scan() declined because a line of the document ends in something other than a tag (see strayNewline in scanner.as.ts). */
  strayLine = false;

  constructor(x: ScannerExports) {
    this.x = x;
    ensureMemory(x.memory, DOC_AT + (1 << 20));
    this.makeViews();
    this.writeTables();
    this.x.init(NODES_AT, SLOTS_AT, SLOT_COUNT, POW10_AT, UNIT_INDEX_AT, UNIT_ENTRIES_AT, EVENTS_AT, NUMBERS_AT, EVENT_CAPACITY, STACK_AT);
  }

  private grow(bytes: number): void {
    if (ensureMemory(this.x.memory, bytes)) this.makeViews();
  }

  /** Views of the module's memory (made again whenever it grows). */
  private makeViews(): void {
    const b = this.x.memory.buffer;
    this.u8 = new Uint8Array(b);
    this.i32 = new Int32Array(b);
    this.f64 = new Float64Array(b);
    this.buf = Buffer.from(b);
  }

  private writeTables(): void {
    POW10.forEach((p, k) => {
      this.f64[POW10_AT / 8 + k] = p;
    });
    let entry = 0;
    let bytes = SUFFIX_BYTES_AT;
    UNITS.forEach((unit, u) => {
      const list = SUFFIXES[unit];
      this.i32[UNIT_INDEX_AT / 4 + u * 2] = entry;
      this.i32[UNIT_INDEX_AT / 4 + u * 2 + 1] = list.length;
      for (const [suffix, factor] of list) {
        const at = UNIT_ENTRIES_AT + entry * 16;
        const b = Buffer.from(suffix, 'latin1');
        this.u8.set(b, bytes);
        this.i32[at / 4] = bytes;
        this.i32[at / 4 + 1] = b.length;
        bytes += b.length;
        this.f64[at / 8 + 1] = factor;
        entry++;
      }
    });
    this.addTrie();
    this.staticNodes = this.byId.length;
    this.staticSlots = this.slotsUsed;
    this.staticNamesTop = this.namesTop;
  }

  /**
   * Forgets the wildcard names added so far (a document that floods the tables with new names
   * must not leave later documents to the slower JavaScript scanner).
   */
  private forgetDynamicNames(): void {
    for (const n of this.byId.splice(this.staticNodes)) this.ids.delete(n);
    this.i32.fill(0, SLOTS_AT / 4, SLOTS_AT / 4 + SLOT_COUNT * 4);
    this.slotsUsed = 0;
    this.namesTop = NAMES_AT;
    this.addTrie();
    if (this.byId.length !== this.staticNodes || this.slotsUsed !== this.staticSlots || this.namesTop !== this.staticNamesTop)
      throw new Error('trie changed');
  }

  /** Adds the static trie to the tables: every node an id (the root 0, and the same ids every time), every child name a slot. */
  private addTrie(): void {
    const visit = (n: PathNode): void => {
      this.idOf(n);
      for (const [name, c] of n.children) {
        visit(c);
        this.addChild(n, name, c);
      }
    };
    visit(PATH_TRIE);
  }

  private idOf(n: PathNode): number {
    let id = this.ids.get(n);
    if (id !== undefined) return id;
    id = this.byId.length;
    this.ids.set(n, id);
    this.byId.push(n);
    const ref = n.ref;
    const value = ref === null || ref.value === null ? 0 : ref.value === 'flag' ? abi.FLAG_KIND : 1 + UNITS.indexOf(ref.value);
    this.i32[NODES_AT / 4 + id] =
      n.kind | (n.leaf ? abi.NODE_LEAF : 0) | (n.wildcard !== null ? abi.NODE_WILDCARD : 0) | (value << abi.VALUE_SHIFT);
    return id;
  }

  /** Whether another child (a node and its name) fits in the tables. */
  private roomFor(nameBytes: number): boolean {
    return this.byId.length < MAX_NODES && this.slotsUsed < MAX_SLOTS_USED && this.namesTop + nameBytes <= NAMES_AT + NAMES_BYTES;
  }

  private addChild(parent: PathNode, name: string, child: PathNode): void {
    const bytes = Buffer.from(name, 'latin1');
    const pid = this.idOf(parent);
    const cid = this.idOf(child);
    this.u8.set(bytes, this.namesTop);
    let h = this.x.nameHash(pid, this.namesTop, bytes.length) & (SLOT_COUNT - 1);
    for (;;) {
      const s = SLOTS_AT / 4 + h * 4;
      if (this.i32[s + 2] === 0) {
        this.i32[s] = pid;
        this.i32[s + 1] = this.namesTop;
        this.i32[s + 2] = bytes.length;
        this.i32[s + 3] = cid;
        break;
      }
      h = (h + 1) & (SLOT_COUNT - 1);
    }
    this.namesTop += bytes.length;
    this.slotsUsed++;
  }

  /**
   * Scans the document in `bytes` into `builder`; false (with the builder untouched) when the
   * document is not one this scanner takes, and the JavaScript scanner must read it
   * ({@link strayLine} says whether a line that may be stderr was the reason).
   */
  scan(bytes: Uint8Array, builder: SampleBuilder): boolean {
    this.strayLine = false;
    const root = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).indexOf('<nvidia_smi_log', 0, 'latin1');
    if (root < 0) return false;
    this.grow(DOC_AT + bytes.length + DOC_PAD);
    this.u8.set(bytes, DOC_AT);
    const start = DOC_AT + root;
    const end = DOC_AT + bytes.length;
    if (this.x.strayNewline(start, end) >= 0) {
      this.strayLine = true;
      return false;
    }
    if (this.x.badAmpersand(start, end) !== 0) return false;
    if (this.slotsUsed - this.staticSlots > RESET_SLOTS_USED) this.forgetDynamicNames();
    for (let status = this.x.scan(start, end); ; status = this.x.resume()) {
      if (status === abi.SCAN_OK) break;
      if (status !== abi.SCAN_NEW_NAME) return false;
      // a wildcard parent's child not seen before: add it and go on from its tag
      const parent = this.byId[this.x.newParent.value as number]!;
      const s = this.x.newNameStart.value as number;
      const e = this.x.newNameEnd.value as number;
      const name = this.buf.toString('latin1', start + s, start + e);
      const child = childOf(parent, name);
      if (child === null || !this.roomFor(e - s)) return false;
      this.addChild(parent, name, child);
    }
    this.replay(builder, start);
    return true;
  }

  /** Whether a line of the document ends in something other than a tag (see strayNewline in scanner.as.ts): it may hold a stderr line. */
  hasStrayLine(bytes: Uint8Array): boolean {
    this.grow(DOC_AT + bytes.length + DOC_PAD);
    this.u8.set(bytes, DOC_AT);
    return this.x.strayNewline(DOC_AT, DOC_AT + bytes.length) >= 0;
  }

  private replay(b: SampleBuilder, start: number): void {
    const n = this.x.eventCount.value as number;
    const ev = this.i32;
    const nums = this.f64;
    for (let k = 0; k < n; k++) {
      const at = EVENTS_AT / 4 + k * 4;
      switch (ev[at]) {
        case abi.EV_LEAF_NUM: {
          const ref = this.byId[ev[at + 1]!]!.ref;
          if (ref !== null) b.numberIn(ref, nums[NUMBERS_AT / 8 + k]!);
          break;
        }
        case abi.EV_LEAF_TEXT: {
          const node = this.byId[ev[at + 1]!]!;
          if (node.ref === null && node.level !== 0) break;
          const raw = this.buf.toString('latin1', start + ev[at + 2]!, start + ev[at + 3]!);
          const v = decodeLatin1Text(raw, 0, raw.length);
          if (node.ref !== null) b.leafIn(node.ref, v, 0, v.length);
          else b.rootLeaf(node.path, v);
          break;
        }
        case abi.EV_OPEN_GPU: {
          const attrs = this.buf.toString('latin1', start + ev[at + 2]!, start + ev[at + 3]!);
          b.openGpu(readId(attrs, 0, attrs.length, true));
          break;
        }
        case abi.EV_CLOSE_GPU:
          b.closeGpu();
          break;
        case abi.EV_OPEN_RECORD:
          b.openRecord(this.byId[ev[at + 1]!]!.path);
          break;
        case abi.EV_CLOSE_RECORD:
          b.closeRecord(this.byId[ev[at + 1]!]!.path);
          break;
      }
    }
  }

  /** For tests: the scanner's reading of a quantity (unit index) or flag (unit -1); null when JavaScript must read it. */
  readValue(text: string, unit: number): number | null {
    const bytes = Buffer.from(text, 'latin1');
    this.grow(DOC_AT + bytes.length + DOC_PAD);
    this.u8.set(bytes, DOC_AT);
    if (unit < 0) return this.x.flagAt(DOC_AT, DOC_AT + bytes.length);
    const v = this.x.quantityAt(DOC_AT, DOC_AT + bytes.length, unit);
    return this.x.lastNeedsJs() ? null : v;
  }
}

let scanner: WasmScanner | null | undefined;

/** The scanner, made on first use; null where WebAssembly (with SIMD) is not available. */
export function wasmScanner(): WasmScanner | null {
  if (scanner === undefined) {
    const x = scannerInstance();
    scanner = x === null ? null : new WasmScanner(x);
  }
  return scanner;
}

export type { WasmScanner };

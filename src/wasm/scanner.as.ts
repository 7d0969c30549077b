// AssemblyScript: the byte-level kernels behind the fast read (compiled to WebAssembly by
// `npm run build:wasm`; src/wasm/instance.ts loads it): findName() for the document splitter
// (src/documents/name-finder.ts) and scan() for the parse (src/parse/wasm-scan.ts, which
// replays its events).
//
// It walks one document as src/parse/fast-scan.ts does (same trie of wanted paths; unwanted
// subtrees are walked tag by tag with their nesting checked, but nothing is emitted for them)
// but over bytes, with 16-byte SIMD searches. It handles the common shape of an nvidia-smi
// document and gives up on anything else (comments, CDATA, processing instructions, attributes
// other than `id="…"`, `</name >`, any error): the caller then runs the JavaScript scanner on
// that document, so the result is always that scanner's result.
//
// Memory: the JavaScript side writes the tables and the document at the offsets it passes to
// init() and scan(); this module allocates nothing.

import {
  EV_CLOSE_GPU,
  EV_CLOSE_RECORD,
  EV_LEAF_NUM,
  EV_LEAF_TEXT,
  EV_OPEN_GPU,
  EV_OPEN_RECORD,
  FLAG_KIND,
  NODE_KIND_MASK,
  NODE_LEAF,
  NODE_WILDCARD,
  PSTATE_UNIT,
  SCAN_FALLBACK as FALLBACK,
  SCAN_NEW_NAME as NEW_NAME,
  SCAN_OK as OK,
  VALUE_SHIFT,
} from './abi';

// tables (set by init)
let nodes: usize = 0; // i32 per node
let slots: usize = 0; // hash slots: parent i32, name offset i32, name length i32, child i32
let slotMask: u32 = 0;
let pow10: usize = 0; // 23 f64
let unitIndex: usize = 0; // per unit: first entry i32, count i32
let unitEntries: usize = 0; // per entry: suffix offset i32, suffix length i32, factor f64
let events: usize = 0;
let numbers: usize = 0;
let maxEvents: i32 = 0;
let stack: usize = 0; // per level: node i32, name start i32, name length i32, text start i32, had child i32
const STACK_LEVELS: i32 = 64;

/** Output of scan(). */
export let eventCount: i32 = 0;
export let newParent: i32 = 0;
export let newNameStart: i32 = 0;
export let newNameEnd: i32 = 0;

export function init(
  nodesAt: usize,
  slotsAt: usize,
  slotCount: u32,
  pow10At: usize,
  unitIndexAt: usize,
  unitEntriesAt: usize,
  eventsAt: usize,
  numbersAt: usize,
  eventCapacity: i32,
  stackAt: usize,
): void {
  nodes = nodesAt;
  slots = slotsAt;
  slotMask = slotCount - 1;
  pow10 = pow10At;
  unitIndex = unitIndexAt;
  unitEntries = unitEntriesAt;
  events = eventsAt;
  numbers = numbersAt;
  maxEvents = eventCapacity;
  stack = stackAt;
  fillNameClass();
}

/** FNV-1a over the name bytes and the parent id; the JavaScript side fills the table with the same hash. */
export function nameHash(parent: i32, p: usize, len: usize): u32 {
  let h: u32 = 2166136261 ^ <u32>parent;
  h *= 16777619;
  for (let k: usize = 0; k < len; k++) {
    h ^= <u32>load<u8>(p + k);
    h *= 16777619;
  }
  return h;
}

@inline function sameBytes(a: usize, b: usize, len: usize): bool {
  let k: usize = 0;
  while (k + 8 <= len) {
    if (load<u64>(a + k) != load<u64>(b + k)) return false;
    k += 8;
  }
  while (k < len) {
    if (load<u8>(a + k) != load<u8>(b + k)) return false;
    k++;
  }
  return true;
}

/** The child node id of `parent` named by the bytes [p, p + len), or -1. */
function childOf(parent: i32, p: usize, len: usize): i32 {
  let h = nameHash(parent, p, len) & slotMask;
  for (;;) {
    const s = slots + (<usize>h << 4);
    const l = load<i32>(s + 8);
    if (l == 0) return -1;
    if (load<i32>(s) == parent && <usize>l == len && sameBytes(<usize>load<i32>(s + 4), p, len)) return load<i32>(s + 12);
    h = (h + 1) & slotMask;
  }
  return -1;
}

/** First position in [p, end) holding byte b, or end. */
@inline function findByte(p: usize, end: usize, b: u8): usize {
  const needle = i8x16.splat(b);
  while (p + 16 <= end) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(p), needle));
    if (m != 0) return p + <usize>ctz(m);
    p += 16;
  }
  while (p < end) {
    if (load<u8>(p) == b) return p;
    p++;
  }
  return end;
}

/** Whether the bytes [p, e) are an XML name (ASCII letters, digits, `_ - . :`, any byte >= 0x80; no digit, `-` or `.` first). */
function nameValid(p: usize, e: usize): bool {
  const c0 = <u32>load<u8>(p);
  if (!(isAlpha(c0) || c0 == 0x5f || c0 == 0x3a || c0 >= 0x80)) return false;
  for (let q = p + 1; q < e; q++) {
    const c = <u32>load<u8>(q);
    if (!(isAlpha(c) || (c >= 0x30 && c <= 0x39) || c == 0x5f || c == 0x3a || c == 0x2d || c == 0x2e || c >= 0x80)) return false;
  }
  return true;
}

@inline function isAlpha(c: u32): bool {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Per byte: 0 a name character, 1 ends a name (`>`, `/`, white space), 2 not allowed in a name. */
const NAME_CLASS: usize = memory.data(256);
/** Name start and length of the elements open inside a skipped element (i32 pairs). */
const SKIP_LEVELS: i32 = 256;
const SKIP_STACK: usize = memory.data(SKIP_LEVELS * 8);

function fillNameClass(): void {
  for (let c: u32 = 0; c < 256; c++) {
    let k: u8 = 2;
    if (isAlpha(c) || (c >= 0x30 && c <= 0x39) || c == 0x5f || c == 0x3a || c == 0x2d || c == 0x2e || c >= 0x80) k = 0;
    else if (c == 0x3e || c == 0x2f || isSpace(c)) k = 1;
    store<u8>(NAME_CLASS + c, k);
  }
}

/**
 * Walks the content of an unwanted element (from p; its name at np, nl bytes) tag by tag and
 * returns the position after its end tag, checking that every element inside is closed in
 * order and that every name is an XML name; end when the walk meets anything else (JavaScript
 * then reads the document, or declines it).
 */
function skipElement(p: usize, end: usize, np: usize, nl: usize): usize {
  let d: i32 = 0;
  for (;;) {
    const lt = findByte(p, end, 0x3c);
    if (lt + 2 >= end) return end;
    const c = <u32>load<u8>(lt + 1);
    if (c == 0x2f) {
      let tp = np;
      let tl = nl;
      if (d > 0) {
        const at = SKIP_STACK + (<usize>(d - 1) << 3);
        tp = <usize>load<i32>(at);
        tl = <usize>load<i32>(at + 4);
      }
      const gt = lt + 2 + tl;
      if (gt >= end || load<u8>(gt) != 0x3e || !sameBytes(lt + 2, tp, tl)) return end;
      if (d == 0) return gt + 1;
      d--;
      p = gt + 1;
      continue;
    }
    // a name may not start with a digit, '-' or '.'; comments and processing instructions are not taken here
    if (load<u8>(NAME_CLASS + c) != 0 || (c >= 0x30 && c <= 0x39) || c == 0x2d || c == 0x2e) return end;
    let ne = lt + 2;
    let k: u8 = 0;
    while (ne < end) {
      k = load<u8>(NAME_CLASS + <usize>load<u8>(ne));
      if (k != 0) break;
      ne++;
    }
    if (k != 1) return end;
    let gt = ne;
    const ch = load<u8>(ne);
    if (ch != 0x3e) {
      gt = attributesEnd(ne, end);
      if (gt >= end) return end;
    }
    p = gt + 1;
    if (load<u8>(gt - 1) == 0x2f) continue;
    if (d >= SKIP_LEVELS) return end;
    const at = SKIP_STACK + (<usize>d << 3);
    store<i32>(at, <i32>(lt + 1));
    store<i32>(at + 4, <i32>(ne - lt - 1));
    d++;
  }
  return end;
}

/**
 * For a start tag whose name ends at p (white space or `/` there): the position of its `>` when
 * what follows is attributes as XML writes them (white space, `name="value"` or `name='value'`
 * with no `<` in the value) and an optional `/`; end when it is anything else.
 */
function attributesEnd(p: usize, end: usize): usize {
  for (;;) {
    const ws = p;
    while (p < end && isSpace(<u32>load<u8>(p))) p++;
    if (p >= end) return end;
    const c = load<u8>(p);
    if (c == 0x3e) return p;
    if (c == 0x2f) return p + 1 < end && load<u8>(p + 1) == 0x3e ? p + 1 : end;
    // an attribute: white space before it, a name, '=', a quoted value
    if (p == ws || load<u8>(NAME_CLASS + <usize>c) != 0) return end;
    while (p < end && load<u8>(NAME_CLASS + <usize>load<u8>(p)) == 0) p++;
    while (p < end && isSpace(<u32>load<u8>(p))) p++;
    if (p >= end || load<u8>(p) != 0x3d) return end;
    p++;
    while (p < end && isSpace(<u32>load<u8>(p))) p++;
    if (p >= end) return end;
    const quote = load<u8>(p);
    if (quote != 0x22 && quote != 0x27) return end;
    p++;
    while (p < end && load<u8>(p) != quote) {
      if (load<u8>(p) == 0x3c) return end;
      p++;
    }
    if (p >= end) return end;
    p++;
  }
  return end;
}

@inline function isSpace(c: u32): bool {
  return c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d;
}

// number reading, as src/parse/values.ts quantityIn / flagIn (bytes instead of chars)
let numberEnd: usize = 0;
/** True when the number needs JavaScript's Number() (more than 15 digits). */
let numberLong: bool = false;

function numberAt(s: usize, e: usize): f64 {
  let i = s;
  const c0 = <u32>load<u8>(i);
  const negative = c0 == 0x2d;
  if (negative || c0 == 0x2b) i++;
  let m: f64 = 0;
  let digits: i32 = 0;
  while (i < e) {
    const c = <i32>load<u8>(i) - 0x30;
    if (c < 0 || c > 9) break;
    m = m * 10 + <f64>c;
    digits++;
    i++;
  }
  let fraction: i32 = 0;
  if (i < e && load<u8>(i) == 0x2e) {
    i++;
    while (i < e) {
      const c = <i32>load<u8>(i) - 0x30;
      if (c < 0 || c > 9) break;
      m = m * 10 + <f64>c;
      fraction++;
      i++;
    }
  }
  numberLong = false;
  if (digits + fraction == 0) {
    numberEnd = s;
    return NaN;
  }
  numberEnd = i;
  if (digits + fraction > 15) {
    numberLong = true;
    return NaN;
  }
  const v = fraction == 0 ? m : m / load<f64>(pow10 + (<usize>fraction << 3));
  return negative ? -v : v;
}

/** The quantity in [s, e) in unit `unit`; sets numberLong when JavaScript must read it. */
function quantity(s: usize, e: usize, unit: i32): f64 {
  numberLong = false;
  while (s < e && isSpace(<u32>load<u8>(s))) s++;
  while (e > s && isSpace(<u32>load<u8>(e - 1))) e--;
  if (s == e) return NaN;
  if (unit == PSTATE_UNIT) {
    if (load<u8>(s) != 0x50) return NaN;
    const v = numberAt(s + 1, e);
    return numberEnd == e ? v : NaN;
  }
  const v = numberAt(s, e);
  if (numberEnd == s || numberLong) return NaN;
  let u = numberEnd;
  while (u < e && isSpace(<u32>load<u8>(u))) u++;
  if (u == e) return v;
  const first = load<i32>(unitIndex + (<usize>unit << 3));
  const count = load<i32>(unitIndex + (<usize>unit << 3) + 4);
  const len = e - u;
  for (let k = 0; k < count; k++) {
    const en = unitEntries + (<usize>(first + k) << 4);
    if (<usize>load<i32>(en + 4) == len && sameBytes(<usize>load<i32>(en), u, len)) return v * load<f64>(en + 8);
  }
  return NaN;
}

@inline function isTrimSpace(c: u32): bool {
  return c == 0x20 || (c >= 0x09 && c <= 0x0d);
}

function flag(s: usize, e: usize): f64 {
  while (s < e && isTrimSpace(<u32>load<u8>(s))) s++;
  while (e > s && isTrimSpace(<u32>load<u8>(e - 1))) e--;
  const len = e - s;
  // "Active" / "Not Active"
  if (len == 6 && load<u32>(s) == 0x69746341 && load<u16>(s + 4) == 0x6576) return 1;
  if (len == 10 && load<u64>(s) == 0x6974634120746f4e && load<u16>(s + 8) == 0x6576) return 0;
  return NaN;
}

/** Whether [s, e) has no entity and no non-ASCII byte (markup never reaches here: it falls back). */
function plain(s: usize, e: usize): bool {
  for (; s < e; s++) {
    const c = load<u8>(s);
    if (c == 0x26 || c >= 0x80 || c == 0x3c) return false;
  }
  return true;
}

@inline function emit(k: i32, type: i32, a: i32, b: i32, c: i32): void {
  const p = events + (<usize>k << 4);
  store<i32>(p, type);
  store<i32>(p + 4, a);
  store<i32>(p + 8, b);
  store<i32>(p + 12, c);
}

/** A leaf's value event: a number when the node's value kind allows and the text is plain, else its text range. */
function leafEvent(k: i32, node: i32, s: usize, e: usize, base: usize): void {
  const vk = (load<i32>(nodes + (<usize>node << 2)) >> VALUE_SHIFT) & 255;
  numberLong = false;
  if (vk != 0 && plain(s, e)) {
    const v = vk == FLAG_KIND ? flag(s, e) : quantity(s, e, vk - 1);
    if (!numberLong) {
      emit(k, EV_LEAF_NUM, node, 0, 0);
      store<f64>(numbers + (<usize>k << 3), v);
      return;
    }
  }
  emit(k, EV_LEAF_TEXT, node, <i32>(s - base), <i32>(e - base));
}

// where run() stands, kept across a NEW_NAME return so that resume() goes on from the tag
let docStart: usize = 0;
let docEnd: usize = 0;
let atI: usize = 0;
let atDepth: i32 = 0;
let atK: i32 = 0;

/**
 * Scans the document at [start, end) (from `<nvidia_smi_log` to its end tag). Returns OK with
 * eventCount events written, FALLBACK, or NEW_NAME (then add the name and call resume()).
 */
export function scan(start: usize, end: usize): i32 {
  eventCount = 0;
  if (end - start < 16 || load<u8>(start) != 0x3c) return FALLBACK;
  const rootEnd = findByte(start, end, 0x3e);
  if (rootEnd >= end) return FALLBACK;
  // level 0: the root, named by bytes start+1 .. start+15
  store<i32>(stack, 0);
  store<i32>(stack + 4, <i32>(start + 1));
  store<i32>(stack + 8, 14);
  store<i32>(stack + 12, <i32>(rootEnd + 1));
  store<i32>(stack + 16, 0);
  docStart = start;
  docEnd = end;
  atI = rootEnd + 1;
  atDepth = 0;
  atK = 0;
  return run();
}

/** Goes on after NEW_NAME, from the start tag that stopped the scan. */
export function resume(): i32 {
  return run();
}

function run(): i32 {
  const start = docStart;
  const end = docEnd;
  let i = atI;
  let depth = atDepth;
  let k = atK;
  for (;;) {
    if (k + 4 > maxEvents) return FALLBACK;
    const lt = findByte(i, end, 0x3c);
    if (lt + 1 >= end) return FALLBACK;
    const c = load<u8>(lt + 1);
    const top = stack + (<usize>depth) * 20;
    if (c == 0x2f) {
      const np = <usize>load<i32>(top + 4);
      const nl = <usize>load<i32>(top + 8);
      const gt = lt + 2 + nl;
      if (gt >= end || load<u8>(gt) != 0x3e || !sameBytes(lt + 2, np, nl)) return FALLBACK;
      const node = load<i32>(top);
      const info = load<i32>(nodes + (<usize>node << 2));
      if (load<i32>(top + 16) == 0 && (info & NODE_LEAF) != 0) {
        leafEvent(k, node, <usize>load<i32>(top + 12), lt, start);
        k++;
      }
      const kind = info & NODE_KIND_MASK;
      if (kind == 1) emit(k++, EV_CLOSE_GPU, 0, 0, 0);
      else if (kind == 2) emit(k++, EV_CLOSE_RECORD, node, 0, 0);
      if (depth == 0) {
        eventCount = k;
        return OK;
      }
      depth--;
      i = gt + 1;
      continue;
    }
    if (c == 0x21 || c == 0x3f) return FALLBACK;
    // start tag: the name ends at '>', '/' or white space
    let ne = lt + 1;
    let ch: u32 = 0;
    while (ne < end) {
      ch = <u32>load<u8>(ne);
      if (ch == 0x3e || ch == 0x2f || isSpace(ch)) break;
      ne++;
    }
    if (ne >= end || ne == lt + 1) return FALLBACK;
    let gt = ne;
    if (ch != 0x3e) {
      gt = attributesEnd(ne, end);
      if (gt >= end) return FALLBACK;
    }
    const selfClosing = load<u8>(gt - 1) == 0x2f;
    store<i32>(top + 16, 1);
    const parent = load<i32>(top);
    const nl = ne - lt - 1;
    const child = childOf(parent, lt + 1, nl);
    if (child < 0 && !nameValid(lt + 1, ne)) return FALLBACK;
    if (child < 0) {
      if ((load<i32>(nodes + (<usize>parent << 2)) & NODE_WILDCARD) != 0) {
        newParent = parent;
        newNameStart = <i32>(lt + 1 - start);
        newNameEnd = <i32>(ne - start);
        atI = lt;
        atDepth = depth;
        atK = k;
        return NEW_NAME;
      }
      if (selfClosing) {
        i = gt + 1;
        continue;
      }
      // walk the unwanted element tag by tag (not one search for its end tag), so that a document
      // whose nesting breaks inside it (two loggers' 4 KiB blocks spliced) is declined
      i = skipElement(gt + 1, end, lt + 1, nl);
      if (i >= end) return FALLBACK;
      continue;
    }
    const info = load<i32>(nodes + (<usize>child << 2));
    const kind = info & NODE_KIND_MASK;
    if (kind == 1) emit(k++, EV_OPEN_GPU, child, <i32>(ne - start), <i32>(gt - start));
    else if (kind == 2) emit(k++, EV_OPEN_RECORD, child, 0, 0);
    if (selfClosing) {
      if ((info & NODE_LEAF) != 0) emit(k++, EV_LEAF_TEXT, child, <i32>(gt - start), <i32>(gt - start));
      if (kind == 1) emit(k++, EV_CLOSE_GPU, 0, 0, 0);
      else if (kind == 2) emit(k++, EV_CLOSE_RECORD, child, 0, 0);
      i = gt + 1;
      continue;
    }
    if (depth + 1 >= STACK_LEVELS) return FALLBACK;
    depth++;
    const t = stack + (<usize>depth) * 20;
    store<i32>(t, child);
    store<i32>(t + 4, <i32>(lt + 1));
    store<i32>(t + 8, <i32>nl);
    store<i32>(t + 12, <i32>(gt + 1));
    store<i32>(t + 16, 0);
    i = gt + 1;
  }
  return FALLBACK;
}

/**
 * The offset from `start` of the first line end in [start, end) that a document's own text does
 * not make: nvidia-smi ends every line of a document with a tag (`>`), except blank lines, a
 * line that is just `None` (an empty `<mig_devices>`) and a value whose end tag is on the next,
 * indented, line; -1 when there is none. A line end after anything else is a
 * line of stderr written into the document (`2>&1`), which JavaScript then looks for by name.
 */
export function strayNewline(start: usize, end: usize): i32 {
  let p = start;
  while (p < end) {
    const q = findByte(p, end, 0x0a);
    if (q >= end) return -1;
    // the last byte of the line that is not white space: a tag's `>`, none (a blank line), or `None`
    let b = q - 1;
    while (b >= start && (load<u8>(b) == 0x0d || load<u8>(b) == 0x20 || load<u8>(b) == 0x09)) b--;
    if (b >= start && load<u8>(b) != 0x3e && load<u8>(b) != 0x0a && !noneLine(start, b) && !indentedEndTag(q + 1, end)) return <i32>(q - start);
    p = q + 1;
  }
  return -1;
}

/**
 * Whether the next line, from p, is indented and begins with an end tag: some drivers write a
 * value's line end before its end tag (`<…applications_clocks_setting>Not Active` then
 * `      </…>`). A stderr line is followed by the document's bytes from wherever they were cut.
 */
function indentedEndTag(p: usize, end: usize): bool {
  let q = p;
  while (q < end && (load<u8>(q) == 0x20 || load<u8>(q) == 0x09)) q++;
  return q > p && q + 1 < end && load<u8>(q) == 0x3c && load<u8>(q + 1) == 0x2f;
}

/**
 * Whether some `&` in [start, end) does not begin an entity or character reference (`&name;`,
 * `&#123;`, `&#x1F;`): the document is then left to JavaScript, which declines it unless the `&`
 * stands in a comment or CDATA section.
 */
export function badAmpersand(start: usize, end: usize): bool {
  let p = start;
  for (;;) {
    const q = findByte(p, end, 0x26);
    if (q >= end) return false;
    let r = q + 1;
    if (r < end && load<u8>(r) == 0x23) {
      r++;
      const hex = r < end && load<u8>(r) == 0x78;
      if (hex) r++;
      const from = r;
      while (r < end && (isDigit(<u32>load<u8>(r)) || (hex && isHexLetter(<u32>load<u8>(r))))) r++;
      if (r == from) return true;
    } else {
      if (r >= end) return true;
      const c = <u32>load<u8>(r);
      if (load<u8>(NAME_CLASS + <usize>c) != 0 || isDigit(c) || c == 0x2d || c == 0x2e) return true;
      while (r < end && load<u8>(NAME_CLASS + <usize>load<u8>(r)) == 0) r++;
    }
    if (r >= end || load<u8>(r) != 0x3b) return true;
    p = r + 1;
  }
  return false;
}

@inline function isDigit(c: u32): bool {
  return c >= 0x30 && c <= 0x39;
}

@inline function isHexLetter(c: u32): bool {
  return (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** Whether the line ending at b (inclusive) is white space and `None`. */
function noneLine(start: usize, b: usize): bool {
  if (b < start + 4) return false;
  if (load<u8>(b - 3) != 0x4e || load<u8>(b - 2) != 0x6f || load<u8>(b - 1) != 0x6e || load<u8>(b) != 0x65) return false;
  const c = <u32>load<u8>(b - 4);
  return isSpace(c);
}

/** For tests: quantity() of [s, e) in unit index `unit`; NaN with lastNeedsJs() true when JavaScript must read it. */
export function quantityAt(s: usize, e: usize, unit: i32): f64 {
  return quantity(s, e, unit);
}

/** For tests: flag() of [s, e). */
export function flagAt(s: usize, e: usize): f64 {
  return flag(s, e);
}

/** For tests: whether the last quantityAt needs JavaScript. */
export function lastNeedsJs(): bool {
  return numberLong;
}

/**
 * First position in [p, end) of the bytes `nvidia_smi_log`, or end: the document splitter's
 * search (both tags and DOCTYPE mentions; the splitter classifies each).
 */
export function findName(p: usize, end: usize): usize {
  const first = i8x16.splat(0x6e); // n
  const last = i8x16.splat(0x67); // g, 13 bytes on
  while (p + 13 + 16 <= end) {
    let m = i8x16.bitmask(v128.and(i8x16.eq(v128.load(p), first), i8x16.eq(v128.load(p + 13), last)));
    while (m != 0) {
      const q = p + <usize>ctz(m);
      if (isName(q)) return q;
      m &= m - 1;
    }
    p += 16;
  }
  while (p + 14 <= end) {
    if (isName(p)) return p;
    p++;
  }
  return end;
}

@inline function isName(q: usize): bool {
  // "nvidia_s" "mi_l" "og", little-endian
  return load<u64>(q) == 0x735f61696469766e && load<u32>(q + 8) == 0x6c5f696d && load<u16>(q + 12) == 0x676f;
}

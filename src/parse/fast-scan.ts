import {
  AMP,
  APOS,
  BANG,
  COLON,
  DASH,
  DIGIT_0,
  DIGIT_9,
  DOT,
  GT,
  LOWER_A,
  LOWER_Z,
  LT,
  NON_ASCII,
  QUESTION,
  QUOTE,
  SLASH,
  UNDERSCORE,
  UPPER_A,
  UPPER_Z,
  isXmlSpace,
} from '../bytes.js';
import { KIND_GPU, KIND_RECORD, PATH_TRIE, childOf, type PathNode as Node } from './path-trie.js';
import type { SampleBuilder } from './sample.js';
import { decodeLatin1Text, decodeText, utf8FromLatin1 } from './text.js';
import { ParseError } from '../errors.js';

/**
 * The hot-path parser: a path-aware scanner that walks one document's tags, descends only into
 * elements that lead to a path in the field table, and skips every other subtree with a single
 * search for its end tag. It drives the same {@link SampleBuilder} as the reference parse;
 * test/parse-differential.test.ts proves the two equal on every corpus file and capture.
 *
 * The document may come in pieces (a multi-GPU document cut before each `<gpu`, so that no
 * piece is large enough for V8's large-object space); the pieces must be cut only before a
 * start tag whose parent is not a leaf. Positions in errors are in the whole document.
 *
 * @throws ParseError on a tag mismatch or a document cut short.
 */
export function scanDocument(input: string | readonly string[], builder: SampleBuilder, latin1 = false): void {
  const decode = latin1 ? decodeLatin1Text : decodeText;
  const pieces = typeof input === 'string' ? [input] : input;
  const first = pieces[0] ?? '';
  const root = first.indexOf('<nvidia_smi_log');
  if (root < 0) throw new ParseError('no <nvidia_smi_log> element', 0);
  const rootEnd = first.indexOf('>', root);
  if (rootEnd < 0) throw new ParseError('root tag not closed', root);
  checkAmpersands(pieces);

  const nodes: Node[] = [PATH_TRIE];
  const names: string[] = ['nvidia_smi_log'];
  const textStarts: number[] = [rootEnd + 1];
  const hadChild: boolean[] = [false];
  let depth = 0;
  let base = 0;

  for (let p = 0; p < pieces.length; p++) {
    const text = pieces[p]!;
    let i = p === 0 ? rootEnd + 1 : 0;
    const n = text.length;
    while (i < n) {
      const lt = text.indexOf('<', i);
      if (lt < 0) break;
      const c = text.charCodeAt(lt + 1);
      if (c === SLASH) {
        const expected = names[depth]!;
        let gt = lt + 2 + expected.length;
        if (text.charCodeAt(gt) !== GT || !text.startsWith(expected, lt + 2)) {
          gt = text.indexOf('>', lt + 2);
          if (gt < 0) throw new ParseError('end tag not closed', base + lt);
          let ne = gt;
          while (ne > lt + 2 && isXmlSpace(text.charCodeAt(ne - 1))) ne--;
          if (ne - (lt + 2) !== expected.length || !text.startsWith(expected, lt + 2)) {
            throw new ParseError(`</${text.slice(lt + 2, ne)}> closes <${expected}>`, base + lt);
          }
        }
        const node = nodes[depth]!;
        if (!hadChild[depth] && node.leaf) {
          const s = textStarts[depth]!;
          if (node.ref !== null) {
            if (plainText(text, s, lt)) builder.leafIn(node.ref, text, s, lt);
            else {
              const v = decode(text, s, lt);
              builder.leafIn(node.ref, v, 0, v.length);
            }
          } else if (node.level === 0) builder.rootLeaf(node.path, decode(text, s, lt));
        }
        if (node.kind === KIND_GPU) builder.closeGpu();
        else if (node.kind === KIND_RECORD) builder.closeRecord(node.path);
        if (depth === 0) return;
        depth--;
        i = gt + 1;
        continue;
      }
      if (c === BANG) {
        // comment or CDATA: part of the text of the element it stands in
        let e: number;
        if (text.startsWith('<!--', lt)) {
          e = text.indexOf('-->', lt + 4);
          if (e < 0) throw new ParseError('comment not closed', base + lt);
          i = e + 3;
        } else if (text.startsWith('<![CDATA[', lt)) {
          e = text.indexOf(']]>', lt + 9);
          if (e < 0) throw new ParseError('CDATA not closed', base + lt);
          i = e + 3;
        } else {
          // <!DOCTYPE or another declaration: only a prolog has them, so this is a second document spliced in
          throw new ParseError('declaration inside the document', base + lt);
        }
        continue;
      }
      if (c === QUESTION) {
        i = processingInstructionEnd(text, lt, base);
        continue;
      }
      // start tag: the name ends at '>', '/' or white space
      let ne = lt + 1;
      let ch = 0;
      while (ne < n) {
        ch = text.charCodeAt(ne);
        if (ch === GT || ch === SLASH || isXmlSpace(ch)) break;
        ne++;
      }
      let gt = ne;
      if (ch !== GT || ne === n) {
        gt = text.indexOf('>', ne);
        if (gt < 0) throw new ParseError('start tag not closed', base + lt);
        // attributes: a quoted value may hold '>' (only tags with attributes pay for this)
        if (ch !== SLASH) {
          gt = attributesEnd(text, ne);
          if (gt < 0) throw new ParseError('start tag not closed', base + lt);
        }
      }
      if (ne === lt + 1) throw new ParseError('empty tag name', base + lt);
      if (gt !== ne && !attributesValid(text, ne, gt)) throw new ParseError('malformed start tag', base + lt);
      const selfClosing = text.charCodeAt(gt - 1) === SLASH;
      hadChild[depth] = true;
      const parent = nodes[depth]!;
      const entry = childEntry(parent, text, lt + 1, ne);
      if (entry.bad) throw new ParseError('invalid tag name', base + lt);
      const child = entry.node;
      if (child === null) {
        if (selfClosing) {
          i = gt + 1;
          continue;
        }
        i = skipElement(text, entry.name, gt + 1, lt, base);
        continue;
      }
      if (child.kind === KIND_GPU) builder.openGpu(readId(text, ne, gt, latin1));
      else if (child.kind === KIND_RECORD) builder.openRecord(child.path);
      if (selfClosing) {
        if (child.leaf) {
          if (child.ref !== null) builder.leafIn(child.ref, '', 0, 0);
          else if (child.level === 0) builder.rootLeaf(child.path, '');
        }
        if (child.kind === KIND_GPU) builder.closeGpu();
        else if (child.kind === KIND_RECORD) builder.closeRecord(child.path);
        i = gt + 1;
        continue;
      }
      depth++;
      nodes[depth] = child;
      names[depth] = entry.name;
      textStarts[depth] = gt + 1;
      hadChild[depth] = false;
      i = gt + 1;
    }
    base += n;
  }
  throw new ParseError(`document ends inside <${names[depth]}>`, base);
}

/** `&` that begins an entity or character reference, from the `&` on. */
const REFERENCE = /&(?:[A-Za-z_:\u0080-\uffff][\w.:\-\u0080-\uffff]*|#[0-9]+|#x[0-9a-fA-F]+);/y;

/**
 * Throws where an `&` outside a comment or CDATA section does not begin an entity or character
 * reference, as the reference parse does. Real documents hold almost no `&`, so this is one search.
 */
function checkAmpersands(pieces: readonly string[]): void {
  let base = 0;
  for (const text of pieces) {
    for (let at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) {
      REFERENCE.lastIndex = at;
      if (REFERENCE.test(text)) continue;
      if (inside(text, at, '<!--', '-->') || inside(text, at, '<![CDATA[', ']]>')) continue;
      throw new ParseError('& that begins no entity reference', base + at);
    }
    base += text.length;
  }
}

/** Whether position `at` lies between an `open` and its `close` (the nearest before it). */
function inside(text: string, at: number, open: string, close: string): boolean {
  const o = text.lastIndexOf(open, at);
  return o >= 0 && text.lastIndexOf(close, at) < o + open.length;
}

/** Whether [s, e) can be used as it stands: no markup, no entity, no non-ASCII character. */
function plainText(text: string, s: number, e: number): boolean {
  for (let k = s; k < e; k++) {
    const ch = text.charCodeAt(k);
    if (ch === LT || ch === AMP || ch >= NON_ASCII) return false;
  }
  return true;
}

/** Index of the `>` that ends a start tag whose attributes begin at `from`, skipping quoted values; -1 when none. */
function attributesEnd(text: string, from: number): number {
  let quote = 0;
  for (let j = from; j < text.length; j++) {
    const ch = text.charCodeAt(j);
    if (quote !== 0) {
      if (ch === quote) quote = 0;
    } else if (ch === QUOTE || ch === APOS) quote = ch;
    else if (ch === GT) return j;
  }
  return -1;
}

/** A child name seen under a node: its end-tag prefix, and its node (null: skipped). */
interface Entry {
  name: string;
  node: Node | null;
  /** Not an XML name: the document is declined. */
  bad: boolean;
}

/** Child names seen per trie node, wanted or not, by {@link nameKey} (the scanner's cache). */
const SEEN = new Map<Node, { entries: Map<number, Entry[]>; count: number }>();

/** Names seen per node are remembered up to this count (a hostile document cannot grow the cache without bound). */
const SEEN_LIMIT = 512;

/** A number from a name's length and its first and last characters; names with equal keys are told apart by comparison. */
function nameKey(text: string, s: number, e: number): number {
  return (e - s) * 0x10000 + ((text.charCodeAt(s) * 31 + text.charCodeAt(e - 1)) & 0xffff);
}

/**
 * The entry for the child element named `text.slice(s, e)` of `parent`, found without making
 * a substring once the name has been seen.
 */
function childEntry(parent: Node, text: string, s: number, e: number): Entry {
  const key = nameKey(text, s, e);
  let seen = SEEN.get(parent);
  if (seen === undefined) SEEN.set(parent, (seen = { entries: new Map(), count: 0 }));
  const list = seen.entries.get(key);
  if (list !== undefined) {
    for (let k = 0; k < list.length; k++) {
      const en = list[k]!;
      if (en.name.length === e - s && text.startsWith(en.name, s)) return en;
    }
  }
  // a fresh copy of the name, so that the cache does not keep the document text alive
  const name = copyOf(text, s, e);
  const bad = !XML_NAME.test(name);
  const en: Entry = { name, node: bad ? null : childOf(parent, name), bad };
  if (seen.count < SEEN_LIMIT) {
    seen.count++;
    if (list !== undefined) list.push(en);
    else seen.entries.set(key, [en]);
  }
  return en;
}

/** A flat copy of text[s, e) that shares no memory with `text`. */
function copyOf(text: string, s: number, e: number): string {
  let out = '';
  for (let k = s; k < e; k += 4096) out += String.fromCharCode(...codes(text, k, Math.min(e, k + 4096)));
  return out;
}

function codes(text: string, s: number, e: number): number[] {
  const a = new Array<number>(e - s);
  for (let k = s; k < e; k++) a[k - s] = text.charCodeAt(k);
  return a;
}

/**
 * Returns the index after the end tag of an element named `name` whose content starts at `from`,
 * checking on the way that every element inside it is closed in order, as the reference parse
 * does: a document that two loggers wrote into at once (a 4 KiB block of one inside a document
 * of the other) must be declined even where its damage lies in a part that is not read.
 */
function skipElement(text: string, name: string, from: number, at: number, base: number): number {
  const n = text.length;
  let depth = 0; // open elements inside the skipped one, their names at SKIP_STARTS/SKIP_LENGTHS
  let j = from;
  for (;;) {
    const lt = text.indexOf('<', j);
    if (lt < 0) throw new ParseError(`<${name}> not closed`, base + at);
    const c = text.charCodeAt(lt + 1);
    if (c === SLASH) {
      const gt = text.indexOf('>', lt + 2);
      if (gt < 0) throw new ParseError(`<${name}> not closed`, base + at);
      let ne = gt;
      while (ne > lt + 2 && isXmlSpace(text.charCodeAt(ne - 1))) ne--;
      if (depth === 0) {
        if (ne - (lt + 2) !== name.length || !text.startsWith(name, lt + 2)) {
          throw new ParseError(`</${text.slice(lt + 2, ne)}> closes <${name}>`, base + lt);
        }
        return gt + 1;
      }
      depth--;
      const s = SKIP_STARTS[depth]!;
      const len = SKIP_LENGTHS[depth]!;
      if (ne - (lt + 2) !== len || !sameChars(text, s, lt + 2, len)) {
        throw new ParseError(`</${text.slice(lt + 2, ne)}> closes <${text.slice(s, s + len)}>`, base + lt);
      }
      j = gt + 1;
      continue;
    }
    if (c === BANG) {
      if (text.startsWith('<!--', lt)) {
        const e = text.indexOf('-->', lt + 4);
        if (e < 0) throw new ParseError('comment not closed', base + lt);
        j = e + 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        const e = text.indexOf(']]>', lt + 9);
        if (e < 0) throw new ParseError('CDATA not closed', base + lt);
        j = e + 3;
      } else throw new ParseError('declaration inside the document', base + lt);
      continue;
    }
    if (c === QUESTION) {
      j = processingInstructionEnd(text, lt, base);
      continue;
    }
    // the name: checked as it is read (NAME_CLASS), ending at '>', '/' or white space
    if (c < 0x100 && NAME_CLASS[c] !== NAME_CHAR) throw new ParseError('invalid tag name', base + lt);
    if ((c >= DIGIT_0 && c <= DIGIT_9) || c === DASH || c === DOT) throw new ParseError('invalid tag name', base + lt);
    let ne = lt + 2;
    let ch = 0;
    let k = NAME_CHAR;
    while (ne < n) {
      ch = text.charCodeAt(ne);
      k = ch < 0x100 ? NAME_CLASS[ch]! : NAME_CHAR;
      if (k !== NAME_CHAR) break;
      ne++;
    }
    if (ne === n) throw new ParseError('start tag not closed', base + lt);
    if (k !== NAME_END) throw new ParseError('invalid tag name', base + lt);
    let gt = ne;
    if (ch !== GT) {
      gt = ch === SLASH ? text.indexOf('>', ne) : attributesEnd(text, ne);
      if (gt < 0) throw new ParseError('start tag not closed', base + lt);
      if (!attributesValid(text, ne, gt)) throw new ParseError('malformed start tag', base + lt);
    }
    j = gt + 1;
    if (text.charCodeAt(gt - 1) === SLASH) continue; // self-closing
    if (depth === SKIP_STARTS.length) growSkipStack();
    SKIP_STARTS[depth] = lt + 1;
    SKIP_LENGTHS[depth] = ne - lt - 1;
    depth++;
  }
}

/** Name positions of the elements open inside a skipped element (grown as needed, never shrunk). */
let SKIP_STARTS = new Int32Array(64);
let SKIP_LENGTHS = new Int32Array(64);

function growSkipStack(): void {
  const s = new Int32Array(SKIP_STARTS.length * 2);
  const l = new Int32Array(SKIP_STARTS.length * 2);
  s.set(SKIP_STARTS);
  l.set(SKIP_LENGTHS);
  SKIP_STARTS = s;
  SKIP_LENGTHS = l;
}

function sameChars(text: string, a: number, b: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
  return true;
}

/**
 * The index after a processing instruction at `lt`. `<?xml …?>` is declined: an XML declaration
 * stands only at the start of a document, so one inside is a second document spliced in.
 */
function processingInstructionEnd(text: string, lt: number, base: number): number {
  if (text.startsWith('<?xml', lt) && (isXmlSpace(text.charCodeAt(lt + 5)) || text.charCodeAt(lt + 5) === QUESTION)) {
    throw new ParseError('XML declaration inside the document', base + lt);
  }
  const e = text.indexOf('?>', lt + 2);
  if (e < 0) throw new ParseError('processing instruction not closed', base + lt);
  return e + 2;
}

/** A tag name as XML allows it (ASCII letters, digits, `_ - . :`; any non-ASCII character), not starting with a digit, `-` or `.`. */
const XML_NAME = /^[A-Za-z_:\u0080-\uffff][\w.:\-\u0080-\uffff]*$/;

/** {@link classOf} per character code below 256. */
const NAME_CHAR = 0;
const NAME_END = 1;
const NAME_CLASS = Uint8Array.from({ length: 256 }, (_, c) => classOf(c));

/** 0: a name character (ASCII letters, digits, `_ - . :`, any non-ASCII); 1: ends a name (`>`, `/`, white space); 2: neither. */
function classOf(c: number): number {
  if (isAlpha(c) || (c >= DIGIT_0 && c <= DIGIT_9) || c === UNDERSCORE || c === COLON || c === DASH || c === DOT || c >= NON_ASCII)
    return NAME_CHAR;
  return c === GT || c === SLASH || isXmlSpace(c) ? NAME_END : 2;
}

function isAlpha(c: number): boolean {
  return (c >= UPPER_A && c <= UPPER_Z) || (c >= LOWER_A && c <= LOWER_Z);
}

/** Attributes as `name="value"` pairs separated by white space, and an optional `/` before `>`, in text[s, gt). */
const ATTRIBUTES = /^(?:[ \t\r\n]+[A-Za-z_:][\w.:-]*[ \t\r\n]*=[ \t\r\n]*(?:"[^"<]*"|'[^'<]*'))*[ \t\r\n]*\/?$/;

function attributesValid(text: string, s: number, gt: number): boolean {
  return ATTRIBUTES.test(text.slice(s, gt));
}

const ID_ATTR = /(?:^|\s)id\s*=\s*(?:"([^"]*)"|'([^']*)')/;

/** Reads the `id` attribute from a start tag's attribute text [s, e). */
export function readId(text: string, s: number, e: number, latin1: boolean): string | null {
  const src = latin1 ? utf8FromLatin1(text.slice(s, e)) : text.slice(s, e);
  const m = ID_ATTR.exec(src);
  if (m === null) return null;
  const v = m[1] ?? m[2] ?? '';
  return v.includes('&') ? decodeText(v, 0, v.length) : v;
}

import { KIND_GPU, KIND_RECORD, PATH_TRIE, childOf, type PathNode as Node } from './path-trie.js';
import type { SampleBuilder } from './sample.js';
import { decodeLatin1Text, decodeText, utf8FromLatin1 } from './text.js';

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
      if (c === 0x2f /* / */) {
        const expected = names[depth]!;
        let gt = lt + 2 + expected.length;
        if (text.charCodeAt(gt) !== 0x3e || !text.startsWith(expected, lt + 2)) {
          gt = text.indexOf('>', lt + 2);
          if (gt < 0) throw new ParseError('end tag not closed', base + lt);
          let ne = gt;
          while (ne > lt + 2 && isSpace(text.charCodeAt(ne - 1))) ne--;
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
      if (c === 0x21 /* ! */) {
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
          e = text.indexOf('>', lt + 2);
          if (e < 0) throw new ParseError('declaration not closed', base + lt);
          i = e + 1;
        }
        continue;
      }
      if (c === 0x3f /* ? */) {
        const e = text.indexOf('?>', lt + 2);
        if (e < 0) throw new ParseError('processing instruction not closed', base + lt);
        i = e + 2;
        continue;
      }
      // start tag: the name ends at '>', '/' or white space
      let ne = lt + 1;
      let ch = 0;
      while (ne < n) {
        ch = text.charCodeAt(ne);
        if (ch === 0x3e || ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d || ch === 0x2f) break;
        ne++;
      }
      let gt = ne;
      if (ch !== 0x3e || ne === n) {
        gt = text.indexOf('>', ne);
        if (gt < 0) throw new ParseError('start tag not closed', base + lt);
        // attributes: a quoted value may hold '>' (only tags with attributes pay for this)
        if (ch !== 0x2f) {
          gt = attributesEnd(text, ne);
          if (gt < 0) throw new ParseError('start tag not closed', base + lt);
        }
      }
      if (ne === lt + 1) throw new ParseError('empty tag name', base + lt);
      const selfClosing = text.charCodeAt(gt - 1) === 0x2f;
      hadChild[depth] = true;
      const parent = nodes[depth]!;
      const entry = childEntry(parent, text, lt + 1, ne);
      const child = entry.node;
      if (child === null) {
        if (selfClosing) {
          i = gt + 1;
          continue;
        }
        i = skipElement(text, entry.name, entry.close, gt + 1, lt, base);
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

function isSpace(ch: number): boolean {
  return ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d;
}

/** Whether [s, e) can be used as it stands: no markup, no entity, no non-ASCII character. */
function plainText(text: string, s: number, e: number): boolean {
  for (let k = s; k < e; k++) {
    const ch = text.charCodeAt(k);
    if (ch === 0x3c || ch === 0x26 || ch >= 0x80) return false;
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
    } else if (ch === 0x22 || ch === 0x27) quote = ch;
    else if (ch === 0x3e) return j;
  }
  return -1;
}

/** A document that does not parse. `position` is a character index in the document text. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

/** A child name seen under a node: its end-tag prefix, and its node (null: skipped). */
interface Entry {
  name: string;
  close: string;
  node: Node | null;
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
  const en: Entry = { name, close: copyOf(`</${name}`, 0, name.length + 2), node: childOf(parent, name) };
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

/** Returns the index after the end tag (`close` is `</name`) of an element whose content starts at `from`. */
function skipElement(text: string, name: string, close: string, from: number, at: number, base: number): number {
  let j = from;
  for (;;) {
    const e = text.indexOf(close, j);
    if (e < 0) throw new ParseError(`<${name}> not closed`, base + at);
    const after = e + close.length;
    const ch = text.charCodeAt(after);
    if (ch === 0x3e) return after + 1;
    if (ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d) {
      const gt = text.indexOf('>', after);
      if (gt < 0) throw new ParseError(`<${name}> not closed`, base + at);
      return gt + 1;
    }
    j = after;
  }
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

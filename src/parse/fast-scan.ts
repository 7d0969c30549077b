import { COUNTER_PARENTS, FLAG_PARENTS, GPU_LEAF_PATHS, GPU_RECORDS, ROOT_PATHS } from './fields.js';
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

  const nodes: Node[] = [ROOT];
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
        const gt = text.indexOf('>', lt + 2);
        if (gt < 0) throw new ParseError('end tag not closed', base + lt);
        const name = trimName(text, lt + 2, gt);
        if (name !== names[depth]) throw new ParseError(`</${name}> closes <${names[depth]}>`, base + lt);
        const node = nodes[depth]!;
        if (!hadChild[depth] && node.leaf) emitLeaf(builder, node, decode(text, textStarts[depth]!, lt));
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
      // start tag
      let gt = text.indexOf('>', lt + 1);
      if (gt < 0) throw new ParseError('start tag not closed', base + lt);
      let ne = lt + 1;
      while (ne < gt) {
        const ch = text.charCodeAt(ne);
        if (ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d || ch === 0x2f) break;
        ne++;
      }
      // attributes: a quoted value may hold '>' (only tags with attributes pay for this)
      if (ne < gt && text.charCodeAt(ne) !== 0x2f) {
        gt = attributesEnd(text, ne);
        if (gt < 0) throw new ParseError('start tag not closed', base + lt);
      }
      const name = text.slice(lt + 1, ne);
      if (name.length === 0) throw new ParseError('empty tag name', base + lt);
      const selfClosing = text.charCodeAt(gt - 1) === 0x2f;
      hadChild[depth] = true;
      const parent = nodes[depth]!;
      const child = parent.children.get(name) ?? (parent.wildcard !== null ? parent.wildcard(name) : undefined);
      if (child === undefined) {
        if (selfClosing) {
          i = gt + 1;
          continue;
        }
        i = skipElement(text, name, gt + 1, lt, base);
        continue;
      }
      if (child.kind === KIND_GPU) builder.openGpu(readAttr(text, ne, gt, 'id', latin1));
      else if (child.kind === KIND_RECORD) builder.openRecord(child.path);
      if (selfClosing) {
        if (child.leaf) emitLeaf(builder, child, '');
        if (child.kind === KIND_GPU) builder.closeGpu();
        else if (child.kind === KIND_RECORD) builder.closeRecord(child.path);
        i = gt + 1;
        continue;
      }
      depth++;
      nodes[depth] = child;
      names[depth] = name;
      textStarts[depth] = gt + 1;
      hadChild[depth] = false;
      i = gt + 1;
    }
    base += n;
  }
  throw new ParseError(`document ends inside <${names[depth]}>`, base);
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

const KIND_PLAIN = 0;
const KIND_GPU = 1;
const KIND_RECORD = 2;

interface Node {
  kind: number;
  /** Event path: root leaf name, or path relative to <gpu>. */
  path: string;
  /** Emit a leaf event when this element has no child elements. */
  leaf: boolean;
  /** 0 root-level, 1 gpu-level. */
  level: 0 | 1;
  children: Map<string, Node>;
  wildcard: ((name: string) => Node | undefined) | null;
}

function node(kind: number, path: string, level: 0 | 1, leaf: boolean): Node {
  return { kind, path, leaf, level, children: new Map(), wildcard: null };
}

function emitLeaf(b: SampleBuilder, n: Node, value: string): void {
  if (n.level === 0) b.rootLeaf(n.path, value);
  else b.gpuLeaf(n.path, value);
}

/** The trie of wanted paths, built from the field table. */
const ROOT: Node = (() => {
  const root = node(KIND_PLAIN, '', 0, false);
  for (const p of ROOT_PATHS) root.children.set(p, node(KIND_PLAIN, p, 0, true));
  const gpu = node(KIND_GPU, '', 1, false);
  root.children.set('gpu', gpu);
  const ensure = (path: string): Node => {
    let cur = gpu;
    const parts = path.split('/');
    parts.forEach((part, k) => {
      let next = cur.children.get(part);
      if (next === undefined) {
        next = node(KIND_PLAIN, parts.slice(0, k + 1).join('/'), 1, false);
        cur.children.set(part, next);
      }
      cur = next;
    });
    return cur;
  };
  for (const p of GPU_LEAF_PATHS.keys()) ensure(p).leaf = true;
  for (const p of GPU_RECORDS) {
    const r = ensure(p);
    r.kind = KIND_RECORD;
    r.leaf = true; // `<processes>N/A</processes>` is a leaf too
  }
  for (const parents of [FLAG_PARENTS, COUNTER_PARENTS]) {
    for (const parent of Object.keys(parents)) {
      const pn = ensure(parent);
      const cache = new Map<string, Node>();
      pn.wildcard = (name) => {
        let c = cache.get(name);
        if (c === undefined) {
          c = node(KIND_PLAIN, `${parent}/${name}`, 1, true);
          cache.set(name, c);
        }
        return c;
      };
    }
  }
  return root;
})();

/** Returns the index after the end tag of an element whose content starts at `from`. */
function skipElement(text: string, name: string, from: number, at: number, base: number): number {
  const close = `</${name}`;
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

function trimName(text: string, s: number, e: number): string {
  while (e > s) {
    const ch = text.charCodeAt(e - 1);
    if (ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d) e--;
    else break;
  }
  return text.slice(s, e);
}

/** Reads attribute `attr` from a start tag's attribute text [s, e). */
function readAttr(text: string, s: number, e: number, attr: string, latin1: boolean): string | null {
  const src = latin1 ? utf8FromLatin1(text.slice(s, e)) : text.slice(s, e);
  const m = new RegExp(`(?:^|\\s)${attr}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(src);
  if (m === null) return null;
  const v = m[1] ?? m[2] ?? '';
  return v.includes('&') ? decodeText(v, 0, v.length) : v;
}

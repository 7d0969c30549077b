import { NODE_KIND_GPU, NODE_KIND_RECORD } from '../wasm/abi.js';
import { COUNTER_PARENTS, FLAG_PARENTS, GPU_LEAF_PATHS, GPU_RECORDS, ROOT_PATHS } from './fields.js';
import { leafRef, type LeafRef } from './sample.js';

/**
 * The trie of element paths the parsers want, built once from the field table: both fast
 * scanners (JavaScript and WebAssembly) descend only into its nodes and skip everything else.
 */
export interface PathNode {
  kind: number;
  /** Event path: root leaf name, or path relative to <gpu>. */
  path: string;
  /** Emit a leaf event when this element has no child elements. */
  leaf: boolean;
  /** 0 root-level, 1 gpu-level. */
  level: 0 | 1;
  /** What a gpu-level leaf means; null for root-level nodes and paths that carry nothing. */
  ref: LeafRef | null;
  children: Map<string, PathNode>;
  /** Children of any name (clock event reasons and their counters), or null. */
  wildcard: ((name: string) => PathNode) | null;
}

export const KIND_PLAIN = 0;
export const KIND_GPU = NODE_KIND_GPU;
export const KIND_RECORD = NODE_KIND_RECORD;

/** Wildcard children are remembered up to this count per parent (a hostile document cannot grow the cache without bound). */
const WILDCARD_CACHE = 512;

function node(kind: number, path: string, level: 0 | 1, leaf: boolean): PathNode {
  return { kind, path, leaf, level, ref: null, children: new Map(), wildcard: null };
}

/** The child of `parent` named `name`, or null when nothing under that name is wanted. */
export function childOf(parent: PathNode, name: string): PathNode | null {
  return parent.children.get(name) ?? (parent.wildcard !== null ? parent.wildcard(name) : null);
}

/** The root of the trie: `<nvidia_smi_log>`. */
export const PATH_TRIE: PathNode = (() => {
  const root = node(KIND_PLAIN, '', 0, false);
  for (const p of ROOT_PATHS) root.children.set(p, node(KIND_PLAIN, p, 0, true));
  const gpu = node(KIND_GPU, '', 1, false);
  root.children.set('gpu', gpu);
  const ensure = (path: string): PathNode => {
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
  for (const p of GPU_LEAF_PATHS.keys()) {
    const n = ensure(p);
    n.leaf = true;
    n.ref = leafRef(p);
  }
  for (const p of GPU_RECORDS) {
    const r = ensure(p);
    r.kind = KIND_RECORD;
    r.leaf = true; // `<processes>N/A</processes>` is a leaf too
    r.ref = leafRef(p);
  }
  for (const parents of [FLAG_PARENTS, COUNTER_PARENTS]) {
    for (const parent of Object.keys(parents)) {
      const pn = ensure(parent);
      const cache = new Map<string, PathNode>();
      pn.wildcard = (name) => {
        let c = cache.get(name);
        if (c === undefined) {
          c = node(KIND_PLAIN, `${parent}/${name}`, 1, true);
          c.ref = leafRef(c.path);
          if (cache.size < WILDCARD_CACHE) cache.set(name, c);
        }
        return c;
      };
    }
  }
  return root;
})();

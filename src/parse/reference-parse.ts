import { createRequire } from 'node:module';
import type { XMLParser } from 'fast-xml-parser';
import { GPU_RECORDS } from './fields.js';
import { ParseError } from '../errors.js';
import type { SampleBuilder } from './sample.js';

/**
 * The reference parse: fast-xml-parser reads the whole document into a tree, and every leaf is
 * handed to the same {@link SampleBuilder} as the fast scanner. This is the only file that uses
 * fast-xml-parser. It is slower and serves as the oracle in the differential tests
 * (`parser: 'reference'` selects it). fast-xml-parser is loaded on first use, so that the fast
 * path does not pay for it (7.5 MiB of memory and its load time).
 */
export function referenceParseDocument(text: string, builder: SampleBuilder): void {
  const { validator, parser } = fxp();
  const valid = validator.validate(text);
  if (valid !== true) throw new ParseError(valid.err.msg, lineColToIndex(text, valid.err.line, valid.err.col));
  const tree = parser.parse(text) as Record<string, unknown>;
  const roots = tree['nvidia_smi_log'];
  if (!Array.isArray(roots) || roots.length === 0) throw new ParseError('no <nvidia_smi_log> element', 0);
  const root = roots[0];
  if (typeof root !== 'object' || root === null) return;
  for (const [key, items] of Object.entries(root as Record<string, unknown>)) {
    if (key.startsWith('@_') || key === '#text' || !Array.isArray(items)) continue;
    for (const item of items) {
      if (key === 'gpu') {
        const obj = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
        const id = obj['@_id'];
        builder.openGpu(typeof id === 'string' ? id : null);
        walkGpu(obj, '', builder);
        builder.closeGpu();
      } else if (isLeaf(item)) {
        builder.rootLeaf(key, leafText(item));
      }
    }
  }
}

const RECORDS = new Set<string>(GPU_RECORDS);

type Fxp = typeof import('fast-xml-parser');
let loaded: { validator: Fxp['XMLValidator']; parser: XMLParser } | null = null;

/** fast-xml-parser and the parser configured for nvidia-smi documents, loaded once. */
function fxp(): { validator: Fxp['XMLValidator']; parser: XMLParser } {
  if (loaded === null) {
    const lib = createRequire(import.meta.url)('fast-xml-parser') as Fxp;
    loaded = {
      validator: lib.XMLValidator,
      parser: new lib.XMLParser({
        ignoreAttributes: false,
        attributeNamePrefix: '@_',
        parseTagValue: false,
        parseAttributeValue: false,
        trimValues: false,
        processEntities: true,
        htmlEntities: true, // decodes numeric character references (&#65;) as XML requires
        ignoreDeclaration: true,
        ignorePiTags: true,
        isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
      }),
    };
  }
  return loaded;
}

function walkGpu(obj: Record<string, unknown>, prefix: string, b: SampleBuilder): void {
  for (const [key, items] of Object.entries(obj)) {
    if (key.startsWith('@_') || key === '#text' || !Array.isArray(items)) continue;
    const path = prefix === '' ? key : `${prefix}/${key}`;
    const record = RECORDS.has(path);
    for (const item of items) {
      if (record) b.openRecord(path);
      if (isLeaf(item)) b.gpuLeaf(path, leafText(item));
      else walkGpu(item as Record<string, unknown>, path, b);
      if (record) b.closeRecord(path);
    }
  }
}

/** An element with no child elements (text, attributes only, or empty). */
function isLeaf(item: unknown): boolean {
  if (typeof item !== 'object' || item === null) return true;
  return Object.keys(item).every((k) => k === '#text' || k.startsWith('@_'));
}

function leafText(item: unknown): string {
  if (typeof item === 'string') return item;
  if (typeof item === 'number' || typeof item === 'boolean') return String(item);
  if (typeof item === 'object' && item !== null) {
    const t = (item as Record<string, unknown>)['#text'];
    return t === undefined ? '' : String(t);
  }
  return '';
}

function lineColToIndex(text: string, line: number, col: number): number {
  let idx = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', idx);
    if (nl < 0) break;
    idx = nl + 1;
  }
  return idx + Math.max(0, col - 1);
}

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '..', '..');

/** ../shared/corpus beside the checkout, or the folder MC2_CORPUS names. */
export const CORPUS_DIR = process.env.MC2_CORPUS ?? resolve(ROOT, '..', 'shared', 'corpus');
/** ../shared/captures beside the checkout, or MC2_CAPTURES. */
export const CAPTURES_DIR = process.env.MC2_CAPTURES ?? resolve(ROOT, '..', 'shared', 'captures');

export const HAVE_CORPUS = existsSync(CORPUS_DIR);
export const HAVE_CAPTURES = existsSync(CAPTURES_DIR);

/** Why corpus tests are skipped, printed once. */
export const CORPUS_SKIP_REASON = `corpus folder not found at ${CORPUS_DIR} (set MC2_CORPUS): corpus tests skipped`;
export const CAPTURES_SKIP_REASON = `captures folder not found at ${CAPTURES_DIR} (set MC2_CAPTURES): capture tests skipped`;

if (!HAVE_CORPUS) console.warn(CORPUS_SKIP_REASON);
if (!HAVE_CAPTURES) console.warn(CAPTURES_SKIP_REASON);

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out.sort();
}

/** Every .xml file of the corpus (absolute paths); empty when the corpus is absent. */
export function corpusFiles(): string[] {
  return HAVE_CORPUS ? walk(CORPUS_DIR).filter((f) => f.endsWith('.xml')) : [];
}

/** Every log in ../shared/captures (.xml and .xml.gz). */
export function captureFiles(): string[] {
  return HAVE_CAPTURES ? walk(CAPTURES_DIR).filter((f) => /\.xml(\.gz)?$/.test(f)) : [];
}

/** The committed fixtures under fixtures/ (.xml and .xml.gz). */
export function fixtureFiles(sub = ''): string[] {
  const dir = join(ROOT, 'fixtures', sub);
  return existsSync(dir) ? walk(dir).filter((f) => /\.xml(\.gz)?$/.test(f)) : [];
}

/** A short display name relative to the corpus or captures folder. */
export function shortName(f: string): string {
  for (const d of [CORPUS_DIR, CAPTURES_DIR, ROOT]) if (f.startsWith(d)) return relative(d, f);
  return f;
}

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/corpus.js';

/**
 * docs/architecture.md's rule, kept: data flows one way, so a module imports only from its own
 * folder and the folders upstream of it (bytes → documents → samples → series → analyses → tables →
 * reports and datasets → the CLI).
 */
const RANK: Record<string, number> = {
  'errors.ts': 0,
  'clean-text.ts': 0,
  'bytes.ts': 0,
  types: 0,
  wasm: 1,
  io: 1,
  documents: 2,
  parse: 3,
  formats: 3,
  series: 4,
  analyze: 5,
  table: 6,
  report: 7,
  dataset: 7,
  cli: 8,
  'index.ts': 9,
  'advanced.ts': 10,
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('the folders of src/', () => {
  it('every folder has a place in the flow, and no import points upstream', () => {
    const src = join(ROOT, 'src');
    const upstream: string[] = [];
    for (const f of files(src)) {
      const rel = relative(src, f);
      const top = rel.split('/')[0]!;
      expect(RANK[top], `${top} is not in docs/architecture.md's flow`).toBeDefined();
      for (const m of readFileSync(f, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const target = normalize(join(dirname(rel), m[1]!))
          .split('/')[0]!
          .replace(/\.js$/, '.ts');
        if (target !== top && RANK[target]! > RANK[top]!) upstream.push(`${rel} imports ${m[1]}`);
      }
    }
    expect(upstream).toEqual([]);
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAVE_CORPUS, ROOT } from './helpers/corpus.js';

/**
 * Every ```js run block in README.md and docs/*.md is run as an ES module against the built
 * package (imported as 'mc2-telemetry', resolved through package.json "exports"), from the
 * repository root. A block fails the test when it throws (the examples assert what they show).
 */
const docs = [
  'README.md',
  ...(existsSync(join(ROOT, 'docs'))
    ? readdirSync(join(ROOT, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`)
    : []),
];
const blocks: [string, string][] = [];
for (const d of docs) {
  const p = join(ROOT, d);
  if (!existsSync(p)) continue;
  const md = readFileSync(p, 'utf8');
  const re = /^```js run\n([\s\S]*?)^```/gm;
  let m: RegExpExecArray | null;
  let k = 0;
  while ((m = re.exec(md)) !== null) blocks.push([`${d} example ${++k}`, m[1]!]);
}
const out = join(ROOT, '.doc-examples');
mkdirSync(out, { recursive: true });

// an example that reads ../shared needs it; the others (committed fixtures) always run
const needsShared = (code: string): boolean => /\.\.\/shared|corpus\//.test(code);
describe('documentation examples run', () => {
  it('there are examples to run', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });
  it.for(blocks)('%s', ([name, code], ctx) => {
    if (needsShared(code) && !HAVE_CORPUS) {
      ctx.skip();
      return;
    }
    const file = join(out, `${name.replace(/[^a-z0-9]+/gi, '-')}.mjs`);
    writeFileSync(file, code);
    const r = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr, `${name} stderr`).toBe('');
    expect(r.status, `${name}\n${r.stdout}`).toBe(0);
  });
});

describe('the README library example in a strict TypeScript consumer', () => {
  it('type-checks with strict and noUncheckedIndexedAccess, importing the package by its name', () => {
    const md = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const code = /^```js run\n([\s\S]*?)^```/m.exec(md)![1]!;
    expect(code).toContain("from 'mc2-telemetry'");
    const file = join(out, 'readme-strict.ts');
    writeFileSync(file, `${code}\nexport {};\n`);
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(
      process.execPath,
      [
        tsc,
        '--noEmit',
        '--strict',
        '--noUncheckedIndexedAccess',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'es2022',
        '--skipLibCheck',
        '--types',
        'node',
        file,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

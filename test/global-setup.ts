/**
 * `npx vitest` after an edit tests the sources: the tests import src/ directly, but worker threads
 * (parse pool, ingest), the CLI's bin and the documentation examples load dist/. When any file in
 * src/ is newer than dist/, dist/ is rebuilt first (scripts/prepare.mjs: the WebAssembly scanner,
 * then TypeScript), so no test runs against a stale build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export default function setup(): void {
  const built = join(ROOT, 'dist', 'index.js');
  const src = newest(join(ROOT, 'src'));
  if (existsSync(built) && statSync(built).mtimeMs >= src && newest(join(ROOT, 'dist')) >= src) return;
  console.log('dist/ is older than src/: building it first');
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'prepare.mjs')], { stdio: 'inherit' });
}

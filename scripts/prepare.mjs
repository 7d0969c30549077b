// Builds dist/ in a checkout (the WebAssembly scanner, then TypeScript): bin/mc2-telemetry.js runs
// it on the first run where dist/ is missing (the package has no install scripts, so installing its
// tarball runs nothing). In an installed package (dist/ shipped, no build tools) there is nothing to
// build, and it says so instead of failing on a missing script or compiler.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url).pathname;
let tsc = null;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  tsc = null;
}
if (!existsSync(`${root}scripts/build-wasm.mjs`) || tsc === null) {
  if (!existsSync(`${root}dist/index.js`))
    console.error(
      'mc2-telemetry: no dist/ and no build tools (typescript, assemblyscript): install from a checkout with its devDependencies',
    );
  process.exit(0);
}
execFileSync(process.execPath, [`${root}scripts/build-wasm.mjs`], { stdio: 'inherit' });
execFileSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });

#!/usr/bin/env node
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
// Keep V8's young generation at its initial size: the reader allocates short-lived objects at a
// high rate, and letting the young generation grow to its 16 MiB semi-spaces only raised peak
// RSS (by ~25-30 MiB on a 2 GB log, plain or .gz; no change in speed: docs/performance.md).
setFlagsFromString('--semi-space-growth-factor=1');
// Output that cannot be written: a closed pipe (`| head`) ends quietly with exit 0; anything else
// (a full disk, `> /dev/full`) is one line and exit 2, never a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(0);
    if (stream === process.stdout)
      process.stderr.write(
        `mc2-telemetry: cannot write the output: ${e.code ?? e.message}${e.code === 'ENOSPC' ? ' (no space left on the device)' : ''}\n`,
      );
    process.exit(2);
  });
}
// A checkout that was never built (no install scripts run: an installed package ships dist/)
// builds itself once, here.
if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
  process.stderr.write('mc2-telemetry: building dist/ (first run in this checkout)…\n');
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/prepare.mjs', import.meta.url))], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
const { main } = await import('../dist/cli/main.js');
main(process.argv).then((code) => {
  process.exitCode = code;
});

#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
// Keep V8's young generation at its initial size: the reader allocates short-lived objects at a
// high rate, and letting the young generation grow to its 16 MiB semi-spaces only raised peak
// RSS (by ~25-30 MiB on a 2 GB log, plain or .gz; no change in speed: docs/performance.md).
setFlagsFromString('--semi-space-growth-factor=1');
const { main } = await import('../dist/cli/main.js');
main(process.argv).then((code) => {
  process.exitCode = code;
});

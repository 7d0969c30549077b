import { createRequire } from 'node:module';

/** The version in package.json (read at run time: one source of truth for --version and the report's footer). */
export function packageVersion(): string {
  const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
  return pkg.version;
}

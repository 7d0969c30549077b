import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/corpus.js';

/** The package as a user installs it: what the tarball holds, require and import, the version. */
describe('the package', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
    license: string;
    scripts: Record<string, string>;
  };
  it('packs a LICENSE, dist/ and the sources its source maps point to; runs no install script', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toContain('LICENSE');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('bin/mc2-telemetry.js');
    for (const map of files.filter((f) => f.endsWith('.js.map'))) {
      const sources = (JSON.parse(readFileSync(join(ROOT, map), 'utf8')) as { sources: string[] }).sources;
      for (const s of sources) expect(files, `${map} points to ${s}`).toContain(join(map, '..', s).replace(/\\/g, '/'));
    }
    for (const s of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts[s], s).toBeUndefined();
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });
  it('require() and import both load it (tslab and CommonJS scripts use require)', () => {
    const cjs = spawnSync(process.execPath, ['-e', "const m = require('mc2-telemetry'); process.stdout.write(typeof m.readLog)"], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(cjs.stderr).toBe('');
    expect(cjs.stdout).toBe('function');
    const esm = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "import { readLog } from 'mc2-telemetry'; process.stdout.write(typeof readLog)"],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(esm.stdout).toBe('function');
  });
  it('--version is the one in package.json; --help lists every command with examples, without loading them', () => {
    const bin = join(ROOT, 'bin', 'mc2-telemetry.js');
    expect(spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).stdout.trim()).toBe(pkg.version);
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' }).stdout;
    for (const c of ['summarize', 'compare', 'report', 'export', 'watch', 'ingest', 'fleet', 'Examples:', 'docs/cli.md'])
      expect(help).toContain(c);
  });
  it('the top-level help is built from one-line summaries: no command module (Arrow, Parquet, Plot) is loaded for it', async () => {
    const { buildProgram } = await import('../src/cli/main.js');
    const top = await buildProgram(() => undefined, '--help');
    expect(top.commands.map((c) => c.name())).toEqual(['summarize', 'compare', 'report', 'export', 'watch', 'ingest', 'fleet']);
    expect(top.commands.every((c) => c.options.length === 0)).toBe(true);
    const one = await buildProgram(() => undefined, 'summarize');
    expect(one.commands[0]!.options.length).toBeGreaterThan(5);
  });
  it('the root is the small documented API; the building blocks are in mc2-telemetry/advanced', async () => {
    const root = await import('../src/index.js');
    const advanced = await import('../src/advanced.js');
    for (const internal of [
      'DocumentSplitter',
      'SampleBuilder',
      'openInput',
      'csvCell',
      'escapeHtml',
      'bucketExtremes',
      'LogBuilder',
      'parseDocument',
    ]) {
      expect(Object.keys(root), internal).not.toContain(internal);
      expect(Object.keys(advanced), internal).toContain(internal);
    }
    // everything the root has, advanced has too
    for (const k of Object.keys(root)) expect(Object.keys(advanced)).toContain(k);
    expect(Object.keys(root).length).toBeLessThan(80);
    const cjs = spawnSync(
      process.execPath,
      ['-e', "const a = require('mc2-telemetry/advanced'); process.stdout.write(typeof a.DocumentSplitter)"],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(cjs.stdout).toBe('function');
  });
});

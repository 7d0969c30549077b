import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLog } from '../src/series/read-log.js';
import { exportLogs } from '../src/table/export-logs.js';
import { ROOT } from './helpers/corpus.js';

/**
 * The Deno-kernel and Observable cells of docs/notebook.md, run in Node with the notebook's globals
 * stood in for. The `js run` blocks of the same file run in test/doc-examples.test.ts.
 */
const md = readFileSync(join(ROOT, 'docs', 'notebook.md'), 'utf8');
const block = (tag: string): string => {
  const m = new RegExp(`^\`\`\`js ${tag}\\n([\\s\\S]*?)^\`\`\``, 'm').exec(md);
  if (!m) throw new Error(`no js ${tag} block in docs/notebook.md`);
  return m[1]!;
};
const dir = join(ROOT, '.doc-examples');
mkdirSync(dir, { recursive: true });
const captures = join(ROOT, 'fixtures', 'captures');

/** Runs a module file from `cwd`; the file sits inside the package so `mc2-telemetry` resolves to it. */
function run(name: string, code: string, cwd: string): { stdout: string; stderr: string; status: number | null } {
  const file = join(dir, name);
  writeFileSync(file, code);
  return spawnSync(process.execPath, [file], { cwd, encoding: 'utf8', timeout: 60_000 });
}

describe('docs/notebook.md notebook cells', () => {
  it('the Deno Jupyter cell displays a Plot chart of the log', () => {
    const cell = block('deno').replace(/(['"])npm:/g, '$1');
    const prelude =
      'globalThis.Deno = { jupyter: { html: (s, ...v) => { globalThis.__shown = String.raw({ raw: s }, ...v); return { shown: true }; } } };\n';
    const code = `${prelude}${cell}\nprocess.stdout.write(globalThis.__shown ?? '');\n`;
    const r = run('notebook-deno.mjs', code, captures);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^<(svg|figure)/);
    expect(r.stdout).toContain('NVIDIA H100 80GB HBM3'); // the legend of the stroke: gpuName
    expect((r.stdout.match(/<path/g) ?? []).length).toBeGreaterThan(0);
  });

  it('the Observable cells chart the exported Arrow file', async () => {
    const arrow = join(dir, 'perfile.arrow');
    const out = createWriteStream(arrow);
    await exportLogs(await readLog(join(captures, 'h100-perfile-lms.xml.gz')), { format: 'arrow' }, out);
    out.end();
    await finished(out);
    const cells = block('observable')
      .trim()
      .split('\n')
      .map((line) => {
        const m = /^(\w+) = (.*)$/.exec(line);
        return m ? `const ${m[1]} = ${m[2]};` : `const __out = ${line};`;
      })
      .join('\n');
    const prelude = [
      "import * as aq from 'arquero';",
      "import * as Plot from '@observablehq/plot';",
      "import { tableFromIPC } from 'apache-arrow';",
      "import { readFileSync } from 'node:fs';",
      "import { parseHTML } from 'linkedom';",
      "globalThis.window = { document: parseHTML('<!doctype html><html><body></body></html>').document };",
      'const FileAttachment = (name) => ({ arrow: async () => tableFromIPC(readFileSync(name)) });',
    ].join('\n');
    const r = run(
      'notebook-observable.mjs',
      `${prelude}\n${cells}\nprocess.stdout.write(JSON.stringify({ rows: t.numRows(), svg: __out.outerHTML }));\n`,
      dir,
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const res = JSON.parse(r.stdout) as { rows: number; svg: string };
    expect(res.rows).toBe(207);
    expect(res.svg).toMatch(/^<(svg|figure)/);
    expect((res.svg.match(/<path/g) ?? []).length).toBeGreaterThan(0);
  });
});

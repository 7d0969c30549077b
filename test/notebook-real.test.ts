import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './bad-input/material.js';
import { ROOT } from './helpers/corpus.js';
import { groundTruth } from './helpers/ground-truth.js';

/**
 * examples/mc2-telemetry.ipynb executed for real: Debian's `jupyter nbconvert --execute` (with
 * nbclient and jupyter-client, installed by .ci/run) and the Deno kernel from npm's `deno` package,
 * in a folder set up as a user's: `mc2-telemetry` and `@observablehq/plot` in node_modules (linked
 * to this checkout), the two logs beside the notebook.
 */
const nbconvert = spawnSync('jupyter', ['nbconvert', '--version'], { encoding: 'utf8' });
const HAVE_JUPYTER = nbconvert.status === 0;
if (!HAVE_JUPYTER)
  console.warn(
    'jupyter nbconvert not found (Debian: jupyter-nbconvert python3-nbclient jupyter-client): the real-notebook test is skipped',
  );

const tmp = tempDir('mc2-nb-');
afterAll(() => tmp.cleanup());

describe.skipIf(!HAVE_JUPYTER)('the example notebook, in Jupyter with the Deno kernel', () => {
  it('runs every cell: a summary line, an arquero table, a Plot chart, the compare verdict, a followed log', () => {
    const dir = tmp.dir;
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'nb', private: true, type: 'module', dependencies: { 'mc2-telemetry': '*', '@observablehq/plot': '*' } }),
    );
    mkdirSync(join(dir, 'node_modules', '@observablehq'), { recursive: true });
    symlinkSync(ROOT, join(dir, 'node_modules', 'mc2-telemetry'));
    symlinkSync(join(ROOT, 'node_modules', '@observablehq', 'plot'), join(dir, 'node_modules', '@observablehq', 'plot'));
    for (const f of ['h200-rep-folder-1.xml.gz', 'h200-rep-perfile-1.xml.gz'])
      copyFileSync(join(ROOT, 'fixtures', 'captures', f), join(dir, f));
    copyFileSync(join(ROOT, 'examples', 'mc2-telemetry.ipynb'), join(dir, 'nb.ipynb'));
    // the kernel as `deno jupyter --install` writes it, in a private Jupyter path
    const kernels = join(dir, 'jupyter', 'kernels', 'deno');
    mkdirSync(kernels, { recursive: true });
    writeFileSync(
      join(kernels, 'kernel.json'),
      JSON.stringify({
        argv: [process.execPath, join(ROOT, 'node_modules', 'deno', 'bin.cjs'), 'jupyter', '--kernel', '--conn', '{connection_file}'],
        display_name: 'Deno',
        language: 'typescript',
      }),
    );
    const r = spawnSync(
      'jupyter',
      [
        'nbconvert',
        '--to',
        'notebook',
        '--execute',
        '--ExecutePreprocessor.kernel_name=deno',
        '--ExecutePreprocessor.timeout=180',
        // nbclient waits only 4 s (iopub_timeout) after a cell's reply for the kernel's outputs and
        // then goes on without them, logging a warning: on a loaded machine (the whole suite running
        // on 2 cores) that dropped the table's display_data. Wait longer, and fail if it ever happens.
        '--ExecutePreprocessor.iopub_timeout=120',
        '--ExecutePreprocessor.raise_on_iopub_timeout=True',
        '--output',
        'out.ipynb',
        'nb.ipynb',
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, JUPYTER_PATH: join(dir, 'jupyter'), DENO_NO_UPDATE_CHECK: '1' },
        timeout: 300_000,
      },
    );
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    const out = JSON.parse(readFileSync(join(dir, 'out.ipynb'), 'utf8')) as {
      cells: {
        cell_type: string;
        outputs?: { output_type: string; text?: string | string[]; data?: Record<string, string | string[]> }[];
      }[];
    };
    const outputs = out.cells.flatMap((c) => c.outputs ?? []);
    expect(outputs.filter((o) => o.output_type === 'error')).toEqual([]);
    const text = outputs.map((o) => (Array.isArray(o.text) ? o.text.join('') : (o.text ?? ''))).join('');
    const html = outputs
      .map((o) => o.data?.['text/html'])
      .filter((x) => x !== undefined)
      .map((x) => (Array.isArray(x) ? x.join('') : x))
      .join('');
    const svg = outputs
      .map((o) => o.data?.['image/svg+xml'])
      .filter((x) => x !== undefined)
      .map((x) => (Array.isArray(x) ? x.join('') : x))
      .join('');
    // the host started 6 processes in the per-file run (fixtures/captures/capture2-log.txt)
    const launches = groundTruth().procs.filter((p) => p.scenario === 'rep-perfile-1').length;
    expect(launches).toBe(6);
    // what came back, named in every failure below
    const got = `outputs: ${JSON.stringify(outputs.map((o) => [o.output_type, Object.keys(o.data ?? {})]))}; nbconvert: ${r.stderr.slice(-1000)}`;
    expect(text, got).toMatch(new RegExp(`per-file run: \\d+ samples, duty cycle \\d+\\.\\d %, ${launches} launches`));
    expect(html, got).toContain('<table');
    expect(html, got).toContain('powerW');
    expect(svg, got).toMatch(/^<(svg|figure)/);
    expect(text, got).toContain('winner: folder');
    // followLog, following a copy of the per-file capture, ends with summarizeLog's figures
    const summarized = /per-file run: (\d+) samples, duty cycle (\d+\.\d) %/.exec(text);
    const followed = /followed: (\d+) documents, duty cycle (\d+\.\d) %/.exec(text);
    expect(followed, got).not.toBeNull();
    expect([followed![1], followed![2]]).toEqual([summarized![1], summarized![2]]);
  });
});

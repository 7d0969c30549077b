import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportCommand } from '../src/cli/report.js';
import { synthLog } from './helpers/synth-log.js';

describe('report command', () => {
  it('writes one HTML page for label=FILE runs, with the labels and the title', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mc2-report-cli-'));
    writeFileSync(
      join(dir, 'a.xml'),
      synthLog({
        gpus: 1,
        seconds: 6,
        state: (t) => (t >= 1 && t < 5 ? { powerW: 300, utilPct: 100, processes: [{ pid: 5 }] } : { powerW: 70, utilPct: 0 }),
      }),
    );
    const out = join(dir, 'r.html');
    const code = await reportCommand([`folder=${join(dir, 'a.xml')}`, join(dir, 'a.xml')], { output: out, title: 'Two & two' });
    expect(code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<title>Two &amp; two</title>');
    expect(html).toContain('<b>folder</b>');
    expect(html).toContain('<b>a</b>');
  });

  it('rejects a bad analysis flag with its name', async () => {
    await expect(reportCommand(['x.xml'], { output: '/dev/null', idleBelow: '-3' })).rejects.toThrow('invalid --idle-below: -3');
  });

  it('exits 2 naming the file when a log cannot be read', async () => {
    const code = await reportCommand(['/nonexistent/x.xml'], { output: '/dev/null' });
    expect(code).toBe(2);
  });
});

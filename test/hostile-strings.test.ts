/**
 * Strings from a log are hostile: product and process names (and any other text) with ANSI escape
 * sequences, C0/C1 control characters, bidi overrides, `<script>` and spreadsheet formula prefixes.
 * Built from real capture documents with those names written in; each output is checked: terminal
 * text (summarize, watch, warnings), JSON, the HTML report, CSV export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { watchCommand } from '../src/cli/watch.js';
import { readLog } from '../src/series/read-log.js';
import { HAVE_MATERIAL, folderDocs, runCli, tempDir, withTimestamp, writeTemp } from './bad-input/material.js';

const tmp = tempDir('mc2-hostile-');
afterAll(() => tmp.cleanup());

const ESC = '\u001b';
/** A product name: formula prefix, quotes and comma, SGR colour, `<script>`, an OSC title set ended by BEL, a right-to-left override. */
const PRODUCT = `=HYPERLINK("http://evil.example/x","H100")${ESC}[31m<script>alert(1)</script>${ESC}]0;pwned\u0007\u202Egnp.exe`;
/** A process name: formula prefix, clear screen, a C1 CSI, backspaces, DEL, a right-to-left override and isolate (they reach the report through the launch timeline's SVG titles). */
const PROCESS = `+cmd|' /C calc'!A0${ESC}[2J\u009b31m\b\b\u007fpython3\u202Eyp.\u2066x`;
/** An unreadable timestamp that lands in a warning message. */
const TIMESTAMP = `${ESC}[2J${ESC}[H-2+3 tea time`;

/** XML text for a string: markup characters escaped, control characters left raw as a broken logger would write them. */
const xmlText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Characters that must never reach a terminal: C0 except newline, DEL, C1, bidi controls. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function hostileLog(): string {
  const docs = folderDocs().slice(18, 24);
  expect(docs.some((d) => d.includes('<process_name>python3</process_name>'))).toBe(true);
  const out = docs.map((d) =>
    d
      .replace(/<product_name>[^<]*<\/product_name>/, `<product_name>${xmlText(PRODUCT)}</product_name>`)
      .replace(/<process_name>python3<\/process_name>/g, `<process_name>${xmlText(PROCESS)}</process_name>`),
  );
  out[2] = withTimestamp(out[2]!, TIMESTAMP);
  return out.join('');
}

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

describe.skipIf(!HAVE_MATERIAL)('hostile strings from a log', () => {
  it('are kept exactly as written in the data (the library does not alter them)', async () => {
    const file = writeTemp(tmp.dir, 'kept.xml', hostileLog());
    for (const parser of ['fast', 'reference'] as const) {
      const log = await readLog(file, { parser });
      expect(log.gpus[0]!.identity.name).toBe(PRODUCT);
      expect(log.gpus[0]!.processes.names).toEqual([PROCESS]);
      expect(log.warningCounts).toEqual({ BAD_TIMESTAMP: 1 });
    }
  });

  it('summarize (terminal text): no escape sequence, control or bidi character reaches the terminal; the visible text stays', async () => {
    const file = writeTemp(tmp.dir, 'term.xml', hostileLog());
    const run = await runCli(['summarize', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(UNSAFE);
    expect(run.stderr).not.toMatch(UNSAFE);
    expect(run.stdout).toContain('=HYPERLINK("http://evil.example/x","H100")');
    expect(run.stdout).toContain('BAD_TIMESTAMP');
    expect(run.stdout).not.toContain('0;pwned');
  });

  it('summarize --json: the names round-trip exactly and the JSON text holds no raw control character', async () => {
    const file = writeTemp(tmp.dir, 'json.xml', hostileLog());
    const run = await runCli(['summarize', '--json', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(UNSAFE);
    const s = JSON.parse(run.stdout) as { gpus: { name: string }[]; warnings: { message: string }[] };
    expect(s.gpus[0]!.name).toBe(PRODUCT);
    expect(s.warnings[0]!.message).toContain(JSON.stringify(TIMESTAMP.slice(0, 40)));
  });

  it('watch: live lines, notices and the summary are sanitised', async () => {
    const file = writeTemp(tmp.dir, 'watch.xml', hostileLog());
    const out = new Sink();
    const err = new Sink();
    const ac = new AbortController();
    const w = watchCommand(file, { interval: '10' }, { out, err, signal: ac.signal });
    const end = Date.now() + 20_000;
    while (!out.text.includes('6 samples') && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    expect(await w).toBe(0);
    expect(out.text).toContain('6 samples');
    expect(out.text).not.toMatch(UNSAFE);
    expect(err.text).not.toMatch(UNSAFE);
    expect(out.text).toContain('<script>alert(1)</script>'); // plain text on a terminal is harmless once escapes are gone
  });

  it('HTML report: every string escaped, no script element, no raw control character', async () => {
    const file = writeTemp(tmp.dir, 'report.xml', hostileLog());
    const html = join(tmp.dir, 'report.html');
    const run = await runCli(['report', '-o', html, '--title', '<img src=x onerror=alert(1)>', `evil<b>label=${file}`]);
    expect(run.code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<b>label');
    expect(page).toContain('evil&lt;b&gt;label');
    expect(page).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    // the process name does reach the page (the launch timeline's titles), without its bidi controls
    expect(page).toContain('python3yp.x');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('CSV export: text cells starting with = + - @ are neutralised with a leading quote, numbers stay numbers', async () => {
    const file = writeTemp(tmp.dir, 'export.xml', hostileLog());
    const csv = join(tmp.dir, 'out.csv');
    const run = await runCli(['export', '-o', csv, `@SUM(A1)=${file}`]);
    expect(run.code).toBe(0);
    const lines = readFileSync(csv, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.length > 0);
    expect(lines.length).toBe(7); // header + 6 samples
    // no cell anywhere starts with a formula character unless it is a number
    for (const line of lines.slice(1)) {
      const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
      for (const cell of cells) if (/^[=+\-@]/.test(cell)) expect(Number.isFinite(Number(cell)), `cell ${JSON.stringify(cell)}`).toBe(true);
    }
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example/x"",""H100"")`);
    expect(lines[1]).toContain("'@SUM(A1)");
    expect(readFileSync(csv, 'utf8')).not.toMatch(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});

describe('hostile strings: the last three outputs', () => {
  it('escapeHtml removes bidi overrides and C1 controls', async () => {
    const { escapeHtml } = await import('../src/report/escape-html.js');
    expect(escapeHtml('evil\u202egnp.exe\u009b31m<b>')).toBe('evilgnp.exe&lt;b&gt;');
  });
  it('csvCell removes ANSI escapes and bidi overrides but keeps formula neutralising and numbers', async () => {
    const { csvCell } = await import('../src/table/csv-cell.js');
    expect(csvCell('\u001b[31mred\u202e')).toBe('red');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell(-8)).toBe('-8');
  });
});

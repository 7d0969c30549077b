import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../src/advanced.js';
import { ROOT } from './helpers/corpus.js';

/**
 * The TSDoc examples are true. Every one-line `@example EXPRESSION // RESULT` in src/ whose
 * expression needs nothing but the package's exports and literals, and whose result is a literal,
 * (or such a line inside an `@example` block) is run against the package (`mc2-telemetry/advanced`, which holds the root too) and its value
 * compared with the result shown. Examples that need a log or a run (`readLog('…')`, `gpuKeys(sample)`)
 * and results written in words are listed as not run; the count of those run is pinned from below
 * so that examples cannot silently stop running (93 example lines, 30 run, at the time of writing).
 */
interface Example {
  where: string;
  expression: string;
  shown: string;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const file of sources(join(ROOT, 'src'))) {
    let inExample = false;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        // an example line: `@example EXPR // RESULT`, or `EXPR // RESULT` inside an @example block
        if (/^\s*\*\//.test(line) || /^\s*\*\s*@(?!example)/.test(line)) inExample = false;
        const tagged = /^\s*\*\s*@example\b\s*(.*)$/.exec(line);
        if (tagged) inExample = true;
        if (!inExample) return;
        const code = tagged ? tagged[1]! : (/^\s*\*\s?(.*)$/.exec(line)?.[1] ?? '');
        const m = /^(?!\/\/)(.+?)\s*\/\/\s*(.+?)\s*$/.exec(code);
        if (m) out.push({ where: `${relative(ROOT, file)}:${i + 1}`, expression: m[1]!.replace(/;$/, ''), shown: m[2]! });
      });
  }
  return out;
}

/** Typed arrays and Sets as plain arrays, so that `[0, 250]` equals `Float64Array.of(0, 250)`. */
function plain(v: unknown): unknown {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

const names = Object.keys(api);
const values = names.map((n) => (api as Record<string, unknown>)[n]);

function literal(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: new Function(`return (${text});`)() };
  } catch {
    return { ok: false };
  }
}

function evaluate(expression: string): { ok: true; value: unknown } | { ok: false; why: string } {
  try {
    return { ok: true, value: new Function(...names, `return (${expression});`)(...values) };
  } catch (e) {
    // a name that is neither exported nor a global: the example needs a log or run it does not show
    if (e instanceof ReferenceError || e instanceof SyntaxError) return { ok: false, why: String(e) };
    throw new Error(`${expression}: ${String(e)}`);
  }
}

describe('the @example lines of the TSDoc', () => {
  const all = examples();

  it('finds the examples', () => {
    expect(all.length).toBeGreaterThanOrEqual(80);
  });

  it('every self-contained example shows the value its expression has', () => {
    const wrong: string[] = [];
    const ran: string[] = [];
    for (const ex of all) {
      const shown = literal(ex.shown);
      if (!shown.ok) continue; // a result in words
      const got = evaluate(ex.expression);
      if (!got.ok) continue; // needs a log or run
      ran.push(ex.where);
      const a = JSON.stringify(plain(got.value));
      const b = JSON.stringify(plain(shown.value));
      if (a !== b) wrong.push(`${ex.where}: ${ex.expression} is ${a}, the example shows ${b}`);
    }
    expect(wrong).toEqual([]);
    expect(ran.length).toBeGreaterThanOrEqual(30);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNITS } from '../src/parse/values.js';
import * as abi from '../src/wasm/abi.js';
import { ROOT } from './helpers/corpus.js';

/**
 * src/wasm/abi.ts is the one place the WebAssembly scanner and its JavaScript driver agree on
 * numbers: both import it, neither declares its own copy, and the unit index the module treats
 * as a P-state is the one the unit table gives `pstate`.
 */
describe('the WebAssembly ABI', () => {
  const names = Object.keys(abi);

  it('is imported by both sides, and neither side declares a constant of its own with an ABI name', () => {
    expect(names.length).toBeGreaterThanOrEqual(15);
    for (const [file, from] of [
      ['src/wasm/scanner.as.ts', "} from './abi';"],
      ['src/parse/wasm-scan.ts', "import * as abi from '../wasm/abi.js';"],
    ] as const) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      expect(text, file).toContain(from);
      const declared = names.filter((n) => new RegExp(`\\b(const|let|var)\\s+${n}\\b`).test(text));
      expect(declared, file).toEqual([]);
    }
  });

  it('names event types, results and node bits by distinct numbers that fit their fields', () => {
    const events = names.filter((n) => n.startsWith('EV_')).map((n) => abi[n as keyof typeof abi]);
    expect(new Set(events).size).toBe(events.length);
    expect(new Set([abi.SCAN_OK, abi.SCAN_FALLBACK, abi.SCAN_NEW_NAME]).size).toBe(3);
    // kind bits, leaf and wildcard flags, value kind: no two overlap
    expect(abi.NODE_KIND_GPU & ~abi.NODE_KIND_MASK).toBe(0);
    expect(abi.NODE_KIND_RECORD & ~abi.NODE_KIND_MASK).toBe(0);
    expect(abi.NODE_LEAF & (abi.NODE_KIND_MASK | abi.NODE_WILDCARD)).toBe(0);
    expect(1 << abi.VALUE_SHIFT).toBeGreaterThan(abi.NODE_KIND_MASK | abi.NODE_LEAF | abi.NODE_WILDCARD);
    expect(1 + UNITS.length).toBeLessThan(abi.FLAG_KIND);
  });

  it('treats as a P-state the unit index the unit table gives pstate', () => {
    expect(UNITS.indexOf('pstate')).toBe(abi.PSTATE_UNIT);
  });
});

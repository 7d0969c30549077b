import { describe, expect, it } from 'vitest';
import { cleanText } from '../src/clean-text.js';

describe('cleanText', () => {
  it('takes out ANSI sequences, C0/C1 controls, DEL, U+2028/9 and every bidi embedding, override and isolate', () => {
    const bidi = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
    for (const c of bidi) expect(cleanText(`gpj${c}.exe`)).toBe('gpj.exe');
    expect(cleanText('a\u001b[31mred\u001b[0m \u001b]0;title\u0007b \u009b2Jc')).toBe('ared b c');
    expect(cleanText('x\u0000\u0008\u007f\u0085\u2028\u2029y')).toBe('xy');
  });
  it('keeps tab, LF and CR unless told not to, and leaves other text alone', () => {
    expect(cleanText('a\tb\nc\r\n')).toBe('a\tb\nc\r\n');
    expect(cleanText('a\tb\nc', { keepWhitespace: false })).toBe('abc');
    expect(cleanText('NVIDIA H100 80GB HBM3 — 700 W ✓ 日本')).toBe('NVIDIA H100 80GB HBM3 — 700 W ✓ 日本');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFlag, parseQuantity, parseText } from '../src/advanced.js';

describe('parseQuantity', () => {
  it('reads numbers with their units and normalises them', () => {
    expect(parseQuantity('25.55 W', 'W')).toBe(25.55);
    expect(parseQuantity('16160 MiB', 'MiB')).toBe(16160);
    expect(parseQuantity('2 GiB', 'MiB')).toBe(2048);
    expect(parseQuantity('891 KB/s', 'KB/s')).toBe(891);
    expect(parseQuantity('2 MB/s', 'KB/s')).toBe(2000);
    expect(parseQuantity('33 C', 'C')).toBe(33);
    expect(parseQuantity('0 %', '%')).toBe(0);
    expect(parseQuantity('1410 MHz', 'MHz')).toBe(1410);
    expect(parseQuantity('4251825415 us', 'us')).toBe(4251825415);
    expect(parseQuantity('16x', 'x')).toBe(16);
    expect(parseQuantity('P8', 'pstate')).toBe(8);
    expect(parseQuantity('500 mW', 'W')).toBe(0.5);
  });
  it('tolerates padding', () => {
    expect(parseQuantity('  40 %  ', '%')).toBe(40);
    expect(parseQuantity('\t12.5 W\n', 'W')).toBe(12.5);
  });
  it('a missing value is NaN, never 0', () => {
    for (const t of [
      'N/A',
      '[N/A]',
      'None',
      'Not Supported',
      '[Not Supported]',
      'Requested functionality has been deprecated',
      'Unknown Error',
      'Insufficient Permissions',
      '',
      '   ',
    ]) {
      expect(parseQuantity(t, 'W')).toBeNaN();
    }
  });
  it('a unit of another kind is NaN', () => {
    expect(parseQuantity('12 MiB', 'W')).toBeNaN();
    expect(parseQuantity('P0', 'W')).toBeNaN();
  });
});

describe('parseFlag and parseText', () => {
  it('reads Active / Not Active, anything else is NaN', () => {
    expect(parseFlag('Active')).toBe(1);
    expect(parseFlag(' Not Active ')).toBe(0);
    expect(parseFlag('N/A')).toBeNaN();
  });
  it('returns null for missing spellings and trims text', () => {
    expect(parseText(' NVIDIA H100 ')).toBe('NVIDIA H100');
    expect(parseText('N/A')).toBeNull();
    expect(parseText('Requested functionality has been deprecated')).toBeNull();
  });
});

describe('parseQuantity reads numbers in place', () => {
  it('any decimal (sign, up to 20 integer and 20 fraction digits) reads exactly as Number() reads it', () => {
    const digits = (max: number) => fc.array(fc.constantFrom(...'0123456789'), { maxLength: max }).map((a) => a.join(''));
    fc.assert(
      fc.property(
        fc.constantFrom('', '-', '+'),
        digits(20),
        fc.boolean(),
        digits(20),
        fc.constantFrom(' W', 'W', ' mW', ''),
        (sign, int, dot, frac, unit) => {
          const num = `${sign}${int}${dot ? '.' : ''}${dot ? frac : ''}`;
          const expected = int.length + (dot ? frac.length : 0) === 0 ? NaN : Number(num) * (unit === ' mW' ? 1e-3 : 1);
          expect(Object.is(parseQuantity(`${num}${unit}`, 'W'), expected)).toBe(true);
        },
      ),
      { numRuns: 5000 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupDigits, isoDay } from '../../components/library/format';

describe('library number and date text without Intl', () => {
  it('groups digits exactly as toLocaleString("en") does', () => {
    for (const n of [0, 1, 12, 999, 1000, 12_345, 100_000, 1_000_000, -1, -1000, -123_456_789]) expect(groupDigits(n)).toBe(n.toLocaleString('en'));
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => groupDigits(n) === n.toLocaleString('en')), { numRuns: 2000 });
  });

  it('writes the local day exactly as toLocaleDateString("en-CA") does', () => {
    const day = (s: string) => new Date(s).getTime();
    expect(isoDay(day('2025-03-10T12:00:00'))).toBe('2025-03-10');
    expect(isoDay(day('2025-01-05T00:00:00'))).toBe('2025-01-05');
    expect(isoDay(day('2025-01-05T23:59:59.999'))).toBe('2025-01-05');
    // From the year 1000 to 9999, and around the epoch.
    fc.assert(fc.property(fc.integer({ min: -30_610_224_000_000, max: 253_402_300_799_000 }), (ms) => isoDay(ms) === new Date(ms).toLocaleDateString('en-CA')), { numRuns: 2000 });
  });

  it('gives no day for a time that is not one', () => {
    expect(isoDay(Number.NaN)).toBe('');
    expect(isoDay(Number.POSITIVE_INFINITY)).toBe('');
    expect(isoDay(9e15)).toBe('');
  });
});

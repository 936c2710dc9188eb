import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLocalDateTime } from '../../../src/sources/tender-mn/index.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Any real instant between 1970 and 9999, as the API would write it in Ulaanbaatar time. */
const localTimes = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => {
    const ub = new Date(Math.floor(d.getTime() / 1000) * 1000 + 8 * 3600 * 1000);
    const text =
      `${pad(ub.getUTCFullYear(), 4)}-${pad(ub.getUTCMonth() + 1)}-${pad(ub.getUTCDate())} ` +
      `${pad(ub.getUTCHours())}:${pad(ub.getUTCMinutes())}:${pad(ub.getUTCSeconds())}`;
    return { text, instant: ub.getTime() - 8 * 3600 * 1000 };
  });

describe('parseLocalDateTime', () => {
  it('adds the Ulaanbaatar offset to the documented layout', () => {
    expect(parseLocalDateTime('2026-06-24 12:00:00')).toBe('2026-06-24T12:00:00+08:00');
    expect(parseLocalDateTime('2024-02-29 23:59:59')).toBe('2024-02-29T23:59:59+08:00');
    expect(parseLocalDateTime('2021-01-22 00:00:00')).toBe('2021-01-22T00:00:00+08:00');
  });

  it('gives the instant the local time stands for, for any instant', () => {
    fc.assert(
      fc.property(localTimes, ({ text, instant }) => {
        const iso = parseLocalDateTime(text);
        expect(iso).toBe(`${text.replace(' ', 'T')}+08:00`);
        expect(Date.parse(iso)).toBe(instant);
      }),
    );
  });

  it.each([
    ['an ISO date-time with T', '2026-06-24T12:00:00'],
    ['an offset', '2026-06-24 12:00:00+08:00'],
    ['a Z', '2026-06-24 12:00:00Z'],
    ['fractions of a second', '2026-06-24 12:00:00.000'],
    ['a date alone', '2026-06-24'],
    ['no seconds', '2026-06-24 12:00'],
    ['dots', '2026.06.24 12:00:00'],
    ['surrounding space', ' 2026-06-24 12:00:00'],
    ['month 13', '2026-13-01 12:00:00'],
    ['30 February', '2026-02-30 12:00:00'],
    ['29 February of a common year', '2025-02-29 12:00:00'],
    ['hour 24', '2026-06-24 24:00:00'],
    ['minute 60', '2026-06-24 12:60:00'],
    ['a leap second', '2026-06-30 23:59:60'],
    ['an empty string', ''],
  ])('refuses %s (schema drift)', (_name, value) => {
    expect(() => parseLocalDateTime(value)).toThrow(
      `Expected an Ulaanbaatar local date-time such as "2026-06-24 12:00:00", but got ${JSON.stringify(value)}.`,
    );
  });

  it('refuses every string that is not exactly the layout', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 25 }), (value) => {
        fc.pre(!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value));
        expect(() => parseLocalDateTime(value)).toThrow(RangeError);
      }),
    );
  });
});

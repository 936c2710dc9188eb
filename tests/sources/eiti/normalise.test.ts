import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseIdentification, normaliseLicenceNumber } from '../../../src/sources/eiti/index.js';
import { portalMapFile } from './helpers.js';

/** Whitespace of the kinds spreadsheets leave around cells: spaces, tabs, new lines, no-break and zero-width. */
const padding = fc
  .array(fc.constantFrom(' ', '\t', '\n', '\r\n', '\u00a0', '\u3000', '\u200b', '\ufeff'), { maxLength: 4 })
  .map((parts) => parts.join(''));
const digits = fc.stringMatching(/^\d{1,12}$/);

describe('normaliseIdentification', () => {
  it.each([
    ['2657457', '2657457'],
    [' 2657457 ', '2657457'],
    ['2657457\n', '2657457'],
    ['\u200b0904080\u00a0', '0904080'],
    ['25000000', '25000000'],
    ['0904080', '0904080'],
  ])('reads %j as the register number %j', (raw, expected) => {
    expect(normaliseIdentification(raw)).toBe(expected);
  });

  it.each([
    'n/a',
    'N/A',
    'https://burtgel.gov.mn/',
    '',
    '   ',
    'if available',
    '2657457 / 2008572',
    '265-7457',
    'УБ12345678',
  ])('gives null for the noise %j', (raw) => {
    expect(normaliseIdentification(raw)).toBeNull();
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (raw) => {
        const once = normaliseIdentification(raw);
        expect(once === null ? null : normaliseIdentification(once)).toBe(once);
      }),
    );
  });

  it('ignores padding around a number and keeps its digits, leading zeros included', () => {
    fc.assert(
      fc.property(padding, digits, padding, (before, number, after) => {
        expect(normaliseIdentification(`${before}${number}${after}`)).toBe(number);
      }),
    );
  });

  it('never turns anything but digits into a key', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (raw) => {
        const key = normaliseIdentification(raw);
        expect(key === null || /^\d+$/.test(key)).toBe(true);
      }),
    );
  });
});

describe('normaliseLicenceNumber', () => {
  it.each([
    ['MV-021535', 'MV-21535'],
    ['MV-00021252', 'MV-21252'],
    ['MV-21252', 'MV-21252'],
    ['XV-11000039 (15/R039)', 'XV-11000039'],
    [' xv-000123 ', 'XV-123'],
    ['ХV-00012', 'XV-12'], // Cyrillic Х typed for Latin X
    ['ХV–00012', 'XV-12'], // and an en dash
    ['MV 021535', 'MV-21535'],
    ['MV021535', 'MV-21535'],
    ['MV-0', 'MV-0'],
    ['ГТБХГ-12', 'ГТБХГ-12'], // ГТ prefixes are kept, Cyrillic Х included
    ['ГТБХГ-18a', 'ГТБХГ-18A'],
    ['ГТБХГ-018b', 'ГТБХГ-18B'],
    ['15/R039', '15/R039'],
    ['  unknown   number ', 'UNKNOWN NUMBER'],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normaliseLicenceNumber(raw)).toBe(expected);
  });

  it('makes the CMCS and EITIM paddings of one licence meet', () => {
    expect(normaliseLicenceNumber('MV-021535')).toBe(normaliseLicenceNumber('MV-00021535'));
    expect(normaliseLicenceNumber('XV-021178')).toBe(normaliseLicenceNumber('XV-00021178'));
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 24 }), (raw) => {
        const once = normaliseLicenceNumber(raw);
        expect(normaliseLicenceNumber(once)).toBe(once);
      }),
    );
  });

  it('is idempotent on every licence number of the stored licence map', () => {
    for (const { cordinate } of portalMapFile) {
      const once = normaliseLicenceNumber(String(cordinate['LICENSE_NUMBER']));
      expect(normaliseLicenceNumber(once)).toBe(once);
    }
  });

  it('ignores zero-padding of the number and whitespace around it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('MV', 'XV', 'mv', 'xv', 'ХV', 'ГТБХГ'),
        fc.stringMatching(/^[1-9]\d{0,9}$/),
        fc.nat({ max: 8 }),
        padding,
        padding,
        (prefix, number, zeros, before, after) => {
          const padded = normaliseLicenceNumber(`${before}${prefix}-${'0'.repeat(zeros)}${number}${after}`);
          expect(padded).toBe(normaliseLicenceNumber(`${prefix}-${number}`));
          expect(padded.endsWith(`-${number}`)).toBe(true);
        },
      ),
    );
  });

  it('keeps numbers that differ in value apart', () => {
    fc.assert(
      fc.property(fc.nat({ max: 99_999_999 }), fc.nat({ max: 99_999_999 }), (a, b) => {
        fc.pre(a !== b);
        expect(normaliseLicenceNumber(`MV-${a}`)).not.toBe(normaliseLicenceNumber(`MV-${b}`));
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode, GatewayError } from '../../../../src/domain/errors.js';
import {
  NameIndex,
  normaliseText,
  romanise,
  searchKey,
  type SearchResult,
} from '../../../../src/sources/registry/search/index.js';
import { LEGAL_FORM_WORDS } from '../../../../src/sources/registry/search/query.js';
import { ROMANISATIONS } from '../../../../src/sources/registry/search/romanise.js';

/** The Mongolian Cyrillic alphabet (35 letters, Ө and Ү included), in both cases. */
const LOWER = [...'абвгдеёжзийклмноөпрстуүфхцчшщъыьэюя'];
const LETTERS = [...LOWER, ...LOWER.map((letter) => letter.toUpperCase())];

const word = fc
  .array(fc.constantFrom(...LETTERS), { minLength: 1, maxLength: 12 })
  .map((letters) => letters.join(''));
/** Random names of one to three words, joined by a space or a hyphen as in the register. */
const mongolianName = fc
  .tuple(fc.array(word, { minLength: 1, maxLength: 3 }), fc.constantFrom(' ', '-'))
  .map(([words, separator]) => words.join(separator));

/** A name the key can find: some letter survives folding, and no word is read as a legal form. */
function searchable(name: string): boolean {
  if (searchKey(name) === '') return false;
  return romanise(name)
    .concat(normaliseText(name))
    .every((spelling) => spelling.split(' ').every((token) => !LEGAL_FORM_WORDS.has(token)));
}

function outcome(run: () => SearchResult): SearchResult | string {
  try {
    return run();
  } catch (error: unknown) {
    if (error instanceof GatewayError) return `${error.code}: ${error.message}`;
    throw error;
  }
}

describe('searchKey (properties)', () => {
  it('gives every romanisation of a random Mongolian string the key of the string', () => {
    fc.assert(
      fc.property(mongolianName, (name) => {
        const key = searchKey(name);
        for (const spelling of romanise(name)) expect(searchKey(spelling)).toBe(key);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same key whichever spelling each single letter takes', () => {
    // Stronger than the above: spellings may differ from one occurrence of a letter to the next.
    const spelt = fc.array(fc.tuple(fc.constantFrom(...LOWER, ' '), fc.nat(3)), {
      minLength: 1,
      maxLength: 16,
    });
    fc.assert(
      fc.property(spelt, (pairs) => {
        const cyrillic = pairs.map(([letter]) => letter).join('');
        const latin = pairs
          .map(([letter, choice]) => {
            const options = ROMANISATIONS[letter];
            return options === undefined ? letter : (options[choice % options.length] ?? '');
          })
          .join('');
        expect(searchKey(latin)).toBe(searchKey(cyrillic));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('NameIndex (properties)', () => {
  it('finds a random name first by the name itself and by each of its romanisations', () => {
    fc.assert(
      fc.property(mongolianName, fc.array(mongolianName, { maxLength: 30 }), (name, others) => {
        fc.pre(searchable(name));
        const key = searchKey(name);
        fc.pre(others.every((other) => searchKey(other) !== key));
        const index = new NameIndex([
          { registerNumber: '1000000', name, legalForm: 'LLC' },
          ...others.map((other, i) => ({
            registerNumber: String(2000000 + i),
            name: other,
            legalForm: 'LLC' as const,
          })),
        ]);
        for (const query of [name, ...romanise(name)]) {
          expect(index.search(query, { limit: 1 }).hits[0]?.registerNumber).toBe('1000000');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('answers NFD and NFC forms of the same input identically', () => {
    const index = new NameIndex(
      ['Тавантолгой', 'Хөвсгөл', 'Ёлоо', 'Йорк', 'Оюутолгой', 'Café Ürgöö', 'Өгөөмөр'].map((name, i) => ({
        registerNumber: String(3000000 + i),
        name,
        legalForm: 'OTHER' as const,
      })),
    );
    const input = fc.oneof(
      mongolianName,
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('йорк', 'Ёлоо', 'café', 'ürgöö', 'и\u0306', 'Ö'.repeat(150)),
    );
    fc.assert(
      fc.property(input, (text) => {
        const nfc = outcome(() => index.search(text.normalize('NFC'), { limit: 5 }));
        const nfd = outcome(() => index.search(text.normalize('NFD'), { limit: 5 }));
        expect(nfd).toEqual(nfc);
      }),
      { numRuns: 1000 },
    );
  });

  it('throws nothing but BAD_USER_INPUT for random Unicode, lone surrogates included', () => {
    const index = new NameIndex(
      ['Оюутолгой', 'Тавантолгой', 'Ий', 'Эрдэнэт-Үйлдвэр'].map((name, i) => ({
        registerNumber: String(4000000 + i),
        name,
        legalForm: 'OTHER' as const,
      })),
    );
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
    const input = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 250 }),
      fc.string({ unit: codeUnit, maxLength: 60 }),
      fc.tuple(mongolianName, fc.string({ unit: codeUnit, maxLength: 4 })).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(
        input,
        fc.integer({ min: -2, max: 1100 }),
        fc.integer({ min: -2, max: 50 }),
        (text, limit, offset) => {
          try {
            const result = index.search(text, { limit, offset });
            expect(result.hits.length).toBeLessThanOrEqual(limit);
            for (const hit of result.hits) {
              expect(hit.score).toBeGreaterThan(0);
              expect(hit.score).toBeLessThanOrEqual(1);
            }
          } catch (error: unknown) {
            expect(error).toBeInstanceOf(GatewayError);
            expect((error as GatewayError).code).toBe(ErrorCode.BAD_USER_INPUT);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../../src/domain/errors.js';
import type { LegalForm } from '../../../../src/domain/organization.js';
import {
  MAX_QUERY_CODE_POINTS,
  MAX_SEARCH_LIMIT,
  NameIndex,
  type IndexedName,
} from '../../../../src/sources/registry/search/index.js';

/** A few real register rows (the extract's spelling), plus near neighbours that share keys or prefixes. */
const ROWS: readonly (readonly [string, string, LegalForm])[] = [
  ['2657457', 'Оюутолгой', 'LLC_FOREIGN_INVESTED'],
  ['8022488', 'Оюутолгой хяналт', 'NGO_PUBLIC_BENEFIT'],
  ['4018893', 'Оюу толгой амгалан', 'PARTNERSHIP'],
  ['5374375', 'Оюуттолгой энержи', 'LLC'],
  ['2016656', 'Тавантолгой', 'JOINT_STOCK_COMPANY'],
  ['6130178', 'Таван толгой майнинг', 'LLC'],
  ['3618463', 'Түшигтаван толгой', 'LLC'],
  ['6276709', 'Нарийн сухайт таван толгойн төмөр зам', 'LLC'],
  ['2074192', 'Эрдэнэт-Үйлдвэр', 'LLC'],
  ['2034328', 'Хөвсгөл', 'LLC'],
  ['2034999', 'Хөвсгөл-Эх', 'LLC'],
  ['2008572', 'Багануур', 'JOINT_STOCK_COMPANY'],
  ['4552164', 'Багануур эсгий', 'LLC'],
  ['2008815', 'Багануур-Ус', 'LOCALLY_OWNED'],
];

const entries: IndexedName[] = ROWS.map(([registerNumber, name, legalForm]) => ({
  registerNumber,
  name,
  legalForm,
}));
const index = new NameIndex(entries);

function top(query: string, limit = 10): string[] {
  return index.search(query, { limit }).hits.map((hit) => hit.registerNumber);
}

function badInput(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('BAD_USER_INPUT');
    return error as GatewayError;
  }
  throw new Error('expected a BAD_USER_INPUT GatewayError');
}

describe('NameIndex', () => {
  it('counts the entries it holds and skips a repeated register number', () => {
    expect(index.size).toBe(ROWS.length);
    const twice = new NameIndex([
      ...entries,
      { registerNumber: '2657457', name: 'Другое', legalForm: 'LLC' },
    ]);
    expect(twice.size).toBe(ROWS.length);
    expect(twice.search('Другое', { limit: 5 }).total).toBe(0);
  });

  it.each(['oyu tolgoi', 'Oyu Tolgoi LLC', 'oyutolgoi', 'Оюу толгой', 'ОЮУТОЛГОЙ', 'Оюутолгой ХХК /ГХО/'])(
    'puts «Оюутолгой» first for %s',
    (query) => {
      expect(top(query)[0]).toBe('2657457');
    },
  );

  it('scores an exact normalised name 1 and reports the name as the matched variant', () => {
    const [hit] = index.search('ОЮУТОЛГОЙ', { limit: 1 }).hits;
    expect(hit).toEqual({ registerNumber: '2657457', score: 1, matchedVariant: 'оюутолгой' });
  });

  it('reports the romanisation a Latin query spelt as the matched variant', () => {
    const [hit] = index.search('Oyu Tolgoi LLC', { limit: 1 }).hits;
    expect(hit?.matchedVariant).toBe('oyutolgoi');
    expect(hit?.score).toBeLessThan(1);
    expect(hit?.score).toBeGreaterThan(0.9);
    const [khovd] = index.search('hovsgol ekh', { limit: 1 }).hits;
    expect(khovd).toMatchObject({ registerNumber: '2034999', matchedVariant: 'hovsgol ekh' });
    const [prefix] = index.search('khuvsg', { limit: 1 }).hits;
    expect(prefix).toMatchObject({ registerNumber: '2034328', matchedVariant: 'khuvsgul' });
  });

  it('ranks exact key above key prefix above token prefix above substring', () => {
    const hits = index.search('tavan tolgoi', { limit: 10 }).hits;
    expect(hits.map((hit) => hit.registerNumber)).toEqual(['2016656', '6130178', '6276709', '3618463']);
    const [exact, prefix, token, substring] = hits.map((hit) => hit.score);
    expect(exact).toBeGreaterThanOrEqual(0.9);
    expect(prefix).toBeGreaterThanOrEqual(0.7);
    expect(prefix).toBeLessThan(0.9);
    expect(token).toBeGreaterThanOrEqual(0.5);
    expect(token).toBeLessThan(0.7);
    expect(substring).toBeGreaterThanOrEqual(0.3);
    expect(substring).toBeLessThan(0.5);
  });

  it('ranks shorter names higher among prefix matches', () => {
    expect(top('baganuur')).toEqual(['2008572', '2008815', '4552164']);
  });

  it('lets spacing of the query match the name both ways', () => {
    expect(top('Оюутолгой амгалан')[0]).toBe('4018893');
    expect(top('Таван толгой')[0]).toBe('2016656');
  });

  it('filters by legal form before counting', () => {
    const result = index.search('tolgoi', { limit: 10, legalForm: 'LLC' });
    expect(result.total).toBe(4);
    expect(result.hits.map((hit) => hit.registerNumber).sort()).toEqual([
      '3618463',
      '5374375',
      '6130178',
      '6276709',
    ]);
    expect(index.search('oyu tolgoi', { limit: 10, legalForm: 'FOUNDATION' })).toEqual({
      total: 0,
      hits: [],
    });
  });

  it('pages through one total order without overlap', () => {
    const all = index.search('tolgoi', { limit: 100 });
    expect(all.total).toBe(8);
    const pages = [0, 3, 6].flatMap((offset) => index.search('tolgoi', { limit: 3, offset }).hits);
    expect(pages).toEqual(all.hits);
    expect(index.search('tolgoi', { limit: 3, offset: 8 })).toEqual({ total: 8, hits: [] });
    expect(index.search('tolgoi', { limit: 0 })).toEqual({ total: 8, hits: [] });
  });

  it('answers for a name far longer than any in the register, spelling it MNS 5217', () => {
    const long = `${'Хөвсгөл '.repeat(2000)}Тал`;
    const odd = new NameIndex([{ registerNumber: '9', name: long, legalForm: 'OTHER' }]);
    const [hit] = odd.search('tal', { limit: 1 }).hits;
    expect(hit?.registerNumber).toBe('9');
    expect(hit?.matchedVariant.startsWith('khövsgöl khövsgöl')).toBe(true);
  });

  it('finds nothing for a query no name holds', () => {
    expect(index.search('zzyzx', { limit: 10 })).toEqual({ total: 0, hits: [] });
  });

  it('matches a query made only of letters the key drops on the normalised text', () => {
    const small = new NameIndex([
      { registerNumber: '1', name: 'Ий', legalForm: 'OTHER' },
      { registerNumber: '2', name: 'Ийй', legalForm: 'OTHER' },
      { registerNumber: '3', name: 'Ы', legalForm: 'OTHER' },
    ]);
    expect(small.search('ИЙ', { limit: 5 }).hits.map((hit) => hit.registerNumber)).toEqual(['1', '2']);
  });

  it('rejects empty and whitespace-only queries naming the valid form', () => {
    for (const query of ['', '   ', '\t\n', '\u3000']) {
      expect(badInput(() => index.search(query, { limit: 5 })).message).toBe(
        'Search text must be 1 to 200 characters with at least one letter or digit, for example "Oyu Tolgoi" or "Оюутолгой", but it was empty or only whitespace.',
      );
    }
  });

  it('rejects a query with no letter or digit', () => {
    expect(badInput(() => index.search('\u200B!?', { limit: 5 })).message).toMatch(
      /, but it held no letter or digit\.$/,
    );
  });

  it('rejects a query longer than 200 code points, counting code points after NFC', () => {
    const longest = 'ф'.repeat(MAX_QUERY_CODE_POINTS);
    expect(index.search(longest, { limit: 1 }).total).toBe(0);
    expect(badInput(() => index.search(`${longest}б`, { limit: 1 })).message).toMatch(
      /, but it was 201 characters long\.$/,
    );
    // 200 astral letters are 400 UTF-16 units but 200 code points.
    expect(() => index.search('𝐀'.repeat(MAX_QUERY_CODE_POINTS), { limit: 1 })).not.toThrow();
    // 200 × (и + breve) is 400 code points in NFD, 200 after NFC.
    expect(() => index.search('и\u0306'.repeat(MAX_QUERY_CODE_POINTS), { limit: 1 })).not.toThrow();
    badInput(() => index.search('а'.repeat(100_000), { limit: 1 }));
  });

  it('rejects a lone surrogate', () => {
    expect(badInput(() => index.search('Оюу\uD800', { limit: 5 })).message).toMatch(
      /, but it contained an unpaired UTF-16 surrogate\.$/,
    );
    badInput(() => index.search('\uDFFF', { limit: 5 }));
  });

  it('rejects paging options out of range', () => {
    expect(badInput(() => index.search('oyu', { limit: -1 })).message).toBe(
      `limit must be an integer from 0 to ${MAX_SEARCH_LIMIT}, but it was -1.`,
    );
    badInput(() => index.search('oyu', { limit: 1.5 }));
    badInput(() => index.search('oyu', { limit: MAX_SEARCH_LIMIT + 1 }));
    expect(badInput(() => index.search('oyu', { limit: 5, offset: -3 })).message).toBe(
      'offset must be a non-negative integer, but it was -3.',
    );
  });
});

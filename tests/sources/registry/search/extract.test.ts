import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LegalForm } from '../../../../src/domain/organization.js';
import { NameIndex, type IndexedName } from '../../../../src/sources/registry/search/index.js';

/**
 * The real register extract (data/registry/SOURCES.md: a test fixture, 192,771 rows
 * `name|legal_form|register_number`). Built into one index for the whole file.
 */
const EXTRACT = new URL('../../../../data/registry/mongolian_company_names.full.psv.gz', import.meta.url);

/** The legal forms these tests filter on; the rest are OTHER here (the registry source maps them all). */
const FORMS: Readonly<Record<string, LegalForm>> = {
  ХХК: 'LLC',
  'ХХК /ГХО/': 'LLC_FOREIGN_INVESTED',
  ХК: 'JOINT_STOCK_COMPANY',
  ТӨХК: 'STATE_OWNED_JSC',
  НҮТББ: 'NGO_PUBLIC_BENEFIT',
};

function loadExtract(): IndexedName[] {
  const entries: IndexedName[] = [];
  for (const line of gunzipSync(readFileSync(EXTRACT)).toString('utf8').split('\n')) {
    if (line === '') continue;
    const [name = '', form = '', registerNumber = ''] = line.split('|');
    entries.push({ registerNumber, name, legalForm: FORMS[form] ?? 'OTHER' });
  }
  return entries;
}

let entries: IndexedName[];
let index: NameIndex;
let byNumber: Map<string, IndexedName>;

beforeAll(() => {
  entries = loadExtract();
  index = new NameIndex(entries);
  byNumber = new Map(entries.map((entry) => [entry.registerNumber, entry]));
});

function numbers(query: string, limit = 10): string[] {
  return index.search(query, { limit }).hits.map((hit) => hit.registerNumber);
}

describe('NameIndex over the register extract', () => {
  it('indexes every entry of the extract', () => {
    expect(entries).toHaveLength(192_771);
    expect(index.size).toBe(192_771);
  });

  it.each(['oyu tolgoi', 'Oyu Tolgoi LLC', 'oyutolgoi', 'Оюутолгой', 'Оюу толгой', 'ОЮУТОЛГОЙ'])(
    'puts Oyu Tolgoi (2657457) first for %s',
    (query) => {
      expect(numbers(query)[0]).toBe('2657457');
    },
  );

  it('finds «Эрдэнэт…» entities for erdenet', () => {
    const result = index.search('erdenet', { limit: 20 });
    expect(result.total).toBeGreaterThan(100);
    for (const hit of result.hits) {
      expect(byNumber.get(hit.registerNumber)?.name.toLowerCase()).toMatch(/^эрдэнэт/);
      expect(hit.matchedVariant).toMatch(/^erdenet/);
    }
    expect(numbers('erdenet uildver')[0]).toBe('2074192');
  });

  it('puts Tavantolgoi (2016656, ХК) in the top 3 for tavan tolgoi', () => {
    expect(numbers('tavan tolgoi', 3)).toContain('2016656');
    expect(numbers('Tavantolgoi JSC', 1)).toEqual(['2016656']);
  });

  it('finds Khövsgöl under its common spellings', () => {
    for (const query of ['Хөвсгөл', 'khuvsgul', 'khövsgöl', 'hovsgol', 'Khovsgol']) {
      expect(numbers(query, 1)).toEqual(['2034328']);
    }
  });

  it('keeps only the requested legal form', () => {
    const all = index.search('tavan tolgoi', { limit: 1000 });
    const jsc = index.search('tavan tolgoi', { limit: 1000, legalForm: 'JOINT_STOCK_COMPANY' });
    expect(jsc.total).toBeGreaterThan(0);
    expect(jsc.total).toBeLessThan(all.total);
    expect(jsc.hits[0]?.registerNumber).toBe('2016656');
    for (const hit of jsc.hits)
      expect(byNumber.get(hit.registerNumber)?.legalForm).toBe('JOINT_STOCK_COMPANY');
    const expected = all.hits.filter(
      (hit) => byNumber.get(hit.registerNumber)?.legalForm === 'JOINT_STOCK_COMPANY',
    );
    expect(jsc.hits).toEqual(expected);
  });

  it('pages consistently: page 1 and page 2 are the first two pages of one big query', () => {
    for (const query of ['ulaanbaatar', 'Оюу', 'a', 'хөгжил']) {
      const both = index.search(query, { limit: 50 });
      const first = index.search(query, { limit: 25 });
      const second = index.search(query, { limit: 25, offset: 25 });
      expect(first.total).toBe(both.total);
      expect(second.total).toBe(both.total);
      expect([...first.hits, ...second.hits]).toEqual(both.hits);
    }
  });

  it('returns hits in a total order: score, then name, then register number', () => {
    const { hits } = index.search('Оюу', { limit: 500 });
    for (let i = 1; i < hits.length; i += 1) {
      const a = hits[i - 1]!;
      const b = hits[i]!;
      if (a.score !== b.score) {
        expect(a.score).toBeGreaterThan(b.score);
        continue;
      }
      const x = byNumber.get(a.registerNumber)!.name;
      const y = byNumber.get(b.registerNumber)!.name;
      expect(x < y || (x === y && a.registerNumber < b.registerNumber)).toBe(true);
    }
  });

  it('answers the same hits for the same search, never more than the limit', () => {
    // How fast a search is belongs to bench/search.ts; here only what it answers.
    const queries = [
      'oyu tolgoi',
      'a',
      'Улаанбаатар хот',
      'хөгжил',
      'xyzzy',
      'erdenet',
      'o',
      'tavan tolgoi ХК',
    ];
    for (const query of queries) {
      const once = index.search(query, { limit: 20 });
      expect(once.hits.length, query).toBeLessThanOrEqual(20);
      expect(index.search(query, { limit: 20 }), query).toEqual(once);
    }
  });
});

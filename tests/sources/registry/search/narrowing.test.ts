import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../../src/domain/errors.js';
import {
  NameIndex,
  newSearchWork,
  type IndexedName,
  type SearchResult,
  type SearchWork,
} from '../../../../src/sources/registry/search/index.js';

/**
 * The shortcuts a search takes past its posting lists (src/sources/registry/search/README.md, "Index and
 * speed"): the next rarest trigram's run read beside the rarest's where the bound leaves room, the run of a
 * longer key found by binary search in its prefix list, and the first-token lengths that spare the phrase
 * check. None may change an answer: each query here is answered the same with room for the
 * next rarest trigram and with the bound at exactly what the query must read, where there is none.
 */
const WORDS = ['тал', 'талбай', 'балбай', 'албан', 'бай', 'сайн', 'их', 'зам', 'трейд', 'алт', 'гол', 'ган'];

/** Names of one to three of `WORDS`, each once: every prefix, token and substring band is well filled. */
const NAMES: IndexedName[] = [];
for (const [i, a] of WORDS.entries()) {
  NAMES.push({ registerNumber: `0980${String(NAMES.length).padStart(3, '0')}`, name: a, legalForm: 'OTHER' });
  for (const [j, b] of WORDS.entries()) {
    if (j === i) continue;
    NAMES.push({
      registerNumber: `0980${String(NAMES.length).padStart(3, '0')}`,
      name: `${a} ${b}`,
      legalForm: 'OTHER',
    });
    const c = WORDS[(i + j + 3) % WORDS.length] ?? '';
    if (c !== a && c !== b) {
      NAMES.push({
        registerNumber: `0980${String(NAMES.length).padStart(3, '0')}`,
        name: `${a}${b} ${c}`,
        legalForm: 'LLC',
      });
    }
  }
}

const QUERIES = [
  'талбай',
  'албай',
  'лбай',
  'алба',
  'балб',
  'талбай зам',
  'tal',
  'talbai',
  'albai',
  'bai',
  'байзам',
];

/** The answer and the work of one search with `maxPostings`, or null when it is refused as too broad. */
function answer(query: string, maxPostings: number): { result: SearchResult; work: SearchWork } | null {
  const work = newSearchWork();
  try {
    const result = new NameIndex(NAMES, { maxPostings }).search(query, { limit: 25 }, work);
    return { result, work };
  } catch (error: unknown) {
    if (error instanceof GatewayError && error.code === 'BAD_USER_INPUT') return null;
    throw error;
  }
}

describe('search shortcuts', () => {
  it('answers every query the same whether or not the bound leaves room for the next rarest trigram', () => {
    let narrowed = 0;
    for (const query of QUERIES) {
      const roomy = answer(query, 1_000_000);
      expect(roomy, query).not.toBeNull();
      // The least bound that answers the query (a query is refused below it and answered from it on):
      // exactly what it must read, with no room for the next rarest trigram.
      let low = 1;
      let high = 1_000_000;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (answer(query, middle) === null) low = middle + 1;
        else high = middle;
      }
      const bound = low;
      const tight = answer(query, bound);
      expect(tight, query).not.toBeNull();
      if (tight === null) continue;
      expect(tight.result, query).toEqual(roomy?.result);
      expect(tight.work.postings, query).toBeLessThanOrEqual(bound);
      if ((roomy?.work.postings ?? 0) > tight.work.postings) narrowed += 1;
    }
    // The next rarest trigram was read for some of them, so both paths were compared.
    expect(narrowed).toBeGreaterThan(0);
  });
});

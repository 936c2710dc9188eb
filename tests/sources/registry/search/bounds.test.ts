import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../../../src/domain/errors.js';
import {
  MAX_ALIGN_STEPS,
  MAX_QUERY_WORDS,
  MAX_SEARCH_POSTINGS,
  NameIndex,
  newSearchWork,
  normaliseText,
  type IndexedName,
  type SearchWork,
} from '../../../../src/sources/registry/search/index.js';

/**
 * The work bounds of one search (src/sources/registry/search/README.md, "Work bounds"), asserted as
 * work counters over the real register extract (192,771 entries): tokens kept, entry ids read from
 * posting lists, candidates scored, word checks and alignment steps. Never how long a search took.
 */
const EXTRACT = new URL('../../../../data/registry/mongolian_company_names.full.psv.gz', import.meta.url);

let entries: IndexedName[];
let index: NameIndex;

beforeAll(() => {
  entries = [];
  for (const line of gunzipSync(readFileSync(EXTRACT)).toString('utf8').split('\n')) {
    if (line === '') continue;
    const [name = '', , registerNumber = ''] = line.split('|');
    entries.push({ registerNumber, name, legalForm: 'OTHER' });
  }
  index = new NameIndex(entries);
});

/** `word` `times` times, separated by spaces. */
const repeated = (word: string, times: number): string => Array.from({ length: times }, () => word).join(' ');

function workOf(query: string, limit = 20, on: NameIndex = index): SearchWork {
  const work = newSearchWork();
  on.search(query, { limit }, work);
  return work;
}

function badInput(run: () => unknown): string {
  try {
    run();
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('BAD_USER_INPUT');
    return (error as GatewayError).message;
  }
  throw new Error('expected a BAD_USER_INPUT GatewayError');
}

/** The hostile inputs: many 1–2 character tokens, Cyrillic and Latin, repeated and distinct, 200 long. */
const HOSTILE: readonly string[] = [
  repeated('ху', 66),
  repeated('a', 100),
  repeated('aa', 66),
  'a'.repeat(200),
  'x'.repeat(200),
  'kh'.repeat(100),
  repeated('ö ü', 50),
  repeated('oe', 66),
  repeated('yo', 66),
  repeated('оо уу өө үү', 16),
  repeated('a b', 50),
  'u h a e b t s m n d g z',
  'у х а э б т с м н д г з',
  'mu hu ba tu bu ha su nu ga gu da du ta na ma sa ge de te ne be he me la',
  repeated('ий', 66),
  'y'.repeat(200),
  repeated('i y', 50),
  'h',
  'u',
  'б',
];

describe('search work bounds over the register extract', () => {
  it('counts a word repeated many times once: 66 copies do the work of four', () => {
    const four = workOf(repeated('ху', 4));
    expect(four.words).toBe(1);
    for (const times of [8, 16, 32, 66]) expect(workOf(repeated('ху', times))).toEqual(four);
    // The Latin spelling folds to the same word.
    expect(workOf(repeated('hu', 66)).words).toBe(1);
  });

  it('keeps one short word however often, and in whatever spelling, it is repeated', () => {
    const once = workOf('a');
    for (const query of [repeated('a', 100), repeated('aa', 66), 'a'.repeat(200), repeated('а', 100)]) {
      const work = workOf(query);
      expect(work.words, query).toBe(1);
      expect(work.postings, query).toBe(once.postings);
      expect(work.candidates, query).toBe(once.candidates);
    }
  });

  it('checks one-symbol words by their bits, reading no token text', () => {
    const work = workOf('u h a e b t s m n d g z');
    expect(work.words).toBe(12);
    expect(work.wordChecks).toBe(0);
    // Longer words are looked for in the text of the candidates whose bits allow them, at most once each.
    const longer = workOf('хан уул');
    expect(longer.words).toBe(2);
    expect(longer.wordChecks).toBeGreaterThan(0);
    expect(longer.wordChecks).toBeLessThanOrEqual(longer.postings);
  });

  it('drops words that only begin another word of the query', () => {
    expect(workOf('b ba bat bata').words).toBe(1);
    // хан and ханы are one word (`han`: the key drops ы), which хангай begins; ханд begins neither.
    expect(workOf('хан ханы хангай ханд').words).toBe(2);
  });

  it('refuses more than 24 distinct words, and answers 24', () => {
    // Two-letter words of distinct keys, none beginning another.
    const words = [...'bdglmnprst']
      .flatMap((c) => [...'aeu'].map((v) => c + v))
      .slice(0, MAX_QUERY_WORDS + 1);
    expect(badInput(() => index.search(words.join(' '), { limit: 5 }))).toBe(
      'Search text may hold at most 24 different words (the longest names in the register have 20), but it held 25; leave some out.',
    );
    expect(workOf(words.slice(1).join(' ')).words).toBe(24);
  });

  it('bounds every hostile input: postings, candidates, word checks and alignment steps', () => {
    for (const query of HOSTILE) {
      for (const limit of [1, 100]) {
        const work = workOf(query, limit);
        expect(work.words, query).toBeLessThanOrEqual(MAX_QUERY_WORDS);
        expect(work.postings, query).toBeLessThanOrEqual(MAX_SEARCH_POSTINGS);
        expect(work.candidates, query).toBeLessThanOrEqual(work.postings);
        expect(work.wordChecks, query).toBeLessThanOrEqual(work.postings * Math.max(work.words - 1, 0));
        expect(work.alignSteps, query).toBeLessThanOrEqual(MAX_ALIGN_STEPS);
      }
    }
  });

  it('reads less than half the register for the broadest queries, single common letters', () => {
    for (const letter of ['h', 'u', 'b', 'a', 'x', 'х', 'у']) {
      expect(workOf(letter).postings, letter).toBeLessThan(entries.length / 2);
    }
  });

  it('answers queries of letters the key drops from lists of their runs, not entry by entry', () => {
    for (const query of ['и', 'ий', 'Ы', repeated('ий', 66), 'y'.repeat(200), repeated('i y', 50)]) {
      const work = workOf(query, 10);
      expect(work.postings, query).toBeLessThan(10_000);
      // The same matches as comparing every name: its text begins with the query's, or (three letters or
      // more) holds it.
      const compact = normaliseText(query).replace(/ /g, '');
      const expected = entries.filter((entry) => {
        const name = normaliseText(entry.name).replace(/ /g, '');
        return name.startsWith(compact) || (compact.length >= 3 && name.includes(compact));
      }).length;
      expect(index.search(query, { limit: 0 }).total, query).toBe(expected);
    }
    expect(index.search('и', { limit: 0 }).total).toBeGreaterThan(1000);
  });
});

/** Fictional names (register numbers beginning with 09), small enough to set tight bounds on. */
const FICTIONAL: IndexedName[] = Array.from({ length: 40 }, (_, i) => ({
  registerNumber: `09${String(i).padStart(5, '0')}`,
  name: i < 30 ? `Хөвсгөл зохиомол ${i}` : `Тал зохиомол ${i}`,
  legalForm: 'OTHER',
}));

describe('search work bounds over a small index with tight bounds', () => {
  it('refuses a query that would read more entry ids than the bound, before reading any', () => {
    const small = new NameIndex(FICTIONAL, { maxPostings: 40 });
    const work = newSearchWork();
    const message = badInput(() => small.search('хөвсгөл', { limit: 5 }, work));
    expect(message).toMatch(
      /^Search text "хөвсгөл" is too broad: answering it would read \d+ register entries, and a search reads at most 40; add letters or words\.$/,
    );
    expect(Number(/read (\d+) register/.exec(message)?.[1])).toBeGreaterThan(40);
    expect(work).toEqual(newSearchWork());
    // A narrower query on the same index is answered in full.
    const tal = small.search('тал', { limit: 20 }, work);
    expect(tal.total).toBe(10);
    expect(work.postings).toBeLessThanOrEqual(40);
  });

  it('checks a one-character word outside the key alphabet by its text, not its shared bit', () => {
    const names = ['Хөвсгөл β', 'Хөвсгөл α', 'α зохиомол', 'α тал', 'α уул'];
    const greek = new NameIndex(
      names.map((name, i) => ({ registerNumber: `099000${i}`, name, legalForm: 'OTHER' as const })),
    );
    const work = newSearchWork();
    const result = greek.search('α хөвсгөл', { limit: 5 }, work);
    expect(result.hits.map((hit) => hit.registerNumber)).toEqual(['0990001']);
    expect(work.wordChecks).toBeGreaterThan(0);
  });

  it('spends one alignment budget per search, then spells the remaining hits in MNS 5217', () => {
    const first = newSearchWork();
    const one = new NameIndex(FICTIONAL).search('hovsgol', { limit: 1 }, first);
    expect(one.hits[0]?.matchedVariant.startsWith('hovsgol ')).toBe(true);
    expect(first.alignSteps).toBeGreaterThan(0);

    // A budget that lines up exactly one hit: the first hit takes the query's spelling, the others MNS.
    const tight = new NameIndex(FICTIONAL, { alignSteps: first.alignSteps });
    const work = newSearchWork();
    const hits = tight.search('hovsgol', { limit: 3 }, work).hits;
    expect(hits.map((hit) => hit.matchedVariant.split(' ')[0])).toEqual(['hovsgol', 'khövsgöl', 'khövsgöl']);
    expect(work.alignSteps).toBe(first.alignSteps);

    const none = new NameIndex(FICTIONAL, { alignSteps: 0 }).search('hovsgol', { limit: 3 }).hits;
    expect(none.every((hit) => hit.matchedVariant.startsWith('khövsgöl '))).toBe(true);
  });
});

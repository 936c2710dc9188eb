import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type GqlResponse, type Harness } from '../helpers.js';
import { expectCleanErrors } from './invariants.js';
import { codesOf, recordCase } from './report.js';

/*
 * docs/reliability.md §12a row 25: name searches built to cost the most, sent over HTTP to a gateway at
 * default settings over the embedded register (192,771 entities): many 1–2 character tokens, Cyrillic
 * and Latin, repeated and distinct, at the longest length accepted; and many aliased searches in one
 * request. Each is answered in full (repeats and words implied by others change nothing), refused as
 * `BAD_USER_INPUT` naming the bound it is over, or refused before it runs as `MAX_COST`. How much work a
 * search did is asserted in tests/sources/registry/search/bounds.test.ts, as counts.
 */

const PAGE = `query($s: String!) { organizations(search: $s, first: 5) {
  totalCount edges { score matchedVariant node { registerNumber } } } }`;

/** `word` `times` times, separated by spaces. */
const repeated = (word: string, times: number): string => Array.from({ length: times }, () => word).join(' ');

/** One query with `n` aliased searches of `$s`, each asking for one hit's count only. */
const aliased = (n: number): string =>
  `query($s: String!) { ${Array.from({ length: n }, (_, i) => `s${i}: organizations(search: $s, first: 1) { totalCount }`).join(' ')} }`;

interface Page {
  organizations: {
    totalCount: number;
    edges: { score: number; matchedVariant: string; node: { registerNumber: string } }[];
  } | null;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** Sends `query` and records the case; the replay server must see no request meanwhile. */
async function sendCase<T>(
  name: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<GqlResponse<T>> {
  const before = h.replay.countRequests();
  const res = await h.query<T>(query, variables);
  const upstreamCalls = h.replay.countRequests() - before;
  recordCase({
    table: '12a',
    row: 25,
    case: name,
    status: res.status,
    codes: codesOf(res.body),
    upstreamCalls,
    lost: false,
  });
  expect(upstreamCalls, name).toBe(0);
  expectCleanErrors(res.body.errors ?? [], [h.replay.url]);
  return res;
}

describe('§12a row 25: hostile name searches', () => {
  it.each([
    ['"ху " × 66', repeated('ху', 66), repeated('ху', 4)],
    ['"a " × 100', repeated('a', 100), 'a'],
    ['"aa " × 66 (Latin)', repeated('aa', 66), 'a'],
    ['"а " × 100 (Cyrillic)', repeated('а', 100), 'а'],
    ['200 × "x", a letter with three spellings', 'x'.repeat(200), 'x'],
    ['"kh" × 100', 'kh'.repeat(100), 'kh'],
    ['"ö ü " × 50', repeated('ö ü', 50), 'ö ü'],
  ])('answers %s in full, as the text without its repeats', async (name, search, same) => {
    const res = await sendCase<Page>(name, PAGE, { s: search });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const page = res.body.data?.organizations;
    expect(page).toBeTruthy();
    const plain = await h.query<Page>(PAGE, { s: same });
    expect(plain.body.data?.organizations?.totalCount).toBe(page?.totalCount);
  });

  it.each([
    ['12 one-letter words, Latin', 'u h a e b t s m n d g z'],
    ['12 one-letter words, Cyrillic', 'у х а э б т с м н д г з'],
    ['24 two-letter words', 'mu hu ba tu bu ha su nu ga gu da du ta na ma sa ge de te ne be he me la'],
    ['"a b " × 50', repeated('a b', 50)],
    ['a single common letter', 'h'],
    ['"ий " × 66, letters the key drops', repeated('ий', 66)],
    ['200 × "y"', 'y'.repeat(200)],
  ])('answers %s', async (name, search) => {
    const res = await sendCase<Page>(name, PAGE, { s: search });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(typeof res.body.data?.organizations?.totalCount).toBe('number');
  });

  it('refuses 25 distinct words at the field, naming the bound', async () => {
    const words = [...'bdglmnprst'].flatMap((c) => [...'aeu'].map((v) => c + v)).slice(0, 25);
    const res = await sendCase<Page>('25 distinct two-letter words', PAGE, { s: words.join(' ') });
    expect(res.status).toBe(200);
    expect(res.body.data?.organizations).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors?.[0]).toMatchObject({
      path: ['organizations'],
      extensions: { code: 'BAD_USER_INPUT' },
      message:
        'Search text may hold at most 24 different words (the longest names in the register have 20), but it held 25; leave some out.',
    });
  });
});

describe('§12a row 25: many aliased searches in one request', () => {
  it('refuses 15 aliased searches before any runs: each weighs 500 against a cost limit of 5,000', async () => {
    const query = aliased(15);
    expect(query.length).toBeLessThan(2048);
    const res = await sendCase('15 aliased searches of "ху " × 66', query, { s: repeated('ху', 66) });
    expect(res.status).toBe(400);
    expect(res.body.data ?? undefined).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'MAX_COST', limit: 5000, measured: 7515 });
    expect(res.body.errors?.[0]?.message).toMatch(
      /^The query's estimated cost is 7515; the limit is 5000\. /,
    );
  });

  it('answers 9 aliased searches, each in full, with /healthz answered meanwhile', async () => {
    const search = repeated('a', 100);
    const [res, ...health] = await Promise.all([
      sendCase<Record<string, { totalCount: number }>>('9 aliased searches of "a " × 100', aliased(9), {
        s: search,
      }),
      ...Array.from({ length: 3 }, () => fetch(`${h.gateway.url}/healthz`)),
    ]);
    expect(health.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const counts = Object.values(res.body.data ?? {}).map((page) => page.totalCount);
    expect(counts).toHaveLength(9);
    const single = await h.query<Page>(PAGE, { s: 'a' });
    expect(new Set(counts)).toEqual(new Set([single.body.data?.organizations?.totalCount]));
  });
});

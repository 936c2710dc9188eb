import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../../../src/domain/errors.js';
import { startReplayServer, type ReplayServer } from '../../../src/replay/index.js';
import { EitiClient } from '../../../src/sources/eiti/index.js';
import {
  fictionalFile,
  indexFile,
  registerNumberOf,
  upstreamError,
  upstreams,
  type EitiUpstreams,
} from './helpers.js';

const ORGANISATIONS = '/eiti/api/v2.0/organisation';
const REVENUE = '/eiti/api/v2.0/revenue';
const PAGE_SIZE = 500;

/** Every organisation row the replay server serves: the index file's records, then the fictional rows. */
const realRows = Object.entries(indexFile.index).flatMap(([identification, records]) =>
  records.map((r) => ({ ...r, identification, iso2: 'MN', type: 'company' })),
);
const fictionalRows = fictionalFile.organisations.map((o) => ({
  id: o['id'] ?? '',
  year: o['summary_data.year'] ?? '',
  label: o['label'] ?? '',
  identification: o['identification'] ?? '',
  iso2: o['summary_data.iso2'] ?? '',
  type: o['type'] ?? '',
}));
const ALL_ROWS = realRows.length + fictionalRows.length;

/** What the grouping must give, computed here from the files: register number → sorted ids. */
function expectedGroups(): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const row of [...realRows, ...fictionalRows]) {
    const key = registerNumberOf(row.identification);
    if (key === null || row.iso2 !== 'MN' || row.type !== 'company') continue;
    groups.set(key, [...(groups.get(key) ?? []), row.id].sort());
  }
  return groups;
}

let replay: ReplayServer;
let up: EitiUpstreams;

beforeAll(async () => {
  replay = await startReplayServer({ rateLimit: false });
});
afterAll(async () => {
  await replay.close();
});
beforeEach(() => {
  replay.clearLog();
  replay.faults.clear();
  up = upstreams(replay);
});
afterEach(async () => {
  vi.useRealTimers();
  await up.close();
});

const calls = (path = '/eiti') => replay.countRequests({ pathPrefix: path });

describe('EitiClient.organisationsByIdentification', () => {
  it('groups the Mongolian company records into the identifications of the index file', async () => {
    const { value } = await new EitiClient(up.eiti, { pageSize: PAGE_SIZE }).organisationsByIdentification();
    const actual = new Map([...value].map(([k, orgs]) => [k, orgs.map((o) => o.id).sort()]));
    expect(actual).toEqual(expectedGroups());
    expect(realRows).toHaveLength(2063);
    // 660 identifications in the file, one of which is a URL: 659 register numbers, 2,062 records.
    const real = [...value].filter(([k]) => !k.startsWith('09'));
    expect(real).toHaveLength(659);
    expect(real.reduce((n, [, orgs]) => n + orgs.length, 0)).toBe(2062);
  });

  it('lists for 2657457 (Oyu Tolgoi) exactly the ids and years the file lists, by year', async () => {
    const { value } = await new EitiClient(up.eiti, { pageSize: PAGE_SIZE }).organisationsByIdentification();
    const expected = [...(indexFile.index['2657457'] ?? [])]
      .map((r) => ({ id: r.id, year: Number(r.year), label: r.label, identification: '2657457' }))
      .sort((a, b) => a.year - b.year);
    expect(value.get('2657457')).toEqual(expected);
    expect(value.get('2657457')?.map((o) => o.year)).toEqual([
      2006, 2007, 2008, 2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2019,
    ]);
  });

  it('drops noise identifications, other countries and agencies, and trims padding', async () => {
    const { value } = await new EitiClient(up.eiti, { pageSize: PAGE_SIZE }).organisationsByIdentification();
    const ids = new Set([...value.values()].flat().map((o) => o.id));
    expect(ids.has('190871')).toBe(false); // identification "https://burtgel.gov.mn/"
    expect(ids.has('9000009')).toBe(false); // "n/a"
    expect(ids.has('9000010')).toBe(false); // summary_data.iso2 "ZZ"
    expect(ids.has('9000011')).toBe(false); // type "agency"
    expect(value.get('25000000')?.map((o) => o.id)).toEqual(['186072']);
    // "0946129 " (padded) joins "0946129"; the record keeps the identification as published.
    expect(value.get('0946129')?.map((o) => [o.id, o.identification])).toEqual([
      ['9000004', '0946129'],
      ['9000005', '0946129 '],
    ]);
    expect(value.get('0904080')?.map((o) => o.year)).toEqual([2016, 2017, 2019]);
  });

  it('follows next.href from a first request without page, one request per page', async () => {
    const result = await new EitiClient(up.eiti, { pageSize: PAGE_SIZE }).organisationsByIdentification();
    const pages = Math.ceil(ALL_ROWS / PAGE_SIZE);
    expect(calls()).toBe(pages);
    expect(replay.requests.map((r) => r.query)).toEqual([
      `limit=${PAGE_SIZE}`,
      ...Array.from({ length: pages - 1 }, (_, i) => `limit=${PAGE_SIZE}&page=${i + 2}`),
    ]);
    expect(result.freshness).toMatchObject({
      source: 'EITI',
      cache: 'MISS',
      url: `${replay.url}${ORGANISATIONS}?limit=${PAGE_SIZE}`,
    });
  });

  it('makes no upstream request on a second call and reuses the grouped map', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-08-01T00:00:00Z'));
    const client = new EitiClient(up.eiti, { pageSize: PAGE_SIZE });
    const first = await client.organisationsByIdentification();
    const before = calls();
    // A second later: a value fetched in the very millisecond a call starts counts as that call's MISS.
    vi.setSystemTime(new Date('2026-08-01T00:00:01Z'));
    const second = await client.organisationsByIdentification();
    expect(calls()).toBe(before);
    expect(second.value).toBe(first.value);
    expect(second.freshness.cache).toBe('HIT');
  });

  it('revalidates every page after maxAge with If-None-Match and keeps the map on 304s', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-08-01T00:00:00Z'));
    const client = new EitiClient(up.eiti, { pageSize: PAGE_SIZE });
    const first = await client.organisationsByIdentification();
    const pages = calls();
    vi.setSystemTime(new Date('2026-08-02T00:00:01Z'));
    const second = await client.organisationsByIdentification();
    const revalidations = replay.requests.slice(pages);
    expect(revalidations).toHaveLength(pages);
    for (const r of revalidations) {
      expect(r.headers['if-none-match']).toMatch(/^"/);
      expect(r.status).toBe(304);
    }
    expect(second.value).toBe(first.value);
    expect(second.freshness.cache).toBe('REVALIDATED');
    expect(second.freshness.fetchedAt).toBe(Date.parse('2026-08-02T00:00:01Z'));
  });

  it('fails with UPSTREAM_INVALID after maxPages pages', async () => {
    const error = await upstreamError(
      new EitiClient(up.eiti, { pageSize: PAGE_SIZE, maxPages: 2 }).organisationsByIdentification(),
    );
    expect(error.code).toBe('UPSTREAM_INVALID');
    expect(error.message).toBe(
      'The EITI upstream sent a listing of organisations longer than the 2 pages allowed.',
    );
    expect(calls()).toBe(2);
  });

  it('never follows a next.href to another origin or outside the API', async () => {
    for (const href of ['http://169.254.169.254/latest/meta-data', `${replay.url}/ocds/releases`]) {
      replay.faults.set(ORGANISATIONS, {
        kind: 'status',
        status: 200,
        body: JSON.stringify({ data: [], next: { title: 'Next', href } }),
      });
      const fresh = upstreams(replay); // a cold cache per href
      const error = await upstreamError(new EitiClient(fresh.eiti).organisationsByIdentification());
      await fresh.close();
      expect(error.code).toBe('UPSTREAM_INVALID');
      expect(String((error.cause as Error).message)).toBe('next.href points outside the configured API');
    }
    expect(replay.requests.map((r) => r.path)).toEqual([ORGANISATIONS, ORGANISATIONS]);
  });

  it('stops a next.href that leads back to an earlier page', async () => {
    const client = new EitiClient(up.eiti, { pageSize: PAGE_SIZE });
    replay.faults.set(ORGANISATIONS, {
      kind: 'status',
      status: 200,
      body: JSON.stringify({ data: [], next: `${replay.url}${ORGANISATIONS}?limit=${PAGE_SIZE}` }),
    });
    const error = await upstreamError(client.organisationsByIdentification());
    expect(error.message).toBe(
      'The EITI upstream sent a listing of organisations whose next page leads back to an earlier one.',
    );
    expect(calls()).toBe(1);
  });

  it('rejects bad options at construction with a sentence naming the option', () => {
    expect(() => new EitiClient(up.eiti, { pageSize: 0 })).toThrow(
      'EitiClient pageSize must be an integer from 1 to 1000, but got 0.',
    );
    expect(() => new EitiClient(up.eiti, { maxPages: 1.5 })).toThrow(
      /^EitiClient maxPages must be an integer/,
    );
  });
});

describe('EitiClient.payments', () => {
  const rowsOf = (id: string) => fictionalFile.revenue.filter((r) => r['organisation.id'] === id);

  it('returns each revenue row of a fictional organisation as one payment with its own currency', async () => {
    const { value } = await new EitiClient(up.eiti).payments('9000003');
    const rows = rowsOf('9000003');
    expect(value).toHaveLength(rows.length);
    expect(new Map(value.map((p) => [p.id, p.value]))).toEqual(
      new Map(
        rows.map((r) => [
          String(r['id']),
          r['currency'] === null ? null : { amount: r['revenue'], currency: r['currency'] },
        ]),
      ),
    );
    expect(value.map((p) => p.gfsCode)).toEqual([...value.map((p) => p.gfsCode)].sort());
    const byId = new Map(value.map((p) => [p.id, p]));
    expect(byId.get('9100007')).toEqual({
      id: '9100007',
      organisationId: '9000003',
      year: 2019,
      stream: 'Mineral royalty (fictional)',
      gfsCode: '1415E1',
      gfsLabel: 'Royalties',
      value: { amount: 2_560_000_000, currency: 'MNT' },
      governmentEntity: 'Tax authority (fictional)',
      paidInKind: false,
    });
    // A row without a currency has no value: an amount of unknown currency is not an amount.
    expect(byId.get('9100010')).toMatchObject({ value: null, paidInKind: true, gfsCode: '1415E4' });
  });

  it('never sums amounts across currencies: one payment per row, each with its currency', async () => {
    const { value } = await new EitiClient(up.eiti).payments('9000001');
    const currencies = value.map((p) => p.value?.currency);
    expect(new Set(currencies)).toEqual(new Set(['MNT', 'USD']));
    expect(value.map((p) => [p.id, p.value?.amount, p.value?.currency]).sort()).toEqual(
      rowsOf('9000001')
        .map((r) => [String(r['id']), r['revenue'], r['currency']])
        .sort(),
    );
  });

  it('returns no payments for a real organisation: revenue exists only for fictional ones', async () => {
    const result = await new EitiClient(up.eiti).payments('168174');
    expect(result.value).toEqual([]);
    expect(result.freshness.url).toBe(`${replay.url}${REVENUE}?organisation=168174&limit=50`);
  });

  it('follows every page of one organisation and caches them', async () => {
    const client = new EitiClient(up.eiti, { pageSize: 1 });
    const first = await client.payments('9000003');
    expect(first.value.map((p) => p.id).sort()).toEqual(
      rowsOf('9000003')
        .map((r) => String(r['id']))
        .sort(),
    );
    expect(calls(REVENUE)).toBe(rowsOf('9000003').length);
    const second = await client.payments('9000003');
    expect(calls(REVENUE)).toBe(rowsOf('9000003').length);
    expect(second.value).toBe(first.value);
  });

  it('answers BAD_USER_INPUT for an id that is not digits, without a request', async () => {
    const thrown = await new EitiClient(up.eiti).payments('16817?x=1').catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(GatewayError);
    expect(thrown).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: '"16817?x=1" is not an EITI organisation id: expected digits, e.g. "168174".',
    });
    expect(calls()).toBe(0);
  });

  it('refuses rows of another organisation: a filter the upstream ignored', async () => {
    replay.faults.set(REVENUE, {
      kind: 'status',
      status: 200,
      body: JSON.stringify({ data: [{ id: 1, revenue: 5, currency: 'USD', 'organisation.id': '42' }] }),
    });
    const error = await upstreamError(new EitiClient(up.eiti).payments('9000001'));
    expect(error.code).toBe('UPSTREAM_INVALID');
    expect(calls()).toBe(1);
  });
});

describe('EitiClient faults', () => {
  it('retries once after a 503 and then succeeds', async () => {
    replay.faults.set(REVENUE, { kind: 'status', status: 503 }, { times: 1 });
    const { value } = await new EitiClient(up.eiti).payments('9000002');
    expect(value).toHaveLength(3);
    expect(calls(REVENUE)).toBe(2);
    expect(replay.requests.map((r) => r.status)).toEqual([503, 200]);
  });

  it('fails with UPSTREAM_INVALID on malformed JSON, without retrying', async () => {
    replay.faults.set(REVENUE, { kind: 'malformed' });
    const error = await upstreamError(new EitiClient(up.eiti).payments('9000002'));
    expect(error).toMatchObject({
      code: 'UPSTREAM_INVALID',
      message: 'The EITI upstream sent malformed JSON.',
    });
    expect(calls()).toBe(1);
  });

  it.each([
    ['number-as-string', REVENUE],
    ['wrong-type', REVENUE],
    ['missing-required', REVENUE],
    ['renamed-field', REVENUE],
    ['object-instead-of-array', REVENUE],
    ['number-as-string', ORGANISATIONS],
    ['wrong-type', ORGANISATIONS],
    ['missing-required', ORGANISATIONS],
    ['renamed-field', ORGANISATIONS],
    ['object-instead-of-array', ORGANISATIONS],
  ] as const)('fails with UPSTREAM_INVALID on %s drift of %s, without retrying', async (variant, path) => {
    replay.faults.set(path, { kind: 'drift', variant });
    const client = new EitiClient(up.eiti, { pageSize: PAGE_SIZE });
    const error = await upstreamError(
      path === REVENUE ? client.payments('9000001') : client.organisationsByIdentification(),
    );
    expect(error).toMatchObject({
      code: 'UPSTREAM_INVALID',
      message: 'The EITI upstream sent data that does not match its published format (schema drift).',
    });
    expect(calls()).toBe(1);
  });
});

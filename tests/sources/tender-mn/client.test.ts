import { afterEach, beforeAll, afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, GatewayError } from '../../../src/domain/errors.js';
import { startReplayServer, type DriftVariant, type ReplayServer } from '../../../src/replay/index.js';
import { tenderMnPairs, type TenderMnPair } from '../../../src/replay/tender-mn.js';
import type { MintedProcurement } from '../../../src/sources/procurement/index.js';
import { TENDER_MN_PUBLISHER, mintOcid } from '../../../src/sources/tender-mn/index.js';
import {
  BIDDERS,
  INVITATION,
  INVITATION_ONLY,
  TOKEN,
  adapters,
  testConfig,
  upstreamError,
  type Adapters,
} from './helpers.js';

const SERVED = 37;
const PREFIX = 'ocds-xxxxxx-mn-tender-';

let replay: ReplayServer;
let pairs: readonly TenderMnPair[];
let open: Adapters[] = [];

beforeAll(async () => {
  replay = await startReplayServer({ rateLimit: false });
  pairs = await tenderMnPairs();
});
afterAll(async () => {
  await replay.close();
});
beforeEach(() => {
  replay.clearLog();
  replay.faults.clear();
});
afterEach(async () => {
  await Promise.all(open.map((a) => a.close()));
  open = [];
});

/** A fresh pair of adapters (own cache) with `env` on top of the test configuration. */
function fresh(env: Record<string, string> = {}): Adapters {
  const a = adapters(replay, testConfig(env));
  open.push(a);
  return a;
}

const calls = (pathPrefix: string) => replay.countRequests({ pathPrefix });
const pageCalls = () => replay.requests.filter((r) => r.path === INVITATION).length;

/** A served invitation page, fetched directly, to build faulty bodies from. */
async function servedPage(): Promise<{ data: Record<string, unknown>[] } & Record<string, unknown>> {
  const res = await fetch(`${replay.url}${INVITATION}`, {
    method: 'POST',
    headers: { authorization: 'Bearer any', 'content-type': 'application/x-www-form-urlencoded' },
    body: 'current_page=1&per_page=100',
  });
  return (await res.json()) as { data: Record<string, unknown>[] };
}

describe('TenderMnClient.processes', () => {
  it('crawls one page of 100 and one bidder list per invitation, then serves from the cache', async () => {
    const { tenderMn } = fresh();
    const first = await tenderMn.processes();
    expect(first.value).toHaveLength(SERVED);
    expect(pageCalls()).toBe(1);
    expect(calls(BIDDERS)).toBe(SERVED);
    expect(calls('/tender-mn')).toBe(SERVED + 1);
    expect(first.freshness).toMatchObject({ source: 'TENDER_MN', cache: 'MISS', cacheable: true });

    const second = await tenderMn.processes();
    expect(calls('/tender-mn')).toBe(SERVED + 1);
    expect(second.value).toEqual(first.value);
    expect(second.value[0]).toBe(first.value[0]);
    expect(second.freshness.cache).toBe('HIT');
  });

  it('asks for current_page 1 to the last with per_page from the policy', async () => {
    const { tenderMn } = fresh({ TENDER_MN_PER_PAGE: '10' });
    const { value } = await tenderMn.processes();
    expect(value).toHaveLength(SERVED);
    expect(new Set(value.map((p) => p.ocid)).size).toBe(SERVED);
    expect(pageCalls()).toBe(Math.ceil(SERVED / 10));
    expect(calls(BIDDERS)).toBe(SERVED);
  });

  it('lists newest first, with ocids minted from the prefix and the invitation id', async () => {
    const { tenderMn } = fresh();
    const { value } = await tenderMn.processes();
    const dates = value.map((p) => Date.parse(p.date ?? ''));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect(value.map((p) => p.ocid).sort()).toEqual(pairs.map((p) => `${PREFIX}${p.invitationId}`).sort());
    for (const p of value) {
      expect(p.ocid).toBe(mintOcid(PREFIX, p.tender?.id ?? ''));
      expect(p).toMatchObject({ releaseCount: 1, compiledByGateway: true, contracts: [] });
      expect(p.provenance).toMatchObject({ publisher: TENDER_MN_PUBLISHER, fictional: true });
      expect(p.provenance.notice).toMatch(/^Fictional data/);
    }
  });

  it('reads the strings-for-numbers quirk as the numbers the strings stand for', async () => {
    const { tenderMn } = fresh();
    const { value } = await tenderMn.processes();
    const byId = new Map(value.map((p) => [p.tender?.id, p]));
    for (const row of (await servedPage()).data) {
      expect(typeof row['totalBudget']).toBe('string');
      const process = byId.get(String(row['invitationId']));
      expect(process?.tender?.value).toEqual({ amount: Number(row['totalBudget']), currency: 'MNT' });
    }
  });

  it('sends the token as a bearer header to the invitation list, and to nothing else', async () => {
    const { tenderMn } = fresh({ TENDER_MN_PER_PAGE: '20' });
    await tenderMn.processes();
    const lists = replay.requests.filter((r) => r.path === INVITATION);
    const bidders = replay.requests.filter((r) => r.path === BIDDERS);
    expect(lists).toHaveLength(2);
    for (const r of lists) {
      expect(r).toMatchObject({ method: 'POST', status: 200 });
      expect(r.headers['authorization']).toBe(`Bearer ${TOKEN}`);
      expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
    }
    expect(bidders).toHaveLength(SERVED);
    for (const r of bidders) expect(r.headers['authorization']).toBeUndefined();
    expect(replay.requests.every((r) => !r.query.includes(TOKEN))).toBe(true);
  });

  it('sends no Authorization header without a token, and fails with the 401', async () => {
    const { tenderMn } = fresh({ TENDER_MN_TOKEN: '' });
    const error = await upstreamError(tenderMn.processes());
    expect(error.code).toBe(ErrorCode.UPSTREAM_AUTH);
    expect(error.details).toMatchObject({ source: 'TENDER_MN', upstreamStatus: 401 });
    expect(error.message).toBe("The tender.gov.mn upstream refused the gateway's credentials (HTTP 401).");
    expect(replay.requests).toHaveLength(1);
    expect(replay.requests[0]?.headers['authorization']).toBeUndefined();
  });

  it('never puts the token in an error, whatever the upstream answers', async () => {
    const { tenderMn } = fresh();
    const bodies = [
      {
        kind: 'status',
        status: 401,
        body: JSON.stringify({ return_code: 401, message: `bad token ${TOKEN}` }),
      },
      { kind: 'status', status: 403 },
      { kind: 'status', status: 200, body: JSON.stringify({ return_code: 401, message: TOKEN }) },
    ] as const;
    for (const fault of bodies) {
      replay.faults.set(INVITATION_ONLY, fault);
      const error = await upstreamError(tenderMn.processes());
      const cause = error.cause instanceof Error ? error.cause.message : String(error.cause);
      const seen = [error.message, JSON.stringify(error.details), JSON.stringify(error), cause];
      for (const text of seen) expect(text).not.toContain(TOKEN);
      expect(error.message).not.toContain(TOKEN.slice(0, 8));
    }
  });

  it('reports an amount that is not a plain decimal as schema drift', async () => {
    const { tenderMn } = fresh();
    const page = await servedPage();
    page.data[3] = { ...page.data[3], totalBudget: 'abc' };
    replay.faults.set(INVITATION_ONLY, { kind: 'status', status: 200, body: JSON.stringify(page) });
    const error = await upstreamError(tenderMn.processes());
    expect(error.code).toBe(ErrorCode.UPSTREAM_INVALID);
    expect(error.message).toBe(
      'The tender.gov.mn upstream sent data that does not match its published format (schema drift).',
    );
    expect(String((error.cause as Error).message)).toContain('data.3.totalBudget');
    // Drift is refused before anything is cached or asked of the bidder list.
    expect(calls(BIDDERS)).toBe(0);
  });

  it.each([
    ['a localised amount', { totalBudget: '58,736,000.00' }],
    ['an amount that would lose digits', { totalBudget: '12345678901234567890' }],
    ['a local time with an offset', { publishDate: '2026-06-24T12:00:00+08:00' }],
    ['an impossible date', { receiveDate: '2026-02-30 12:00:00' }],
    ['an invitation id as a string', { invitationId: '1679545200000' }],
  ])('reports %s as schema drift', async (_name, change) => {
    const { tenderMn } = fresh();
    const page = await servedPage();
    page.data[0] = { ...page.data[0], ...change };
    replay.faults.set(INVITATION_ONLY, { kind: 'status', status: 200, body: JSON.stringify(page) });
    expect((await upstreamError(tenderMn.processes())).code).toBe(ErrorCode.UPSTREAM_INVALID);
  });

  it('accepts returncode for return_code, and numbers where the quirk has strings', async () => {
    const { tenderMn } = fresh();
    const page: Record<string, unknown> & { data: Record<string, unknown>[] } = await servedPage();
    delete page['return_code'];
    const body = {
      ...page,
      returncode: 200,
      per_page: 100,
      current_page: 1,
      data: page.data.map((row) => ({ ...row, totalBudget: Number(row['totalBudget']) })),
    };
    replay.faults.set(INVITATION_ONLY, { kind: 'status', status: 200, body: JSON.stringify(body) });
    const { value } = await tenderMn.processes();
    expect(value).toHaveLength(SERVED);
  });

  it('refuses a page other than the one asked for (an API ignoring current_page)', async () => {
    const { tenderMn } = fresh({ TENDER_MN_PER_PAGE: '10' });
    const page = await servedPage();
    const first = { ...page, total: SERVED, per_page: '10', current_page: '1', data: page.data.slice(0, 10) };
    replay.faults.set(INVITATION_ONLY, { kind: 'status', status: 200, body: JSON.stringify(first) });
    replay.clearLog();
    const error = await upstreamError(tenderMn.processes());
    expect(error.code).toBe(ErrorCode.UPSTREAM_INVALID);
    expect(pageCalls()).toBe(2);
  });

  it.each<DriftVariant>([
    'number-as-string',
    'missing-required',
    'object-instead-of-array',
    'renamed-field',
    'wrong-type',
  ])('reports the %s drift of either endpoint as UPSTREAM_INVALID', async (variant) => {
    const { tenderMn } = fresh();
    replay.faults.set(INVITATION_ONLY, { kind: 'drift', variant });
    expect((await upstreamError(tenderMn.processes())).code).toBe(ErrorCode.UPSTREAM_INVALID);
    replay.faults.clear();
    replay.faults.set(BIDDERS, { kind: 'drift', variant });
    expect((await upstreamError(fresh().tenderMn.processes())).code).toBe(ErrorCode.UPSTREAM_INVALID);
  });

  it('filters by tenderYear on the upstream, and refuses a year that is not one', async () => {
    const { tenderMn } = fresh();
    const { value } = await tenderMn.processes({ tenderYear: 2024 });
    expect(value.length).toBeGreaterThan(0);
    expect(value.length).toBeLessThan(SERVED);
    expect(value.every((p) => p.tender?.tenderPeriod?.startDate?.startsWith('2024-'))).toBe(true);
    expect(calls(BIDDERS)).toBe(value.length);
    const thrown = await tenderMn.processes({ tenderYear: 24 }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(GatewayError);
    expect(thrown).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      message: 'tenderYear must be a year of four digits, such as 2025, but got 24.',
    });
  });

  it('spaces its requests by the source policy, bidder lists included, one at a time', async () => {
    const { tenderMn } = fresh({ TENDER_MN_RATE_PER_SECOND: '40', TENDER_MN_CONCURRENCY: '1' });
    replay.resetPeak();
    const started = Date.now();
    await tenderMn.processes();
    const requests = replay.requests;
    expect(requests).toHaveLength(SERVED + 1);
    expect(replay.peakInFlight()).toBe(1); // one at a time
    // 40 per second: slot n is reserved no earlier than n × 25 ms after the first request, so the last
    // request cannot arrive before SERVED slots have passed. A busy machine only makes it later; gaps
    // between single arrivals are not compared, as a delayed request can arrive just before its
    // successor's slot. (1 ms of slack: the log's clock and the spacing's clock round differently.)
    expect((requests.at(-1)?.at ?? 0) - started).toBeGreaterThanOrEqual(SERVED * 25 - 1);
  });
});

describe('TenderMnClient.process', () => {
  it('finds an invitation by the ocid it minted: the page that lists it, then its bidders', async () => {
    const { tenderMn } = fresh({ TENDER_MN_PER_PAGE: '10' });
    const pair = pairs[14]!;
    const found = await tenderMn.process(`${PREFIX}${pair.invitationId}`);
    expect(found?.value.ocid).toBe(`${PREFIX}${pair.invitationId}`);
    expect(found?.value.tender?.id).toBe(String(pair.invitationId));
    // Rows 11-20 are page 2.
    expect(pageCalls()).toBe(2);
    expect(calls(BIDDERS)).toBe(1);
  });

  it('answers null, without a request, for an ocid of another prefix or shape', async () => {
    const { tenderMn } = fresh();
    expect(await tenderMn.process(pairs[0]!.ocid)).toBeNull();
    expect(await tenderMn.process(`${PREFIX}abc`)).toBeNull();
    expect(await tenderMn.process(`${PREFIX}0123`)).toBeNull();
    expect(replay.requests).toHaveLength(0);
  });

  it('answers null when no invitation has the id, after reading every page', async () => {
    const { tenderMn } = fresh({ TENDER_MN_PER_PAGE: '10' });
    expect(await tenderMn.process(`${PREFIX}1234567890123`)).toBeNull();
    expect(pageCalls()).toBe(Math.ceil(SERVED / 10));
    expect(calls(BIDDERS)).toBe(0);
  });
});

describe('TenderMnClient, as the harvest reads it', () => {
  it('asks the upstream for every page and bidder list, never a cached copy, keeping their JSON', async () => {
    const { tenderMn } = fresh();
    const first = await tenderMn.listPage(1, { tenderYear: 2024 });
    const again = await tenderMn.listPage(1, { tenderYear: 2024 });
    expect(pageCalls()).toBe(2);
    expect(again.freshness.cache).toBe('MISS');
    const { value } = first;
    expect(value.data.length).toBeGreaterThan(0);
    expect(value.raw).toHaveLength(value.data.length);
    const served = (await servedPage()).data.find((r) => r['invitationId'] === value.data[0]?.invitationId);
    expect(JSON.parse(value.raw[0]!)).toEqual(served);
    expect(typeof JSON.parse(value.raw[0]!).totalBudget).toBe('string'); // as sent, not as decoded

    const bidders = await tenderMn.listBidders(value.data);
    await tenderMn.listBidders(value.data);
    expect(calls(BIDDERS)).toBe(2 * value.data.length);
    expect(bidders.every((b) => b !== null && JSON.parse(b.value.raw).length === b.value.rows.length)).toBe(
      true,
    );
  });

  it('asks for one row per page when told, and refuses a page it could only serve from its cache', async () => {
    const { tenderMn } = fresh();
    const probe = await tenderMn.listPage(1, { perPage: 1 });
    expect(probe.value).toMatchObject({ total: SERVED, perPage: 1, currentPage: 1 });
    expect(probe.value.data).toHaveLength(1);
    replay.faults.set(INVITATION_ONLY, { kind: 'status', status: 503 });
    const thrown = await tenderMn.listPage(1, { perPage: 1 }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(GatewayError);
    expect(thrown).toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE, details: { source: 'TENDER_MN' } });
    expect((thrown as Error).message).toBe(
      'The tender.gov.mn upstream could not be read (UPSTREAM_ERROR); only a cached copy was left.',
    );
  });
});

describe('TenderMnClient as a second procurement adapter', () => {
  it('has the shape the procurement loaders take, with the configured prefix', () => {
    const minted: MintedProcurement = fresh().tenderMn;
    expect(minted.ocidPrefix).toBe(PREFIX);
  });
});

describe('mintOcid', () => {
  it('joins the prefix and the invitation id, and refuses what is not an id', () => {
    expect(mintOcid(PREFIX, 1611282173700)).toBe('ocds-xxxxxx-mn-tender-1611282173700');
    expect(mintOcid(PREFIX, '1611282173700')).toBe('ocds-xxxxxx-mn-tender-1611282173700');
    expect(() => mintOcid(PREFIX, '16112 82173700')).toThrow(RangeError);
    expect(() => mintOcid(PREFIX, -1)).toThrow('An invitationId is a positive integer, but got -1.');
  });
});

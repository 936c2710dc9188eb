import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { EMBEDDED_TENDER_MN_SOURCE, loadTenderMnData } from '../../src/replay/tender-mn-data.js';
import { until } from '../eventually.js';
import { advanceTo, advanceUntil, fakeNow, useFakeDeadlineClock, watch } from '../fake-clock.js';
import { FAST_ENV, FAULT_FOREVER_MS, startLiveHarness, type Harness } from '../helpers.js';
import { ask, assertInvariants, record } from './invariants.js';
import { codesOf, recordCase } from './report.js';

/**
 * docs/reliability.md §12b rows 25–27: deadlines that hold, through the whole gateway over loopback HTTP
 * with the replay server's faults, at the default settings (a 15 s budget, an 8 s attempt deadline, a 5 s
 * headers timeout, 2 retries). The clock is fake (tests/fake-clock.ts) from before the first gateway of the
 * file starts, so the default lengths cost no real time; the cases assert what each request received and
 * how many upstream requests the replay saw, and, for when an answer came, only its order against the
 * budget's end on the fake clock.
 */

/** The default upstream settings, undoing the test harness's short backoffs and long-enough deadlines. */
const DEFAULTS = {
  UPSTREAM_ATTEMPT_DEADLINE_MS: '8000',
  UPSTREAM_HEADERS_TIMEOUT_MS: '5000',
  UPSTREAM_BODY_TIMEOUT_MS: '5000',
  UPSTREAM_RETRY_BASE_MS: '200',
  UPSTREAM_RETRY_MAX_MS: '2000',
};
const BUDGET_MS = loadConfig({}).operationBudgetMs;

const OCID = 'ocds-213czf-000-00001';
const byOcid = (ocid: string, extra = '') => `{ contractingProcess(ocid: "${ocid}") { ocid
  freshness { source ageSeconds maxAgeSeconds stale staleReason cache } } ${extra} }`;
const records = (h: Harness) => h.replay.countRequests({ pathPrefix: '/ocds/records' });

let h: Harness | undefined;
beforeAll(() => useFakeDeadlineClock());
afterEach(async () => {
  await h?.close();
  h = undefined;
});
afterAll(() => vi.useRealTimers());

/** `ask`, watched on the fake clock. */
const send = (query: string) => watch(ask(h!, query));

describe('the settings these cases run at', () => {
  it('are the defaults: 15 s budget, 8 s attempt deadline, 2 retries', () => {
    expect(loadConfig({ ...FAST_ENV, ...DEFAULTS }).http).toEqual(loadConfig({}).http);
    expect(BUDGET_MS).toBe(15_000);
  });
});

describe('§12b row 25: stale-if-error when the upstream hangs', () => {
  it('serves the held value as FALLBACK before the budget runs out, not null + UPSTREAM_TIMEOUT after it', async () => {
    h = await startLiveHarness(DEFAULTS);
    const warm = await ask(h, byOcid(OCID));
    expect(warm.body.data.contractingProcess.freshness.cache).toBe('MISS');
    // Past max-age and the stale-while-revalidate window (300 s + 60 s), well within stale-if-error (1 day).
    vi.setSystemTime(Date.now() + 361_000);
    h.replay.faults.set('/ocds/records', { kind: 'delay', ms: FAULT_FOREVER_MS });
    const before = records(h);
    const sent = fakeNow();
    const asked = send(byOcid(OCID));
    await until(() => records(h!) > before, { what: 'the refresh to reach the upstream' });
    expect(await advanceUntil(() => asked.settled, { limitMs: BUDGET_MS + 2000 })).toBe(true);
    const o = await asked.promise;
    assertInvariants(h, o);
    expect(o.body.errors).toBeUndefined();
    expect(o.body.data.contractingProcess).toMatchObject({
      ocid: OCID,
      freshness: { stale: true, staleReason: 'UPSTREAM_ERROR', cache: 'FALLBACK' },
    });
    // Two attempts, each ended by the 5 s headers timeout; a third (backoff + an 8 s attempt) could not
    // have ended within the budget, so it was not started and the fallback came first.
    expect(records(h) - before).toBe(2);
    expect(asked.at! - sent).toBeLessThan(BUDGET_MS);
    record(
      25,
      'upstream hangs, value held within stale-if-error (defaults): FALLBACK before the budget',
      o,
      2,
    );
  });
});

describe('§12b row 26: an identical request joins one under way during an outage', () => {
  it('ends at its own deadline, not the first one`s plus its own', async () => {
    h = await startLiveHarness(DEFAULTS);
    h.replay.faults.set('/ocds/records', { kind: 'delay', ms: FAULT_FOREVER_MS });
    const t0 = fakeNow();
    const first = send(byOcid(OCID));
    await until(() => records(h!) === 1, { what: 'the first request to reach the upstream' });
    await advanceTo(t0 + 500);
    const identical = send(byOcid(OCID)); // waits for the first one's answer, to replay it
    const other = send(byOcid(OCID, '__typename')); // the same record: joins the upstream call itself
    expect(await advanceUntil(() => identical.settled, { limitMs: BUDGET_MS + 2000 })).toBe(true);
    const [a, b, c] = await Promise.all([first.promise, identical.promise, other.promise]);
    for (const o of [a, b, c]) {
      assertInvariants(h, o);
      expect(o.body.data.contractingProcess).toBeNull();
      expect(o.body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', source: 'PROCUREMENT' });
    }
    // The identical request waited for the first one's answer (not replayable), then ran with what was
    // left of its own budget, and got that budget's end: 15 s after it arrived, not 15 s after that.
    expect(first.at!).toBeLessThanOrEqual(identical.at!);
    // Its own budget's end, or its own attempt's headers timeout just before it.
    expect(b.body.errors[0].message).toMatch(/time budget of 15000 ms|timed out/);
    // (Its budget starts once it reaches the gateway, a step or so of the fake clock after it was sent;
    // waiting on for the first one's budget as well would take it past 25 s.)
    expect(identical.at! - (t0 + 500)).toBeLessThan(BUDGET_MS + 1500);
    // The first load (two attempts, the retry planned within the later waiter's budget), then the
    // identical request's own attempt, cut by its budget.
    expect(records(h)).toBe(3);
    record(
      26,
      'identical request 0.5 s after one in progress, upstream hangs (defaults): its own budget',
      b,
      3,
    );
  });
});

describe('§12b row 27: a shared upstream call and another request`s abort', () => {
  it('is not handed to the request that comes next: a client leaving during a backoff', async () => {
    h = await startLiveHarness(DEFAULTS);
    // A 503 asking for a second: waited out, and the first client leaves while the call sleeps in it.
    h.replay.faults.set('/ocds/records', { kind: 'retryAfter', status: 503, retryAfter: '1' }, { times: 1 });
    const client = new AbortController();
    const gone = fetch(`${h.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: byOcid(OCID) }),
      signal: client.signal,
    }).catch((e: unknown) => e);
    await until(() => records(h!) === 1, { what: 'the first attempt' });
    client.abort();
    expect(await gone).toBeInstanceOf(Error);
    const next = send(byOcid(OCID));
    // It asks the upstream for itself at once, without waiting out the abandoned call's backoff.
    await until(() => records(h!) === 2, { what: 'the next request`s own upstream call' });
    expect(await advanceUntil(() => next.settled, { limitMs: BUDGET_MS })).toBe(true);
    const o = await next.promise;
    assertInvariants(h, o);
    expect(o.body.errors).toBeUndefined();
    expect(o.body.data.contractingProcess).toMatchObject({ ocid: OCID, freshness: { cache: 'MISS' } });
    await advanceTo(fakeNow() + 2000); // past the abandoned backoff: its retry is never sent
    expect(records(h)).toBe(2);
    record(
      27,
      'a client leaves while the call waits out Retry-After: 1; the next request gets its own',
      o,
      1,
    );
  });

  it('is not handed to the next of three requests in a row for a cold tender.gov.mn lookup', async () => {
    // One invitation per page, at the source's one request a second: a cold lookup of the 20th
    // invitation crawls longer than the budget.
    h = await startLiveHarness({ ...DEFAULTS, TENDER_MN_RATE_PER_SECOND: '1', TENDER_MN_PER_PAGE: '1' });
    const { invitations } = await loadTenderMnData(EMBEDDED_TENDER_MN_SOURCE);
    const target = invitations[19]!;
    const ocid = `ocds-xxxxxx-mn-tender-${target.invitationId}`;
    const query = `{ contractingProcess(ocid: "${ocid}") { ocid freshness { source cache stale } } }`;
    const bidders = () => h!.replay.countRequests({ pathPrefix: '/tender-mn/api/invitation-bidders' });
    const pages = () => h!.replay.countRequests({ pathPrefix: '/tender-mn/api/invitation' }) - bidders();
    // The first page answers after 1.5 s, so later pages start on the half second and the budget's end
    // finds the crawl waiting for its next turn.
    h.replay.faults.set('/tender-mn/api/invitation', { kind: 'delay', ms: 1500 }, { times: 1 });

    const first = send(query);
    await until(() => pages() === 1, { what: 'the first page request' });
    expect(await advanceUntil(() => first.settled, { limitMs: BUDGET_MS + 2000 })).toBe(true);
    const one = await first.promise;
    assertInvariants(h, one);
    expect(one.body.data.contractingProcess).toBeNull();
    expect(one.body.errors[0].extensions.code).toBe('UPSTREAM_TIMEOUT');
    expect(one.body.errors[0].message).toContain(`time budget of ${BUDGET_MS} ms`);
    const seen = pages();

    // Asked again at once: the pages read so far are cached, and the call the first request left is
    // not this one's: it reads on for itself, within its own budget.
    const second = send(query);
    expect(await advanceUntil(() => second.settled, { limitMs: BUDGET_MS })).toBe(true);
    const two = await second.promise;
    assertInvariants(h, two);
    expect(two.body.errors).toBeUndefined();
    expect(two.body.data.contractingProcess).toMatchObject({ ocid, freshness: { source: 'TENDER_MN' } });
    expect(pages()).toBeGreaterThan(seen);

    // The second read on to the invitation's page and its bidders: one request each beyond what the
    // first had read (a page the first request's budget cut mid-answer may be asked for again).
    expect(pages()).toBeGreaterThanOrEqual(20);
    expect(bidders()).toBe(1);

    const asked = h.replay.requests.length;
    const third = await ask(h, query);
    assertInvariants(h, third);
    expect(third.body.data.contractingProcess).toEqual({
      ocid,
      freshness: { source: 'TENDER_MN', cache: 'HIT', stale: false },
    });
    expect(h.replay.requests.length).toBe(asked);
    recordCase({
      table: '12b',
      row: 27,
      case: 'cold tender.gov.mn lookup asked three times in a row (defaults): timeout, then the data, then a hit',
      status: two.status,
      codes: codesOf(two.body),
      upstreamCalls: pages(),
      freshness: 'MISS, then HIT',
      lost: false,
    });
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { SharedWaits } from '../../src/upstream/scope.js';
import { FAULT_FOREVER_MS, startLiveHarness, type Harness } from '../helpers.js';
import { ask, assertInvariants, record } from './invariants.js';
import { recordCase } from './report.js';
import { eventually, until } from '../eventually.js';

/**
 * docs/reliability.md §12b rows 7 (404 cached briefly as an answer), 22 (client disconnects mid-request)
 * and 23 (whole-operation budget exhausted), through the whole gateway over loopback HTTP.
 */

const OCID = 'ocds-213czf-000-00001';
const MISSING = 'ocds-213czf-999-99999';
const byOcid = (ocid: string) => `{ contractingProcess(ocid: "${ocid}") { ocid
  freshness { source ageSeconds maxAgeSeconds stale staleReason cache } } sources { name } }`;
const records = (h: Harness) => h.replay.countRequests({ pathPrefix: '/ocds/records' });

let h: Harness | undefined;
afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await h?.close();
  h = undefined;
});

describe('§12b row 7: a 404 is an answer, remembered for UPSTREAM_NEGATIVE_TTL_SECONDS', () => {
  it('is not retried, not counted by the breaker, and not asked again within 60 s', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    h = await startLiveHarness({ UPSTREAM_RETRIES: '2' });
    const first = await ask(h, byOcid(MISSING));
    assertInvariants(h, first);
    expect(first.body.data.contractingProcess).toBeNull();
    expect(first.body.errors).toHaveLength(1);
    expect(first.body.errors[0]).toMatchObject({
      path: ['contractingProcess'],
      extensions: { code: 'NOT_FOUND', source: 'PROCUREMENT', upstreamStatus: 404 },
    });
    expect(records(h)).toBe(1); // not retried
    record(7, '404 for an unknown ocid: null + NOT_FOUND, not retried', first, records(h));

    vi.setSystemTime(Date.now() + 59_000);
    const again = await ask(h, byOcid(MISSING));
    assertInvariants(h, again);
    expect(again.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(records(h)).toBe(1); // the negative entry answered
    record(7, '404 again 59 s later: answered from the negative cache', again, 0);

    // A 404 says nothing about the upstream's health: neither the last error nor the breaker moves.
    const health = h.gateway.gateway.upstreams.procurement.source.health();
    expect(health.lastErrorCode).toBeNull();
    expect(health.breaker).toBe('closed');

    vi.setSystemTime(Date.now() + 2_000); // 61 s after the 404: asked again
    const later = await ask(h, byOcid(MISSING));
    assertInvariants(h, later);
    expect(later.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(records(h)).toBe(2);
    record(7, '404 again 61 s later: asked again', later, 1);
  });

  it('never confuses the negative entry with a failure: another ocid still resolves', async () => {
    h = await startLiveHarness();
    await ask(h, byOcid(MISSING));
    const found = await ask(h, byOcid(OCID));
    assertInvariants(h, found);
    expect(found.body.errors).toBeUndefined();
    expect(found.body.data.contractingProcess.ocid).toBe(OCID);
  });
});

describe('§12b row 22: a client that disconnects stops the upstream work', () => {
  it('aborts the upstream request nobody else waits for, and starts no more', async () => {
    h = await startLiveHarness({
      UPSTREAM_ATTEMPT_DEADLINE_MS: '10000',
      UPSTREAM_HEADERS_TIMEOUT_MS: '10000',
    });
    // The upstream never answers in time: whatever the machine's speed, the client leaves first.
    h.replay.faults.set('/ocds/records', { kind: 'delay', ms: FAULT_FOREVER_MS });
    const client = new AbortController();
    const sent = fetch(`${h.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: byOcid(OCID) }),
      signal: client.signal,
    }).catch((e: unknown) => e);
    await eventually(() => expect(records(h!)).toBe(1));
    client.abort();
    expect(await sent).toBeInstanceOf(Error);
    // The replay server sees its request's socket closed before it could answer: status 0.
    await eventually(() => expect(h!.replay.inFlight({ pathPrefix: '/ocds/records' })).toBe(0));
    const entry = h.replay.requests.find((r) => r.path.startsWith('/ocds/records'));
    expect(entry?.status).toBe(0);
    // A retry would follow within the backoff (UPSTREAM_RETRY_MAX_MS, 20 ms): give it ample time to show.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(records(h)).toBe(1); // no retry, no further call
    // The abort is not the upstream's fault.
    expect(h.gateway.gateway.upstreams.procurement.source.health().lastErrorCode).toBeNull();
    // The client left on purpose: nothing was owed to it, so nothing was lost (status 0: no response).
    recordCase({
      table: '12b',
      row: 22,
      case: 'client aborts while the upstream withholds its answer: upstream request aborted, none after',
      status: 0,
      codes: [],
      upstreamCalls: records(h),
      lost: false,
    });
  });

  it('keeps a shared upstream call going for the requests still waiting', async () => {
    h = await startLiveHarness({
      UPSTREAM_ATTEMPT_DEADLINE_MS: '10000',
      UPSTREAM_HEADERS_TIMEOUT_MS: '10000',
    });
    // Far longer than the second request needs to join the call, even on a loaded machine.
    h.replay.faults.set('/ocds/records', { kind: 'delay', ms: 5000 });
    const joins = vi.spyOn(SharedWaits.prototype, 'join');
    const joined = (): number => joins.mock.calls.filter(([key]) => key.includes(OCID)).length;
    const leaving = new AbortController();
    const gone = fetch(`${h.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: byOcid(OCID) }),
      signal: leaving.signal,
    }).catch((e: unknown) => e);
    await eventually(() => expect(records(h!)).toBe(1));
    const staying = ask(h, byOcid(OCID).replace('sources { name }', 'sources { name } __typename'));
    // Leave only once the second request waits for the same upstream call, still unanswered.
    await until(() => joined() === 2, { what: 'the second request to join the upstream call' });
    expect(h.replay.requests.find((r) => r.path.startsWith('/ocds/records'))?.status).toBe(0);
    leaving.abort();
    await gone;
    const o = await staying;
    assertInvariants(h, o);
    expect(o.body.errors).toBeUndefined();
    expect(o.body.data.contractingProcess.ocid).toBe(OCID);
    expect(records(h)).toBe(1); // one upstream request served both
    record(22, 'one of two clients waiting for the same record leaves: the other gets it', o, records(h));
  });
});

describe('§12b row 23: the whole-operation budget', () => {
  it('answers 200 with partial data when the budget runs out: waiting fields null + UPSTREAM_TIMEOUT', async () => {
    h = await startLiveHarness({
      OPERATION_BUDGET_MS: '400',
      UPSTREAM_ATTEMPT_DEADLINE_MS: '10000',
      UPSTREAM_HEADERS_TIMEOUT_MS: '10000',
    });
    // The upstream would answer only after a minute: an answer at all shows the budget cut the wait.
    h.replay.faults.set('/ocds/records', { kind: 'delay', ms: 60_000 });
    const o = await ask(h, byOcid(OCID));
    // Answered before the upstream was: its request had no status yet when the answer arrived.
    expect(h.replay.requests.find((r) => r.path.startsWith('/ocds/records'))?.status).toBe(0);
    assertInvariants(h, o);
    expect(o.status).toBe(200);
    expect(o.body.data.contractingProcess).toBeNull();
    expect(o.body.data.sources).toHaveLength(6); // the healthy part of the answer
    expect(o.body.errors).toHaveLength(1);
    expect(o.body.errors[0]).toMatchObject({
      path: ['contractingProcess'],
      extensions: { code: 'UPSTREAM_TIMEOUT', source: 'PROCUREMENT' },
    });
    expect(o.body.errors[0].message).toContain('time budget of 400 ms');
    expect(records(h)).toBe(1);
    // Running out of budget is not the upstream's failure either.
    expect(h.gateway.gateway.upstreams.procurement.source.health().breaker).toBe('closed');
    record(23, 'budget 400 ms, upstream delays 60 s: 200, field null + UPSTREAM_TIMEOUT, rest intact', o, 1);
  });
});

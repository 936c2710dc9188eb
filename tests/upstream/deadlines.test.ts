import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { UpstreamSource } from '../../src/upstream/index.js';
import { HttpClient, RequestAborted, budgetOf, inRequest } from '../../src/upstream/index.js';
import { until } from '../eventually.js';
import { advanceTo, advanceUntil, fakeNow, useFakeDeadlineClock, watch } from '../fake-clock.js';
import {
  TEST_POLICY as policy,
  decode,
  failureOf,
  json,
  scriptedSource,
  scriptedUpstream,
} from './scripted.js';

/**
 * Deadlines that hold, at the default settings (an 8 s attempt deadline, 2 retries, a 15 s budget), on a
 * fake clock against a small scripted upstream over real HTTP (docs/reliability.md §12b rows 25–27):
 * retries are planned against the budgets of the requests waiting, a held value is served as
 * stale-if-error while there is still time to answer, a request stops waiting for a shared load at its
 * own deadline, and a request never receives the abort of another.
 */
const up = scriptedUpstream();

const config = loadConfig({});
const BUDGET_MS = config.operationBudgetMs;
let http: HttpClient;
let source: UpstreamSource;
/** Sockets the upstream holds open without answering, closed after each test. */
let held: ServerResponse[] = [];

// One fake clock for the whole file, from before its first request (see fake-clock.ts).
beforeAll(() => useFakeDeadlineClock());
afterAll(() => vi.useRealTimers());
beforeEach(() => {
  http = new HttpClient(config.http);
  source = scriptedSource(up, config, http, 'PROCUREMENT', '/api');
  held = [];
});
afterEach(async () => {
  for (const res of held) res.destroy();
  await http.close();
});

/** The upstream receives the request and never answers it. */
const hang = (_req: unknown, res: ServerResponse): void => {
  held.push(res);
};

/** The upstream sends its headers, then a byte a second: no idle timeout fires, only the attempt deadline. */
const drip = (_req: unknown, res: ServerResponse): void => {
  held.push(res);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.flushHeaders();
  const tick = (): void => {
    if (res.destroyed) return;
    res.write(' ');
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 1000);
};

const get = () => source.fetch({ url: source.url('thing'), decode });

/** One client request as the gateway runs it: the default budget, its abort when it runs out. */
function request<T>(fn: () => Promise<T>): { result: Promise<T>; signal: AbortSignal; leave: () => void } {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(new RequestAborted('budget', BUDGET_MS)), BUDGET_MS);
  const result = inRequest(stop.signal, fn, budgetOf(BUDGET_MS));
  result.then(
    () => clearTimeout(timer),
    () => clearTimeout(timer),
  );
  return {
    result,
    signal: stop.signal,
    leave: () => stop.abort(new RequestAborted('client-gone', BUDGET_MS)),
  };
}

/** Warms the cache with `{ n: 1 }`, then moves the clock past max-age and SWR, well within SIE. */
async function warmThenStale(): Promise<void> {
  up.script = [json({ n: 1 })];
  expect((await get()).freshness.cache).toBe('MISS');
  vi.setSystemTime(Date.now() + (policy.maxAgeSeconds + policy.staleWhileRevalidateSeconds + 1) * 1000);
}

describe('the default settings these tests run at', () => {
  it('are an 8 s attempt deadline, 2 retries and a 15 s budget', () => {
    expect(config.http).toMatchObject({ attemptDeadlineMs: 8000, retries: 2 });
    expect(BUDGET_MS).toBe(15_000);
  });
});

describe('§12b row 25: stale-if-error while the upstream hangs', () => {
  it('serves the held value as FALLBACK before the budget runs out, with no retry that could not end in time', async () => {
    await warmThenStale();
    up.fallback = hang;
    const started = fakeNow();
    const r = request(get);
    const asked = watch(r.result);
    await until(() => up.hits.length === 2, { what: 'the refresh to reach the upstream' });
    expect(await advanceUntil(() => asked.settled, { limitMs: BUDGET_MS + 1000 })).toBe(true);
    const served = await r.result;
    expect(served.value).toEqual({ n: 1 });
    expect(served.freshness).toMatchObject({ cache: 'FALLBACK', staleReason: 'UPSTREAM_ERROR' });
    // Each attempt ends at the 5 s headers timeout. After the first, a retry (backoff + an 8 s attempt)
    // still fits the budget; after the second it would not, so none is started, and the held value comes
    // while the request still has its budget.
    expect(up.hits).toHaveLength(3);
    expect(r.signal.aborted).toBe(false);
    expect(asked.at! - started).toBeLessThan(BUDGET_MS);
  });

  it('still retries what fails fast: a reset twice, then the answer', async () => {
    await warmThenStale();
    up.script = [(req) => req.socket.destroy(), (req) => req.socket.destroy(), json({ n: 2 })];
    const r = request(get);
    const asked = watch(r.result);
    expect(await advanceUntil(() => asked.settled, { limitMs: BUDGET_MS })).toBe(true);
    expect((await r.result).value).toEqual({ n: 2 });
    expect(up.hits).toHaveLength(4);
  });

  it('serves the held value at its request`s last moment to answer when a longer-lived caller keeps the load going', async () => {
    await warmThenStale();
    // Two attempts drip until their 8 s deadline, the third answers: only a caller without a budget
    // can wait that long.
    up.script = [drip, drip, json({ n: 3 })];
    const background = watch(get()); // outside any request: no budget, so the load may retry
    await until(() => up.hits.length === 2, { what: 'the refresh to reach the upstream' });
    const started = fakeNow();
    const r = request(get);
    const asked = watch(r.result);
    expect(await advanceUntil(() => asked.settled, { limitMs: BUDGET_MS })).toBe(true);
    expect(await r.result).toMatchObject({
      value: { n: 1 },
      freshness: { cache: 'FALLBACK', staleReason: 'UPSTREAM_ERROR' },
    });
    expect(r.signal.aborted).toBe(false); // before its budget ran out
    expect(asked.at! - started).toBeLessThan(BUDGET_MS);
    expect(background.settled).toBe(false);
    // The load went on for the caller still waiting, and its retry brought the new value.
    expect(await advanceUntil(() => background.settled, { limitMs: 2 * BUDGET_MS })).toBe(true);
    expect(await background.promise).toMatchObject({ value: { n: 3 }, freshness: { cache: 'MISS' } });
    expect(up.hits).toHaveLength(4); // the warm-up, then one load of three attempts
  });
});

describe('§12b row 26: joining a load under way', () => {
  it('stops waiting at the joiner`s own deadline, while the load goes on for whoever else waits', async () => {
    up.script = [drip, drip, json({ n: 4 })];
    const background = watch(get());
    await until(() => up.hits.length === 1, { what: 'the load to reach the upstream' });
    const r = request(get);
    const joined = watch(r.result);
    await advanceTo(fakeNow() + BUDGET_MS);
    expect(joined.settled).toBe(true);
    const failure = await failureOf(r.result);
    expect(failure.code).toBe('UPSTREAM_TIMEOUT');
    expect(failure.message).toContain(`time budget of ${BUDGET_MS} ms`);
    expect(background.settled).toBe(false);
    expect(await advanceUntil(() => background.settled, { limitMs: 2 * BUDGET_MS })).toBe(true);
    expect((await background.promise).value).toEqual({ n: 4 });
    expect(up.hits).toHaveLength(3); // one load of three attempts
  });
});

describe('§12b row 27: another request`s abort', () => {
  it('is never handed to a request that comes after: it gets a load of its own', async () => {
    // A 503 asking for one second: the load sleeps through that backoff when its only client leaves.
    up.script = [(_q, res) => res.writeHead(503, { 'retry-after': '1' }).end(), json({ n: 5 })];
    const first = request(get);
    first.result.catch(() => undefined);
    await until(() => up.hits.length === 1, { what: 'the first attempt' });
    first.leave();
    expect((await failureOf(first.result)).message).toContain('request ended');
    // The next request asks at once: it must not join the aborted load, nor receive its abort.
    const second = request(get);
    const asked = watch(second.result);
    await until(() => up.hits.length === 2, { what: 'the second request`s own load' });
    expect(await advanceUntil(() => asked.settled, { limitMs: BUDGET_MS })).toBe(true);
    expect(await second.result).toMatchObject({ value: { n: 5 }, freshness: { cache: 'MISS' } });
    // The aborted load's retry, past its backoff, never reaches the upstream.
    await advanceTo(fakeNow() + 2000);
    expect(up.hits).toHaveLength(2);
  });
});

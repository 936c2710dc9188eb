import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CircuitState } from 'cockatiel';
import { loadConfig } from '../../src/config.js';
import { SlidingWindowBreaker } from '../../src/upstream/breaker.js';
import type { UpstreamSource } from '../../src/upstream/index.js';
import { HttpClient } from '../../src/upstream/index.js';
import { codeOf, decode, failureOf, json, scriptedUpstream, scriptedSource, status } from './scripted.js';

/**
 * The per-source circuit breaker and the `Retry-After` cool-down (docs/reliability.md "Upstream settings"; §12b rows 5
 * and 15) against a scripted node:http server, counting exactly the requests it received.
 */
const up = scriptedUpstream();

const config = loadConfig({
  // No test here waits for a timeout: far above what a healthy loopback answer takes on a loaded machine.
  UPSTREAM_ATTEMPT_DEADLINE_MS: '5000',
  UPSTREAM_RETRIES: '2',
  UPSTREAM_RETRY_BASE_MS: '1',
  UPSTREAM_RETRY_MAX_MS: '2',
  UPSTREAM_RETRY_AFTER_MAX_MS: '1500',
});
let http: HttpClient;
let source: UpstreamSource;
const make = (breaker?: { halfOpenAfterMs?: number; samplingDurationMs?: number }) =>
  scriptedSource(up, config, http, 'PROCUREMENT', '/api', breaker);
beforeEach(() => {
  http = new HttpClient(config.http);
  source = make();
});
afterEach(async () => {
  vi.useRealTimers();
  await http.close();
});

let counter = 0;
/** A fresh path each time unless one is given, so the cache never answers for the upstream. */
const get = (path = `item/${++counter}`) => source.fetch({ url: source.url(path), decode });

/** Ten failed calls (501 is not retried: one request each); the tenth opens the breaker. */
async function openBreaker(): Promise<void> {
  up.fallback = status(501);
  for (let i = 0; i < 9; i++) expect(await codeOf(get())).toBe('UPSTREAM_UNAVAILABLE');
  expect(up.hits).toHaveLength(9);
  expect(source.health().breaker).toBe('closed');
  expect(await codeOf(get())).toBe('UPSTREAM_UNAVAILABLE');
  expect(up.hits).toHaveLength(10);
  expect(source.health().breaker).toBe('open');
  up.hits = [];
}

describe('circuit breaker', () => {
  it('counts only the calls of the last 10 s by the clock, and opens at half of at least 10', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000 });
    const b = new SlidingWindowBreaker(0.5, 10_000, 10);
    const closed = CircuitState.Closed;
    for (let i = 0; i < 20; i++) b.success(closed);
    vi.setSystemTime(Date.now() + 60_000); // the 20 successes leave the window
    for (let i = 0; i < 9; i++) expect(b.failure(closed)).toBe(false); // 9 calls: too few
    expect(b.failure(closed)).toBe(true); // 10 of 10
    const fresh = new SlidingWindowBreaker(0.5, 10_000, 10);
    for (let i = 0; i < 5; i++) fresh.success(closed);
    for (let i = 0; i < 4; i++) expect(fresh.failure(closed)).toBe(false);
    expect(fresh.failure(closed)).toBe(true); // 5 of 10: at least half
    const spread = new SlidingWindowBreaker(0.5, 10_000, 10);
    for (let i = 0; i < 6; i++) spread.success(closed);
    vi.setSystemTime(Date.now() + 5_000); // still within 10 s
    for (let i = 0; i < 3; i++) expect(spread.failure(closed)).toBe(false);
    expect(spread.failure(closed)).toBe(false); // 4 of 10
    vi.setSystemTime(Date.now() + 6_000); // the 6 successes are 11 s old now
    for (let i = 0; i < 5; i++) expect(spread.failure(closed)).toBe(false); // 9 calls in the window
    expect(spread.failure(closed)).toBe(true); // 10 failures of 10
    expect(spread.failure(CircuitState.HalfOpen)).toBe(true); // a failed probe re-opens
    spread.state = JSON.parse(JSON.stringify(spread.state)) as unknown; // serialisable (toJSON)
    expect(spread.failure(closed)).toBe(true);
  });

  it('opens after 10 failed calls, then fails fast with no upstream request', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await openBreaker();
    up.fallback = json({ n: 1 });
    const hits = up.hits.length;
    const e = await failureOf(get());
    expect(up.hits).toHaveLength(hits); // refused without asking the upstream
    expect(e.code).toBe('CIRCUIT_OPEN');
    expect(e.retryable).toBe(false);
    expect(e.details).toMatchObject({ source: 'PROCUREMENT', retryAfterSeconds: 30 });
    expect(e.message).not.toContain(up.base);
    expect(up.hits).toHaveLength(0);
    expect(source.health().lastErrorCode).toBe('CIRCUIT_OPEN');
  });

  it('opens when half or more of at least 10 calls failed, not below 10 calls', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    up.script = [json({ n: 1 }), json({ n: 1 }), json({ n: 1 }), json({ n: 1 }), json({ n: 1 })];
    for (let i = 0; i < 5; i++) await get();
    up.script = [status(400), status(400), status(400), status(400), status(400)];
    for (let i = 0; i < 5; i++) expect(await codeOf(get())).toBe('UPSTREAM_BAD_REQUEST');
    up.fallback = status(501); // not retried: one attempt per call
    for (let i = 0; i < 4; i++) expect(await codeOf(get())).toBe('UPSTREAM_UNAVAILABLE');
    // 5 successes + 4 failures (the 400s do not count): 9 calls, below the minimum.
    expect(source.health().breaker).toBe('closed');
    expect(await codeOf(get())).toBe('UPSTREAM_UNAVAILABLE'); // 10th call: 5 of 10 failed, 50 %
    expect(source.health().breaker).toBe('open');
    expect(up.hits).toHaveLength(5 + 5 + 4 + 1);
    expect(await codeOf(get())).toBe('CIRCUIT_OPEN');
    expect(up.hits).toHaveLength(15);
  });

  it('stays closed at 4 failures of 10 calls (40 %)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    up.script = Array.from({ length: 6 }, () => json({ n: 1 }));
    for (let i = 0; i < 6; i++) await get();
    up.fallback = status(501);
    for (let i = 0; i < 4; i++) expect(await codeOf(get())).toBe('UPSTREAM_UNAVAILABLE');
    expect(source.health().breaker).toBe('closed');
    expect(up.hits).toHaveLength(10);
  });

  it('never opens on 404, 400, 401, 403 or 429', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const answers = [404, 400, 401, 403];
    for (let i = 0; i < 20; i++) {
      up.script = [status(answers[i % 4] ?? 404)];
      await get().catch(() => undefined);
    }
    expect(up.hits).toHaveLength(20);
    up.fallback = status(429); // no Retry-After: retried, 3 attempts per call
    for (let i = 0; i < 4; i++) expect(await codeOf(get())).toBe('RATE_LIMITED');
    expect(up.hits).toHaveLength(32);
    expect(source.health().breaker).toBe('closed');
    up.fallback = json({ n: 2 });
    expect((await get()).value).toEqual({ n: 2 });
    expect(up.hits).toHaveLength(33);
  });

  it("never opens on data that does not match its format: the publisher's data, not an outage", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    up.script = Array.from({ length: 20 }, () => json({ wrong: true }));
    for (let i = 0; i < 20; i++) expect(await codeOf(get())).toBe('UPSTREAM_INVALID');
    expect(up.hits).toHaveLength(20);
    expect(source.health().breaker).toBe('closed');
    up.fallback = json({ n: 3 });
    expect((await get()).value).toEqual({ n: 3 });
    expect(up.hits).toHaveLength(21);
  });

  it('counts unreadable bodies and transport errors, a call with its retries once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    up.script = Array.from(
      { length: 5 },
      () => (_q: unknown, res: ServerResponse) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"n":'),
    );
    for (let i = 0; i < 5; i++) expect(await codeOf(get())).toBe('UPSTREAM_INVALID');
    up.fallback = (req) => req.socket.destroy(); // reset: retried, 3 requests per call
    for (let i = 0; i < 4; i++) expect(await codeOf(get())).toBe('UPSTREAM_UNAVAILABLE');
    expect(up.hits).toHaveLength(5 + 4 * 3);
    expect(source.health().breaker).toBe('closed');
    expect(await codeOf(get())).toBe('UPSTREAM_UNAVAILABLE');
    expect(up.hits).toHaveLength(5 + 5 * 3);
    expect(source.health().breaker).toBe('open');
  });

  it('after halfOpenAfter sends one probe: a failure re-opens, a success closes', async () => {
    // The breaker reads `Date.now()`: a faked Date moves only when the test says, so no stall of the
    // machine can end the open period early (undici's timers stay real).
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    source = make({ halfOpenAfterMs: 150, samplingDurationMs: 5_000 });
    await openBreaker();
    vi.setSystemTime(Date.now() + 149);
    expect(await codeOf(get())).toBe('CIRCUIT_OPEN'); // not yet
    expect(up.hits).toHaveLength(0);
    vi.setSystemTime(Date.now() + 1);
    // Failed probe: exactly one request, not retried although 502 is retryable; the calls that
    // arrived meanwhile wait for it and are then refused.
    up.fallback = status(502);
    const probes = await Promise.all([get(), get(), get()].map((p) => codeOf(p)));
    expect(probes.sort()).toEqual(['CIRCUIT_OPEN', 'CIRCUIT_OPEN', 'UPSTREAM_UNAVAILABLE']);
    expect(up.hits).toHaveLength(1);
    expect(source.health().breaker).toBe('open');
    expect(await codeOf(get())).toBe('CIRCUIT_OPEN');
    expect(up.hits).toHaveLength(1);
    vi.setSystemTime(Date.now() + 150);
    // Successful probe closes it; then calls go out again.
    up.fallback = json({ n: 3 });
    expect((await get()).value).toEqual({ n: 3 });
    expect(up.hits).toHaveLength(2);
    expect(source.health().breaker).toBe('closed');
    expect((await get()).value).toEqual({ n: 3 });
    expect(up.hits).toHaveLength(3);
  });

  it('serves a stale value as FALLBACK with staleReason CIRCUIT_OPEN and no upstream request', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    up.script = [json({ n: 5 })];
    const good = await get('cached');
    vi.setSystemTime(Date.now() + 61_000 + 31_000); // past max-age and SWR, within SIE
    // (cockatiel still counts the success above: its window slots rotate one per call.)
    up.fallback = status(501);
    for (let i = 0; i < 10; i++) await get().catch(() => undefined);
    expect(source.health().breaker).toBe('open');
    up.hits = [];
    const served = await get('cached');
    expect(served.value).toEqual({ n: 5 });
    expect(served.freshness).toMatchObject({
      cache: 'FALLBACK',
      staleReason: 'CIRCUIT_OPEN',
      fetchedAt: good.freshness.fetchedAt,
    });
    expect(up.hits).toHaveLength(0);
  });
});

describe('Retry-After cool-down', () => {
  it('after a 429 with Retry-After: 120 makes no request until then, reporting the time left', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    up.fallback = status(429, { 'retry-after': '120' });
    const first = await failureOf(get());
    expect(first.code).toBe('RATE_LIMITED');
    expect(first.details.retryAfterSeconds).toBe(120);
    expect(up.hits).toHaveLength(1);
    vi.setSystemTime(Date.now() + 30_000);
    up.fallback = json({ n: 1 });
    for (let i = 0; i < 5; i++) {
      const e = await failureOf(get());
      expect(e.code).toBe('RATE_LIMITED');
      expect(e.details).toMatchObject({ source: 'PROCUREMENT', retryAfterSeconds: 90 });
    }
    expect(up.hits).toHaveLength(1);
    expect(source.health().breaker).toBe('closed');
    vi.setSystemTime(Date.now() + 90_001);
    expect((await get()).value).toEqual({ n: 1 });
    expect(up.hits).toHaveLength(2);
  });

  it('also cools down after a 503 with a long Retry-After (HTTP-date form)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Math.ceil(Date.now() / 1000) * 1000); // HTTP-dates have whole seconds
    const at = new Date(Date.now() + 60_000).toUTCString();
    up.fallback = status(503, { 'retry-after': at });
    expect(await codeOf(get())).toBe('UPSTREAM_UNAVAILABLE');
    expect(up.hits).toHaveLength(1);
    const e = await failureOf(get());
    expect(e.code).toBe('RATE_LIMITED');
    expect(e.details.retryAfterSeconds).toBe(60);
    expect(up.hits).toHaveLength(1);
  });

  it('does not cool down for a short Retry-After or a malformed one', async () => {
    up.script = [status(429, { 'retry-after': 'soon-ish' }), json({ n: 4 })];
    expect((await get()).value).toEqual({ n: 4 });
    expect(up.hits).toHaveLength(2);
    expect((await get()).value).toEqual({ n: 1 });
    expect(up.hits).toHaveLength(3);
  });

  it('serves a stale value as FALLBACK with staleReason RATE_LIMITED during the cool-down', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    up.script = [json({ n: 5 })];
    await get('cached');
    vi.setSystemTime(Date.now() + 61_000 + 31_000);
    up.fallback = status(429, { 'retry-after': '120' });
    expect(await codeOf(get())).toBe('RATE_LIMITED');
    expect(up.hits).toHaveLength(2);
    const served = await get('cached');
    expect(served.value).toEqual({ n: 5 });
    expect(served.freshness).toMatchObject({ cache: 'FALLBACK', staleReason: 'RATE_LIMITED' });
    expect(up.hits).toHaveLength(2);
  });
});

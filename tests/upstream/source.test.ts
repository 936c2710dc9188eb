import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { UpstreamError, UpstreamSource } from '../../src/upstream/index.js';
import { HttpClient, fullJitter, parseRetryAfter } from '../../src/upstream/index.js';
import { TEST_POLICY as policy, codeOf, decode, json, scriptedUpstream, scriptedSource } from './scripted.js';
import { eventually } from '../eventually.js';

/**
 * The upstream layer against a small misbehaving node:http server: each test scripts the server's
 * answers in `up.script` and reads the exact number of requests it received.
 */
const up = scriptedUpstream();

/**
 * Deadlines far above what a healthy loopback answer takes on a loaded machine; the one test that wants
 * a timeout shortens the attempt deadline for itself (`useConfig`).
 */
const ENV = {
  UPSTREAM_ATTEMPT_DEADLINE_MS: '5000',
  UPSTREAM_HEADERS_TIMEOUT_MS: '4000',
  UPSTREAM_BODY_TIMEOUT_MS: '4000',
  UPSTREAM_RETRY_BASE_MS: '10',
  UPSTREAM_RETRY_MAX_MS: '20',
  UPSTREAM_RETRY_AFTER_MAX_MS: '1500',
};
let config = loadConfig(ENV);
let http: HttpClient;
let source: UpstreamSource;
function useConfig(env: Record<string, string>): void {
  config = loadConfig(env);
  http = new HttpClient(config.http);
  source = scriptedSource(up, config, http, 'PROCUREMENT', '/api');
}
beforeEach(() => {
  useConfig(ENV);
});
afterEach(async () => {
  vi.useRealTimers();
  await http.close();
});

const get = (path = 'thing') => source.fetch({ url: source.url(path), decode });

describe('UpstreamSource', () => {
  it('returns the decoded value with a MISS freshness, then a HIT from the cache', async () => {
    up.script = [json({ n: 7 }, { etag: '"a"' })];
    const first = await get();
    expect(first.value).toEqual({ n: 7 });
    expect(first.freshness).toMatchObject({
      source: 'PROCUREMENT',
      url: `${up.base}/api/thing`,
      cache: 'MISS',
      staleReason: null,
      maxAgeSeconds: 60,
    });
    const second = await get();
    expect(second.freshness.cache).toBe('HIT');
    expect(second.freshness.fetchedAt).toBe(first.freshness.fetchedAt);
    expect(up.hits).toHaveLength(1);
  });

  it('makes one upstream request for 100 concurrent cold calls', async () => {
    up.script = [(_req, res) => setTimeout(() => json({ n: 1 })(_req, res), 50)];
    const all = await Promise.all(Array.from({ length: 100 }, () => get()));
    expect(up.hits).toHaveLength(1);
    expect(new Set(all.map((f) => f.value)).size).toBe(1);
  });

  it('retries a 503 and succeeds, with exactly two upstream calls', async () => {
    up.script = [(_q, res) => res.writeHead(503).end(), json({ n: 2 })];
    expect((await get()).value).toEqual({ n: 2 });
    expect(up.hits).toHaveLength(2);
  });

  it('gives up after the configured retries with UPSTREAM_UNAVAILABLE and the upstream status', async () => {
    up.fallback = (_q, res) => res.writeHead(502).end('<html>secret upstream body</html>');
    const e = await get().then(
      () => null,
      (x: unknown) => x as UpstreamError,
    );
    expect(e?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(e?.details).toMatchObject({ source: 'PROCUREMENT', upstreamStatus: 502 });
    expect(e?.message).not.toContain('secret');
    expect(e?.message).not.toContain(up.base);
    expect(up.hits).toHaveLength(1 + config.http.retries);
  });

  it('does not retry a 404 and reports NOT_FOUND', async () => {
    up.fallback = (_q, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
    expect(await codeOf(get())).toBe('NOT_FOUND');
    expect(up.hits).toHaveLength(1);
  });

  it('waits out a short Retry-After on 429 and then succeeds', async () => {
    up.script = [(_q, res) => res.writeHead(429, { 'retry-after': '1' }).end(), json({ n: 3 })];
    const started = Date.now();
    expect((await get()).value).toEqual({ n: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(up.hits).toHaveLength(2);
  });

  it('does not wait for a Retry-After longer than allowed and reports RATE_LIMITED once', async () => {
    up.fallback = (_q, res) => res.writeHead(429, { 'retry-after': '120' }).end();
    const e = await get().then(
      () => null,
      (x: unknown) => x as UpstreamError,
    );
    expect(e?.code).toBe('RATE_LIMITED');
    expect(e?.details.retryAfterSeconds).toBe(120);
    expect(up.hits).toHaveLength(1);
  });

  it('aborts a dripping body at the per-attempt deadline', async () => {
    await http.close();
    useConfig({ ...ENV, UPSTREAM_ATTEMPT_DEADLINE_MS: '400' });
    up.fallback = (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const t = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(t));
    };
    // Bytes keep arriving well within the 4 s idle timeout, so only the 400 ms deadline can end an
    // attempt: the body never ends, and without the deadline this would wait until the test times out.
    expect(await codeOf(get())).toBe('UPSTREAM_TIMEOUT');
    expect(up.hits).toHaveLength(1 + config.http.retries);
  });

  it('reports malformed JSON and HTML bodies as UPSTREAM_INVALID without retrying', async () => {
    up.script = [(_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"n":')];
    expect(await codeOf(get('a'))).toBe('UPSTREAM_INVALID');
    up.script = [
      (_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>challenge</html>'),
    ];
    expect(await codeOf(get('b'))).toBe('UPSTREAM_INVALID');
    expect(up.hits).toHaveLength(2);
  });

  it('retries a connection reset', async () => {
    up.script = [(req) => req.socket.destroy(), json({ n: 4 })];
    expect((await get()).value).toEqual({ n: 4 });
    expect(up.hits).toHaveLength(2);
  });

  it('serves the last good value as FALLBACK when a refresh fails, and never caches the drifted body', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    up.script = [json({ n: 5 })];
    const good = await get();
    vi.setSystemTime(Date.now() + 61_000 + 31_000); // past max-age and the SWR window, within SIE
    up.script = [json({ wrong: true })];
    const served = await get();
    expect(served.value).toEqual({ n: 5 });
    expect(served.freshness).toMatchObject({
      cache: 'FALLBACK',
      staleReason: 'UPSTREAM_ERROR',
      fetchedAt: good.freshness.fetchedAt,
    });
    up.script = [json({ n: 6 })];
    expect((await get()).value).toEqual({ n: 6 });
    expect(up.hits).toHaveLength(3);
  });

  it('serves stale while revalidating once in the background, then the refreshed value', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    up.script = [json({ n: 1 })];
    await get();
    vi.setSystemTime(Date.now() + 61_000);
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    up.script = [(req, res) => void gate.then(() => json({ n: 2 })(req, res))];
    const stale = await Promise.all(Array.from({ length: 20 }, () => get()));
    for (const s of stale) expect(s.freshness).toMatchObject({ cache: 'STALE', staleReason: 'REVALIDATING' });
    expect(stale[0]?.value).toEqual({ n: 1 });
    release();
    await eventually(async () => expect((await get()).value).toEqual({ n: 2 }));
    expect(up.hits).toHaveLength(2);
  });

  it('revalidates with If-None-Match and a 304 refreshes fetchedAt without a new body', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    up.script = [json({ n: 9 }, { etag: '"v1"' })];
    const first = await get();
    vi.setSystemTime(Date.now() + 120_000); // past the SWR window: the refresh is awaited
    up.script = [(req, res) => res.writeHead(req.headers['if-none-match'] === '"v1"' ? 304 : 200).end()];
    const again = await get();
    expect(again.value).toEqual({ n: 9 });
    expect(again.freshness.cache).toBe('REVALIDATED');
    expect(again.freshness.fetchedAt).toBeGreaterThan(first.freshness.fetchedAt);
    expect(up.hits[1]?.headers['if-none-match']).toBe('"v1"');
  });

  it('never serves a no-store value stale when the upstream fails', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    up.script = [json({ n: 1 }, { 'cache-control': 'no-store' })];
    expect((await get()).freshness.cache).toBe('MISS');
    vi.setSystemTime(Date.now() + 1000);
    up.fallback = (_q, res) => res.writeHead(500).end();
    expect(await codeOf(get())).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('reuses a must-revalidate value while fresh, but never serves it stale', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    up.script = [json({ n: 1 }, { 'cache-control': 'max-age=60, must-revalidate' })];
    expect((await get()).freshness.cache).toBe('MISS');
    expect((await get()).freshness.cache).toBe('HIT'); // within max-age: no upstream call
    expect(up.hits).toHaveLength(1);
    vi.setSystemTime(Date.now() + (policy.maxAgeSeconds + 1) * 1000);
    up.fallback = (_q, res) => res.writeHead(500).end();
    expect(await codeOf(get())).toBe('UPSTREAM_UNAVAILABLE'); // past it, no stale-if-error
  });

  it('asks again for a no-cache value every time', async () => {
    up.script = [
      json({ n: 1 }, { 'cache-control': 'no-cache' }),
      json({ n: 2 }, { 'cache-control': 'no-cache' }),
    ];
    expect((await get()).value).toEqual({ n: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await get()).value).toEqual({ n: 2 });
    expect(up.hits).toHaveLength(2);
  });

  it('keeps at most `concurrency` requests in flight to the upstream', async () => {
    let inFlight = 0;
    let peak = 0;
    up.fallback = (req, res) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        json({ n: 1 })(req, res);
      }, 30);
    };
    await Promise.all(Array.from({ length: 10 }, (_, i) => get(`item/${i}`)));
    expect(up.hits).toHaveLength(10);
    expect(peak).toBe(policy.concurrency);
  });

  it('records health: last success and the last failure, but not a 404, which is an answer', async () => {
    up.script = [json({ n: 1 })];
    await get('ok');
    up.script = [(_q, res) => res.writeHead(404).end()];
    await get('missing').catch(() => undefined);
    expect(source.health()).toMatchObject({ lastErrorAt: null, lastErrorCode: null });
    up.fallback = (_q, res) => res.writeHead(502).end();
    await get('broken').catch(() => undefined);
    const h = source.health();
    expect(h.host).toBe(new URL(up.base).host);
    expect(h.lastSuccessAt).not.toBeNull();
    expect(h.lastErrorCode).toBe('UPSTREAM_UNAVAILABLE');
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds, an HTTP-date, and ignores garbage', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon-ish', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});

describe('fullJitter', () => {
  it('stays within [0, min(cap, base * 2^(attempt-1))]', () => {
    for (let attempt = 1; attempt < 8; attempt++) {
      for (let i = 0; i < 50; i++) {
        const d = fullJitter(attempt, 200, 2000);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.min(2000, 200 * 2 ** (attempt - 1)));
      }
    }
  });
});

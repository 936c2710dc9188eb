import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig, type SourcePolicy } from '../../src/config.js';
import {
  HttpClient,
  UpstreamCache,
  UpstreamError,
  UpstreamSource,
  fullJitter,
  parseRetryAfter,
} from '../../src/upstream/index.js';

/**
 * The upstream layer against a small misbehaving node:http server: each test scripts the server's
 * answers in `script` and reads the exact number of requests it received.
 */
type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let script: Handler[] = [];
let fallback: Handler;
let hits: IncomingMessage[] = [];
let server: Server;
let base: string;

const json =
  (body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req);
    (script.shift() ?? fallback)(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const config = loadConfig({
  UPSTREAM_ATTEMPT_DEADLINE_MS: '400',
  UPSTREAM_HEADERS_TIMEOUT_MS: '300',
  UPSTREAM_BODY_TIMEOUT_MS: '300',
  UPSTREAM_RETRY_BASE_MS: '10',
  UPSTREAM_RETRY_MAX_MS: '20',
  UPSTREAM_RETRY_AFTER_MAX_MS: '1500',
});
const policy: SourcePolicy = {
  url: undefined,
  maxAgeSeconds: 60,
  staleWhileRevalidateSeconds: 30,
  staleIfErrorSeconds: 3600,
  concurrency: 2,
  queue: 1000,
  ratePerSecond: 0,
};

let http: HttpClient;
let source: UpstreamSource;
beforeEach(() => {
  script = [];
  hits = [];
  fallback = json({ n: 1 });
  http = new HttpClient(config.http);
  source = new UpstreamSource(
    'PROCUREMENT',
    new URL(`${base}/api`),
    policy,
    http,
    new UpstreamCache(config.cache),
    config.http,
  );
});
afterEach(async () => {
  vi.useRealTimers();
  await http.close();
});

const decode = (v: unknown) => {
  if (typeof v !== 'object' || v === null || typeof (v as { n?: unknown }).n !== 'number')
    throw new Error('drift');
  return v as { n: number };
};
const get = (path = 'thing') => source.fetch({ url: source.url(path), decode });
const codeOf = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(UpstreamError);
  return (e as UpstreamError).code;
};

describe('UpstreamSource', () => {
  it('returns the decoded value with a MISS freshness, then a HIT from the cache', async () => {
    script = [json({ n: 7 }, { etag: '"a"' })];
    const first = await get();
    expect(first.value).toEqual({ n: 7 });
    expect(first.freshness).toMatchObject({
      source: 'PROCUREMENT',
      url: `${base}/api/thing`,
      cache: 'MISS',
      staleReason: null,
      maxAgeSeconds: 60,
    });
    const second = await get();
    expect(second.freshness.cache).toBe('HIT');
    expect(second.freshness.fetchedAt).toBe(first.freshness.fetchedAt);
    expect(hits).toHaveLength(1);
  });

  it('makes one upstream request for 100 concurrent cold calls', async () => {
    script = [(_req, res) => setTimeout(() => json({ n: 1 })(_req, res), 50)];
    const all = await Promise.all(Array.from({ length: 100 }, () => get()));
    expect(hits).toHaveLength(1);
    expect(new Set(all.map((f) => f.value)).size).toBe(1);
  });

  it('retries a 503 and succeeds, with exactly two upstream calls', async () => {
    script = [(_q, res) => res.writeHead(503).end(), json({ n: 2 })];
    expect((await get()).value).toEqual({ n: 2 });
    expect(hits).toHaveLength(2);
  });

  it('gives up after the configured retries with UPSTREAM_UNAVAILABLE and the upstream status', async () => {
    fallback = (_q, res) => res.writeHead(502).end('<html>secret upstream body</html>');
    const e = await get().then(
      () => null,
      (x: unknown) => x as UpstreamError,
    );
    expect(e?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(e?.details).toMatchObject({ source: 'PROCUREMENT', upstreamStatus: 502 });
    expect(e?.message).not.toContain('secret');
    expect(e?.message).not.toContain(base);
    expect(hits).toHaveLength(1 + config.http.retries);
  });

  it('does not retry a 404 and reports NOT_FOUND', async () => {
    fallback = (_q, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
    expect(await codeOf(get())).toBe('NOT_FOUND');
    expect(hits).toHaveLength(1);
  });

  it('waits out a short Retry-After on 429 and then succeeds', async () => {
    script = [(_q, res) => res.writeHead(429, { 'retry-after': '1' }).end(), json({ n: 3 })];
    const started = Date.now();
    expect((await get()).value).toEqual({ n: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(hits).toHaveLength(2);
  });

  it('does not wait for a Retry-After longer than allowed and reports RATE_LIMITED once', async () => {
    fallback = (_q, res) => res.writeHead(429, { 'retry-after': '120' }).end();
    const e = await get().then(
      () => null,
      (x: unknown) => x as UpstreamError,
    );
    expect(e?.code).toBe('RATE_LIMITED');
    expect(e?.details.retryAfterSeconds).toBe(120);
    expect(hits).toHaveLength(1);
  });

  it('aborts a dripping body at the per-attempt deadline', async () => {
    fallback = (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const t = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(t));
    };
    const started = Date.now();
    expect(await codeOf(get())).toBe('UPSTREAM_TIMEOUT');
    // Each attempt is cut at the 400 ms deadline although bytes keep arriving within the idle timeout.
    expect(Date.now() - started).toBeLessThan(400 * (1 + config.http.retries) + 500);
    expect(hits).toHaveLength(1 + config.http.retries);
  });

  it('reports malformed JSON and HTML bodies as UPSTREAM_INVALID without retrying', async () => {
    script = [(_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"n":')];
    expect(await codeOf(get('a'))).toBe('UPSTREAM_INVALID');
    script = [(_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>challenge</html>')];
    expect(await codeOf(get('b'))).toBe('UPSTREAM_INVALID');
    expect(hits).toHaveLength(2);
  });

  it('retries a connection reset', async () => {
    script = [(req) => req.socket.destroy(), json({ n: 4 })];
    expect((await get()).value).toEqual({ n: 4 });
    expect(hits).toHaveLength(2);
  });

  it('serves the last good value as FALLBACK when a refresh fails, and never caches the drifted body', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    script = [json({ n: 5 })];
    const good = await get();
    vi.setSystemTime(Date.now() + 61_000 + 31_000); // past max-age and the SWR window, within SIE
    script = [json({ wrong: true })];
    const served = await get();
    expect(served.value).toEqual({ n: 5 });
    expect(served.freshness).toMatchObject({
      cache: 'FALLBACK',
      staleReason: 'UPSTREAM_ERROR',
      fetchedAt: good.freshness.fetchedAt,
    });
    script = [json({ n: 6 })];
    expect((await get()).value).toEqual({ n: 6 });
    expect(hits).toHaveLength(3);
  });

  it('serves stale while revalidating once in the background, then the refreshed value', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    script = [json({ n: 1 })];
    await get();
    vi.setSystemTime(Date.now() + 61_000);
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    script = [(req, res) => void gate.then(() => json({ n: 2 })(req, res))];
    const stale = await Promise.all(Array.from({ length: 20 }, () => get()));
    for (const s of stale) expect(s.freshness).toMatchObject({ cache: 'STALE', staleReason: 'REVALIDATING' });
    expect(stale[0]?.value).toEqual({ n: 1 });
    release();
    await vi.waitFor(async () => expect((await get()).value).toEqual({ n: 2 }));
    expect(hits).toHaveLength(2);
  });

  it('revalidates with If-None-Match and a 304 refreshes fetchedAt without a new body', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    script = [json({ n: 9 }, { etag: '"v1"' })];
    const first = await get();
    vi.setSystemTime(Date.now() + 120_000); // past the SWR window: the refresh is awaited
    script = [(req, res) => res.writeHead(req.headers['if-none-match'] === '"v1"' ? 304 : 200).end()];
    const again = await get();
    expect(again.value).toEqual({ n: 9 });
    expect(again.freshness.cache).toBe('REVALIDATED');
    expect(again.freshness.fetchedAt).toBeGreaterThan(first.freshness.fetchedAt);
    expect(hits[1]?.headers['if-none-match']).toBe('"v1"');
  });

  it('never serves a no-store value stale when the upstream fails', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    script = [json({ n: 1 }, { 'cache-control': 'no-store' })];
    expect((await get()).freshness.cache).toBe('MISS');
    vi.setSystemTime(Date.now() + 1000);
    fallback = (_q, res) => res.writeHead(500).end();
    expect(await codeOf(get())).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('reuses a must-revalidate value while fresh, but never serves it stale', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    script = [json({ n: 1 }, { 'cache-control': 'max-age=60, must-revalidate' })];
    expect((await get()).freshness.cache).toBe('MISS');
    expect((await get()).freshness.cache).toBe('HIT'); // within max-age: no upstream call
    expect(hits).toHaveLength(1);
    vi.setSystemTime(Date.now() + (policy.maxAgeSeconds + 1) * 1000);
    fallback = (_q, res) => res.writeHead(500).end();
    expect(await codeOf(get())).toBe('UPSTREAM_UNAVAILABLE'); // past it, no stale-if-error
  });

  it('asks again for a no-cache value every time', async () => {
    script = [
      json({ n: 1 }, { 'cache-control': 'no-cache' }),
      json({ n: 2 }, { 'cache-control': 'no-cache' }),
    ];
    expect((await get()).value).toEqual({ n: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await get()).value).toEqual({ n: 2 });
    expect(hits).toHaveLength(2);
  });

  it('keeps at most `concurrency` requests in flight to the upstream', async () => {
    let inFlight = 0;
    let peak = 0;
    fallback = (req, res) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        json({ n: 1 })(req, res);
      }, 30);
    };
    await Promise.all(Array.from({ length: 10 }, (_, i) => get(`item/${i}`)));
    expect(hits).toHaveLength(10);
    expect(peak).toBe(policy.concurrency);
  });

  it('records health: last success and the last failure, but not a 404, which is an answer', async () => {
    script = [json({ n: 1 })];
    await get('ok');
    script = [(_q, res) => res.writeHead(404).end()];
    await get('missing').catch(() => undefined);
    expect(source.health()).toMatchObject({ lastErrorAt: null, lastErrorCode: null });
    fallback = (_q, res) => res.writeHead(502).end();
    await get('broken').catch(() => undefined);
    const h = source.health();
    expect(h.host).toBe(new URL(base).host);
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

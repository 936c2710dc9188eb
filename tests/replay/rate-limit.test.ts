import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ReplayServer } from '../../src/replay/index.js';
import { startReplayServer } from '../../src/replay/index.js';
import { TokenBucket } from '../../src/replay/rate-limit.js';
import { json, rawRequest } from './helpers.js';

describe('replay rate limit', () => {
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplayServer({ rateLimit: { requests: 3, windowMs: 60_000 } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers 429 with Retry-After in seconds and a JSON error once the bucket is empty', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await rawRequest(`${server.url}/ocds/releases?limit=1`)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await rawRequest(`${server.url}/ocds/releases?limit=1`);
    expect(limited.status).toBe(429);
    // 3 tokens per 60 s: one token every 20 s.
    expect(limited.headers['retry-after']).toBe('20');
    expect(json<{ error: string }>(limited).error).toBe(
      'Rate limit of 3 requests per 60000 ms exceeded; retry after 20 s.',
    );
    expect(server.requests.at(-1)?.status).toBe(429);
  });

  it('still applies an explicit fault when the bucket is empty', async () => {
    server.faults.set('/ocds', { kind: 'status', status: 418 }, { times: 1 });
    expect((await rawRequest(`${server.url}/ocds/releases`)).status).toBe(418);
  });
});

describe('TokenBucket', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refills continuously over the window', () => {
    vi.useFakeTimers({ now: 0 });
    const bucket = new TokenBucket(2, 1000);
    expect(bucket.take()).toEqual({ ok: true });
    expect(bucket.take()).toEqual({ ok: true });
    expect(bucket.take()).toEqual({ ok: false, retryAfterSeconds: 1 });
    vi.setSystemTime(499);
    expect(bucket.take().ok).toBe(false);
    vi.setSystemTime(500);
    expect(bucket.take()).toEqual({ ok: true });
    vi.setSystemTime(60_000);
    expect([bucket.take().ok, bucket.take().ok, bucket.take().ok]).toEqual([true, true, false]);
  });

  it('rounds Retry-After up to whole seconds', () => {
    vi.useFakeTimers({ now: 0 });
    const bucket = new TokenBucket(1, 90_500);
    bucket.take();
    expect(bucket.take()).toEqual({ ok: false, retryAfterSeconds: 91 });
  });
});

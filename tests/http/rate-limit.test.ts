import { afterEach, describe, expect, it } from 'vitest';
import { forwardedAddress } from '../../src/http/client-id.js';
import { formatPolicy, formatRateLimit, gcra, RateLimiter } from '../../src/http/rate-limit.js';
import { SharedRedis } from '../../src/redis/index.js';
import { until } from '../eventually.js';
import { liveHarnessPerTest, startLiveHarness, warningLogger } from '../helpers.js';
import { skipRedis, startRedis, type TestRedis } from '../redis.js';

/**
 * API keys and per-client limits (docs/operations.md "API keys and limits"): who a client is, 401 for a
 * key the gateway does not know, 429 past the limit with `Retry-After`, the RateLimit headers on every
 * answer of the endpoint, and one limit for every replica while Redis answers.
 */

const ALPHA = 'alpha-key-0000000001';
const BETA = 'beta-key-00000000002';
const QUERY = JSON.stringify({ query: '{ __typename }' });

const harness = liveHarnessPerTest();

async function start(env: Record<string, string>): Promise<string> {
  return (await harness(env)).gateway.url;
}

interface Answer {
  status: number;
  headers: Headers;
  code: string | undefined;
  message: string | undefined;
}

async function post(base: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: QUERY,
  });
  const body = (await res.json()) as { errors?: { message: string; extensions: { code: string } }[] };
  return {
    status: res.status,
    headers: res.headers,
    code: body.errors?.[0]?.extensions.code,
    message: body.errors?.[0]?.message,
  };
}

describe('per-client limits', () => {
  it('refuses an address past its limit with 429, Retry-After and the RateLimit headers', async () => {
    const base = await start({ RATE_LIMIT_PER_MINUTE: '3' });
    const answers: Answer[] = [];
    // Without TRUST_PROXY_HOPS, X-Forwarded-For is never read: every request is the one loopback client.
    for (let i = 0; i < 5; i++) answers.push(await post(base, { 'x-forwarded-for': `198.51.100.${i}` }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429]);
    expect(answers.map((a) => a.headers.get('ratelimit-policy'))).toEqual(
      Array(5).fill('"address";q=3;w=60'),
    );
    expect(answers.map((a) => /;r=(\d+);/.exec(a.headers.get('ratelimit') ?? '')?.[1])).toEqual([
      '2',
      '1',
      '0',
      '0',
      '0',
    ]);
    const refused = answers[3]!;
    expect(refused.code).toBe('RATE_LIMITED');
    expect(refused.message).toMatch(
      /^Too many requests from this client: at most 3 a minute\. Try again in \d+ seconds?\.$/,
    );
    expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(answers[0]!.headers.get('retry-after')).toBeNull();

    // The limit is the endpoint's only: health, readiness, the landing page and GraphiQL's page are not counted.
    for (const path of ['/healthz', '/readyz', '/', '/graphql']) {
      const res = await fetch(`${base}${path}`, { headers: { accept: 'text/html' } });
      expect([path, res.status, res.headers.get('ratelimit')]).toEqual([path, 200, null]);
    }
  });

  it('counts each address a trusted proxy forwards on its own (TRUST_PROXY_HOPS)', async () => {
    const base = await start({ RATE_LIMIT_PER_MINUTE: '1', TRUST_PROXY_HOPS: '1' });
    const statuses: number[] = [];
    for (const forwarded of [
      '203.0.113.1',
      '203.0.113.2',
      '203.0.113.1',
      '192.0.2.66, 203.0.113.2',
      '203.0.113.3',
    ]) {
      statuses.push((await post(base, { 'x-forwarded-for': forwarded })).status);
    }
    // The client's own entries left of the proxy's are not believed: the fourth is 203.0.113.2 again.
    expect(statuses).toEqual([200, 200, 429, 429, 200]);
  });

  it('sends no RateLimit header when the limit is off', async () => {
    const base = await start({ RATE_LIMIT_PER_MINUTE: '0' });
    const answer = await post(base);
    expect([answer.status, answer.headers.get('ratelimit'), answer.headers.get('ratelimit-policy')]).toEqual([
      200,
      null,
      null,
    ]);
  });
});

describe('API keys', () => {
  it('refuses a key it does not know, and limits each key by its own limit', async () => {
    const base = await start({
      API_KEYS: `alpha:${ALPHA}:2,beta:${BETA}`,
      API_KEY_RATE_LIMIT_PER_MINUTE: '50',
      RATE_LIMIT_PER_MINUTE: '3',
    });
    const bad = await post(base, { 'x-api-key': 'not-a-key-of-this-gateway' });
    expect([bad.status, bad.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(bad.message).not.toContain('not-a-key');
    expect(bad.headers.get('www-authenticate')).toBe('Bearer');
    const badBearer = await post(base, { authorization: `Bearer ${ALPHA}x` });
    expect(badBearer.status).toBe(401);

    const alpha: Answer[] = [];
    for (let i = 0; i < 3; i++) alpha.push(await post(base, { 'x-api-key': ALPHA }));
    expect(alpha.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(alpha[0]!.headers.get('ratelimit-policy')).toBe('"key";q=2;w=60');
    expect(alpha[2]!.code).toBe('RATE_LIMITED');

    const beta = await post(base, { authorization: `Bearer ${BETA}` });
    expect(beta.status).toBe(200);
    expect(beta.headers.get('ratelimit-policy')).toBe('"key";q=50;w=60');
    expect(beta.headers.get('ratelimit')).toMatch(/^"key";r=49;t=\d+$/);

    // A client without a key is limited by its address, apart from the keys; the two refused keys above
    // counted against that address too, so that keys cannot be guessed faster than the limit.
    expect([(await post(base)).status, (await post(base)).status]).toEqual([200, 429]);
    const guessing = await post(base, { 'x-api-key': 'another-guess-at-a-key' });
    expect([guessing.status, guessing.code]).toEqual([429, 'RATE_LIMITED']);
  });

  it('refuses a request without a key when keys are required', async () => {
    const base = await start({ API_KEYS: `alpha:${ALPHA}`, API_KEYS_REQUIRED: 'true' });
    const none = await post(base);
    expect([none.status, none.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(none.message).toMatch(/API key is required/);
    expect((await post(base, { authorization: `bearer ${ALPHA}` })).status).toBe(200);
    // Health stays open to probes without a key.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});

describe('header formats and parsing', () => {
  it('writes the RateLimit fields of draft-ietf-httpapi-ratelimit-headers', () => {
    expect(formatPolicy('address', 600)).toBe('"address";q=600;w=60');
    expect(formatRateLimit('key', 41, 7)).toBe('"key";r=41;t=7');
    expect(formatRateLimit('key', -1, -2)).toBe('"key";r=0;t=0');
  });

  it.each([
    ['203.0.113.9', 1, '203.0.113.9'],
    ['192.0.2.1, 203.0.113.9', 1, '203.0.113.9'],
    ['192.0.2.1, 203.0.113.9', 2, '192.0.2.1'],
    ['203.0.113.9', 3, '203.0.113.9'],
    ['203.0.113.9:4711', 1, '203.0.113.9'],
    ['[2001:db8::7]:443', 1, '2001:db8::7'],
    ['2001:db8::7', 1, '2001:db8::7'],
    ['unknown', 1, undefined],
    ['192.0.2.1, not-an-address', 1, undefined],
    ['', 1, undefined],
    ['203.0.113.9', 0, undefined],
  ] as const)('reads X-Forwarded-For %j with %i hops as %s', (header, hops, address) => {
    expect(forwardedAddress(header, hops)).toBe(address);
  });

  it('reads several X-Forwarded-For lines as one list', () => {
    expect(forwardedAddress(['192.0.2.1', '198.51.100.2, 203.0.113.9'], 2)).toBe('198.51.100.2');
  });

  it('lets a whole minute of quota through at once, then one request per interval (GCRA)', () => {
    const limit = 7; // an interval that is not a whole number of microseconds
    let tat: number | undefined;
    const now = 1_000_000_000_000;
    const allowed: boolean[] = [];
    for (let i = 0; i < 9; i++) {
      const { decision, next } = gcra(tat, now, limit);
      allowed.push(decision.allowed);
      if (next !== null) tat = next;
    }
    expect(allowed).toEqual([true, true, true, true, true, true, true, false, false]);
    const later = gcra(tat, now + Math.ceil(60_000_000 / limit), limit).decision;
    expect([later.allowed, later.remaining]).toEqual([true, 0]);
  });
});

describe.skipIf(skipRedis)('a limit shared through Redis', () => {
  let redis: TestRedis | undefined;
  const clients: SharedRedis[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await redis?.stop();
  });

  it('holds two gateways on one Redis to one limit, and each to its own once Redis is killed', async () => {
    redis = await startRedis();
    // A command timeout far above what a loaded machine needs, so that only the kill sends them alone.
    const env = {
      RATE_LIMIT_PER_MINUTE: '2',
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: 'tg-test:',
      REDIS_COMMAND_TIMEOUT_MS: '10000',
    };
    const first = await startLiveHarness(env);
    const second = await startLiveHarness(env).catch(async (thrown: unknown) => {
      await first.close();
      throw thrown;
    });
    try {
      const bases = [first.gateway.url, second.gateway.url];
      await until(() => [first, second].every((g) => g.gateway.gateway.redis?.state.state === 'up'), {
        what: 'both gateways connected to Redis',
      });
      const together: number[] = [];
      for (let i = 0; i < 6; i++) together.push((await post(bases[i % 2]!)).status);
      expect(together).toEqual([200, 200, 429, 429, 429, 429]);

      await redis.kill();
      const alone: number[][] = [[], []];
      for (let i = 0; i < 6; i++) alone[i % 2]!.push((await post(bases[i % 2]!)).status);
      // No request is lost (none 5xx), and each gateway now allows the limit on its own.
      for (const statuses of alone) {
        expect(statuses).toEqual([200, 200, 429]);
      }
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('is one limit for every replica, and each replica its own when Redis goes away', async () => {
    redis = await startRedis();
    const replicas = [0, 1].map(() => {
      const shared = new SharedRedis(
        { url: redis!.url, keyPrefix: 'tg-test:', commandTimeoutMs: 10_000 },
        warningLogger().log,
      );
      clients.push(shared);
      return new RateLimiter(shared);
    });
    await until(() => clients.every((c) => c.state.state === 'up'), { what: 'both connections to Redis' });

    const shared = [];
    for (let i = 0; i < 8; i++) shared.push(await replicas[i % 2]!.take('203.0.113.5', 5));
    expect(shared.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false, false]);
    expect(shared.every((d) => d.shared)).toBe(true);
    expect(shared.map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0, 0]);
    expect(shared[5]!.retryAfterSeconds).toBeGreaterThanOrEqual(1);

    await redis.kill();
    const alone = [];
    for (let i = 0; i < 12; i++) alone.push(await replicas[i % 2]!.take('203.0.113.5', 5));
    // Every request is still decided; each replica now allows the limit on its own.
    expect(alone.every((d) => !d.shared)).toBe(true);
    expect(alone.filter((d, i) => i % 2 === 0 && d.allowed)).toHaveLength(5);
    expect(alone.filter((d, i) => i % 2 === 1 && d.allowed)).toHaveLength(5);
  });
});

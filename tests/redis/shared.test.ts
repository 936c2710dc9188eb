import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../src/domain/errors.js';
import { createLogger } from '../../src/log.js';
import { RedisUpstream, SharedRedis } from '../../src/redis/index.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { RequestAborted, UpstreamError, abortedError, type CacheEntry } from '../../src/upstream/index.js';
import { until } from '../eventually.js';
import { FAST_ENV, replayEnv, startLiveHarness, type Harness } from '../helpers.js';
import { missingRedis, skipRedis, startRedis, type TestRedis } from '../redis.js';

/**
 * The parts replicas share through Redis, each on a real throwaway Redis: the second-level cache, one load
 * at a time across processes (its value or its failure handed to the others), the shared politeness turn
 * and cool-down, whole answers shared while exact, and going on alone when Redis is gone.
 */

const suite = skipRedis ? describe.skip : describe;
const why = skipRedis ? ` (skipped: ${missingRedis})` : '';

let redis: TestRedis;
const opened: SharedRedis[] = [];
beforeAll(async () => {
  if (!skipRedis) redis = await startRedis();
});
afterAll(async () => {
  for (const r of opened) await r.close();
  await redis?.stop();
});

/** A connection as a replica holds it, once it is ready. */
async function connect(prefix: string): Promise<SharedRedis> {
  const r = new SharedRedis(
    { url: redis.url, keyPrefix: prefix, commandTimeoutMs: 250 },
    createLogger('silent'),
  );
  opened.push(r);
  await until(() => r.state.state === 'up', { what: 'Redis to answer' });
  return r;
}

function entry(value: unknown, fetchedAt = Date.now()): CacheEntry {
  return {
    value,
    bytes: 100,
    etag: '"a"',
    lastModified: null,
    storable: true,
    revalidated: false,
    fetchedAt,
    sourceUpdatedAt: '2026-01-02',
    cacheable: true,
  };
}

const WAIT = { signal: undefined, until: () => Infinity, leaseMs: 10_000 };

suite(`the upstream layer's shared part${why}`, () => {
  it('hands an entry to another process as it was, dates and maps included', async () => {
    const first = await connect('t1:');
    // Connected without a failure: none to report.
    expect(first.state).toMatchObject({ state: 'up', lastError: null, failures: 0 });
    const [a, b] = [new RedisUpstream(first), new RedisUpstream(await connect('t1:'))];
    const stored = entry({
      when: new Date('2026-03-04T05:06:07Z'),
      ids: new Map([['x', 1]]),
      list: [1, 'two'],
    });
    await a.set('k', stored, 60_000);
    expect(await b.get('k')).toEqual(stored);
    expect(await b.get('other')).toBeUndefined();
    // Never offered: a value the upstream said not to store.
    await a.set('nostore', { ...stored, storable: false }, 60_000);
    expect(await b.get('nostore')).toBeUndefined();
  });

  it('loads once across processes; the others take its entry', async () => {
    const [a, b] = [new RedisUpstream(await connect('t2:')), new RedisUpstream(await connect('t2:'))];
    let loads = 0;
    let finish: (e: CacheEntry) => void = () => {};
    const leader = a.once(
      'k',
      () =>
        new Promise<CacheEntry>((resolve) => {
          loads += 1;
          finish = (e) => void a.set('k', e, 60_000).then(() => resolve(e));
        }),
      WAIT,
    );
    await until(() => loads === 1, { what: 'the first load to start' });
    const follower = b.once(
      'k',
      () => {
        loads += 1;
        return Promise.resolve(entry('own'));
      },
      WAIT,
    );
    finish(entry('loaded'));
    expect(await leader).toMatchObject({ entry: { value: 'loaded' }, shared: false });
    const followed = await follower;
    expect(followed).toMatchObject({ shared: true, entry: { value: 'loaded' } });
    expect(loads).toBe(1);
  });

  it('takes what another process offered after this one missed, rather than loading it again', async () => {
    const [a, b] = [new RedisUpstream(await connect('t8:')), new RedisUpstream(await connect('t8:'))];
    expect(await b.get('k')).toBeUndefined(); // b misses, then a loads, offers and frees the lock...
    expect(
      await a.once('k', () => a.set('k', entry('first'), 60_000).then(() => entry('first')), WAIT),
    ).toMatchObject({ shared: false, entry: { value: 'first' } });
    let loads = 0;
    // ...before b takes the lock: b finds a's entry under it.
    const taken = await b.once('k', () => ((loads += 1), Promise.resolve(entry('again'))), WAIT);
    expect(taken).toMatchObject({ shared: true, entry: { value: 'first' } });
    expect(loads).toBe(0);
  });

  it('lets those waiting load at once when the entry loaded is not to be shared', async () => {
    const [a, b] = [new RedisUpstream(await connect('t7:')), new RedisUpstream(await connect('t7:'))];
    let finish: () => void = () => {};
    let loads = 0;
    const leader = a.once(
      'k',
      () =>
        new Promise<CacheEntry>((resolve) => {
          loads += 1;
          finish = () => resolve({ ...entry('private'), storable: false }); // never offered
        }),
      WAIT, // a lease of 10 s: a follower that waited for the lock to lapse would take that long
    );
    await until(() => loads === 1, { what: 'the first load to start' });
    const follower = b.once('k', () => ((loads += 1), Promise.resolve(entry('own'))), WAIT);
    finish();
    await leader;
    expect(await follower).toMatchObject({ shared: false, entry: { value: 'own' } });
    expect(loads).toBe(2);
  });

  it('hands a failure to those waiting, but not a request that went away', async () => {
    const [a, b] = [new RedisUpstream(await connect('t3:')), new RedisUpstream(await connect('t3:'))];
    const failing = (error: Error) => {
      let fail: () => void = () => {};
      const started = new Promise<void>((ready) => {
        void a
          .once(
            'k',
            () =>
              new Promise<CacheEntry>((_resolve, reject) => {
                fail = () => reject(error);
                ready();
              }),
            WAIT,
          )
          .catch(() => undefined);
      });
      return { started, fail: () => fail() };
    };
    const upstreamDown = new UpstreamError(
      ErrorCode.UPSTREAM_UNAVAILABLE,
      'The upstream is down.',
      { source: 'PROCUREMENT', upstreamStatus: 503 },
      true,
    );
    const first = failing(upstreamDown);
    await first.started;
    let ownLoads = 0;
    const follower = b.once('k', () => ((ownLoads += 1), Promise.resolve(entry('own'))), WAIT);
    first.fail();
    const told = await follower;
    expect(ownLoads).toBe(0);
    expect('failure' in told && told.failure.code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
    expect('failure' in told && told.failure.details).toEqual({ source: 'PROCUREMENT', upstreamStatus: 503 });

    // The leader's own queue was full: that says nothing of the upstream, and the follower loads itself.
    const busy = failing(
      new UpstreamError(
        ErrorCode.UPSTREAM_BUSY,
        'Too many calls are waiting.',
        { source: 'PROCUREMENT' },
        false,
      ),
    );
    await busy.started;
    const notTold = b.once('k', () => ((ownLoads += 1), Promise.resolve(entry('own'))), WAIT);
    busy.fail();
    expect(await notTold).toMatchObject({ shared: false, entry: { value: 'own' } });
    expect(ownLoads).toBe(1);
    ownLoads = 0;

    // A load that ended because its own request went away: the follower loads for itself.
    const second = failing(abortedError('PROCUREMENT', new RequestAborted('client-gone', 1000)));
    await second.started;
    const other = b.once('k2-unused', () => Promise.resolve(entry('x')), WAIT); // unrelated key: at once
    expect(await other).toMatchObject({ shared: false });
    const own = b.once('k', () => ((ownLoads += 1), Promise.resolve(entry('own'))), WAIT);
    second.fail();
    expect(await own).toMatchObject({ shared: false, entry: { value: 'own' } });
    expect(ownLoads).toBe(1);
  });

  it('shares the concurrency and the cool-down of an upstream', async () => {
    const [a, b] = [new RedisUpstream(await connect('t4:')), new RedisUpstream(await connect('t4:'))];
    const budget = { concurrency: 1, intervalMs: 0, leaseMs: 10_000 };
    const first = await a.turn('PROCUREMENT', budget, undefined);
    expect('release' in first).toBe(true);
    const order: string[] = [];
    const second = b.turn('PROCUREMENT', budget, undefined).then((t) => {
      order.push('second');
      return t;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    order.push('released');
    if ('release' in first) first.release();
    const taken = await second;
    expect(order).toEqual(['released', 'second']);
    if ('release' in taken) taken.release();

    await b.coolDown('PROCUREMENT', 30_000);
    const refused = await a.turn('PROCUREMENT', budget, undefined);
    expect('coolingMs' in refused && refused.coolingMs).toBeGreaterThan(25_000);
    // Another upstream's budget is its own.
    expect('release' in (await a.turn('REGISTRY', budget, undefined))).toBe(true);
  });

  it('answers as if nothing were shared once Redis is gone', async () => {
    const local = await startRedis();
    const shared = new SharedRedis(
      { url: local.url, keyPrefix: 't5:', commandTimeoutMs: 250 },
      createLogger('silent'),
    );
    opened.push(shared);
    await until(() => shared.state.state === 'up' || shared.run((c) => c.ping()).then((p) => p === 'PONG'), {
      what: 'Redis to answer',
    });
    const u = new RedisUpstream(shared);
    await local.kill();
    expect(await u.get('k')).toBeUndefined();
    expect(await u.once('k', () => Promise.resolve(entry('own')), WAIT)).toMatchObject({ shared: false });
    const turn = await u.turn('PROCUREMENT', { concurrency: 1, intervalMs: 1000, leaseMs: 1000 }, undefined);
    expect('release' in turn).toBe(true);
    expect(shared.state.state).toBe('down');
    expect(shared.state.failures).toBeGreaterThan(0);
    await local.restart();
    await until(() => shared.state.state === 'up', { what: 'the connection to come back' });
    await local.stop();
  });
});

suite(`whole answers shared by two gateways${why}`, () => {
  let h: Harness | undefined;
  let other: RunningGateway | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await other?.close();
    await h?.close();
  });

  it('serves one gateway the exact answer the other made, and nothing stale', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-11-23T12:00:00.000Z') });
    const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 't6:', RATE_LIMIT_PER_MINUTE: '0' };
    h = await startLiveHarness(env);
    other = await startGateway({ env: { ...FAST_ENV, ...replayEnv(h.replay), HARVEST: 'false', ...env } });
    const query = JSON.stringify({
      query: '{ contractingProcess(ocid: "ocds-213czf-000-00001") { ocid freshness { ageSeconds cache } } }',
    });
    const post = async (url: string) => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: query,
      });
      return res.text();
    };
    await post(h.gateway.url); // MISS: executed, not replayable
    vi.setSystemTime(Date.now() + 100);
    const made = await post(h.gateway.url); // HIT: replayable, offered to the other
    expect(JSON.parse(made).data.contractingProcess.freshness.cache).toBe('HIT');
    const upstream = h.upstreamCalls();
    vi.setSystemTime(Date.now() + 100);
    expect(await post(other.url)).toBe(made);
    expect(other.responses.stats.sharedHits).toBe(1);
    expect(h.upstreamCalls()).toBe(upstream);
    const metrics = await (await fetch(`${other.url}/metrics`)).text();
    expect(metrics).toMatch(/^tg_shared_redis_up 1$/m);
    expect(metrics).toMatch(/^tg_cache_requests_total\{layer="redis_response",state="hit"\} 1$/m);
    // A second later the ages read differently: the shared answer is no longer exact, and is not used.
    vi.setSystemTime(Date.now() + 1000);
    const later = JSON.parse(await post(other.url));
    expect(later.data.contractingProcess.freshness.ageSeconds).toBe(1);
    expect(other.responses.stats.sharedHits).toBe(1);
  });
});

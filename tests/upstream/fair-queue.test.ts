import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig, type SourcePolicy } from '../../src/config.js';
import { FairQueue, QueueFull, type Release } from '../../src/upstream/fair-queue.js';
import { clientShare } from '../../src/upstream/policy.js';
import {
  HttpClient,
  UpstreamCache,
  UpstreamSource,
  asClient,
  type UpstreamError,
} from '../../src/upstream/index.js';
import { until } from '../eventually.js';
import { TEST_POLICY, decode, failureOf, json, scriptedUpstream, status } from './scripted.js';

/**
 * The fair queue in front of every upstream (docs/reliability.md §12b rows 28 and 29): as a pure structure
 * on a fake clock, then inside a source's pipeline against a scripted upstream, counting its requests.
 */

/** Settles `p` into what happened to it, without waiting for anything else. */
function watch<T>(p: Promise<T>): {
  readonly state: () => 'pending' | 'granted' | 'refused';
  reason: unknown;
} {
  const seen = { state: 'pending' as 'pending' | 'granted' | 'refused', reason: undefined as unknown };
  p.then(
    () => (seen.state = 'granted'),
    (e: unknown) => {
      seen.state = 'refused';
      seen.reason = e;
    },
  );
  return {
    state: () => seen.state,
    get reason() {
      return seen.reason;
    },
  };
}

/** Lets settled promises run their callbacks. */
const flush = () => new Promise<void>((r) => setImmediate(r));

describe('FairQueue', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const queue = (o: Partial<ConstructorParameters<typeof FairQueue>[0]> = {}) =>
    new FairQueue({
      concurrency: 1,
      capacity: 100,
      perClient: 100,
      ratePerSecond: 0,
      now: () => Date.now(),
      ...o,
    });

  it('starts waiting calls one lane after the other, whoever queued more', async () => {
    const q = queue();
    const order: string[] = [];
    const releases = new Map<string, Release>();
    let current = await q.acquire('a');
    const names = ['a1', 'a2', 'a3', 'a4', 'b1', 'b2'];
    for (const name of names) {
      void q.acquire(name[0]!).then((release) => {
        order.push(name);
        releases.set(name, release);
      });
    }
    expect(q.state).toEqual({ inFlight: 1, waiting: 6, clients: 2 });
    for (let i = 0; i < names.length; i++) {
      current();
      await flush();
      expect(order).toHaveLength(i + 1); // one slot: each release starts exactly one call
      current = releases.get(order[i]!)!;
    }
    expect(order).toEqual(['a1', 'b1', 'a2', 'b2', 'a3', 'a4']);
  });

  it("refuses a client's call past its share of places, and not another client's", async () => {
    const q = queue({ perClient: 3 });
    await q.acquire('a');
    const admitted = [1, 2, 3].map(() => watch(q.acquire('a')));
    const over = watch(q.acquire('a'));
    const other = watch(q.acquire('b'));
    await flush();
    expect(admitted.map((w) => w.state())).toEqual(['pending', 'pending', 'pending']);
    expect(over.state()).toBe('refused');
    expect(over.reason).toBeInstanceOf(QueueFull);
    expect((over.reason as QueueFull).why).toBe('client');
    expect(other.state()).toBe('pending');
    expect(q.state).toEqual({ inFlight: 1, waiting: 4, clients: 2 });
  });

  it('gives the newest place of the longest lane to a client with fewer calls waiting', async () => {
    const q = queue({ capacity: 4 });
    await q.acquire('a');
    const a = [1, 2, 3, 4].map(() => watch(q.acquire('a')));
    const b1 = watch(q.acquire('b'));
    await flush();
    expect(a.map((w) => w.state())).toEqual(['pending', 'pending', 'pending', 'refused']);
    expect((a[3]!.reason as QueueFull).why).toBe('queue');
    const b2 = watch(q.acquire('b'));
    await flush();
    expect(a[2]!.state()).toBe('refused'); // a had 3, b 1: a gives way again
    // Now a and b hold two places each: neither lane is longer than the other would become.
    const b3 = watch(q.acquire('b'));
    const c1 = watch(q.acquire('c'));
    await flush();
    expect([b1.state(), b2.state(), b3.state()]).toEqual(['pending', 'pending', 'refused']);
    expect((b3.reason as QueueFull).why).toBe('queue');
    expect(c1.state()).toBe('pending'); // c had none: a longest lane (two) gives way
    expect(q.state).toEqual({ inFlight: 1, waiting: 4, clients: 3 });
  });

  it('refuses every call when no place is allowed at all', async () => {
    const q = queue({ capacity: 0 });
    await q.acquire('a');
    const b = watch(q.acquire('b'));
    await flush();
    expect(b.state()).toBe('refused');
    expect((b.reason as QueueFull).why).toBe('queue');
  });

  it('lets a waiting call whose request went away leave at once, freeing its place', async () => {
    const q = queue({ capacity: 1 });
    const release = await q.acquire('a');
    const gone = new AbortController();
    const leaving = watch(q.acquire('b', gone.signal));
    expect(watch(q.acquire('c')).state()).toBe('pending');
    await flush();
    expect(q.state.waiting).toBe(1);
    gone.abort(new Error('client left'));
    await flush();
    expect(leaving.state()).toBe('refused');
    expect((leaving.reason as Error).message).toBe('client left');
    expect(q.state).toEqual({ inFlight: 1, waiting: 0, clients: 0 });
    const next = watch(q.acquire('d'));
    release();
    release(); // once only: the slot is not given back twice
    await flush();
    expect(next.state()).toBe('granted');
    expect(q.state).toEqual({ inFlight: 1, waiting: 0, clients: 0 });
    // An already aborted signal never takes a place.
    expect(await q.acquire('e', AbortSignal.abort(new Error('gone'))).catch((e: Error) => e.message)).toBe(
      'gone',
    );
  });

  it('spaces starts 1000 / ratePerSecond ms apart even with a slot free', async () => {
    const q = queue({ concurrency: 2, ratePerSecond: 1 });
    await q.acquire('a');
    const second = watch(q.acquire('b'));
    await vi.advanceTimersByTimeAsync(999);
    expect(second.state()).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(second.state()).toBe('granted');
  });

  it('refuses every waiting call at once, those waiting for their spacing included', async () => {
    const q = queue({ concurrency: 2, ratePerSecond: 1 });
    const release = await q.acquire('a');
    const waiting = ['b', 'c', 'c'].map((c) => watch(q.acquire(c)));
    expect(q.refuseWaiting(() => new Error('cool-down'))).toBe(3);
    await flush();
    expect(waiting.map((w) => w.state())).toEqual(['refused', 'refused', 'refused']);
    expect(waiting.map((w) => (w.reason as Error).message)).toEqual(['cool-down', 'cool-down', 'cool-down']);
    await vi.advanceTimersByTimeAsync(10_000);
    release();
    expect(q.state).toEqual({ inFlight: 0, waiting: 0, clients: 0 });
  });

  it('gives each client half the places of a queue, at least one', () => {
    expect(clientShare(64)).toBe(32);
    expect(clientShare(1)).toBe(1);
    expect(clientShare(0)).toBe(1);
  });
});

describe('the queue in a source pipeline', () => {
  const up = scriptedUpstream();
  const config = loadConfig({
    UPSTREAM_ATTEMPT_DEADLINE_MS: '5000',
    UPSTREAM_RETRIES: '2',
    UPSTREAM_RETRY_BASE_MS: '1',
    UPSTREAM_RETRY_MAX_MS: '2',
  });
  let http: HttpClient;
  beforeEach(() => {
    http = new HttpClient(config.http);
  });
  afterEach(async () => {
    vi.useRealTimers();
    await http.close();
  });

  const sourceWith = (policy: Partial<SourcePolicy>) =>
    new UpstreamSource({
      name: 'REGISTRY',
      baseUrl: new URL(`${up.base}/r`),
      policy: { ...TEST_POLICY, ...policy },
      http,
      cache: new UpstreamCache(config.cache),
      httpPolicy: config.http,
    });
  let counter = 0;
  const get = (source: UpstreamSource, client: string) =>
    asClient(client, () => source.fetch({ url: source.url(`item/${++counter}`), decode }));

  it('refuses a call with no place as UPSTREAM_BUSY: no request, not a failure of the upstream', async () => {
    const source = sourceWith({ concurrency: 1, queue: 2 }); // one place for each client
    const held: ServerResponse[] = [];
    up.fallback = (_req, res) => held.push(res);
    const first = get(source, 'a');
    await until(() => held.length === 1);
    const second = get(source, 'a');
    const overShare = await failureOf(get(source, 'a'));
    const other = get(source, 'b');
    const full = await failureOf(get(source, 'c'));
    expect([overShare.code, full.code]).toEqual(['UPSTREAM_BUSY', 'UPSTREAM_BUSY']);
    expect(overShare.message).toBe(
      'This client already has 1 calls waiting for the legal-entity registry upstream; try again once they are answered.',
    );
    expect(full.message).toBe(
      'Too many calls are waiting for the legal-entity registry upstream; try again shortly.',
    );
    expect(full.details).toEqual({ source: 'REGISTRY' });
    expect(source.health()).toMatchObject({
      lastErrorCode: null,
      breaker: 'closed',
      queue: { inFlight: 1, waiting: 2, clients: 2 },
    });
    // The waiting calls are answered in turn; the refused ones never reached the upstream.
    up.fallback = json({ n: 1 });
    for (const res of held) json({ n: 1 })(undefined as never, res);
    await Promise.all([first, second, other]);
    expect(up.hits).toHaveLength(3);
  });

  it('refuses the calls waiting for their spacing at once when a long Retry-After arrives', async () => {
    // A spacing far longer than any test: the calls after the first wait for their start, and only the
    // cool-down refusing them at once can answer them within the test.
    const source = sourceWith({ concurrency: 2, ratePerSecond: 0.001 });
    const held: ServerResponse[] = [];
    up.fallback = (_req, res) => held.push(res);
    const first = get(source, 'a');
    await until(() => held.length === 1);
    const settled: (UpstreamError | null)[] = [];
    for (const client of ['a', 'b', 'c']) {
      void get(source, client).then(
        () => settled.push(null),
        (e: UpstreamError) => settled.push(e),
      );
    }
    expect(source.health().queue).toEqual({ inFlight: 1, waiting: 3, clients: 3 });
    status(429, { 'retry-after': '3600' })(undefined as never, held[0]!);
    expect((await failureOf(first)).code).toBe('RATE_LIMITED');
    await until(() => settled.length === 3, { what: 'the waiting calls to be refused' });
    expect(settled.map((e) => e?.code)).toEqual(['RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(source.health().queue).toEqual({ inFlight: 0, waiting: 0, clients: 0 });
    expect(up.hits).toHaveLength(1);
  });

  it('refuses every waiting call as RATE_LIMITED when a long Retry-After arrives, and calls none until it ends', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const source = sourceWith({ concurrency: 1 });
    const held: ServerResponse[] = [];
    up.fallback = (_req, res) => held.push(res);
    const first = get(source, 'a');
    await until(() => held.length === 1);
    const waiting = [get(source, 'a'), get(source, 'b'), get(source, 'b'), get(source, 'c')].map((p) =>
      p.then(
        () => null,
        (e: UpstreamError) => e,
      ),
    );
    expect(source.health().queue).toEqual({ inFlight: 1, waiting: 4, clients: 3 });
    status(429, { 'retry-after': '3600' })(undefined as never, held[0]!);
    expect((await failureOf(first)).details.retryAfterSeconds).toBe(3600);
    const refused = await Promise.all(waiting);
    expect(refused.map((e) => e?.code)).toEqual([
      'RATE_LIMITED',
      'RATE_LIMITED',
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);
    expect(refused.map((e) => e?.details)).toEqual(
      refused.map(() => ({ source: 'REGISTRY', retryAfterSeconds: 3600 })),
    );
    expect(source.health().queue).toEqual({ inFlight: 0, waiting: 0, clients: 0 });
    expect(up.hits).toHaveLength(1);
    // Nothing reaches the upstream until the cool-down ends; then calls go out again.
    vi.setSystemTime(Date.now() + 3_599_000);
    expect((await failureOf(get(source, 'd'))).code).toBe('RATE_LIMITED');
    expect(up.hits).toHaveLength(1);
    vi.setSystemTime(Date.now() + 1_001);
    up.fallback = json({ n: 2 });
    expect((await get(source, 'd')).value).toEqual({ n: 2 });
    expect(up.hits).toHaveLength(2);
  });
});

import { createHash, randomUUID } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { ErrorCode } from '../domain/errors.js';
import type { SourceName } from '../domain/freshness.js';
import {
  UpstreamError,
  abortedError,
  isAborted,
  monotonicNow,
  type CacheEntry,
  type SharedBudget,
  type SharedLoad,
  type SharedTurn,
  type SharedUpstream,
  type SharedWait,
} from '../upstream/index.js';
import type { SharedRedis } from './client.js';

/**
 * The upstream layer's shared part on Redis (`SharedUpstream`): the second-level cache, single-flight
 * across replicas, and each upstream's politeness budget and cool-down. See docs/operations.md
 * "Shared Redis" for the keys and what happens when Redis is down.
 */

/** Largest payload offered to the other replicas: bigger ones stay in each process's own cache. */
export const MAX_SHARED_ENTRY_BYTES = 8 * 1024 * 1024;
/** How long a failed load is told to the replicas that waited for it. */
const FAILURE_KEPT_MS = 2000;
/** First and longest pause between looks at another replica's load. */
const POLL_MIN_MS = 10;
const POLL_MAX_MS = 100;

/**
 * One atomic turn at an upstream across replicas: refused while a cool-down runs (its milliseconds left,
 * negated), else while `concurrency` turns are held (wait a little) or until `interval` since the last
 * start (wait that long); else taken, as a lease that lapses by itself. Times are Redis's own clock, so
 * the replicas' clocks need not agree.
 * KEYS: cool-down, leases (sorted set by expiry), next start. ARGV: concurrency, interval, lease, id.
 * Gives {1, 0} taken, {0, ms} wait ms, {-1, ms} cooling for ms.
 */
const TURN = `
local cooling = redis.call('PTTL', KEYS[1])
if cooling > 0 then return {-1, cooling} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[1]) then return {0, 20} end
local interval = tonumber(ARGV[2])
local nextAt = tonumber(redis.call('GET', KEYS[3]) or '0')
if nextAt > now then return {0, nextAt - now} end
if interval > 0 then redis.call('SET', KEYS[3], now + interval, 'PX', interval + 1000) end
local lease = tonumber(ARGV[3])
redis.call('ZADD', KEYS[2], now + lease, ARGV[4])
redis.call('PEXPIRE', KEYS[2], lease + 1000)
return {1, 0}
`;

/** Deletes a lock only while it is still the caller's (another may hold it after the lease lapsed). */
const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Sets a cool-down unless a longer one already runs. KEYS: cool-down. ARGV: ms. */
const COOL = `if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end return 1`;

/** A failure as the waiting replicas rebuild it. */
interface SharedFailure {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details: UpstreamError['details'];
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  /** The lock token of the load that failed, so that only those who waited for that load take it. */
  readonly token: string;
}

export class RedisUpstream implements SharedUpstream {
  constructor(
    private readonly redis: SharedRedis,
    /** Told of each look at the shared cache (`hit` or `miss`), for metrics. */
    private readonly onLookup: (outcome: 'hit' | 'miss') => void = () => {},
  ) {}

  async get(key: string): Promise<CacheEntry | undefined> {
    const entry = await this.#read(key);
    this.onLookup(entry === undefined ? 'miss' : 'hit');
    return entry;
  }

  async #read(key: string): Promise<CacheEntry | undefined> {
    const bytes = await this.redis.run((r) => r.getBuffer(this.#key('up', key)));
    return bytes == null ? undefined : decode<CacheEntry>(bytes);
  }

  async set(key: string, entry: CacheEntry, lifetimeMs: number): Promise<void> {
    if (!entry.storable || lifetimeMs < 1) return;
    let bytes: Buffer;
    try {
      bytes = serialize(entry);
    } catch {
      return; // a value that cannot be copied stays this process's own
    }
    if (bytes.length > MAX_SHARED_ENTRY_BYTES) return;
    await this.redis.run((r) => r.set(this.#key('up', key), bytes, 'PX', Math.ceil(lifetimeMs)));
  }

  async once(key: string, load: () => Promise<CacheEntry>, wait: SharedWait): Promise<SharedLoad> {
    const lock = this.#key('lock', key);
    for (let round = 0; round < 3; round++) {
      const token = randomUUID();
      // Takes the lock, or gives the token of the load holding it (SET … NX GET, Redis 7).
      const held = await this.redis.run(
        (r) =>
          r.call('SET', lock, token, 'PX', String(Math.ceil(wait.leaseMs)), 'NX', 'GET') as Promise<
            string | null
          >,
      );
      // `undefined`: Redis is down, so nothing is shared; load as one process would.
      if (held === undefined) return { entry: await load(), shared: false };
      if (held === null) return this.#lead(key, lock, token, load);
      const waited = await this.#follow(key, lock, held, wait);
      // Loaded, but not to be shared (`no-store`, too big): each loads for itself, at once.
      if (waited === 'alone') break;
      if (waited !== undefined) return waited;
      // The lock went without a word (its holder died, or its request went away): take it in turn.
      if (wait.signal?.aborted === true || monotonicNow() >= wait.until()) break;
    }
    return { entry: await load(), shared: false };
  }

  async turn(source: SourceName, budget: SharedBudget, signal: AbortSignal | undefined): Promise<SharedTurn> {
    const id = randomUUID();
    const keys = [this.#plain('cool', source), this.#plain('turns', source), this.#plain('next', source)];
    for (;;) {
      if (signal?.aborted === true) throw abortedError(source, signal.reason);
      const got = await this.redis.run(
        (r) =>
          r.eval(
            TURN,
            3,
            ...keys,
            budget.concurrency,
            budget.intervalMs,
            Math.ceil(budget.leaseMs),
            id,
          ) as Promise<[number, number]>,
      );
      if (got === undefined) return { release: () => {} }; // Redis down: this process's own limits hold
      const [state, ms] = got;
      if (state === -1) return { coolingMs: ms };
      if (state === 1) {
        return {
          release: () => {
            void this.redis.run((r) => r.zrem(keys[1]!, id));
          },
        };
      }
      await pause(ms, signal).catch(() => {
        throw abortedError(source, signal?.reason);
      });
    }
  }

  async coolDown(source: SourceName, ms: number): Promise<void> {
    await this.redis.run((r) => r.eval(COOL, 1, this.#plain('cool', source), Math.ceil(ms)));
  }

  /** Loads as the one replica doing so, telling a failure to those waiting, then frees the lock. */
  async #lead(
    key: string,
    lock: string,
    token: string,
    load: () => Promise<CacheEntry>,
  ): Promise<SharedLoad> {
    try {
      // Another replica may have loaded, offered and freed the lock between this one's miss and its
      // lock: what it offered is taken rather than loaded again.
      // Not counted as a lookup: the miss before the lock was.
      const offered = await this.#read(key);
      if (offered !== undefined) {
        this.onLookup('hit');
        return { entry: offered, shared: true };
      }
      const entry = await load();
      // Those waiting find the entry if it was offered, else this word that it will not be.
      await this.redis.run((r) => r.set(this.#key('done', key), token, 'PX', FAILURE_KEPT_MS));
      return { entry, shared: false };
    } catch (thrown: unknown) {
      // Only what the upstream said is told: a request that went away, or this process's own limits
      // (its queue, breaker or cool-down), say nothing the others could use; they load for themselves.
      if (fromUpstream(thrown)) {
        const failure: SharedFailure = {
          code: thrown.code,
          message: thrown.message,
          details: thrown.details,
          retryable: thrown.retryable,
          retryAfterMs: thrown.retryAfterMs,
          token,
        };
        await this.redis.run((r) =>
          r.set(this.#key('fail', key), JSON.stringify(failure), 'PX', FAILURE_KEPT_MS),
        );
      }
      throw thrown;
    } finally {
      await this.redis.run((r) => r.eval(UNLOCK, 1, lock, token));
    }
  }

  /**
   * Waits for another replica's load of `key`, the one holding the lock as `holder`: its entry, its
   * failure, `alone` when it loaded something it will not share, or `undefined` once its lock is gone
   * without a word, Redis fails, or the caller can wait no longer.
   */
  async #follow(
    key: string,
    lock: string,
    holder: string,
    wait: SharedWait,
  ): Promise<SharedLoad | 'alone' | undefined> {
    let pauseMs = POLL_MIN_MS;
    while (wait.signal?.aborted !== true && monotonicNow() < wait.until()) {
      await pause(pauseMs, wait.signal).catch(() => undefined);
      pauseMs = Math.min(POLL_MAX_MS, pauseMs * 2);
      // One transaction, so that the entry, the word and the lock are read as of one moment.
      const looked = await this.redis.run((r) =>
        r
          .multi()
          .getBuffer(this.#key('up', key))
          .get(this.#key('fail', key))
          .get(this.#key('done', key))
          .get(lock)
          .exec(),
      );
      if (looked == null) return undefined;
      const [[, bytes], [, failed], [, done], [, locked]] = looked as [
        [unknown, Buffer | null],
        [unknown, string | null],
        [unknown, string | null],
        [unknown, string | null],
      ];
      const entry = bytes == null ? undefined : decode<CacheEntry>(bytes);
      if (entry !== undefined) {
        this.onLookup('hit');
        return { entry, shared: true };
      }
      const failure = failed == null ? undefined : (JSON.parse(failed) as SharedFailure);
      // Only the failure of the load waited for: an older one was somebody else's, already told.
      if (failure !== undefined && failure.token === holder) {
        return {
          failure: new UpstreamError(
            failure.code,
            failure.message,
            { ...failure.details, source: failure.details.source! },
            failure.retryable,
            failure.retryAfterMs,
          ),
        };
      }
      if (done === holder) return 'alone';
      if (locked !== holder) return undefined;
    }
    return undefined;
  }

  /** A key for an upstream resource: hashed, since resource keys hold whole URLs. */
  #key(kind: string, key: string): string {
    return this.redis.key(kind, createHash('sha256').update(key).digest('base64url'));
  }

  #plain(kind: string, source: SourceName): string {
    return this.redis.key(kind, source);
  }
}

/**
 * Whether a failure is the upstream's own answer (a status, a timeout, a body that is not what it should
 * be), which the other replicas would get too, rather than this process's: its request going away, its
 * queue full (`UPSTREAM_BUSY`), its breaker open, or a cool-down it keeps (`RATE_LIMITED` without a status).
 */
function fromUpstream(thrown: unknown): thrown is UpstreamError {
  if (!(thrown instanceof UpstreamError) || isAborted(thrown)) return false;
  if (thrown.code === ErrorCode.UPSTREAM_BUSY || thrown.code === ErrorCode.CIRCUIT_OPEN) return false;
  return !(thrown.code === ErrorCode.RATE_LIMITED && thrown.details.upstreamStatus === undefined);
}

/** A value another process serialized, or `undefined` when it cannot be read (another Node's format). */
function decode<T>(bytes: Buffer): T | undefined {
  try {
    return deserialize(bytes) as T;
  } catch {
    return undefined;
  }
}

/** Waits `ms`, or until `signal` aborts (then rejects). */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) return reject(signal.reason as Error);
    const done = (): void => {
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    const timer = setTimeout(done, Math.max(1, ms));
    const stop = (): void => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

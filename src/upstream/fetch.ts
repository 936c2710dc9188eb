/**
 * A fetch through the shared cache (cache.ts): one load at a time per resource, shared by every caller
 * that asks while it runs, stale-while-revalidate, stale-if-error and conditional revalidation, each load
 * run through the source's pipeline (policy.ts). The freshness model is described in
 * docs/architecture.md. A shared load serves callers with deadlines of their own, so each caller waits by
 * its own: no longer than its request's budget, and, when it holds a value it may serve as stale-if-error,
 * no longer than it can still answer with it (`answerBy`).
 */
import { LRUCache } from 'lru-cache';
import type { HttpPolicy, SourcePolicy } from '../policy.js';
import { ErrorCode } from '../domain/errors.js';
import type { Fetched } from '../domain/freshness.js';
import type { CacheEntry, UpstreamCache } from './cache.js';
import { abortedError, isAborted, staleReasonOf, type UpstreamError } from './errors.js';
import { answer, fetchAttempt, type AttemptContext, type FetchSpec } from './fetch-spec.js';
import { SERVED, fallback, freshness, type FreshnessOrigin, type Served } from './freshness.js';
import type { HttpClient } from './http.js';
import { planned, type Pipeline } from './policy.js';
import type { SharedUpstream } from './shared.js';
import {
  RequestAborted,
  SharedWaits,
  answerBy,
  monotonicNow,
  requestBudget,
  requestSignal,
  type Waiter,
} from './scope.js';

/** What the cached fetch needs of its source. */
export interface FetchContext {
  readonly origin: FreshnessOrigin;
  readonly policy: SourcePolicy;
  readonly httpPolicy: HttpPolicy;
  readonly http: HttpClient;
  readonly cache: UpstreamCache;
  readonly pipeline: Pipeline;
  /** Notes the date a fresh value says the upstream's data last changed. */
  readonly onSourceUpdated: (date: string | null) => void;
  /** What replicas share (`REDIS_URL`): the second-level cache and one load at a time across them. */
  readonly shared?: SharedUpstream | null | undefined;
}

/** Loads one caller waits for at most, when each it joined was aborted for others (see `fetch`). */
const MAX_ROUNDS = 3;

/** How one caller's wait for a load ended. */
type Waited =
  | { readonly entry: CacheEntry }
  | { readonly failure: UpstreamError }
  /** Its request stopped waiting (budget or client gone), with the signal's reason. */
  | { readonly aborted: unknown }
  /** It could wait no longer and still answer with the value it holds (`answerBy`). */
  | { readonly late: true };

/** One source's fetches through the shared cache. */
export class CachedFetch {
  /** Recent 404s: an answer, held `negativeTtlSeconds` so a missing id is not asked for again and again. */
  readonly #notFound: LRUCache<string, UpstreamError>;
  /** The loads under way, with who waits for each. */
  readonly #waits = new SharedWaits<CacheEntry>();
  readonly #attempt: AttemptContext;
  /** Entries another replica loaded (served as `HIT`: fresh, from the shared cache). */
  readonly #adopted = new WeakSet<CacheEntry>();

  constructor(private readonly ctx: FetchContext) {
    this.#attempt = {
      source: ctx.origin.source,
      http: ctx.http,
      retryAfterMaxMs: ctx.httpPolicy.retryAfterMaxMs,
    };
    this.#notFound = new LRUCache<string, UpstreamError>({
      max: 10_000,
      ttl: Math.max(1, ctx.httpPolicy.negativeTtlSeconds * 1000),
      ttlResolution: 0,
      perf: { now: () => Date.now() },
    });
  }

  /**
   * Fetches and decodes `spec.url` through the cache. Throws `UpstreamError` when nothing can be served.
   * Inside a request (`inRequest`), stops waiting as soon as the request's signal aborts (its budget ran
   * out or its client left), serves a held value as `FALLBACK` while there is still time to answer with
   * it, and aborts the load itself only when nobody else waits for it.
   */
  async fetch<T, P>(spec: FetchSpec<T, P>): Promise<Fetched<T>> {
    const { origin, policy, cache } = this.ctx;
    const form = spec.form?.toString();
    const key = `${origin.source} ${spec.method ?? 'GET'} ${spec.url.href}${form === undefined ? '' : ` ${form}`}`;
    const signal = requestSignal();
    const always = spec.alwaysRevalidate === true;
    const maxAgeMs = policy.maxAgeSeconds * 1000;
    const load = (held: CacheEntry | undefined) => (loadSignal: AbortSignal, until: () => number) =>
      this.#load(key, spec, form, held, loadSignal, until);
    for (let round = 1; ; round++) {
      if (signal?.aborted === true) throw abortedError(origin.source, signal.reason);
      const notFound = this.#notFound.get(key);
      if (notFound !== undefined) throw notFound;
      const held = cache.get(key);
      const age = held === undefined ? Infinity : Date.now() - held.fetchedAt;
      if (held !== undefined && !always && cache.fresh(key))
        return served(origin, spec.url, held, SERVED.HIT);
      // `no-store` or `must-revalidate`: never served stale.
      const servableStale = held?.cacheable === true ? held : undefined;
      if (servableStale && !always && age <= maxAgeMs + policy.staleWhileRevalidateSeconds * 1000) {
        this.#waits.background(key, load(held));
        return served(origin, spec.url, servableStale, SERVED.REVALIDATING); // at once, while one refresh runs
      }
      const fallbackHeld = age <= maxAgeMs + policy.staleIfErrorSeconds * 1000 ? servableStale : undefined;
      const by = answerBy();
      const waited = await this.#wait(this.#waits.join(key, by, load(held)), fallbackHeld ? by : Infinity);
      if ('entry' in waited) {
        return served(
          origin,
          spec.url,
          waited.entry,
          this.#adopted.has(waited.entry)
            ? SERVED.HIT
            : waited.entry.revalidated
              ? SERVED.REVALIDATED
              : SERVED.MISS,
        );
      }
      if ('aborted' in waited) throw abortedError(origin.source, waited.aborted);
      if ('late' in waited) return served(origin, spec.url, fallbackHeld!, fallback('UPSTREAM_ERROR'));
      // A load ends in an abort only once nobody waits for it, so this caller never should receive one;
      // if it did, the abort is another request's: it asks again for itself rather than hand it on.
      if (isAborted(waited.failure) && round < MAX_ROUNDS) continue;
      if (fallbackHeld !== undefined) {
        return served(origin, spec.url, fallbackHeld, fallback(staleReasonOf(waited.failure)));
      }
      throw waited.failure;
    }
  }

  /**
   * Waits for the load until it settles, the request stops waiting, or `lateAt` (on `monotonicNow`)
   * comes; then stops waiting, which aborts the load if it was the last to wait early.
   */
  async #wait(waiter: Waiter<CacheEntry>, lateAt: number): Promise<Waited> {
    const signal = requestSignal();
    let timer: NodeJS.Timeout | undefined;
    let stop = (): void => {};
    const races: Promise<Waited>[] = [
      waiter.work.then(
        (entry) => ({ entry }),
        (failure: unknown) => ({ failure: failure as UpstreamError }), // the pipeline reports every failure as one
      ),
    ];
    if (signal !== undefined) {
      races.push(
        new Promise((resolve) => {
          stop = () => resolve({ aborted: signal.reason });
          signal.addEventListener('abort', stop, { once: true });
        }),
      );
    }
    if (lateAt !== Infinity) {
      races.push(
        new Promise((resolve) => {
          timer = setTimeout(() => resolve({ late: true }), Math.max(0, lateAt - monotonicNow()));
        }),
      );
    }
    try {
      const waited = await Promise.race(races);
      if ('aborted' in waited) waiter.leave(waited.aborted);
      else if ('late' in waited) waiter.leave(new RequestAborted('budget', requestBudget()?.ms ?? 0));
      else waiter.leave();
      return waited;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
    }
  }

  /**
   * One load of `key` (conditional on `stale`), stored in the cache when it succeeds. With a shared cache
   * (`REDIS_URL`), a fresher entry another replica stored is taken instead, and a load another replica
   * is making is waited for rather than made again.
   */
  async #load<T, P>(
    key: string,
    spec: FetchSpec<T, P>,
    form: string | undefined,
    stale: CacheEntry | undefined,
    signal: AbortSignal,
    until: () => number,
  ): Promise<CacheEntry> {
    const { pipeline, policy, httpPolicy, cache, shared } = this.ctx;
    const lifetimeMs = policy.maxAgeSeconds * 1000;
    const revalidate = spec.alwaysRevalidate === true;
    if (shared != null && !revalidate) {
      const other = await shared.get(key);
      if (other !== undefined && (stale === undefined || other.fetchedAt > stale.fetchedAt)) {
        const adopted = this.#adopt(key, other);
        if (adopted !== undefined) return adopted;
      }
    }
    const direct = (): Promise<CacheEntry> =>
      planned({ until, attemptMs: spec.deadlineMs }, () =>
        pipeline.run(fetchAttempt(this.#attempt, spec, form, stale), signal),
      );
    let entry: CacheEntry;
    try {
      if (shared == null || revalidate) entry = await direct();
      else {
        const leaseMs =
          (httpPolicy.retries + 1) *
          ((spec.deadlineMs ?? httpPolicy.attemptDeadlineMs) + httpPolicy.retryMaxMs);
        const loaded = await shared.once(
          key,
          async () => {
            const own = await direct();
            // Offered before the lock is freed, so that the replicas waiting for it find it.
            if (own.storable) await shared.set(key, own, lifetimeMs);
            return own;
          },
          { signal, until, leaseMs },
        );
        if ('failure' in loaded) throw loaded.failure;
        if (loaded.shared) {
          // Another replica's entry with no lifetime left here (its clock, or its policy): load anew.
          const adopted = this.#adopt(key, loaded.entry);
          if (adopted !== undefined) return adopted;
          entry = await direct();
        } else entry = loaded.entry;
      }
    } catch (thrown: unknown) {
      const failure = thrown as UpstreamError; // the pipeline reports every failure as one
      if (isAborted(failure)) throw failure; // says nothing about the upstream
      if (failure.code === ErrorCode.NOT_FOUND && spec.notFound !== undefined) {
        const answered = answer(spec.notFound());
        cache.set(key, answered, httpPolicy.negativeTtlSeconds * 1000);
        return answered;
      }
      if (failure.code === ErrorCode.NOT_FOUND) this.#notFound.set(key, failure);
      throw failure;
    }
    // A failed or invalid load never reaches this line: the last good entry stays as it was.
    cache.set(key, entry, entry.storable ? lifetimeMs : 1);
    this.ctx.onSourceUpdated(entry.sourceUpdatedAt);
    return entry;
  }

  /**
   * Takes an entry another replica loaded into this process's cache for what is left of its lifetime;
   * `undefined` when none is left (it is then loaded anew).
   */
  #adopt(key: string, entry: CacheEntry): CacheEntry | undefined {
    const { policy, cache } = this.ctx;
    const leftMs = policy.maxAgeSeconds * 1000 - (Date.now() - entry.fetchedAt);
    if (leftMs <= 0 || !entry.storable) return undefined;
    cache.set(key, entry, leftMs);
    cache.touch(); // what was derived from the entry it replaces is no longer current
    this.#adopted.add(entry);
    this.ctx.onSourceUpdated(entry.sourceUpdatedAt);
    return entry;
  }
}

/** `entry` as the caller receives it, served as `how`. */
function served<T>(origin: FreshnessOrigin, url: URL, entry: CacheEntry, how: Served): Fetched<T> {
  return { value: entry.value as T, freshness: freshness(origin, url.href, entry, how) };
}

/**
 * A fetch through the shared cache: single-flight misses, stale-while-revalidate, stale-if-error and
 * conditional revalidation (cache.ts), each load run through the source's pipeline (policy.ts). The
 * freshness model is described in docs/architecture.md.
 */
import { LRUCache } from 'lru-cache';
import type { HttpPolicy, SourcePolicy } from '../policy.js';
import { ErrorCode } from '../domain/errors.js';
import type { Fetched } from '../domain/freshness.js';
import type { CacheEntry, Loader, UpstreamCache } from './cache.js';
import { abortedError, invalidError, isAborted, staleReasonOf, type UpstreamError } from './errors.js';
import { answer, fetchAttempt, type AttemptContext, type FetchSpec } from './fetch-spec.js';
import { SERVED, fallback, freshness, type FreshnessOrigin, type Served } from './freshness.js';
import type { HttpClient } from './http.js';
import type { Pipeline } from './policy.js';
import { SharedWaits, requestSignal, untilAborted } from './scope.js';

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
}

/** One source's fetches through the shared cache. */
export class CachedFetch {
  /** The last failure per key, for callers that joined a fetch which then failed. */
  readonly #failures = new LRUCache<string, UpstreamError>({ max: 1024 });
  /** Recent 404s: an answer, held `negativeTtlSeconds` so a missing id is not asked for again and again. */
  readonly #notFound: LRUCache<string, UpstreamError>;
  readonly #waits = new SharedWaits();
  readonly #attempt: AttemptContext;

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
   * out or its client left), and aborts the upstream call itself when no other request waits for it.
   */
  async fetch<T, P>(spec: FetchSpec<T, P>): Promise<Fetched<T>> {
    const { origin, policy, cache } = this.ctx;
    const body = spec.form?.toString();
    const key = `${origin.source} ${spec.method ?? 'GET'} ${spec.url.href}${body === undefined ? '' : ` ${body}`}`;
    const signal = requestSignal();
    if (signal?.aborted === true) throw abortedError(origin.source, signal.reason);
    const notFound = this.#notFound.get(key);
    if (notFound !== undefined) throw notFound;
    const now = Date.now();
    const maxAgeMs = policy.maxAgeSeconds * 1000;
    const held = cache.peek(key);
    const age = held === undefined ? Infinity : now - held.fetchedAt;
    const servableStale = held !== undefined && held.cacheable;
    const always = spec.alwaysRevalidate === true;
    const status: LRUCache.Status<string, CacheEntry, Loader> = {};
    const waiting = this.#waits.join(key);
    let entry: CacheEntry | undefined;
    try {
      entry = await untilAborted(
        cache.fetch(
          key,
          (stale, cacheSignal, setTtl) =>
            this.#load(key, spec, body, stale, AbortSignal.any([cacheSignal, waiting.signal]), setTtl),
          {
            allowStale:
              !always && servableStale && age <= maxAgeMs + policy.staleWhileRevalidateSeconds * 1000,
            allowStaleOnError: servableStale && age <= maxAgeMs + policy.staleIfErrorSeconds * 1000,
            forceRefresh: always,
            status,
          },
        ),
        (reason) => {
          waiting.leave(reason);
          return abortedError(origin.source, reason);
        },
      );
    } catch (thrown: unknown) {
      throw this.#failures.get(key) ?? thrown;
    } finally {
      waiting.leave();
    }
    if (entry === undefined) {
      throw this.#failures.get(key) ?? invalidError(origin.source, 'no usable response');
    }
    const how = this.#served(key, entry, held, status);
    return { value: entry.value as T, freshness: freshness(origin, spec.url.href, entry, how) };
  }

  /**
   * How the cache answered, from what it reports of the call and what it handed out: an entry other
   * than the one held before the call was loaded for it (a `304` makes a new entry too).
   */
  #served(
    key: string,
    entry: CacheEntry,
    held: CacheEntry | undefined,
    status: LRUCache.Status<string, CacheEntry, Loader>,
  ): Served {
    if (status.fetch === 'hit') return SERVED.HIT;
    if (
      status.returnedStale === true &&
      status.fetchRejected !== true &&
      (status.fetch === 'stale' || status.fetch === 'inflight')
    ) {
      return SERVED.REVALIDATING; // served at once while one background refresh runs
    }
    if (entry !== held) return entry.revalidated ? SERVED.REVALIDATED : SERVED.MISS;
    // The entry held before, after a refresh we waited for: it failed (stale-if-error).
    const failure = this.#failures.get(key);
    if (failure === undefined && Date.now() - entry.fetchedAt <= this.ctx.policy.maxAgeSeconds * 1000) {
      return SERVED.HIT;
    }
    return fallback(staleReasonOf(failure));
  }

  async #load<T, P>(
    key: string,
    spec: FetchSpec<T, P>,
    form: string | undefined,
    stale: CacheEntry | undefined,
    signal: AbortSignal,
    setTtl: (ms: number) => void,
  ): Promise<CacheEntry> {
    const { pipeline, policy, httpPolicy } = this.ctx;
    let entry: CacheEntry;
    try {
      entry = await pipeline.run(fetchAttempt(this.#attempt, spec, form, stale), signal);
    } catch (thrown: unknown) {
      const failure = thrown as UpstreamError; // the pipeline reports every failure as one
      if (isAborted(failure)) throw failure; // says nothing about the upstream
      if (failure.code === ErrorCode.NOT_FOUND && spec.notFound !== undefined) {
        setTtl(httpPolicy.negativeTtlSeconds * 1000);
        this.#failures.delete(key);
        return answer(spec.notFound());
      }
      if (failure.code === ErrorCode.NOT_FOUND) this.#notFound.set(key, failure);
      this.#failures.set(key, failure);
      throw failure;
    }
    setTtl(entry.storable ? policy.maxAgeSeconds * 1000 : 1);
    this.#failures.delete(key);
    this.ctx.onSourceUpdated(entry.sourceUpdatedAt);
    return entry;
  }
}

import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  DelegateBackoff,
  IsolatedCircuitError,
  bulkhead,
  handleWhen,
  retry,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
  type RetryPolicy,
} from 'cockatiel';
import { LRUCache } from 'lru-cache';
import type { HttpPolicy, SourcePolicy } from '../config.js';
import { ErrorCode } from '../domain/errors.js';
import type {
  CacheStatus,
  Fetched,
  Freshness,
  Recording,
  SourceName,
  StaleReason,
} from '../domain/freshness.js';
import {
  HALF_OPEN_AFTER_MS,
  breakerState,
  sourceBreaker,
  type BreakerOptions,
  type BreakerState,
} from './breaker.js';
import type { CacheEntry, Loader, UpstreamCache } from './cache.js';
import {
  UpstreamError,
  abortedError,
  invalidError,
  isAborted,
  parseRetryAfter,
  sourceLabel,
  staleReasonOf,
  statusError,
} from './errors.js';
import type { HttpClient, RawResponse } from './http.js';
import { requestSignal, untilAborted } from './scope.js';

/**
 * How much heap a decoded JSON body takes per byte of the body, for the cache's size accounting. Measured
 * on release-listing pages (bench/memory.ts): 1.5–1.7 × (objects, and Cyrillic text held as two-byte
 * strings); 2 keeps `CACHE_MAX_BYTES` an upper bound.
 */
export const DECODED_SIZE_FACTOR = 2;

/** What to fetch and how to check it. */
export interface FetchSpec<T> {
  /** Absolute URL of the upstream resource. */
  readonly url: URL;
  /**
   * `POST` only for read-only query endpoints of native APIs (a form post that lists data): such a
   * call is cached, deduplicated and retried like a GET, keyed by its body too.
   */
  readonly method?: 'GET' | 'POST';
  /** Form body of a `POST`, sent as `application/x-www-form-urlencoded`. */
  readonly form?: URLSearchParams;
  /** Extra request headers (e.g. `authorization`); never part of error messages. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Validates and decodes the parsed JSON body; throws on anything that does not fit (schema drift).
   * Its result is what the cache stores, so it runs once per upstream body, not once per request.
   */
  readonly decode: (json: unknown) => T;
  /**
   * Sees the parsed JSON of a fresh body before it is validated, e.g. to start fetching the next page
   * of a listing one validation earlier. Must not throw or change `json`.
   */
  readonly peek?: (json: unknown) => void;
  /** When the upstream says the value last changed, read from the decoded value. */
  readonly sourceUpdatedAt?: (value: T) => string | null;
  /**
   * Approximate heap size of the decoded value in bytes, which is what the cache's `maxSize` bounds;
   * defaults to `DECODED_SIZE_FACTOR` × the body length.
   */
  readonly sizeOf?: (value: T, bodyBytes: number) => number;
}

/** A bulk resource to stream (a daily dump), never held whole in memory. */
export interface DownloadSpec<T> {
  readonly url: URL;
  /** Deadline of one attempt, download and parsing included. */
  readonly deadlineMs: number;
  /** Bytes at most; more fails the attempt as UPSTREAM_INVALID. */
  readonly maxBytes: number;
  /** Consumes the body as it arrives; throws on anything that does not fit (schema drift). */
  readonly parse: (body: AsyncIterable<Buffer>) => Promise<T>;
  /** Validators of the copy held, for a conditional request; a `304` then yields `value: null`. */
  readonly previous?: { readonly etag: string | null; readonly lastModified: string | null } | null;
}

/** The outcome of a download. */
export interface Downloaded<T> {
  /** `null` when the upstream answered `304 Not Modified` to the conditional request. */
  readonly value: T | null;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly fetchedAt: number;
}

/** What one `UpstreamSource` needs. */
export interface UpstreamSourceOptions {
  readonly name: SourceName;
  /** Base URL of the upstream API (or of its embedded recording). */
  readonly baseUrl: URL;
  readonly policy: SourcePolicy;
  readonly http: HttpClient;
  readonly cache: UpstreamCache;
  readonly httpPolicy: HttpPolicy;
  readonly breaker?: BreakerOptions | undefined;
  /** Set when `baseUrl` serves an embedded recording: what it recorded, and when. */
  readonly recording?: Recording | null;
}

/** Health of one upstream as the gateway has seen it, for `Query.sources` and `/readyz`. */
export interface SourceHealth {
  readonly name: SourceName;
  readonly host: string;
  readonly lastSuccessAt: number | null;
  readonly lastErrorAt: number | null;
  readonly lastErrorCode: string | null;
  /** The newest `sourceUpdatedAt` seen from this upstream. */
  readonly datasetDate: string | null;
  /** The per-source circuit breaker (not part of the GraphQL schema). */
  readonly breaker: BreakerState;
}

/**
 * One upstream source: the single way the gateway reaches it. Each call goes through the shared cache
 * (single-flight, SWR, stale-if-error, conditional revalidation), then a per-source bulkhead
 * (politeness: at most `concurrency` requests in flight), then bounded, jittered retries of the GET
 * that honour `Retry-After`, then the HTTP client with its per-attempt deadline. Every call returns
 * the value with its freshness.
 *
 * Each call first passes a `Retry-After` cool-down (after a 429/503 asking for longer than
 * `retryAfterMaxMs`, nothing goes out until then: `RATE_LIMITED`; checked before every attempt) and a
 * circuit breaker around the retries (open once half or more of ≥ 10 calls within 10 s failed:
 * `CIRCUIT_OPEN` for 30 s, then one probe, not retried). Both fail at once without an upstream request
 * and are not retried; the cache then serves stale if it can.
 */
export class UpstreamSource {
  readonly #bulkhead: BulkheadPolicy;
  readonly #retry: RetryPolicy;
  readonly #breaker: CircuitBreakerPolicy;
  readonly #halfOpenAfterMs: number;
  /** When the breaker last opened (for `retryAfterSeconds` of CIRCUIT_OPEN). */
  #openedAt = 0;
  /** Until when (epoch ms) the upstream asked not to be called (`Retry-After` beyond the budget). */
  #coolDownUntil = 0;
  /** The last failure per key, for callers that joined a fetch which then failed. */
  readonly #failures = new LRUCache<string, UpstreamError>({ max: 1024 });
  /** Recent 404s: an answer, held `negativeTtlSeconds` so a missing id is not asked for again and again. */
  readonly #notFound: LRUCache<string, UpstreamError>;
  /** Requests waiting per key, and the controller that aborts the upstream call when all have left. */
  readonly #waiting = new Map<string, { waiters: number; readonly controller: AbortController }>();
  /** When the next request may start, for `ratePerSecond` politeness. */
  #nextSlotAt = 0;
  #lastSuccessAt: number | null = null;
  #lastErrorAt: number | null = null;
  #lastErrorCode: string | null = null;
  #datasetDate: string | null = null;

  readonly name: SourceName;
  readonly baseUrl: URL;
  readonly policy: SourcePolicy;
  /** The public resource the embedded recording was taken from, when this source is a recording. */
  readonly recording: Recording | null;
  private readonly http: HttpClient;
  private readonly cache: UpstreamCache;
  private readonly httpPolicy: HttpPolicy;

  constructor(options: UpstreamSourceOptions) {
    const { policy, httpPolicy, breaker = {} } = options;
    this.name = options.name;
    this.baseUrl = options.baseUrl;
    this.policy = policy;
    this.recording = options.recording ?? null;
    this.http = options.http;
    this.cache = options.cache;
    this.httpPolicy = httpPolicy;
    this.#bulkhead = bulkhead(policy.concurrency, policy.queue);
    this.#notFound = new LRUCache<string, UpstreamError>({
      max: 10_000,
      ttl: Math.max(1, httpPolicy.negativeTtlSeconds * 1000),
      ttlResolution: 0,
      perf: { now: () => Date.now() },
    });
    this.#breaker = sourceBreaker(breaker);
    this.#halfOpenAfterMs = breaker.halfOpenAfterMs ?? HALF_OPEN_AFTER_MS;
    this.#breaker.onBreak(() => {
      this.#openedAt = Date.now();
    });
    this.#retry = retry(
      // A half-open probe is one request: not retried, so a still-failing upstream gets one call.
      handleWhen(
        (e) => e instanceof UpstreamError && e.retryable && this.#breaker.state !== CircuitState.HalfOpen,
      ),
      {
        maxAttempts: httpPolicy.retries,
        backoff: new DelegateBackoff((ctx) => {
          const failed = 'error' in ctx.result ? ctx.result.error : undefined;
          if (failed instanceof UpstreamError && failed.retryAfterMs !== null) return failed.retryAfterMs;
          return fullJitter(ctx.attempt, httpPolicy.retryBaseMs, httpPolicy.retryMaxMs);
        }),
      },
    );
  }

  /** Resolves `path` (with its query) against this source's base URL, keeping the base path. */
  url(path: string, query?: Readonly<Record<string, string | number | undefined>>): URL {
    const base = this.baseUrl.href.endsWith('/') ? this.baseUrl.href : `${this.baseUrl.href}/`;
    const url = new URL(path.replace(/^\/+/, ''), base);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  /**
   * Fetches and decodes `spec.url` through the cache. Throws `UpstreamError` when nothing can be served.
   * Inside a request (`inRequest`), stops waiting as soon as the request's signal aborts (its budget ran
   * out or its client left), and aborts the upstream call itself when no other request waits for it.
   */
  async fetch<T>(spec: FetchSpec<T>): Promise<Fetched<T>> {
    const body = spec.form?.toString();
    const key = `${this.name} ${spec.method ?? 'GET'} ${spec.url.href}${body === undefined ? '' : ` ${body}`}`;
    const signal = requestSignal();
    if (signal?.aborted === true) throw abortedError(this.name, signal.reason);
    const notFound = this.#notFound.get(key);
    if (notFound !== undefined) throw notFound;
    const started = Date.now();
    const maxAgeMs = this.policy.maxAgeSeconds * 1000;
    const held = this.cache.peek(key);
    const age = held === undefined ? Infinity : started - held.fetchedAt;
    const servableStale = held !== undefined && held.cacheable;
    const status: LRUCache.Status<string, CacheEntry, Loader> = {};
    const waiting = this.#wait(key);
    let entry: CacheEntry | undefined;
    try {
      entry = await untilAborted(
        this.cache.fetch(
          key,
          (stale, cacheSignal, setTtl) =>
            this.#load(key, spec, stale, AbortSignal.any([cacheSignal, waiting.signal]), setTtl),
          {
            allowStale: servableStale && age <= maxAgeMs + this.policy.staleWhileRevalidateSeconds * 1000,
            allowStaleOnError: servableStale && age <= maxAgeMs + this.policy.staleIfErrorSeconds * 1000,
            status,
          },
        ),
        (reason) => {
          waiting.leave(reason);
          return abortedError(this.name, reason);
        },
      );
    } catch (thrown: unknown) {
      throw this.#failures.get(key) ?? thrown;
    } finally {
      waiting.leave();
    }
    if (entry === undefined) {
      throw this.#failures.get(key) ?? invalidError(this.name, 'no usable response');
    }
    return { value: entry.value as T, freshness: this.#freshness(spec.url, entry, started, status, key) };
  }

  /**
   * Counts one more request waiting for `key`. `leave(reason)` when it stops waiting early: the last
   * to leave that way aborts the upstream call; `leave()` when it got its answer. Each leaves once.
   */
  #wait(key: string): { readonly signal: AbortSignal; leave(reason?: unknown): void } {
    let waiting = this.#waiting.get(key);
    if (waiting === undefined) {
      waiting = { waiters: 0, controller: new AbortController() };
      this.#waiting.set(key, waiting);
    }
    waiting.waiters += 1;
    const record = waiting;
    let left = false;
    return {
      signal: record.controller.signal,
      leave: (reason?: unknown) => {
        if (left) return;
        left = true;
        record.waiters -= 1;
        if (record.waiters > 0) return;
        if (this.#waiting.get(key) === record) this.#waiting.delete(key);
        if (reason !== undefined) record.controller.abort(reason);
      },
    };
  }

  /**
   * Streams a bulk resource into `spec.parse` with the same retries, politeness and health tracking as
   * `fetch`, but outside the cache: the caller keeps what it built and its freshness.
   */
  async download<T>(spec: DownloadSpec<T>, signal?: AbortSignal): Promise<Downloaded<T>> {
    try {
      const result = await this.#guarded(
        () =>
          this.#retry.execute(() => {
            this.#checkCoolDown();
            return this.#bulkhead.execute(() => this.#downloadOnce(spec, signal), signal);
          }, signal),
        signal,
      );
      this.#lastSuccessAt = Date.now();
      return result;
    } catch (thrown: unknown) {
      const failure =
        thrown instanceof UpstreamError
          ? thrown
          : invalidError(this.name, 'a dump the gateway could not read', thrown);
      this.#lastErrorAt = Date.now();
      this.#lastErrorCode = failure.code;
      throw failure;
    } finally {
      this.cache.touch();
    }
  }

  /** Notes the newest date the upstream has reported for its data (for `Query.sources`). */
  noteDatasetDate(date: string | null): void {
    if (date !== null && (this.#datasetDate === null || date > this.#datasetDate)) this.#datasetDate = date;
  }

  async #downloadOnce<T>(spec: DownloadSpec<T>, signal: AbortSignal | undefined): Promise<Downloaded<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (spec.previous?.etag) headers['if-none-match'] = spec.previous.etag;
    else if (spec.previous?.lastModified) headers['if-modified-since'] = spec.previous.lastModified;
    await this.#spacing();
    return this.http.stream(
      this.name,
      { url: spec.url, headers, bulk: true },
      spec.deadlineMs,
      signal,
      async (status, h, body) => {
        const fetchedAt = Date.now();
        if (status === 304 && spec.previous) {
          return {
            value: null,
            etag: h.etag ?? spec.previous.etag,
            lastModified: h['last-modified'] ?? spec.previous.lastModified,
            fetchedAt,
          };
        }
        if (status < 200 || status >= 300) {
          const retryAfterMs = parseRetryAfter(h['retry-after'], fetchedAt);
          this.#coolDown(status, retryAfterMs, fetchedAt);
          throw statusError(this.name, status, retryAfterMs, this.httpPolicy.retryAfterMaxMs);
        }
        let value: T;
        try {
          value = await spec.parse(capped(body, spec.maxBytes, this.name));
        } catch (thrown: unknown) {
          if (thrown instanceof UpstreamError) throw thrown;
          throw invalidError(
            this.name,
            'a dump that does not match its published format (schema drift)',
            thrown,
          );
        }
        return { value, etag: h.etag ?? null, lastModified: h['last-modified'] ?? null, fetchedAt };
      },
    );
  }

  /** Health as seen so far. */
  health(): SourceHealth {
    return {
      name: this.name,
      host: this.baseUrl.host,
      lastSuccessAt: this.#lastSuccessAt,
      lastErrorAt: this.#lastErrorAt,
      lastErrorCode: this.#lastErrorCode,
      datasetDate: this.#datasetDate,
      breaker: breakerState(this.#breaker),
    };
  }

  /**
   * One call (its retries included) behind the cool-down and the circuit breaker. Either refuses at
   * once, with no upstream request and an error that is not retried.
   */
  async #guarded<R>(call: () => Promise<R>, signal: AbortSignal | undefined): Promise<R> {
    this.#checkCoolDown();
    try {
      return await this.#breaker.execute(call, signal);
    } catch (thrown: unknown) {
      if (thrown instanceof BrokenCircuitError || thrown instanceof IsolatedCircuitError) {
        const remainingMs = Math.max(0, this.#openedAt + this.#halfOpenAfterMs - Date.now());
        throw new UpstreamError(
          ErrorCode.CIRCUIT_OPEN,
          `The ${sourceLabel(this.name)} upstream is failing; the gateway stopped calling it for a while.`,
          { source: this.name, retryAfterSeconds: Math.ceil(remainingMs / 1000) },
          false,
          null,
          { cause: thrown },
        );
      }
      throw thrown;
    }
  }

  /** Throws `RATE_LIMITED` while the upstream's `Retry-After` cool-down runs. */
  #checkCoolDown(): void {
    const coolingMs = this.#coolDownUntil - Date.now();
    if (coolingMs <= 0) return;
    throw new UpstreamError(
      ErrorCode.RATE_LIMITED,
      `The ${sourceLabel(this.name)} upstream asked the gateway to wait before calling it again.`,
      { source: this.name, retryAfterSeconds: Math.ceil(coolingMs / 1000) },
      false,
      coolingMs,
    );
  }

  /** A 429 or 503 whose `Retry-After` is beyond what a retry may wait starts the source's cool-down. */
  #coolDown(status: number, retryAfterMs: number | null, now: number): void {
    if (status !== 429 && status !== 503) return;
    if (retryAfterMs === null || retryAfterMs <= this.httpPolicy.retryAfterMaxMs) return;
    this.#coolDownUntil = Math.max(this.#coolDownUntil, now + retryAfterMs);
  }

  #freshness(
    url: URL,
    entry: CacheEntry,
    started: number,
    status: LRUCache.Status<string, CacheEntry, Loader>,
    key: string,
  ): Freshness {
    let cache: CacheStatus;
    let staleReason: StaleReason | null = null;
    const revalidating = status.returnedStale === true && status.fetchRejected !== true;
    if (status.fetch === 'hit') {
      cache = 'HIT';
    } else if (revalidating && (status.fetch === 'stale' || status.fetch === 'inflight')) {
      // Served at once while one background refresh runs (stale-while-revalidate).
      cache = 'STALE';
      staleReason = 'REVALIDATING';
    } else if (entry.fetchedAt >= started) {
      cache = entry.revalidated ? 'REVALIDATED' : 'MISS';
    } else if (Date.now() - entry.fetchedAt <= this.policy.maxAgeSeconds * 1000) {
      cache = 'HIT';
    } else {
      // An older entry after a refresh we waited for: the refresh failed (stale-if-error).
      cache = 'FALLBACK';
      staleReason = staleReasonOf(this.#failures.get(key));
    }
    return {
      source: this.name,
      url: url.href,
      fetchedAt: entry.fetchedAt,
      sourceUpdatedAt: entry.sourceUpdatedAt,
      maxAgeSeconds: this.policy.maxAgeSeconds,
      staleReason,
      cache,
      cacheable: entry.cacheable,
      recording: this.recording,
    };
  }

  async #load<T>(
    key: string,
    spec: FetchSpec<T>,
    stale: CacheEntry | undefined,
    signal: AbortSignal,
    setTtl: (ms: number) => void,
  ): Promise<CacheEntry> {
    try {
      // Retries outside the bulkhead: a request waiting out its backoff holds no slot.
      // The breaker counts a call with its retries as one; the cool-down is checked before every attempt.
      const entry = await this.#guarded(
        () =>
          this.#retry.execute(() => {
            this.#checkCoolDown();
            return this.#bulkhead.execute(() => this.#attempt(spec, stale, signal), signal);
          }, signal),
        signal,
      );
      setTtl(entry.storable ? this.policy.maxAgeSeconds * 1000 : 1);
      this.#failures.delete(key);
      this.#lastSuccessAt = Date.now();
      if (
        entry.sourceUpdatedAt !== null &&
        (this.#datasetDate === null || entry.sourceUpdatedAt > this.#datasetDate)
      ) {
        this.#datasetDate = entry.sourceUpdatedAt;
      }
      return entry;
    } catch (thrown: unknown) {
      const failure =
        thrown instanceof UpstreamError
          ? thrown
          : signal.aborted
            ? abortedError(this.name, signal.reason)
            : thrown instanceof BulkheadRejectedError
              ? new UpstreamError(
                  ErrorCode.UPSTREAM_UNAVAILABLE,
                  `Too many requests are waiting for the ${this.name.toLowerCase()} upstream; try again shortly.`,
                  { source: this.name },
                  false,
                )
              : invalidError(this.name, 'a response the gateway could not handle', thrown);
      if (isAborted(failure)) throw failure; // says nothing about the upstream
      if (failure.code === ErrorCode.NOT_FOUND) this.#notFound.set(key, failure);
      this.#failures.set(key, failure);
      this.#noteFailure(failure);
      throw failure;
    } finally {
      this.cache.touch();
    }
  }

  /** A 404 is an answer, not a failure of the upstream: it does not count as its last error. */
  #noteFailure(failure: UpstreamError): void {
    if (failure.code === ErrorCode.NOT_FOUND) return;
    this.#lastErrorAt = Date.now();
    this.#lastErrorCode = failure.code;
  }

  /** Spaces requests `1000 / ratePerSecond` ms apart (politeness towards fragile servers). */
  async #spacing(): Promise<void> {
    if (this.policy.ratePerSecond <= 0) return;
    const now = performance.now();
    const at = Math.max(now, this.#nextSlotAt);
    this.#nextSlotAt = at + 1000 / this.policy.ratePerSecond;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }

  async #attempt<T>(
    spec: FetchSpec<T>,
    stale: CacheEntry | undefined,
    signal: AbortSignal,
  ): Promise<CacheEntry> {
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
    const form = spec.form?.toString();
    if (form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    // Conditional revalidation (RFC 9111 §4.3.1): a 304 confirms the stored body without resending it.
    if (stale?.etag) headers['if-none-match'] = stale.etag;
    else if (stale?.lastModified) headers['if-modified-since'] = stale.lastModified;
    await this.#spacing();
    const res = await this.http.request(
      this.name,
      { url: spec.url, method: spec.method ?? 'GET', headers, ...(form === undefined ? {} : { body: form }) },
      signal,
    );
    const now = Date.now();
    if (res.status === 304 && stale !== undefined) {
      return {
        ...stale,
        fetchedAt: now,
        revalidated: true,
        ...validators(res, stale),
        cacheable: cacheable(res),
        storable: storable(res),
      };
    }
    if (res.status < 200 || res.status >= 300) {
      const retryAfterMs = parseRetryAfter(res.headers['retry-after'], now);
      this.#coolDown(res.status, retryAfterMs, now);
      throw statusError(this.name, res.status, retryAfterMs, this.httpPolicy.retryAfterMaxMs);
    }
    const value = this.#decode(spec, res);
    return {
      value,
      bytes: spec.sizeOf?.(value, res.body.length) ?? DECODED_SIZE_FACTOR * res.body.length,
      ...validators(res, undefined),
      fetchedAt: now,
      sourceUpdatedAt: spec.sourceUpdatedAt?.(value) ?? null,
      cacheable: cacheable(res),
      storable: storable(res),
      revalidated: false,
    };
  }

  #decode<T>(spec: FetchSpec<T>, res: RawResponse): T {
    const type = res.headers['content-type'] ?? '';
    // Checked before parsing: a WAF or captive portal answers 200 with an HTML page.
    if (!/\bjson\b/i.test(type))
      // Named by kind, never by the upstream's own header value (which reaches clients otherwise).
      throw invalidError(
        this.name,
        /\bhtml\b/i.test(type) ? 'an HTML page where JSON was expected' : 'a body that is not JSON',
      );
    let json: unknown;
    try {
      json = JSON.parse(res.body.toString('utf8'));
    } catch (thrown: unknown) {
      throw invalidError(this.name, 'malformed JSON', thrown);
    }
    spec.peek?.(json);
    try {
      return spec.decode(json);
    } catch (thrown: unknown) {
      throw invalidError(this.name, 'data that does not match its published format (schema drift)', thrown);
    }
  }
}

function validators(
  res: RawResponse,
  fallback: CacheEntry | undefined,
): { etag: string | null; lastModified: string | null } {
  return {
    etag: res.headers.etag ?? fallback?.etag ?? null,
    lastModified: res.headers['last-modified'] ?? fallback?.lastModified ?? null,
  };
}

/** `no-store` and `must-revalidate` forbid serving the value stale (RFC 9111 §4.2.4, §5.2.2.2). */
function cacheable(res: RawResponse): boolean {
  const cc = res.headers['cache-control'] ?? '';
  return !/\b(no-store|must-revalidate|no-cache)\b/i.test(cc);
}

/**
 * Whether the value may be reused while fresh: not after `no-store` or `no-cache` (RFC 9111 §5.2.2.4,
 * §5.2.2.5); `must-revalidate` allows reuse within max-age and only forbids serving it stale.
 */
function storable(res: RawResponse): boolean {
  const cc = res.headers['cache-control'] ?? '';
  return !/\b(no-store|no-cache)\b/i.test(cc);
}

/** Passes `body` through, failing once more than `maxBytes` have arrived. */
async function* capped(
  body: AsyncIterable<Buffer>,
  maxBytes: number,
  source: SourceName,
): AsyncIterable<Buffer> {
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes)
      throw invalidError(source, `a response larger than the configured maximum of ${maxBytes} bytes`);
    yield chunk;
  }
}

/** "Full jitter" backoff: uniform in [0, min(cap, base * 2^(attempt-1))]. */
export function fullJitter(attempt: number, baseMs: number, capMs: number): number {
  return Math.floor(Math.random() * Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1)));
}

/**
 * A value built from one bulk download (the register dump, the ownership file), held in memory and kept
 * fresh. The upstream layer's cache is not used: it holds decoded bodies of bounded size, while a dump is
 * streamed straight into an index that is the only copy. The freshness rules mirror the cache's:
 *
 * - the first use loads it (single-flight: concurrent callers share one download) and reports `MISS`;
 * - within `maxAge` it is served as `HIT` (`REVALIDATED` when the last refresh was a `304`);
 * - past `maxAge` the first caller starts one background refresh (conditional: `If-None-Match` /
 *   `If-Modified-Since`) and every caller is served the held value at once as `STALE` / `REVALIDATING`.
 *   Unlike the cache there is no stale-while-revalidate bound: a dump takes seconds to minutes to load,
 *   and no request should wait for it while a usable index is held;
 * - a failed refresh keeps the held value, served as `FALLBACK` / `UPSTREAM_ERROR` (or `RATE_LIMITED`),
 *   and is retried at most every `REFRESH_RETRY_INTERVAL_MS` so that a failing upstream is not asked for
 *   a whole dump on every request; past `maxAge + staleIfError` the held value is no longer served and
 *   the caller gets the upstream's error (RFC 5861 §4).
 *
 * Every time is `Date.now()`, so tests move time with fake timers.
 */
import type { CacheStatus, Fetched, Freshness, StaleReason } from '../../domain/freshness.js';
import {
  UpstreamError,
  abortedError,
  invalidError,
  staleReasonOf,
  untilAborted,
  type Downloaded,
  type UpstreamSource,
} from '../../upstream/index.js';

/** Least time between two refresh attempts after one failed: 5 minutes. */
export const REFRESH_RETRY_INTERVAL_MS = 5 * 60_000;

/** How a snapshot refreshes: the download (conditional on `previous`) and the freshness policy. */
export interface SnapshotOptions<T> {
  readonly upstream: UpstreamSource;
  readonly url: URL;
  readonly maxAgeSeconds: number;
  readonly staleIfErrorSeconds: number;
  readonly download: (
    previous: { readonly etag: string | null; readonly lastModified: string | null } | null,
  ) => Promise<Downloaded<T>>;
  /** Called after every successful load or revalidation with the dataset date (ISO), if known. */
  readonly onLoaded?: (sourceUpdatedAt: string | null) => void;
}

interface Held<T> {
  readonly value: T;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly fetchedAt: number;
  readonly revalidated: boolean;
}

/** A bulk value with single-flight loading, background refresh and stale-if-error. */
export class Snapshot<T> {
  #held: Held<T> | null = null;
  #loading: Promise<Held<T>> | null = null;
  #failure: { readonly error: UpstreamError; readonly at: number } | null = null;

  constructor(private readonly options: SnapshotOptions<T>) {}

  /** The value with its freshness; see the module comment for the rules. */
  async get(): Promise<Fetched<T>> {
    const held = this.#held;
    const now = Date.now();
    if (held === null) {
      const failure = this.#recentFailure(now);
      if (failure !== null && this.#loading === null) throw failure;
      return this.#served(await this.#loadWithin(), 'MISS', null);
    }
    const maxAgeMs = this.options.maxAgeSeconds * 1000;
    const age = now - held.fetchedAt;
    if (age <= maxAgeMs) return this.#served(held, held.revalidated ? 'REVALIDATED' : 'HIT', null);
    if (age > maxAgeMs + this.options.staleIfErrorSeconds * 1000) {
      // Too old to serve on any grounds: the caller waits for the refresh, or gets its error.
      const failure = this.#recentFailure(now);
      if (failure !== null && this.#loading === null) throw failure;
      const loaded = await this.#loadWithin();
      return this.#served(loaded, loaded.revalidated ? 'REVALIDATED' : 'MISS', null);
    }
    if (this.#loading !== null) return this.#served(held, 'STALE', 'REVALIDATING');
    const failure = this.#recentFailure(now);
    if (failure !== null) {
      return this.#served(held, 'FALLBACK', staleReasonOf(failure));
    }
    // The failure is reported to later callers through #failure; nobody awaits this promise.
    this.#load().catch(() => undefined);
    return this.#served(held, 'STALE', 'REVALIDATING');
  }

  /**
   * Waits for the (shared) load no longer than the current request may: the download goes on for the
   * others and for the next request, but this caller gets UPSTREAM_TIMEOUT when its budget runs out.
   */
  #loadWithin(): Promise<Held<T>> {
    return untilAborted(this.#load(), (reason) => abortedError(this.options.upstream.name, reason));
  }

  /** Starts the first load without waiting for it; a failure is kept for the next `get()`. */
  warm(): void {
    if (this.#held === null && this.#loading === null) this.#load().catch(() => undefined);
  }

  /** The last failure, while it is recent enough to stop another attempt. */
  #recentFailure(now: number): UpstreamError | null {
    const f = this.#failure;
    return f !== null && now - f.at < REFRESH_RETRY_INTERVAL_MS ? f.error : null;
  }

  /** One download at a time; concurrent callers join it. */
  #load(): Promise<Held<T>> {
    this.#loading ??= this.#download().finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  async #download(): Promise<Held<T>> {
    const previous = this.#held;
    try {
      const d = await this.options.download(
        previous === null ? null : { etag: previous.etag, lastModified: previous.lastModified },
      );
      let next: Held<T>;
      if (d.value === null) {
        if (previous === null)
          throw invalidError(this.options.upstream.name, 'a 304 to an unconditional request');
        next = {
          ...previous,
          etag: d.etag ?? previous.etag,
          lastModified: d.lastModified ?? previous.lastModified,
          fetchedAt: d.fetchedAt,
          revalidated: true,
        };
      } else {
        next = {
          value: d.value,
          etag: d.etag,
          lastModified: d.lastModified,
          fetchedAt: d.fetchedAt,
          revalidated: false,
        };
      }
      this.#held = next;
      this.#failure = null;
      this.options.onLoaded?.(isoDate(next.lastModified));
      return next;
    } catch (thrown: unknown) {
      const error =
        thrown instanceof UpstreamError
          ? thrown
          : invalidError(this.options.upstream.name, 'a bulk file the gateway could not read', thrown);
      this.#failure = { error, at: Date.now() };
      throw error;
    }
  }

  #served(held: Held<T>, cache: CacheStatus, staleReason: StaleReason | null): Fetched<T> {
    const freshness: Freshness = {
      source: this.options.upstream.name,
      url: this.options.url.href,
      fetchedAt: held.fetchedAt,
      sourceUpdatedAt: isoDate(held.lastModified),
      maxAgeSeconds: this.options.maxAgeSeconds,
      staleReason,
      cache,
      cacheable: true,
      recording: this.options.upstream.recording,
    };
    return { value: held.value, freshness };
  }
}

/** An HTTP-date (`Last-Modified`) as ISO 8601, or `null` when absent or unreadable. */
function isoDate(httpDate: string | null): string | null {
  if (httpDate === null) return null;
  const at = Date.parse(httpDate);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

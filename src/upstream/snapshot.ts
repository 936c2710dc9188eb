/**
 * A value built from one bulk download (a register dump, an ownership file), held in memory and kept
 * fresh: the bulk counterpart of a cached fetch. The shared cache is not used: it holds decoded bodies
 * of bounded size, while a dump is streamed straight into an index that is the only copy, and must not
 * be evicted by the request traffic. Its freshness is built like a fetch's (freshness.ts); the rules:
 *
 * - the first use loads it (single-flight: concurrent callers share one download) and reports `MISS`;
 * - within `maxAge` it is served as `HIT` (`REVALIDATED` when the last refresh was a `304`);
 * - past `maxAge` the first caller starts one background refresh (conditional: `If-None-Match` /
 *   `If-Modified-Since`) and every caller is served the held value at once as `STALE` / `REVALIDATING`.
 *   Unlike a fetch there is no stale-while-revalidate bound: a dump takes seconds to minutes to load,
 *   and no request should wait for it while a usable index is held;
 * - a failed refresh keeps the held value, served as `FALLBACK` / `UPSTREAM_ERROR` (or `RATE_LIMITED`),
 *   and is retried at most every `REFRESH_RETRY_INTERVAL_MS` so that a failing upstream is not asked for
 *   a whole dump on every request; past `maxAge + staleIfError` the held value is no longer served and
 *   the caller gets the upstream's error (RFC 5861 §4).
 *
 * Every time is `Date.now()`, so tests move time with fake timers.
 */
import type { Fetched } from '../domain/freshness.js';
import type { Downloaded, DownloadSpec } from './download.js';
import { UpstreamError, abortedError, invalidError, staleReasonOf } from './errors.js';
import {
  SERVED,
  fallback,
  freshness,
  isoDate,
  type FreshnessOrigin,
  type Held,
  type Served,
} from './freshness.js';
import type { Validators } from './response.js';
import { untilAborted } from './scope.js';

/** Least time between two refresh attempts after one failed: 5 minutes. */
export const REFRESH_RETRY_INTERVAL_MS = 5 * 60_000;

/** A bulk resource to hold: what to download, and whether its date is the source's dataset date. */
export interface SnapshotSpec<T> extends Omit<DownloadSpec<T>, 'previous'> {
  /** True when this file's `Last-Modified` dates the source's data as a whole (`Query.sources`). */
  readonly datesDataset?: boolean;
}

/** What a snapshot needs of its source. */
export interface SnapshotContext {
  readonly origin: FreshnessOrigin;
  readonly staleIfErrorSeconds: number;
  /** One download through the source's pipeline, conditional on `previous`. */
  readonly download: <T>(spec: DownloadSpec<T>) => Promise<Downloaded<T>>;
  /** Notes the dataset date of a load or revalidation (for a snapshot that `datesDataset`). */
  readonly onSourceUpdated: (date: string | null) => void;
}

interface HeldSnapshot<T> extends Held, Validators {
  readonly value: T;
  readonly revalidated: boolean;
}

/** A bulk value with single-flight loading, background refresh and stale-if-error. */
export class Snapshot<T> {
  #held: HeldSnapshot<T> | null = null;
  #loading: Promise<HeldSnapshot<T>> | null = null;
  #failure: { readonly error: UpstreamError; readonly at: number } | null = null;

  constructor(
    private readonly ctx: SnapshotContext,
    private readonly spec: SnapshotSpec<T>,
  ) {}

  /** The value with its freshness; see the module comment for the rules. */
  async get(): Promise<Fetched<T>> {
    const held = this.#held;
    const now = Date.now();
    if (held === null) {
      const failure = this.#recentFailure(now);
      if (failure !== null && this.#loading === null) throw failure;
      return this.#served(await this.#loadWithin(), SERVED.MISS);
    }
    const maxAgeMs = this.ctx.origin.maxAgeSeconds * 1000;
    const age = now - held.fetchedAt;
    if (age <= maxAgeMs) return this.#served(held, held.revalidated ? SERVED.REVALIDATED : SERVED.HIT);
    if (age > maxAgeMs + this.ctx.staleIfErrorSeconds * 1000) {
      // Too old to serve on any grounds: the caller waits for the refresh, or gets its error.
      const failure = this.#recentFailure(now);
      if (failure !== null && this.#loading === null) throw failure;
      const loaded = await this.#loadWithin();
      return this.#served(loaded, loaded.revalidated ? SERVED.REVALIDATED : SERVED.MISS);
    }
    if (this.#loading !== null) return this.#served(held, SERVED.REVALIDATING);
    const failure = this.#recentFailure(now);
    if (failure !== null) return this.#served(held, fallback(staleReasonOf(failure)));
    // The failure is reported to later callers through #failure; nobody awaits this promise.
    this.#load().catch(() => undefined);
    return this.#served(held, SERVED.REVALIDATING);
  }

  /** Starts the first load without waiting for it; a failure is kept for the next `get()`. */
  warm(): void {
    if (this.#held === null && this.#loading === null) this.#load().catch(() => undefined);
  }

  /**
   * Waits for the (shared) load no longer than the current request may: the download goes on for the
   * others and for the next request, but this caller gets UPSTREAM_TIMEOUT when its budget runs out.
   */
  #loadWithin(): Promise<HeldSnapshot<T>> {
    return untilAborted(this.#load(), (reason) => abortedError(this.ctx.origin.source, reason));
  }

  /** The last failure, while it is recent enough to stop another attempt. */
  #recentFailure(now: number): UpstreamError | null {
    const f = this.#failure;
    return f !== null && now - f.at < REFRESH_RETRY_INTERVAL_MS ? f.error : null;
  }

  /** One download at a time; concurrent callers join it. */
  #load(): Promise<HeldSnapshot<T>> {
    this.#loading ??= this.#download().finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  async #download(): Promise<HeldSnapshot<T>> {
    const previous = this.#held;
    const source = this.ctx.origin.source;
    try {
      const d = await this.ctx.download({ ...this.spec, previous });
      let next: HeldSnapshot<T>;
      if (d.value === null) {
        if (previous === null) throw invalidError(source, 'a 304 to an unconditional request');
        next = { ...previous, ...validatorsOf(d, previous), fetchedAt: d.fetchedAt, revalidated: true };
      } else {
        next = { value: d.value, ...validatorsOf(d, null), fetchedAt: d.fetchedAt, revalidated: false };
      }
      this.#held = next;
      this.#failure = null;
      if (this.spec.datesDataset === true) this.ctx.onSourceUpdated(next.sourceUpdatedAt);
      return next;
    } catch (thrown: unknown) {
      const error =
        thrown instanceof UpstreamError
          ? thrown
          : invalidError(source, 'a bulk file the gateway could not read', thrown);
      this.#failure = { error, at: Date.now() };
      throw error;
    }
  }

  #served(held: HeldSnapshot<T>, how: Served): Fetched<T> {
    return { value: held.value, freshness: freshness(this.ctx.origin, this.spec.url.href, held, how) };
  }
}

/** The validators of a download (a `304` that omits one keeps the held one) and the date they give. */
function validatorsOf(
  d: Validators,
  previous: Validators | null,
): Validators & { readonly sourceUpdatedAt: string | null; readonly cacheable: true } {
  const etag = d.etag ?? previous?.etag ?? null;
  const lastModified = d.lastModified ?? previous?.lastModified ?? null;
  return { etag, lastModified, sourceUpdatedAt: isoDate(lastModified), cacheable: true };
}

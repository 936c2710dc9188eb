import type { HttpPolicy, SourcePolicy } from '../policy.js';
import type { Fetched, Recording, SourceName } from '../domain/freshness.js';
import type { BreakerOptions, BreakerState } from './breaker.js';
import type { UpstreamCache } from './cache.js';
import type { SharedUpstream } from './shared.js';
import { downloadAttempt, type DownloadSpec, type Downloaded } from './download.js';
import type { QueueState } from './fair-queue.js';
import type { FetchSpec } from './fetch-spec.js';
import { CachedFetch } from './fetch.js';
import { fromStore, type FreshnessOrigin, type Stored } from './freshness.js';
import type { HttpClient } from './http.js';
import { Pipeline, withAttemptDeadline } from './policy.js';
import { Snapshot, type SnapshotSpec } from './snapshot.js';

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
  /** What replicas share about upstreams (`REDIS_URL`): second-level cache, single-flight, politeness. */
  readonly shared?: SharedUpstream | null | undefined;
  /** Told how each fetch was served (its freshness), for metrics and debug logs. */
  readonly onServed?: ((served: Fetched<unknown>['freshness']) => void) | undefined;
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
  /** Calls in flight and waiting in the source's queue (not part of the GraphQL schema). */
  readonly queue: QueueState;
}

/**
 * One upstream source: the single way the gateway reaches it. Three ways in, one pipeline of policies
 * below them (policy.ts: cool-down → breaker → retry → bulkhead → spacing) and one way of building
 * freshness (freshness.ts):
 *
 * - `fetch`: a bounded body through the shared cache (fetch.ts), with its freshness;
 * - `snapshot`: a bulk file held in memory and refreshed in the background (snapshot.ts), with its freshness;
 * - `download`: one streamed bulk file, outside any cache (what a snapshot loads through).
 *
 * A 404 is an answer for all three: never counted against the upstream's health or its breaker.
 */
export class UpstreamSource {
  readonly name: SourceName;
  readonly baseUrl: URL;
  readonly policy: SourcePolicy;
  /** The public resource the embedded recording was taken from, when this source is a recording. */
  readonly recording: Recording | null;
  readonly #origin: FreshnessOrigin;
  readonly #pipeline: Pipeline;
  readonly #fetch: CachedFetch;
  readonly #http: HttpClient;
  readonly #retryAfterMaxMs: number;
  readonly #onServed: UpstreamSourceOptions['onServed'];
  #datasetDate: string | null = null;

  constructor(options: UpstreamSourceOptions) {
    const { name, policy, httpPolicy, cache } = options;
    this.name = name;
    this.baseUrl = options.baseUrl;
    this.policy = policy;
    this.recording = options.recording ?? null;
    this.#http = options.http;
    this.#retryAfterMaxMs = httpPolicy.retryAfterMaxMs;
    this.#onServed = options.onServed;
    this.#origin = { source: name, maxAgeSeconds: policy.maxAgeSeconds, recording: this.recording };
    this.#pipeline = new Pipeline({
      name,
      policy,
      httpPolicy,
      breaker: options.breaker,
      onSettled: () => cache.touch(),
      shared: options.shared,
    });
    this.#fetch = new CachedFetch({
      origin: this.#origin,
      policy,
      httpPolicy,
      http: options.http,
      cache,
      pipeline: this.#pipeline,
      onSourceUpdated: (date) => this.noteDatasetDate(date),
      shared: options.shared,
    });
  }

  /** Resolves `path` (with its query) against this source's base URL, keeping the base path. */
  url(path: string, query?: Readonly<Record<string, string | number | undefined>>): URL {
    const base = this.baseUrl.href.endsWith('/') ? this.baseUrl.href : `${this.baseUrl.href}/`;
    const url = new URL(path.replace(/^\/+/, ''), base);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  /**
   * Fetches and decodes `spec.url` through the cache (see `CachedFetch.fetch`). Throws `UpstreamError`
   * when nothing can be served.
   */
  fetch<T, P = unknown>(spec: FetchSpec<T, P>): Promise<Fetched<T>> {
    const fetched = this.#fetch.fetch(spec);
    const onServed = this.#onServed;
    if (onServed === undefined) return fetched;
    return fetched.then((f) => {
      onServed(f.freshness);
      return f;
    });
  }

  /**
   * Streams a bulk resource into `spec.parse` with the same retries, politeness and health tracking as
   * `fetch`, but outside the cache: the caller keeps what it built.
   */
  download<T>(spec: DownloadSpec<T>, signal?: AbortSignal): Promise<Downloaded<T>> {
    const ctx = { name: this.name, http: this.#http, retryAfterMaxMs: this.#retryAfterMaxMs };
    return withAttemptDeadline(spec.deadlineMs, () => this.#pipeline.run(downloadAttempt(ctx, spec), signal));
  }

  /** A bulk resource held in memory and kept fresh by the source's policy (see `Snapshot`). */
  snapshot<T>(spec: SnapshotSpec<T>): Snapshot<T> {
    return new Snapshot(
      {
        origin: this.#origin,
        staleIfErrorSeconds: this.policy.staleIfErrorSeconds,
        download: (d) => this.download(d),
        onSourceUpdated: (date) => this.noteDatasetDate(date),
      },
      spec,
    );
  }

  /** The freshness of a value this source's harvest stored (see `fromStore`). */
  storedFreshness(url: URL, stored: Stored, now = Date.now()): Fetched<never>['freshness'] {
    if (stored.sourceUpdatedAt !== null) this.noteDatasetDate(stored.sourceUpdatedAt);
    return fromStore(this.#origin, url.href, stored, now);
  }

  /** Notes the newest date the upstream has reported for its data (for `Query.sources`). */
  noteDatasetDate(date: string | null): void {
    if (date !== null && (this.#datasetDate === null || date > this.#datasetDate)) this.#datasetDate = date;
  }

  /** Health as seen so far. */
  health(): SourceHealth {
    return {
      name: this.name,
      host: this.baseUrl.host,
      ...this.#pipeline.outcomes,
      datasetDate: this.#datasetDate,
      breaker: this.#pipeline.breaker,
      queue: this.#pipeline.queue,
    };
  }
}

/**
 * The policies the upstream layer and the sources read, as plain types. Imports nothing, so that the layers
 * below the configuration (`upstream`, the descriptors in `src/sources/<name>/`) can name them without
 * importing `config.ts`, which reads the catalog and would close a cycle. `config.ts` builds them from the
 * environment and re-exports them (docs/configuration.md lists every variable).
 */

/** Freshness and politeness policy of one upstream source. */
export interface SourcePolicy {
  /** Base URL of the upstream API; `undefined` means the embedded replay server. */
  readonly url: string | undefined;
  readonly maxAgeSeconds: number;
  /** How long past `maxAgeSeconds` a value may be served while it is refreshed (RFC 5861). */
  readonly staleWhileRevalidateSeconds: number;
  /** How long past `maxAgeSeconds` a value may be served when the upstream fails (RFC 5861). */
  readonly staleIfErrorSeconds: number;
  /** Concurrent requests to this upstream at most (politeness). */
  readonly concurrency: number;
  /** Requests waiting for a slot at most, each client at most half of them; more are UPSTREAM_BUSY. */
  readonly queue: number;
  /** Requests per second at most (requests are spaced evenly); 0 for no spacing. */
  readonly ratePerSecond: number;
}

/** Defaults of one source's policy; every field can be set as `<PREFIX><FIELD>` in the environment. */
export interface PolicyDefaults {
  readonly maxAgeSeconds: number;
  readonly swrSeconds: number;
  readonly sieSeconds: number;
  readonly concurrency: number;
  readonly queue: number;
  /** 0 means no spacing beyond the concurrency cap. */
  readonly ratePerSecond: number;
}

/** How the gateway talks HTTP to every upstream. */
export interface HttpPolicy {
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  /** Idle time allowed between body chunks. */
  readonly bodyTimeoutMs: number;
  /** Hard deadline for one attempt, headers and whole body: a dripping body cannot outlive it. */
  readonly attemptDeadlineMs: number;
  /** Retries of idempotent GETs after the first attempt. */
  readonly retries: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** A `Retry-After` longer than this is not waited for: the call fails as RATE_LIMITED. */
  readonly retryAfterMaxMs: number;
  readonly maxResponseBytes: number;
  readonly connectionsPerOrigin: number;
  /** How long a 404 for one resource is remembered, so a missing id is not asked for again at once. */
  readonly negativeTtlSeconds: number;
}

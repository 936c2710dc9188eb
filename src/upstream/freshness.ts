/**
 * The one place a `Freshness` is built, for cached fetches and bulk snapshots alike (the freshness model
 * is described in docs/architecture.md). What differs between them is only how they decide the cache
 * outcome; the record they hand out is always this one.
 */
import type {
  CacheStatus,
  Freshness,
  HarvestStatus,
  Recording,
  SourceName,
  StaleReason,
} from '../domain/freshness.js';

/** What every record of one source shares: its name, its freshness policy and its recording. */
export interface FreshnessOrigin {
  readonly source: SourceName;
  readonly maxAgeSeconds: number;
  readonly recording: Recording | null;
}

/** What the gateway holds of one upstream value: when it got it, and what the upstream said of it. */
export interface Held {
  /** When the gateway received the value or its `304` confirmation, epoch ms. */
  readonly fetchedAt: number;
  readonly sourceUpdatedAt: string | null;
  /** False when the upstream forbids serving the value stale. */
  readonly cacheable: boolean;
}

/** How a held value was served: the cache outcome and, when stale, why. */
export interface Served {
  readonly cache: CacheStatus;
  readonly staleReason: StaleReason | null;
}

const served = (cache: CacheStatus, staleReason: StaleReason | null): Served =>
  Object.freeze({ cache, staleReason });

/** Every way a value can be served, built once (the hot path allocates nothing to pick one). */
export const SERVED = Object.freeze({
  /** Loaded for this call. */
  MISS: served('MISS', null),
  /** Within max-age, from memory. */
  HIT: served('HIT', null),
  /** Confirmed by a `304` to a conditional request. */
  REVALIDATED: served('REVALIDATED', null),
  /** Served at once while one background refresh runs (stale-while-revalidate). */
  REVALIDATING: served('STALE', 'REVALIDATING'),
});

const FALLBACK: Readonly<Record<Exclude<StaleReason, 'REVALIDATING'>, Served>> = Object.freeze({
  UPSTREAM_ERROR: served('FALLBACK', 'UPSTREAM_ERROR'),
  CIRCUIT_OPEN: served('FALLBACK', 'CIRCUIT_OPEN'),
  RATE_LIMITED: served('FALLBACK', 'RATE_LIMITED'),
});

/** A held value served after a refresh failed for `reason` (stale-if-error). */
export function fallback(reason: StaleReason): Served {
  return reason === 'REVALIDATING' ? SERVED.REVALIDATING : FALLBACK[reason];
}

/** The freshness of `held`, fetched from `url`, served as `how`. */
export function freshness(origin: FreshnessOrigin, url: string, held: Held, how: Served): Freshness {
  return {
    source: origin.source,
    url,
    fetchedAt: held.fetchedAt,
    sourceUpdatedAt: held.sourceUpdatedAt,
    maxAgeSeconds: origin.maxAgeSeconds,
    staleReason: how.staleReason,
    cache: how.cache,
    cacheable: held.cacheable,
    recording: origin.recording,
  };
}

/** What the store holds of a record or a list: when the harvest last saw it, and the harvest's status. */
export interface Stored {
  /** When a harvest last saw the record, or confirmed the whole store (for a list). */
  readonly fetchedAt: number;
  readonly sourceUpdatedAt: string | null;
  readonly harvest: HarvestStatus;
}

/**
 * The freshness of a value served from the store. Within max-age of its confirmation it is a `HIT`;
 * past it, it is `STALE` while a pass runs (or is due) and a `FALLBACK` when the last pass failed. While the
 * first pass has not completed, nothing is confirmed: the value is partial, served as a `MISS` that is
 * stale (filling up, or the harvest failing); `harvest.complete` says so.
 */
export function fromStore(origin: FreshnessOrigin, url: string, stored: Stored, now: number): Freshness {
  const { harvest } = stored;
  const failing = harvest.state === 'FAILED' || harvest.state === 'STORE_FULL';
  let how: Served;
  if (!harvest.complete) how = failing ? served('MISS', 'UPSTREAM_ERROR') : served('MISS', 'REVALIDATING');
  else if (now - stored.fetchedAt <= origin.maxAgeSeconds * 1000) how = SERVED.HIT;
  else how = failing ? FALLBACK.UPSTREAM_ERROR : SERVED.REVALIDATING;
  return {
    ...freshness(
      origin,
      url,
      { fetchedAt: stored.fetchedAt, sourceUpdatedAt: stored.sourceUpdatedAt, cacheable: true },
      how,
    ),
    harvest,
  };
}

/** An HTTP-date (`Last-Modified`) as ISO 8601, or `null` when absent or unreadable. */
export function isoDate(httpDate: string | null | undefined): string | null {
  if (httpDate === null || httpDate === undefined) return null;
  const at = Date.parse(httpDate);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

import { LRUCache } from 'lru-cache';
import type { Held } from './freshness.js';

/**
 * One validated upstream payload as the cache holds it (`Held`: when it came, and `cacheable`, false
 * when the upstream said `no-store` or `must-revalidate`, so that it is never served stale).
 */
export interface CacheEntry extends Held {
  readonly value: unknown;
  /** Estimated heap bytes of the decoded value (for `maxSize`; see `DECODED_SIZE_FACTOR`). */
  readonly bytes: number;
  readonly etag: string | null;
  readonly lastModified: string | null;
  /** False when the upstream said `no-store` or `no-cache`: not reused even while fresh. */
  readonly storable: boolean;
  /** True when the last fetch was a `304` that confirmed the stored body. */
  readonly revalidated: boolean;
}

/** What a cache miss or refresh runs: `stale` is the entry being replaced, if any. */
export type Loader = (
  stale: CacheEntry | undefined,
  signal: AbortSignal,
  setTtl: (ms: number) => void,
) => Promise<CacheEntry>;

/** Per-call cache options chosen by the freshness policy. */
export interface CacheFetchOptions {
  /** Serve a stale entry at once and refresh it in the background (stale-while-revalidate). */
  readonly allowStale: boolean;
  /** Serve a stale entry when the refresh fails (stale-if-error). */
  readonly allowStaleOnError: boolean;
  /** Load even when the entry held is fresh (it is still served if the load fails and `allowStaleOnError`). */
  readonly forceRefresh: boolean;
  readonly status: LRUCache.Status<string, CacheEntry, Loader>;
}

/**
 * The process-wide cache of validated upstream payloads: a bounded `lru-cache` (entries and bytes)
 * used through `fetch()`, which gives single-flight misses, stale-while-revalidate (`allowStale`)
 * and stale-if-error (`allowStaleOnFetchRejection`). A failed refresh never deletes or overwrites
 * the last good entry (`noDeleteOnFetchRejection`): only a validated payload is ever stored.
 * The clock is `Date.now()` so that tests can move time with fake timers.
 */
export class UpstreamCache {
  readonly #lru: LRUCache<string, CacheEntry, Loader>;
  #generation = 0;

  constructor(limits: { maxEntries: number; maxBytes: number }) {
    this.#lru = new LRUCache<string, CacheEntry, Loader>({
      max: limits.maxEntries,
      maxSize: limits.maxBytes,
      sizeCalculation: (entry) => Math.max(1, entry.bytes),
      ttl: 1, // every entry sets its own ttl when it is loaded
      ttlResolution: 0,
      perf: { now: () => Date.now() },
      noDeleteOnFetchRejection: true,
      fetchMethod: (_key, stale, { signal, options, context }) =>
        context(stale, signal, (ms) => {
          options.ttl = Math.max(1, ms);
        }),
    });
  }

  /** The entry for `key`, fresh or stale, without touching its recency. */
  peek(key: string): CacheEntry | undefined {
    return this.#lru.peek(key, { allowStale: true });
  }

  /** Fetches `key` through the cache, running `load` on a miss or a refresh. */
  async fetch(key: string, load: Loader, options: CacheFetchOptions): Promise<CacheEntry | undefined> {
    return this.#lru.fetch(key, {
      context: load,
      allowStale: options.allowStale,
      allowStaleOnFetchRejection: options.allowStaleOnError,
      forceRefresh: options.forceRefresh,
      status: options.status,
    });
  }

  /**
   * A counter bumped whenever any upstream load ends (stored, revalidated or failed), so that what was
   * derived from the upstream data (a whole response) can tell it is still current.
   */
  get generation(): number {
    return this.#generation;
  }

  /** Notes that an upstream load ended (see `generation`). */
  touch(): void {
    this.#generation += 1;
  }

  /** Entries and bytes held now. */
  get stats(): { entries: number; bytes: number } {
    return { entries: this.#lru.size, bytes: this.#lru.calculatedSize };
  }

  clear(): void {
    this.#lru.clear();
  }
}

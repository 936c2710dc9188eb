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

/**
 * The process-wide cache of validated upstream payloads: a bounded `lru-cache` (entries and bytes), each
 * entry with its own lifetime. It only stores: who loads what, and what is served stale when, is the
 * cached fetch's (fetch.ts), so that a load can be shared by requests with deadlines of their own. An
 * entry stays after its lifetime (until evicted), since stale-while-revalidate and stale-if-error serve it.
 * The clock is `Date.now()` so that tests can move time with fake timers.
 */
export class UpstreamCache {
  readonly #lru: LRUCache<string, CacheEntry>;
  #generation = 0;

  constructor(limits: { maxEntries: number; maxBytes: number }) {
    this.#lru = new LRUCache<string, CacheEntry>({
      max: limits.maxEntries,
      maxSize: limits.maxBytes,
      sizeCalculation: (entry) => Math.max(1, entry.bytes),
      ttl: 1, // every entry sets its own
      ttlResolution: 0,
      perf: { now: () => Date.now() },
      allowStale: true,
      noDeleteOnStaleGet: true,
    });
  }

  /** The entry for `key`, fresh or stale, marked as recently used. */
  get(key: string): CacheEntry | undefined {
    return this.#lru.get(key);
  }

  /** Whether the entry for `key` is within its lifetime. */
  fresh(key: string): boolean {
    return this.#lru.getRemainingTTL(key) > 0;
  }

  /** Stores `entry` for `key`, fresh for `lifetimeMs` (at least 1 ms), and marks it recently used. */
  set(key: string, entry: CacheEntry, lifetimeMs: number): void {
    this.#lru.set(key, entry, { ttl: Math.max(1, lifetimeMs) });
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

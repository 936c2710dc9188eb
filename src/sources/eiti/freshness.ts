import type { Freshness } from '../../domain/freshness.js';

const CACHE_RANK = { HIT: 0, REVALIDATED: 1, MISS: 2, STALE: 3, FALLBACK: 4 } as const;

/**
 * The freshness of a value built from several upstream records (the pages of a listing): the oldest fetch,
 * the worst cache outcome, the newest upstream date, cacheable only if every record is. `url` is the first
 * record's, i.e. the listing's first page.
 */
export function combineFreshness(all: readonly Freshness[]): Freshness {
  const [first, ...rest] = all;
  if (first === undefined) throw new Error('combineFreshness() needs at least one freshness.');
  let oldest = first;
  let worst = first;
  let cacheable = first.cacheable;
  let updated = first.sourceUpdatedAt;
  for (const f of rest) {
    if (f.fetchedAt < oldest.fetchedAt) oldest = f;
    if (CACHE_RANK[f.cache] > CACHE_RANK[worst.cache]) worst = f;
    cacheable &&= f.cacheable;
    if (f.sourceUpdatedAt !== null && (updated === null || f.sourceUpdatedAt > updated))
      updated = f.sourceUpdatedAt;
  }
  return {
    ...oldest,
    url: first.url,
    cache: worst.cache,
    staleReason: worst.staleReason ?? oldest.staleReason,
    cacheable,
    sourceUpdatedAt: updated,
  };
}

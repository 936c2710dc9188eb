/**
 * The freshness model (docs/architecture.md "Freshness model"): every value the gateway serves travels with where it
 * came from and how old it is. Times are epoch milliseconds inside the gateway and ISO strings at the edge.
 */

/**
 * The upstream families the gateway reads. Each has one descriptor in its folder under `src/sources/`,
 * listed in `src/catalog.ts` (which does not compile while a name here has none).
 */
export type SourceName = 'PROCUREMENT' | 'TENDER_MN' | 'REGISTRY' | 'EITI' | 'EITI_MONGOLIA' | 'INVESTMENT';

/**
 * Each source's name as messages say it ("The <label> upstream …"). It sits here, beside the names, rather
 * than in the source's descriptor because the upstream layer, which words every upstream error, is below
 * the sources and the catalog.
 */
export const SOURCE_LABEL: Readonly<Record<SourceName, string>> = {
  PROCUREMENT: 'procurement',
  TENDER_MN: 'tender.gov.mn',
  REGISTRY: 'legal-entity registry',
  EITI: 'EITI',
  EITI_MONGOLIA: 'EITI Mongolia',
  INVESTMENT: 'public investment',
};

/** How the cache answered for one upstream record. */
export type CacheStatus = 'MISS' | 'HIT' | 'STALE' | 'REVALIDATED' | 'FALLBACK';

/** Why a stale value was served; `null` when the value is fresh. */
export type StaleReason = 'REVALIDATING' | 'UPSTREAM_ERROR' | 'CIRCUIT_OPEN' | 'RATE_LIMITED';

/**
 * Where an embedded recording of an upstream came from: the public resource it was captured from, when,
 * and what it holds. Set only when the value was served by the embedded replay server, so that provenance
 * names a link an analyst can open (never the replay server's loopback address alone) or says plainly that
 * the data is generated and fictional. Each source's recording is described in its descriptor (`src/sources/<name>/descriptor.ts`).
 */
export interface Recording {
  /** The real public resource the recording was taken from; `null` for generated fictional data. */
  readonly url: string | null;
  /** When it was taken: an ISO 8601 date, or year-month when only the month is known; `null` if never. */
  readonly takenAt: string | null;
  /** What the recording holds, in one sentence, saying which part (if any) is fictional. */
  readonly title: string;
  /** True when every record of the recording is generated, fictional data describing nothing real. */
  readonly fictional: boolean;
}

/**
 * Freshness of one upstream record as the upstream layer saw it when it handed the value out.
 * `ageSeconds` is not stored: it is computed when a response is written, so it is exact at that moment.
 */
export interface Freshness {
  readonly source: SourceName;
  /** The upstream resource the value came from (no credentials, ever). */
  readonly url: string;
  /** When the gateway received (or revalidated) the value, epoch ms. */
  readonly fetchedAt: number;
  /** When the upstream says the value last changed (ISO 8601), when it says so. */
  readonly sourceUpdatedAt: string | null;
  /** The source's freshness policy. */
  readonly maxAgeSeconds: number;
  /** Why the value was served stale, when it was; `null` for a value served fresh. */
  readonly staleReason: StaleReason | null;
  readonly cache: CacheStatus;
  /** False when the upstream forbids storing or serving stale (`no-store`, `must-revalidate`). */
  readonly cacheable: boolean;
  /** For a value served from an embedded recording: what was recorded, and when; `null` otherwise. */
  readonly recording: Recording | null;
  /**
   * For a value served from the store: the harvest of its source (complete or partial, running or not,
   * how far it has got). Absent for a value read live from the upstream.
   */
  readonly harvest?: HarvestStatus | null;
}

/** A value with the freshness of the upstream record it came from. */
export interface Fetched<T> {
  readonly value: T;
  readonly freshness: Freshness;
}

/** Age in whole seconds at `now`, never negative (RFC 9111 §4.2.3 clamps apparent age at zero). */
export function ageSeconds(f: Freshness, now: number): number {
  return Math.max(0, Math.floor((now - f.fetchedAt) / 1000));
}

/** A value is stale when it was served as stale or has outlived its policy by `now`. */
export function isStale(f: Freshness, now: number): boolean {
  return f.staleReason !== null || ageSeconds(f, now) > f.maxAgeSeconds;
}

/** Cache outcomes from best to worst, for folding several records into one freshness. */
const CACHE_RANK: Readonly<Record<CacheStatus, number>> = {
  HIT: 0,
  REVALIDATED: 1,
  MISS: 2,
  STALE: 3,
  FALLBACK: 4,
};

/**
 * The freshness of a value built from several upstream records (the pages of a listing, a row and its
 * detail): the oldest fetch, the worst cache outcome, the newest upstream date, cacheable only if every
 * record is. `url` is the first record's (a listing's first page).
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

/**
 * Harvest status: how far a source's harvester has got copying the upstream into the store. A list served
 * from the store carries it in its freshness, so a reader can tell a complete list from a partial one and
 * see when the upstream was last confirmed to match.
 */
/** What a source's harvester is doing. */
export type HarvestState =
  /** No harvest has started yet. */
  | 'PENDING'
  /** A pass is reading the upstream now. */
  | 'RUNNING'
  /** Between passes; the last one completed. */
  | 'IDLE'
  /** The last pass failed; the next one is scheduled. */
  | 'FAILED'
  /** The store refused writes (disk or size cap full): harvesting stopped, serving goes on. */
  | 'STORE_FULL'
  /** This source is not harvested (served live). */
  | 'OFF';

/** The harvest of one source as a list's freshness and `sources` report it. */
export interface HarvestStatus {
  readonly source: SourceName;
  readonly state: HarvestState;
  /**
   * True once a pass has completed: the store then holds the whole publication as of `confirmedAt`.
   * False while the first pass runs: a list is then partial.
   */
  readonly complete: boolean;
  /** When the pass now running (or the last one) started, epoch ms. */
  readonly startedAt: number | null;
  /** When a pass last completed, epoch ms. */
  readonly completedAt: number | null;
  /** When the upstream was last confirmed to match the store: the start of the last completed pass. */
  readonly confirmedAt: number | null;
  /** Pages (or files) and records read by the pass now running (or the last one). */
  readonly pages: number;
  readonly records: number;
  /** The newest date the upstream gave for the data harvested so far. */
  readonly datasetDate: string | null;
  /** The last failure, in words, and when. */
  readonly lastError: string | null;
  readonly lastErrorAt: number | null;
  /**
   * What the last completed pass noted, in words, though it completed: a feed walk that ended at a
   * `links.next` to another origin (never followed), naming that origin. Null when there was nothing to say.
   */
  readonly note: string | null;
  /**
   * Releases left out of what was served because they cannot be used (kept in the store's quarantine):
   * the source's for a list, the process's own for one process; absent where the source has no such check.
   */
  readonly quarantined?: number;
}

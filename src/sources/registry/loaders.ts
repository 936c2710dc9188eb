import DataLoader from 'dataloader';
import { ErrorCode, GatewayError, SOURCE_LABEL } from '../../domain/index.js';
import type { Fetched } from '../../domain/freshness.js';
import type {
  LegalForm,
  OwnershipRelationship,
  RegistryEntity,
  SearchHit,
} from '../../domain/organization.js';
import { asError, eachLoader } from '../../upstream/index.js';
import type { RegistryIndexView } from './register.js';
import type { RegistrySource } from './source.js';

/**
 * The register index as the data plane serves it: built from the entities a harvest stored, with the
 * harvest's freshness (complete or partial), or read live from the dump where nothing is harvested.
 * Declared here so the registry loaders need not know the store.
 */
export interface StoredRegister {
  index(): Promise<Fetched<RegistryIndexView>>;
}

/** Registry loaders for one request (the shape `GatewayContext.loaders.registry` expects). */
export interface RegistryLoaderSet {
  readonly entity: DataLoader<string, Fetched<RegistryEntity | null>>;
  readonly revalidated: DataLoader<string, Fetched<RegistryEntity | null>>;
  readonly search: (
    query: string,
    options: { readonly limit: number; readonly offset: number; readonly legalForm?: LegalForm },
  ) => Promise<Fetched<{ readonly total: number; readonly hits: readonly SearchHit[] }>>;
  readonly ownersOf: DataLoader<string, Fetched<readonly OwnershipRelationship[]>>;
  readonly ownedBy: DataLoader<string, Fetched<readonly OwnershipRelationship[]>>;
}

/**
 * A new set per request. Index lookups and searches share one `index()` call per request (the index is
 * in memory; asking the store for its state once is enough, and a search and the names of its hits then
 * read the same index);
 * per-entity revalidation and ownership go through the source, whose upstream calls are cached,
 * rate-limited and deduplicated below. A number a partial index (a first harvest still running) lacks
 * is an error that says so, never a "not listed" the register may contradict.
 */
export function createRegistryLoaders(source: RegistrySource, stored: StoredRegister): RegistryLoaderSet {
  let held: Promise<Fetched<RegistryIndexView>> | null = null;
  const requestIndex = (): Promise<Fetched<RegistryIndexView>> => (held ??= stored.index());
  return {
    entity: new DataLoader<string, Fetched<RegistryEntity | null>>(async (keys) => {
      const index = await requestIndex().catch(asError);
      if (index instanceof Error) return keys.map(() => index);
      return keys.map((n) => {
        const entity = index.value.get(n);
        if (entity !== undefined || index.value.complete)
          return { value: entity ?? null, freshness: index.freshness };
        return notStoredYet(n, index.value.size);
      });
    }),
    revalidated: eachLoader((n) => source.entity(n)),
    search: async (query, options) => {
      const index = await requestIndex();
      return { value: await inTurn(() => index.value.search(query, options)), freshness: index.freshness };
    },
    ownersOf: eachLoader((n) => source.ownersOf(n)),
    ownedBy: eachLoader((n) => source.ownedBy(n)),
  };
}

/** The last search queued (settled or not): the next one runs after it. */
let lastSearch: Promise<unknown> = Promise.resolve();

/**
 * Runs `search` after every search queued before it, in a macrotask of its own. A search is synchronous
 * CPU work (a few milliseconds at its bounds, README.md of `search/`); run back to back, fifteen aliased
 * searches would hold the event loop for all of them in one go. Queued like this, the loop serves other
 * requests (`/healthz` among them) between any two searches, whichever requests they belong to.
 */
function inTurn<T>(search: () => T): Promise<T> {
  const turn = lastSearch.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(search);
  lastSearch = turn.catch(() => undefined);
  return turn;
}

function notStoredYet(registerNumber: string, stored: number): GatewayError {
  return new GatewayError(
    ErrorCode.UPSTREAM_UNAVAILABLE,
    `${registerNumber} is not stored yet: the first harvest of the ${SOURCE_LABEL.REGISTRY} upstream has ` +
      `not completed (${stored} entities stored so far); ask again once it has.`,
    { source: 'REGISTRY' },
  );
}

import type DataLoader from 'dataloader';
import type { Fetched } from '../../domain/freshness.js';
import type {
  LegalForm,
  OwnershipRelationship,
  RegistryEntity,
  SearchHit,
} from '../../domain/organization.js';
import { bulkLoader, eachLoader } from '../../upstream/index.js';
import type { RegistrySource } from './source.js';

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
 * A new set per request. Index lookups cost one `index()` call per batch (the index is in memory);
 * per-entity revalidation and ownership go through the source, whose upstream calls are cached,
 * rate-limited and deduplicated below.
 */
export function createRegistryLoaders(source: RegistrySource): RegistryLoaderSet {
  return {
    entity: bulkLoader(
      () => source.index(),
      (index, n: string) => index.get(n) ?? null,
    ),
    revalidated: eachLoader((n) => source.entity(n)),
    search: async (query, options) => {
      const index = await source.index();
      return { value: index.value.search(query, options), freshness: index.freshness };
    },
    ownersOf: eachLoader((n) => source.ownersOf(n)),
    ownedBy: eachLoader((n) => source.ownedBy(n)),
  };
}

import type DataLoader from 'dataloader';
import type { Fetched } from '../../domain/freshness.js';
import type { InvestmentProject } from '../../domain/investment.js';
import { bulkLoader } from '../../upstream/index.js';
import type { InvestmentClient } from './client.js';

/** Investment loaders for one request (the shape `GatewayContext.loaders.investment` expects). */
export interface InvestmentLoaderSet {
  readonly projects: () => Promise<Fetched<readonly InvestmentProject[]>>;
  readonly byId: DataLoader<string, Fetched<InvestmentProject | null>>;
  readonly byOcid: DataLoader<string, Fetched<readonly InvestmentProject[]>>;
  readonly byRegisterNumber: DataLoader<string, Fetched<readonly InvestmentProject[]>>;
}

/**
 * A new set per request. The project package is one cached bulk read; its indexes are built once per
 * cached body by the client, so a batch of keys costs one lookup, whatever its size.
 */
export function createInvestmentLoaders(client: InvestmentClient): InvestmentLoaderSet {
  return {
    projects: () => client.projects(),
    byId: lookup(() => client.byId(), null),
    byOcid: lookup(() => client.byOcid(), []),
    byRegisterNumber: lookup(() => client.byRegisterNumber(), []),
  };
}

/** An index of the package as a loader: a key it does not list gets `missing`. */
function lookup<V, D extends V | null>(
  read: () => Promise<Fetched<ReadonlyMap<string, V>>>,
  missing: D,
): DataLoader<string, Fetched<V | D>> {
  return bulkLoader(read, (index, key: string): V | D => index.get(key) ?? missing);
}

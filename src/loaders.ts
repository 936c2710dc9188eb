import type { ClientOf, SourceKey } from './catalog.js';
import type { GatewayContext } from './context.js';
import { createEitiLoaders } from './sources/eiti/index.js';
import { createInvestmentLoaders } from './sources/investment/index.js';
import { createProcurementLoaders, type StoredProcesses } from './sources/procurement/index.js';
import { createRegistryLoaders } from './sources/registry/index.js';

/** Every source's long-lived client, by catalog key. */
export type WiredClients = { readonly [K in SourceKey]: { readonly client: ClientOf<K> } };

/** What the store serves (the data plane's reads, `src/plane.ts`), by graph domain. */
export interface StoredReads {
  /** The OCDS processes. */
  readonly processes: StoredProcesses;
}

/**
 * One request's loaders, grouped by graph domain (`GatewayContext['loaders']`): per-request batching and
 * dedup over the long-lived clients. A graph domain may join several sources (procurement reads the OCDS
 * publication and tender.gov.mn; EITI the EITI API and EITI Mongolia), so this is composed here rather
 * than per source. See docs/architecture.md "Request path".
 */
export function createLoaders(w: WiredClients, stored: StoredReads): GatewayContext['loaders'] {
  return {
    procurement: createProcurementLoaders(stored.processes, w.tenderMn.client),
    registry: createRegistryLoaders(w.registry.client),
    eiti: createEitiLoaders(w.eiti.client, w.eitiMongolia.client),
    investment: createInvestmentLoaders(w.investment.client),
  };
}

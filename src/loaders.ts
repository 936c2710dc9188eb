import type { ClientOf, SourceKey } from './catalog.js';
import type { GatewayContext } from './context.js';
import { createEitiLoaders, type StoredEiti } from './sources/eiti/index.js';
import { createInvestmentLoaders, type StoredProjects } from './sources/investment/index.js';
import { createProcurementLoaders, type StoredProcesses } from './sources/procurement/index.js';
import { createRegistryLoaders, type StoredRegister } from './sources/registry/index.js';

/** Every source's long-lived client, by catalog key. */
export type WiredClients = { readonly [K in SourceKey]: { readonly client: ClientOf<K> } };

/** What the store serves (the data plane's reads, `src/plane.ts`), by graph domain. */
export interface StoredReads {
  /** The OCDS processes. */
  readonly processes: StoredProcesses;
  /** The processes of the minted procurement feed (tender.gov.mn), harvested like the OCDS feed. */
  readonly mintedProcesses: StoredProcesses;
  /** The public investment projects. */
  readonly projects: StoredProjects;
  /** The EITI API's organisations and payments, EITI Mongolia's reports and licences. */
  readonly eiti: StoredEiti;
  /** The register index, built from the harvested register entities. */
  readonly registry: StoredRegister;
}

/**
 * One request's loaders, grouped by graph domain (`GatewayContext['loaders']`): per-request batching and
 * dedup over the long-lived clients. A graph domain may join several sources (procurement reads the OCDS
 * publication and tender.gov.mn; EITI the EITI API and EITI Mongolia), so this is composed here rather
 * than per source. See docs/architecture.md "Request path".
 */
export function createLoaders(w: WiredClients, stored: StoredReads): GatewayContext['loaders'] {
  // Each domain's loaders are made when a resolver first asks for them: most operations read one or two
  // domains, and `{ __typename }` none.
  let procurement: GatewayContext['loaders']['procurement'] | undefined;
  let registry: GatewayContext['loaders']['registry'] | undefined;
  let eiti: GatewayContext['loaders']['eiti'] | undefined;
  let investment: GatewayContext['loaders']['investment'] | undefined;
  return {
    get procurement() {
      return (procurement ??= createProcurementLoaders(stored.processes, {
        ocidPrefix: w.tenderMn.client.ocidPrefix,
        stored: stored.mintedProcesses,
      }));
    },
    get registry() {
      return (registry ??= createRegistryLoaders(w.registry.client, stored.registry));
    },
    get eiti() {
      return (eiti ??= createEitiLoaders(stored.eiti));
    },
    get investment() {
      return (investment ??= createInvestmentLoaders(stored.projects));
    },
  };
}

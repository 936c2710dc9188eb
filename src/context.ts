import type DataLoader from 'dataloader';
import type { Fetched } from './domain/freshness.js';
import type { ContractingProcess, ContractingProcessFilter } from './domain/procurement.js';
import type { FreshnessCollector } from './freshness/index.js';
import type { SourceHealth } from './upstream/index.js';

/**
 * What every resolver receives: per-request loaders (batching and per-request dedup) and the
 * freshness collector. Resolvers import this type and domain types only (DESIGN.md "Layers").
 */
export interface GatewayContext {
  readonly loaders: {
    readonly procurement: ProcurementLoaders;
  };
  readonly freshness: FreshnessCollector;
  /** Health of every configured upstream. */
  readonly sources: () => readonly SourceStatusView[];
}

/** Procurement reads for one request. */
export interface ProcurementLoaders {
  /** By ocid; a key with no process resolves to a NOT_FOUND error. */
  readonly processByOcid: DataLoader<string, Fetched<ContractingProcess>>;
  /** Every process matching `filter`, newest first, with the freshness of the listing it came from. */
  readonly list: (filter: ContractingProcessFilter) => Promise<Fetched<readonly ContractingProcess[]>>;
}

/** `Query.sources` entries. */
export interface SourceStatusView extends SourceHealth {
  readonly embedded: boolean;
  readonly maxAgeSeconds: number;
}

/** One edge of a connection. */
export interface ContractingProcessEdgeView {
  readonly cursor: string;
  readonly node: ContractingProcess;
}

/** A Relay connection page as resolvers build it. */
export interface ContractingProcessConnectionView {
  readonly edges: readonly ContractingProcessEdgeView[];
  readonly totalCount: number;
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
}

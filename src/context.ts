import type DataLoader from 'dataloader';
import type { Fetched, HarvestStatus, SourceName } from './domain/freshness.js';
import type {
  EitiOrganisation,
  EitiPayment,
  EitiReport,
  LegalForm,
  MineralLicence,
  OwnershipRelationship,
  RegistryEntity,
  SearchHit,
} from './domain/organization.js';
import type { InvestmentProject } from './domain/investment.js';
import type { ProjectPage, ProjectQuery } from './domain/filters.js';
import type {
  ContractingProcess,
  ProcessJson,
  ProcessJsonKey,
  ProcessPage,
  ProcessQuery,
} from './domain/procurement.js';
import type { DataQuality } from './domain/quality.js';
import type { FreshnessCollector } from './freshness/index.js';
import type { SourceHealth } from './upstream/index.js';

/**
 * What every resolver receives: per-request loaders (batching and per-request dedup) and the
 * freshness collector. Resolvers import this type and domain types only (docs/architecture.md "Layers").
 */
export interface GatewayContext {
  readonly loaders: {
    readonly procurement: ProcurementLoaders;
    readonly registry: RegistryLoaders;
    readonly eiti: EitiLoaders;
    readonly investment: InvestmentLoaders;
  };
  readonly freshness: FreshnessCollector;
  /** Health of every configured upstream. */
  readonly sources: () => readonly SourceStatusView[];
  /** What a harvested feed left out and read differently; `null` for a source without such checks. */
  readonly dataQuality: (source: SourceName) => Promise<DataQuality | null>;
}

/** Procurement reads for one request. */
export interface ProcurementLoaders {
  /** By ocid; a key with no process resolves to a NOT_FOUND error. */
  readonly processByOcid: DataLoader<string, Fetched<ContractingProcess>>;
  /**
   * One page of a list, newest first: for the OCDS feed filtered, ordered and counted in the store, with
   * the harvest's freshness (complete or partial); for tender.gov.mn read live.
   */
  readonly page: (query: ProcessQuery) => Promise<Fetched<ProcessPage>>;
  /**
   * An organisation's procurement facet: its own freshness (the store's); its lists are pages of the store
   * by the entity's MN-CR identifier in a role (`page` with `party`).
   */
  readonly facet: (registerNumber: string) => Promise<Fetched<{ readonly registerNumber: string }>>;
  /**
   * The OCDS JSON a process was built from (`compiledRelease`, `versionedRelease`): the releases of every
   * stored process of a batch in one store read; a process read live takes its record's, from the same read.
   */
  readonly processJson: DataLoader<ProcessJsonKey, ProcessJson, string>;
}

/** Registry reads for one request. */
export interface RegistryLoaders {
  /** From the register index: one index lookup per batch; `null` when the dump does not list the number. */
  readonly entity: DataLoader<string, Fetched<RegistryEntity | null>>;
  /** Revalidated through the per-entity page (rate-limited upstream). */
  readonly revalidated: DataLoader<string, Fetched<RegistryEntity | null>>;
  readonly search: (
    query: string,
    options: { readonly limit: number; readonly offset: number; readonly legalForm?: LegalForm },
  ) => Promise<Fetched<{ readonly total: number; readonly hits: readonly SearchHit[] }>>;
  readonly ownersOf: DataLoader<string, Fetched<readonly OwnershipRelationship[]>>;
  readonly ownedBy: DataLoader<string, Fetched<readonly OwnershipRelationship[]>>;
}

/** EITI reads for one request, by register number (payments by EITI organisation id). */
export interface EitiLoaders {
  readonly organisations: DataLoader<string, Fetched<readonly EitiOrganisation[]>>;
  readonly payments: DataLoader<string, Fetched<readonly EitiPayment[]>>;
  readonly reports: DataLoader<string, Fetched<readonly EitiReport[]>>;
  readonly licences: DataLoader<string, Fetched<readonly MineralLicence[]>>;
}

/** Investment reads for one request. */
export interface InvestmentLoaders {
  /**
   * One page of `investmentProjects`: filtered, ordered and counted in the store, with the harvest's
   * freshness (complete or partial).
   */
  readonly page: (query: ProjectQuery) => Promise<Fetched<ProjectPage>>;
  /** By id, withdrawn projects included; `null` when no project has that id. */
  readonly byId: DataLoader<string, Fetched<InvestmentProject | null>>;
  /** Projects that list a contracting process, by its ocid. */
  readonly byOcid: DataLoader<string, Fetched<readonly InvestmentProject[]>>;
  /** Projects in which a register number is a party. */
  readonly byRegisterNumber: DataLoader<string, Fetched<readonly InvestmentProject[]>>;
}

/** `Query.sources` entries. */
export interface SourceStatusView extends SourceHealth {
  readonly embedded: boolean;
  readonly maxAgeSeconds: number;
  /** The source's harvest into the store; `null` for a source read live only. */
  readonly harvest: HarvestStatus | null;
  /** What this replica shares with others through Redis (`REDIS_URL`). */
  readonly sharedCache: {
    readonly state: 'OFF' | 'UP' | 'DOWN';
    readonly since: string | null;
    readonly lastError: string | null;
  };
}

import DataLoader from 'dataloader';
import type { ProjectPage, ProjectQuery } from '../../domain/filters.js';
import type { Fetched } from '../../domain/freshness.js';
import type { InvestmentProject } from '../../domain/investment.js';
import { asError } from '../../upstream/index.js';

/**
 * The investment projects as the store serves them (the data plane's reads: lists filtered, ordered and
 * counted in SQL; lookups from the store with the harvest's freshness). Declared here so the investment
 * loaders need not know the store.
 */
export interface StoredProjects {
  page(query: ProjectQuery): Promise<Fetched<ProjectPage>>;
  /** Projects by id, each its own value (`null`: no such project) or its own error. */
  byIds(ids: readonly string[]): Promise<(Fetched<InvestmentProject | null> | Error)[]>;
  /** The listed projects that link each ocid. */
  byOcids(ocids: readonly string[]): Promise<Fetched<readonly InvestmentProject[]>[]>;
  /** The listed projects in which each register number is a party. */
  byRegisterNumbers(numbers: readonly string[]): Promise<Fetched<readonly InvestmentProject[]>[]>;
}

/** Investment loaders for one request (the shape `GatewayContext.loaders.investment` expects). */
export interface InvestmentLoaderSet {
  readonly page: (query: ProjectQuery) => Promise<Fetched<ProjectPage>>;
  readonly byId: DataLoader<string, Fetched<InvestmentProject | null>>;
  readonly byOcid: DataLoader<string, Fetched<readonly InvestmentProject[]>>;
  readonly byRegisterNumber: DataLoader<string, Fetched<readonly InvestmentProject[]>>;
}

/**
 * A new set per request: DataLoader dedups keys within the request and batches them into one tick, so a
 * batch of ids, ocids or register numbers is one store read whatever its size.
 */
export function createInvestmentLoaders(stored: StoredProjects): InvestmentLoaderSet {
  return {
    page: (query) => stored.page(query),
    byId: batched((ids) => stored.byIds(ids)),
    byOcid: batched((ocids) => stored.byOcids(ocids)),
    byRegisterNumber: batched((numbers) => stored.byRegisterNumbers(numbers)),
  };
}

/** A loader over a batch read; a failed read fails each key of the batch with its error. */
function batched<V>(read: (keys: readonly string[]) => Promise<(V | Error)[]>): DataLoader<string, V> {
  return new DataLoader<string, V>((keys) => read(keys).catch((e: unknown) => keys.map(() => asError(e))));
}

/**
 * What resolvers hand to the fields below them where the schema's type is not a domain type: pages,
 * edges and facets (codegen.ts maps the schema types to these).
 */
import type {
  ContractingProcess,
  EitiOrganisation,
  EitiReport,
  Fetched,
  MineralLicence,
  ProcessPage,
  ProjectPage,
} from '../src/domain/index.js';

/** One edge of a Relay connection. */
export interface EdgeView<T> {
  readonly cursor: string;
  readonly node: T;
}

/** A Relay connection page as `pageOf` builds it. */
export interface PageView<T> {
  /** Every matching item, for totals over the whole list. */
  readonly all: readonly T[];
  readonly edges: readonly EdgeView<T>[];
  readonly totalCount: number;
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
}

/** A page of contracting processes, as the store (or the tender.gov.mn listing) answers it. */
export type ContractingProcessConnectionView = ProcessPage;
export type ContractingProcessEdgeView = EdgeView<ContractingProcess>;

/** A page of investment projects, as the store answers it. */
export type InvestmentProjectConnectionView = ProjectPage;

/** An Organization as resolvers pass it down: only its key; each facet loads on demand. */
export interface OrganizationView {
  readonly registerNumber: string;
}

/** One search hit. */
export interface OrganizationEdgeView extends EdgeView<OrganizationView> {
  readonly score: number;
  readonly matchedVariant: string;
}

/** A page of search hits. */
export interface OrganizationConnectionView {
  readonly edges: readonly OrganizationEdgeView[];
  readonly totalCount: number;
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
}

/** The settled outcome of one upstream read inside a facet. */
export type Settled<T> =
  { readonly ok: true; readonly value: Fetched<T> } | { readonly ok: false; readonly error: unknown };

/** The EITI facet: each upstream's outcome, so one failing upstream nulls only its own fields. */
export interface EitiFacetView {
  readonly registerNumber: string;
  readonly organisations: Settled<readonly EitiOrganisation[]>;
  readonly reports: Settled<readonly EitiReport[]>;
  readonly licences: Settled<readonly MineralLicence[]>;
}

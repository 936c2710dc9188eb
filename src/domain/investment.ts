/**
 * Public investment projects: an OC4IDS 0.9.4 project reduced to the fields the graph exposes.
 * No GraphQL and no HTTP here.
 */
import type { Money, Period } from './procurement.js';

/** Where a project's money comes from (the categories of Mongolia's public investment programme). */
export type FundingSource =
  'STATE_BUDGET' | 'LOCAL_DEVELOPMENT_FUND' | 'FOREIGN_LOAN' | 'FOREIGN_AID' | 'OTHER';

/** A party's role in a project (OC4IDS partyRole codes, plus `supervisor`, an open-codelist addition). */
export type ProjectRole =
  'publicAuthority' | 'implementer' | 'contractor' | 'supervisor' | 'funder' | 'other';

export interface ProjectLocation {
  readonly description: string | null;
  /** Aimag (province) or the capital, as a name. */
  readonly aimag: string | null;
  /** Soum (district) or a capital district, as a name. */
  readonly soum: string | null;
}

/** One line of the budget: an amount for a period from a funding source. */
export interface BudgetLine {
  readonly id: string;
  readonly description: string | null;
  readonly amount: Money | null;
  /** Calendar year of the line's period, when it has one. */
  readonly year: number | null;
  readonly fundingSource: FundingSource;
  /** The party providing the money (e.g. a foreign lender), by name and id as the project lists it. */
  readonly sourcePartyName: string | null;
  readonly sourcePartyId: string | null;
}

export interface ProjectParty {
  readonly id: string;
  readonly name: string | null;
  /** `MN-CR` register number when the party carries one. */
  readonly registerNumber: string | null;
  readonly roles: readonly ProjectRole[];
  /** The raw OC4IDS role codes. */
  readonly rolesRaw: readonly string[];
}

/** A project's link to a contracting process. */
export interface ProjectContractingProcess {
  readonly ocid: string;
  readonly title: string | null;
  readonly status: string | null;
}

/** One public investment project (OC4IDS project). */
export interface InvestmentProject {
  readonly id: string;
  readonly title: string | null;
  readonly description: string | null;
  /** OC4IDS projectStatus: identification, preparation, implementation, completion, ... */
  readonly status: string | null;
  /** OC4IDS projectSector codes, e.g. `transport.road`. */
  readonly sectors: readonly string[];
  readonly type: string | null;
  readonly locations: readonly ProjectLocation[];
  readonly period: Period | null;
  readonly implementationPeriod: Period | null;
  readonly completionPeriod: Period | null;
  readonly budget: Money | null;
  readonly budgetLines: readonly BudgetLine[];
  readonly parties: readonly ProjectParty[];
  readonly contractingProcesses: readonly ProjectContractingProcess[];
  /** When the project record last changed (OC4IDS `updated`). */
  readonly updated: string | null;
  readonly fictional: boolean;
  readonly notice: string | null;
  /**
   * When the publisher stopped listing the project (epoch ms): set by the store, which keeps a project its
   * package no longer lists, marked; absent or `null` while it is listed.
   */
  readonly withdrawnAt?: number | null;
}

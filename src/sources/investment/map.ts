/**
 * OC4IDS project (as validated by `payload.ts`) → `InvestmentProject`. `null` and absent fields map to
 * `null` or empty lists; nothing is summed, converted or guessed: every amount keeps its own currency, and
 * the project's budget is its published `budget.amount`, never a total of its lines.
 */
import type {
  BudgetLine,
  FundingSource,
  InvestmentProject,
  ProjectContractingProcess,
  ProjectLocation,
  ProjectParty,
  ProjectRole,
} from '../../domain/investment.js';
import { moneyOf } from '../../domain/money.js';
import type { Money, Period } from '../../domain/procurement.js';
import type { Project, ProjectPackage } from './payload.js';

type Of<T> = NonNullable<T> extends readonly (infer U)[] ? U : NonNullable<T>;
type Budget = Of<Project['budget']>;
type BudgetLineIn = Of<Of<Budget['budgetBreakdowns']>['budgetBreakdown']>;
type PartyIn = Of<Project['parties']>;
type IdentifierIn = Of<PartyIn['identifier']>;
type ValueIn = Of<Budget['amount']>;
type PeriodIn = Of<Project['period']>;
type ProcessIn = Of<Project['contractingProcesses']>;
type LocationIn = Of<Project['locations']>;

/**
 * `x_fundingSource` codes of a budget line (this gateway's extension; README.md) → the domain's funding
 * sources. Any other code, or none, is `OTHER`: the code list is open, and an unknown code is information,
 * not an error.
 */
export const FUNDING_SOURCE_CODES: Readonly<Record<string, FundingSource>> = Object.freeze({
  stateBudget: 'STATE_BUDGET',
  localDevelopmentFund: 'LOCAL_DEVELOPMENT_FUND',
  foreignLoan: 'FOREIGN_LOAN',
  foreignAid: 'FOREIGN_AID',
});

/**
 * OC4IDS partyRole codes → project roles. OC4IDS has no "implementer" or "contractor": the entity that
 * procures the project's contracts on its budget implements it (`procuringEntity`, `administrativeEntity`,
 * `buyer`), and a supplier of a contracting process is a contractor. `supervisor` is an addition to the open
 * codelist. `implementer` and `contractor` are read too, for publishers that use those words as codes. Every
 * other code (`tenderer`, `payer`, `payee`, `independentMonitor`, ...) is `other`; `rolesRaw` keeps them all.
 */
export const ROLE_CODES: Readonly<Record<string, ProjectRole>> = Object.freeze({
  publicAuthority: 'publicAuthority',
  procuringEntity: 'implementer',
  administrativeEntity: 'implementer',
  buyer: 'implementer',
  implementer: 'implementer',
  supplier: 'contractor',
  contractor: 'contractor',
  supervisor: 'supervisor',
  funder: 'funder',
});

const ROLE_ORDER: readonly ProjectRole[] = [
  'publicAuthority',
  'implementer',
  'contractor',
  'supervisor',
  'funder',
  'other',
];

/** The identifier scheme of Mongolian state registration numbers (org-id.guide `MN-CR`). */
export const MN_CR = 'MN-CR';

const text = (value: string | null | undefined): string | null => value ?? null;
const localId = (value: string | number | null | undefined): string | null =>
  value == null ? null : String(value);

const money = (value: ValueIn | null | undefined): Money | null => moneyOf(value);

function period(value: PeriodIn | null | undefined): Period | null {
  if (value == null) return null;
  return {
    startDate: text(value.startDate),
    endDate: text(value.endDate),
    maxExtentDate: text(value.maxExtentDate),
    durationInDays: value.durationInDays ?? null,
  };
}

/** The calendar year a date is written in (before any offset is applied: `2024-01-01T00:00:00+08:00` is 2024). */
function writtenYear(date: string | null | undefined): number | null {
  const year = date == null ? undefined : /^(\d{4})-/.exec(date)?.[1];
  return year === undefined ? null : Number(year);
}

/**
 * The calendar year of a budget line: that of its period's start (or, without one, its end). A period
 * that starts and ends in different years is no single year's, so it has none.
 */
export function budgetYear(value: PeriodIn | null | undefined): number | null {
  const start = writtenYear(value?.startDate);
  const end = writtenYear(value?.endDate);
  if (start !== null && end !== null && start !== end) return null;
  return start ?? end;
}

export function fundingSource(code: string | null | undefined): FundingSource {
  return (code == null ? undefined : FUNDING_SOURCE_CODES[code.trim()]) ?? 'OTHER';
}

export function roles(raw: readonly string[]): ProjectRole[] {
  const mapped = new Set(raw.map((code) => ROLE_CODES[code.trim()] ?? 'other'));
  return ROLE_ORDER.filter((role) => mapped.has(role));
}

/** The MN-CR number of an identifier, as published but trimmed; only digits count. */
function mnCr(identifier: IdentifierIn | null | undefined): string | null {
  if (identifier?.scheme?.trim().toUpperCase() !== MN_CR) return null;
  const id = identifier.id?.trim() ?? '';
  return /^\d+$/.test(id) ? id : null;
}

/**
 * The register number of a party: only ever from an identifier whose scheme is `MN-CR` (the primary one,
 * else the first additional one), never read out of a party id or a name.
 */
export function registerNumber(party: PartyIn): string | null {
  return (
    mnCr(party.identifier) ?? (party.additionalIdentifiers ?? []).map(mnCr).find((n) => n !== null) ?? null
  );
}

/**
 * A party's id; OC4IDS does not require one, so a party without it gets `{scheme}-{id}` of its identifier
 * (the form OC4IDS recommends), else its position, so that no party is lost.
 */
function partyId(party: PartyIn, index: number): string {
  const id = localId(party.id);
  if (id !== null && id !== '') return id;
  const scheme = party.identifier?.scheme?.trim();
  const identifierId = party.identifier?.id?.trim();
  return scheme && identifierId ? `${scheme}-${identifierId}` : `parties/${index}`;
}

function toParty(party: PartyIn, index: number): ProjectParty {
  const rolesRaw = party.roles ?? [];
  return {
    id: partyId(party, index),
    name: text(party.name),
    registerNumber: registerNumber(party),
    roles: roles(rolesRaw),
    rolesRaw,
  };
}

function toLocation(location: LocationIn): ProjectLocation {
  return {
    description: text(location.description),
    aimag: text(location.address?.region),
    soum: text(location.address?.locality),
  };
}

function toBudgetLine(line: BudgetLineIn, parties: readonly ProjectParty[]): BudgetLine {
  const sourcePartyId = localId(line.sourceParty?.id);
  return {
    id: String(line.id),
    description: text(line.description),
    amount: money(line.amount),
    year: budgetYear(line.period),
    fundingSource: fundingSource(line.x_fundingSource),
    // A reference may give only the id; the name is then the referenced party's.
    sourcePartyName:
      text(line.sourceParty?.name) ??
      parties.find((p) => p.id === sourcePartyId && sourcePartyId !== null)?.name ??
      null,
    sourcePartyId,
  };
}

/**
 * An OCDS ocid: `ocds-`, a publisher prefix and `-` (OCDS "Open Contracting Identifier"), in any case and
 * of any prefix length (registered prefixes have 6 characters, some publishers use 8).
 */
const OCID = /^ocds-[a-z0-9]+-/i;

/**
 * A link to a contracting process, by its ocid: `summary.ocid`, else the process `id` when that is an
 * ocid (OC4IDS: an assigned ocid "must be recorded" as the id). A process with neither links to no OCDS
 * data and is left out.
 */
function toProcess(process: ProcessIn): ProjectContractingProcess | null {
  const id = localId(process.id);
  const ocid = text(process.summary?.ocid) ?? (id !== null && OCID.test(id) ? id : null);
  if (ocid === null || ocid === '') return null;
  return { ocid, title: text(process.summary?.title), status: text(process.summary?.status) };
}

/** `x_fictional` → whether the data is fictional, and the sentence saying so when one is given. */
function fiction(
  own: Project['x_fictional'],
  inherited: Project['x_fictional'],
): { fictional: boolean; notice: string | null } {
  const value = own ?? inherited;
  if (typeof value === 'string' && value.trim() !== '') return { fictional: true, notice: value };
  return { fictional: value === true, notice: null };
}

/** One project; `packageNotice` is the package's `x_fictional`, which its projects inherit. */
export function toProject(project: Project, packageNotice: ProjectPackage['x_fictional']): InvestmentProject {
  const parties = (project.parties ?? []).map(toParty);
  const budgetLines = (project.budget?.budgetBreakdowns ?? []).flatMap((group) =>
    (group.budgetBreakdown ?? []).map((line) => toBudgetLine(line, parties)),
  );
  return {
    id: project.id,
    title: text(project.title),
    description: text(project.description),
    status: text(project.status),
    sectors: project.sector ?? [],
    type: text(project.type),
    locations: (project.locations ?? []).map(toLocation),
    period: period(project.period),
    implementationPeriod: period(project.implementationPeriod),
    completionPeriod: period(project.completionPeriod),
    budget: money(project.budget?.amount),
    budgetLines,
    parties,
    contractingProcesses: (project.contractingProcesses ?? [])
      .map(toProcess)
      .filter((p): p is ProjectContractingProcess => p !== null),
    updated: text(project.updated),
    ...fiction(project.x_fictional, packageNotice),
  };
}

/** Every project of a package, in package order. */
export function toProjects(pkg: ProjectPackage): InvestmentProject[] {
  return pkg.projects.map((project) => toProject(project, pkg.x_fictional));
}

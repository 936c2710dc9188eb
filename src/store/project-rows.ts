/**
 * How a mapped project becomes rows: its `investment_projects` row with the columns lists filter and
 * sort on, and the rows of its many-valued keys (aimags, sectors, funding sources; parties; ocids).
 */
import type { InvestmentProject } from '../domain/index.js';
import { digestOf } from './entities.js';
import { NO_DATE, foldName } from './process-rows.js';
import type { InvestmentProjectTable } from './tables.js';

/** A project as a harvester hands it over: its mapped form and its JSON exactly as published. */
export interface ProjectInput {
  readonly project: InvestmentProject;
  readonly raw: string;
}

/** Epoch ms of a date, or null when there is none or it is not one. */
function ms(date: string | null | undefined): number | null {
  const t = date == null ? NaN : Date.parse(date);
  return Number.isNaN(t) ? null : t;
}

/** The project's row (its `doc` without `withdrawnAt`, which is the row's own column). */
export function projectRow(input: ProjectInput, now: number): InvestmentProjectTable {
  const p = input.project;
  const doc = JSON.stringify({ ...p, withdrawnAt: undefined });
  return {
    id: p.id,
    status: p.status,
    updated: p.updated,
    sort_ms: ms(p.updated) ?? NO_DATE,
    // As the list filter has always read a period: the end falls back to the start only when absent.
    start_ms: ms(p.period?.startDate),
    end_ms: ms(p.period?.endDate ?? p.period?.startDate),
    budget_amount: p.budget?.amount ?? null,
    budget_currency: p.budget?.currency ?? null,
    // The mapped form counts too: a notice the package gives its projects, or a newer mapping, rewrites them.
    digest: digestOf(`${input.raw}\n${doc}`),
    raw: input.raw,
    doc,
    seen_at: now,
    withdrawn_at: null,
  };
}

/** Its aimags, sector codes and funding sources, each once. */
export function termRows(p: InvestmentProject) {
  const terms = new Map<string, { project_id: string; field: string; value: string }>();
  const add = (field: string, value: string) =>
    terms.set(`${field}\u0000${value}`, { project_id: p.id, field, value });
  for (const l of p.locations) if (l.aimag !== null) add('aimag', l.aimag);
  for (const s of p.sectors) add('sector', s);
  for (const l of p.budgetLines) add('funding', l.fundingSource);
  return [...terms.values()];
}

/** Its parties, names folded for "part of the name" filters. */
export function partyRows(p: InvestmentProject) {
  return p.parties.map((x) => ({
    project_id: p.id,
    register_number: x.registerNumber,
    name: x.name === null ? null : foldName(x.name),
    roles: x.roles.join(' '),
  }));
}

/** The ocids it links, each once. */
export function processRows(p: InvestmentProject) {
  return [...new Set(p.contractingProcesses.map((c) => c.ocid))].map((ocid) => ({ project_id: p.id, ocid }));
}

import type { InvestmentProjectConnectionView } from '../src/context.js';
import type { BudgetLine, FundingSource, InvestmentProject, ProjectRole } from '../src/domain/index.js';
import {
  ErrorCode,
  GatewayError,
  parseFirst,
  parseMoneyRange,
  inRange,
  parseProjectId,
  preview,
  sumByCurrency,
  toGlobalId,
} from '../src/domain/index.js';
import { pageInfoOf, pageOf } from './common.js';
import type { InvestmentProjectFilter, ProjectRole as GraphRole, Resolvers } from './generated/types.js';

/** GraphQL enum values ↔ OC4IDS-style role codes of the domain. */
const ROLE_TO_GRAPH: Record<ProjectRole, GraphRole> = {
  publicAuthority: 'PUBLIC_AUTHORITY',
  implementer: 'IMPLEMENTER',
  contractor: 'CONTRACTOR',
  supervisor: 'SUPERVISOR',
  funder: 'FUNDER',
  other: 'OTHER',
};
const GRAPH_TO_ROLE = Object.fromEntries(Object.entries(ROLE_TO_GRAPH).map(([k, v]) => [v, k])) as Record<
  GraphRole,
  ProjectRole
>;

const MAX_TEXT = 200;

function lines(
  p: InvestmentProject,
  fundingSource: FundingSource | null | undefined,
  year: number | null | undefined,
): readonly BudgetLine[] {
  return p.budgetLines.filter(
    (l) => (fundingSource == null || l.fundingSource === fundingSource) && (year == null || l.year === year),
  );
}

/** Whether a project matches every given field of the filter (already validated). */
function matches(p: InvestmentProject, f: ParsedFilter): boolean {
  if (f.aimag !== undefined && !p.locations.some((l) => l.aimag === f.aimag)) return false;
  if (f.sector !== undefined && !p.sectors.some((s) => s === f.sector || s.startsWith(`${f.sector}.`)))
    return false;
  if (f.status !== undefined && p.status !== f.status) return false;
  if (f.fundingSource !== undefined && !p.budgetLines.some((l) => l.fundingSource === f.fundingSource))
    return false;
  if (f.party !== undefined) {
    const wanted = f.party.toLocaleLowerCase('mn');
    const hit = p.parties.some(
      (x) => x.registerNumber === f.party || (x.name ?? '').toLocaleLowerCase('mn').includes(wanted),
    );
    if (!hit) return false;
  }
  if (f.from !== undefined || f.to !== undefined) {
    const start = Date.parse(p.period?.startDate ?? '');
    const end = Date.parse(p.period?.endDate ?? p.period?.startDate ?? '');
    if (Number.isNaN(start) || Number.isNaN(end)) return false;
    if (f.to !== undefined && start > f.to) return false;
    if (f.from !== undefined && end < f.from) return false;
  }
  if (f.budget !== undefined && !inRange(p.budget, f.budget)) return false;
  if (f.changedSince !== undefined && (p.updated === null || Date.parse(p.updated) < f.changedSince))
    return false;
  return true;
}

interface ParsedFilter {
  aimag?: string;
  sector?: string;
  status?: string;
  fundingSource?: FundingSource;
  party?: string;
  from?: number;
  to?: number;
  budget?: ReturnType<typeof parseMoneyRange>;
  changedSince?: number;
}

function parseFilter(input: InvestmentProjectFilter | null | undefined): ParsedFilter {
  const f: ParsedFilter = {};
  if (input == null) return f;
  const text = (name: string, v: string | null | undefined): string | undefined => {
    if (v == null) return undefined;
    const t = v.normalize('NFC').trim();
    if (t.length === 0 || [...t].length > MAX_TEXT) {
      throw new GatewayError(
        ErrorCode.BAD_USER_INPUT,
        `${name} must be 1 to ${MAX_TEXT} characters; got "${preview(v)}".`,
      );
    }
    return t;
  };
  const set = <K extends keyof ParsedFilter>(k: K, v: ParsedFilter[K] | undefined) => {
    if (v !== undefined) f[k] = v;
  };
  set('aimag', text('aimag', input.aimag));
  set('sector', text('sector', input.sector));
  set('status', text('status', input.status));
  set('party', text('party', input.party));
  if (input.fundingSource != null) f.fundingSource = input.fundingSource;
  if (input.dateFrom != null) f.from = Date.parse(input.dateFrom);
  if (input.dateTo != null)
    f.to = /^\d{4}-\d{2}-\d{2}$/.test(input.dateTo)
      ? Date.parse(input.dateTo) + 86_399_999
      : Date.parse(input.dateTo);
  if (f.from !== undefined && f.to !== undefined && f.from > f.to) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `dateFrom (${input.dateFrom}) is after dateTo (${input.dateTo}).`,
    );
  }
  set(
    'budget',
    parseMoneyRange(input.budgetMin, input.budgetMax, input.currency, { min: 'budgetMin', max: 'budgetMax' }),
  );
  if (input.changedSince != null) f.changedSince = Date.parse(input.changedSince);
  return f;
}

function connection(
  all: readonly InvestmentProject[],
  first: number,
  after: string | null | undefined,
): InvestmentProjectConnectionView {
  return pageOf(all, first, after);
}

const newestFirst = (a: InvestmentProject, b: InvestmentProject) =>
  (b.updated ?? '').localeCompare(a.updated ?? '') || a.id.localeCompare(b.id);

export const investmentResolvers: Resolvers = {
  Query: {
    investmentProject: async (_root, { id }, ctx, info) => {
      const found = await ctx.loaders.investment.byId.load(parseProjectId(id));
      ctx.freshness.record(info.path, found.freshness);
      if (found.value === null) {
        throw new GatewayError(ErrorCode.NOT_FOUND, `No investment project has id "${id}".`, {
          source: 'INVESTMENT',
        });
      }
      return found.value;
    },
    investmentProjects: async (_root, { filter, first, after }, ctx, info) => {
      const size = parseFirst(first);
      const f = parseFilter(filter);
      const all = await ctx.loaders.investment.projects();
      ctx.freshness.record(info.path, all.freshness);
      return connection([...all.value.filter((p) => matches(p, f))].sort(newestFirst), size, after);
    },
  },
  InvestmentProjectConnection: {
    budgetTotals: (c) => sumByCurrency(c.all.map((p) => p.budget)),
    pageInfo: pageInfoOf,
  },
  InvestmentProject: {
    id: (p) => toGlobalId('InvestmentProject', p.id),
    projectId: (p) => p.id,
    budgetLines: (p, { fundingSource, year }) => lines(p, fundingSource, year),
    budgetTotals: (p, { fundingSource, year }) =>
      sumByCurrency(lines(p, fundingSource, year).map((l) => l.amount)),
    parties: (p, { role }) =>
      role == null ? p.parties : p.parties.filter((x) => x.roles.includes(GRAPH_TO_ROLE[role])),
    contractingProcessOcids: (p) => p.contractingProcesses.map((c) => c.ocid),
    // One promise per item: an ocid procurement does not know fails only its own list entry.
    contractingProcesses: (p, _args, ctx, info) =>
      p.contractingProcesses.map((c, i) =>
        ctx.loaders.procurement.processByOcid.load(c.ocid).then((r) => {
          ctx.freshness.recordItem(info.path, i, r.freshness);
          return r.value;
        }),
      ),
  },
  ProjectParty: {
    roles: (x) => x.roles.map((r) => ROLE_TO_GRAPH[r]),
    organization: (x) =>
      x.registerNumber !== null && /^\d{7}$/.test(x.registerNumber)
        ? { registerNumber: x.registerNumber }
        : null,
  },
  ContractingProcess: {
    projects: async (p, _args, ctx, info) => {
      const found = await ctx.loaders.investment.byOcid.load(p.ocid);
      ctx.freshness.record(info.path, found.freshness);
      return found.value;
    },
  },
  Organization: {
    investmentProjects: async (o, { role }, ctx, info) => {
      const found = await ctx.loaders.investment.byRegisterNumber.load(o.registerNumber);
      ctx.freshness.record(info.path, found.freshness);
      if (role == null) return found.value;
      const wanted = GRAPH_TO_ROLE[role];
      return found.value.filter((p) =>
        p.parties.some((x) => x.registerNumber === o.registerNumber && x.roles.includes(wanted)),
      );
    },
  },
};

import type { BudgetLine, FundingSource, InvestmentProject, ProjectRole } from '../src/domain/index.js';
import {
  parseFirst,
  parseProjectFilter,
  parseProjectId,
  sumByCurrency,
  toGlobalId,
} from '../src/domain/index.js';
import { organizationOf, pageInfoOf, projectNotFound } from './common.js';
import type { ProjectRole as GraphRole, Resolvers } from './generated/types.js';
import { sourced, sourcedItems, sourcedOrFail } from './sourced.js';

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

/** Budget lines of a project, optionally of one funding source and one year. */
function lines(
  p: InvestmentProject,
  fundingSource: FundingSource | null | undefined,
  year: number | null | undefined,
): readonly BudgetLine[] {
  return p.budgetLines.filter(
    (l) => (fundingSource == null || l.fundingSource === fundingSource) && (year == null || l.year === year),
  );
}

export const investmentResolvers: Resolvers = {
  Query: {
    investmentProject: async (_root, { id }, ctx) =>
      sourcedOrFail(await ctx.loaders.investment.byId.load(parseProjectId(id)), (source) =>
        projectNotFound(id, source),
      ),
    // Filtered, ordered and counted in the store (keyset cursors); the count and totals only when asked.
    investmentProjects: async (_root, { filter, first, after }, ctx) =>
      sourced(
        await ctx.loaders.investment.page({
          filter: parseProjectFilter(filter),
          first: parseFirst(first),
          after: after ?? null,
        }),
      ),
  },
  InvestmentProjectConnection: {
    totalCount: (c) => c.totalCount(),
    budgetTotals: (c) => c.budgetTotals(),
    pageInfo: pageInfoOf,
  },
  InvestmentProject: {
    id: (p) => toGlobalId('InvestmentProject', p.id),
    projectId: (p) => p.id,
    withdrawnAt: (p) => p.withdrawnAt ?? null,
    budgetLines: (p, { fundingSource, year }) => lines(p, fundingSource, year),
    budgetTotals: (p, { fundingSource, year }) =>
      sumByCurrency(lines(p, fundingSource, year).map((l) => l.amount)),
    parties: (p, { role }) =>
      role == null ? p.parties : p.parties.filter((x) => x.roles.includes(GRAPH_TO_ROLE[role])),
    contractingProcessOcids: (p) => p.contractingProcesses.map((c) => c.ocid),
    // One read per item: an ocid procurement does not know fails only its own list entry.
    contractingProcesses: (p, _args, ctx) =>
      sourcedItems(p.contractingProcesses.map((c) => ctx.loaders.procurement.processByOcid.load(c.ocid))),
  },
  ProjectParty: {
    roles: (x) => x.roles.map((r) => ROLE_TO_GRAPH[r]),
    organization: (x) => organizationOf(x.registerNumber),
  },
  ContractingProcess: {
    projects: async (p, _args, ctx) => sourced(await ctx.loaders.investment.byOcid.load(p.ocid)),
  },
  Organization: {
    investmentProjects: async (o, { role }, ctx) => {
      const found = await ctx.loaders.investment.byRegisterNumber.load(o.registerNumber);
      if (role == null) return sourced(found);
      const wanted = GRAPH_TO_ROLE[role];
      return sourced(found, (projects) =>
        projects.filter((p) =>
          p.parties.some((x) => x.registerNumber === o.registerNumber && x.roles.includes(wanted)),
        ),
      );
    },
  },
};

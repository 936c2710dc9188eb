import type { ContractingProcessConnectionView } from '../src/context.js';
import type { ContractingProcess } from '../src/domain/index.js';
import {
  sumByCurrency,
  fromCursor,
  parseFirst,
  parseOcid,
  parseProcessFilter,
  toCursor,
  toGlobalId,
} from '../src/domain/index.js';
import type { Resolvers } from './generated/types.js';

/** A Relay page of `all` (already filtered and ordered): `first` items after the `after` cursor. */
export function processConnection(
  all: readonly ContractingProcess[],
  first: number,
  after: string | null | undefined,
): ContractingProcessConnectionView {
  const offset = after == null ? 0 : fromCursor(after) + 1;
  const page = all.slice(offset, offset + first);
  return {
    all,
    edges: page.map((node, i) => ({ cursor: toCursor(offset + i), node })),
    totalCount: all.length,
    hasNextPage: offset + first < all.length,
    hasPreviousPage: offset > 0,
  };
}

/** Thin resolvers: validate input, ask a loader, note where the record came from. */
export const procurementResolvers: Resolvers = {
  Query: {
    contractingProcess: async (_root, { ocid }, ctx, info) => {
      const fetched = await ctx.loaders.procurement.processByOcid.load(parseOcid(ocid));
      ctx.freshness.record(info.path, fetched.freshness);
      return fetched.value;
    },
    contractingProcesses: async (_root, { filter, first, after, feed }, ctx, info) => {
      const size = parseFirst(first);
      const listed = await ctx.loaders.procurement.list(parseProcessFilter(filter), feed ?? 'OCDS');
      ctx.freshness.record(info.path, listed.freshness);
      return processConnection(listed.value, size, after);
    },
  },
  ContractingProcessConnection: {
    valueTotals: (c) => sumByCurrency(c.all.map((p) => p.tender?.value ?? null)),
    pageInfo: (c) => ({
      hasNextPage: c.hasNextPage,
      hasPreviousPage: c.hasPreviousPage,
      startCursor: c.edges[0]?.cursor ?? null,
      endCursor: c.edges.at(-1)?.cursor ?? null,
    }),
  },
  ContractingProcess: {
    id: (p) => toGlobalId('ContractingProcess', p.ocid),
    parties: (p: ContractingProcess, { role }) =>
      role == null ? p.parties : p.parties.filter((party) => party.roles.includes(role)),
  },
};

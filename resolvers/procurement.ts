import type { ContractingProcess } from '../src/domain/index.js';
import {
  fromCursor,
  parseFirst,
  parseOcid,
  parseProcessFilter,
  toCursor,
  toGlobalId,
} from '../src/domain/index.js';
import type { Resolvers } from './generated/types.js';

/** Thin resolvers: validate input, ask a loader, note where the record came from. */
export const procurementResolvers: Resolvers = {
  Query: {
    contractingProcess: async (_root, { ocid }, ctx, info) => {
      const fetched = await ctx.loaders.procurement.processByOcid.load(parseOcid(ocid));
      ctx.freshness.record(info.path, fetched.freshness);
      return fetched.value;
    },
    contractingProcesses: async (_root, { filter, first, after }, ctx, info) => {
      const size = parseFirst(first);
      const offset = after == null ? 0 : fromCursor(after) + 1;
      const listed = await ctx.loaders.procurement.list(parseProcessFilter(filter));
      ctx.freshness.record(info.path, listed.freshness);
      const all = listed.value;
      const page = all.slice(offset, offset + size);
      return {
        edges: page.map((node, i) => ({ cursor: toCursor(offset + i), node })),
        totalCount: all.length,
        hasNextPage: offset + size < all.length,
        hasPreviousPage: offset > 0,
      };
    },
  },
  ContractingProcessConnection: {
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

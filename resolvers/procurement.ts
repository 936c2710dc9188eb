import type { ContractingProcess } from '../src/domain/index.js';
import { parseFirst, parseOcid, parseProcessFilter, toGlobalId } from '../src/domain/index.js';
import { pageInfoOf } from './common.js';
import type { Resolvers } from './generated/types.js';
import { sourced } from './sourced.js';

/** Thin resolvers: validate input, ask a loader, hand out what it read with where it came from. */
export const procurementResolvers: Resolvers = {
  Query: {
    contractingProcess: async (_root, { ocid }, ctx) =>
      sourced(await ctx.loaders.procurement.processByOcid.load(parseOcid(ocid))),
    contractingProcesses: async (_root, { filter, first, after, feed }, ctx) =>
      sourced(
        await ctx.loaders.procurement.page({
          feed: feed ?? 'OCDS',
          filter: parseProcessFilter(filter),
          first: parseFirst(first),
          after: after ?? null,
        }),
      ),
  },
  ContractingProcessConnection: {
    totalCount: (c) => c.totalCount(),
    valueTotals: (c) => c.valueTotals(),
    pageInfo: pageInfoOf,
  },
  ContractingProcess: {
    id: (p) => toGlobalId('ContractingProcess', p.ocid),
    parties: (p: ContractingProcess, { role }) =>
      role == null ? p.parties : p.parties.filter((party) => party.roles.includes(role)),
  },
};

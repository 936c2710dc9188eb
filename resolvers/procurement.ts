import type { ContractingProcessConnectionView } from '../src/context.js';
import type { ContractingProcess } from '../src/domain/index.js';
import { sumByCurrency, parseFirst, parseOcid, parseProcessFilter, toGlobalId } from '../src/domain/index.js';
import { pageInfoOf, pageOf } from './common.js';
import type { Resolvers } from './generated/types.js';

/** A page of contracting processes. */
export function processConnection(
  all: readonly ContractingProcess[],
  first: number,
  after: string | null | undefined,
): ContractingProcessConnectionView {
  return pageOf(all, first, after);
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
    pageInfo: pageInfoOf,
  },
  ContractingProcess: {
    id: (p) => toGlobalId('ContractingProcess', p.ocid),
    parties: (p: ContractingProcess, { role }) =>
      role == null ? p.parties : p.parties.filter((party) => party.roles.includes(role)),
  },
};

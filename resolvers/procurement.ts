import type { ContractingProcess } from '../src/domain/index.js';
import { sumByCurrency, parseFirst, parseOcid, parseProcessFilter, toGlobalId } from '../src/domain/index.js';
import { pageInfoOf, pageOf } from './common.js';
import type { Resolvers } from './generated/types.js';
import { sourced } from './sourced.js';

/** Thin resolvers: validate input, ask a loader, hand out what it read with where it came from. */
export const procurementResolvers: Resolvers = {
  Query: {
    contractingProcess: async (_root, { ocid }, ctx) =>
      sourced(await ctx.loaders.procurement.processByOcid.load(parseOcid(ocid))),
    contractingProcesses: async (_root, { filter, first, after, feed }, ctx) => {
      const size = parseFirst(first);
      const listed = await ctx.loaders.procurement.list(parseProcessFilter(filter), feed ?? 'OCDS');
      return sourced(listed, (processes) => pageOf(processes, size, after));
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

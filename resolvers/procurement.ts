import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../src/context.js';
import type { ContractingProcess, ProcessJsonKey } from '../src/domain/index.js';
import { parseFirst, parseOcid, parseProcessFilter, toGlobalId } from '../src/domain/index.js';
import { pageInfoOf } from './common.js';
import type { Resolvers } from './generated/types.js';
import { sourced } from './sourced.js';

/** The key of a process's OCDS JSON: the process, and whether it was read live (no harvest behind it). */
function jsonKey(process: ContractingProcess, ctx: GatewayContext, info: GraphQLResolveInfo): ProcessJsonKey {
  return { process, live: ctx.freshness.lookup(info.path)?.harvest == null };
}

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
    // Processes stored before notes were kept have none recorded: read as none.
    dataNotes: (p) => p.dataNotes ?? [],
    coercions: (p) => p.coercions ?? 0,
    parties: (p: ContractingProcess, { role }) =>
      role == null ? p.parties : p.parties.filter((party) => party.roles.includes(role)),
    // Values of the process: its freshness is theirs. They come from where the process came from, which
    // the freshness recorded for it says (read live, or served by the store: `harvest` set).
    compiledRelease: async (p, _args, ctx, info) =>
      (await ctx.loaders.procurement.processJson.load(jsonKey(p, ctx, info))).compiledRelease(),
    gatewayCompiledRelease: async (p, _args, ctx, info) =>
      (await ctx.loaders.procurement.processJson.load(jsonKey(p, ctx, info))).gatewayCompiledRelease(),
    versionedRelease: async (p, _args, ctx, info) =>
      (await ctx.loaders.procurement.processJson.load(jsonKey(p, ctx, info))).versionedRelease(),
  },
  BidStatistic: {
    // Only a figure with a currency is an amount; a count or a proportion has none.
    amount: (s) =>
      s.value !== null && s.currency !== null && s.currency !== ''
        ? { amount: s.value, currency: s.currency }
        : null,
  },
};

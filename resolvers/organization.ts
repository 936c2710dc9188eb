import type { GatewayContext } from '../src/context.js';
import type { EitiPayment, Fetched, PartyRole, ProcessPage } from '../src/domain/index.js';
import {
  ErrorCode,
  GatewayError,
  MN_CR,
  fromCursor,
  isRegisterNumber,
  parseFirst,
  parseRegisterNumber,
  quoteInput,
  toCursor,
  toGlobalId,
} from '../src/domain/index.js';
import { organizationOf, pageInfoOf } from './common.js';
import type { Resolvers } from './generated/types.js';
import { sourced, sourcedOrFail } from './sourced.js';
import type { EitiFacetView, OrganizationConnectionView, OrganizationView, Settled } from './views.js';

/** Settles a read so that its failure stays with the fields that need it. */
async function settle<T>(read: Promise<Fetched<T>>): Promise<Settled<T>> {
  return read.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/** The value of a settled read, or its error thrown at the field that needs it. */
function unwrap<T>(settled: Settled<T>): Fetched<T> {
  if (settled.ok) return settled.value;
  throw settled.error;
}

/** The error of the first failed read (every read failed when this is called). */
function firstError(...reads: readonly Settled<unknown>[]): unknown {
  for (const r of reads) if (!r.ok) return r.error;
  return new Error('No read failed.');
}

const byYear = <T extends { readonly year: number | null }>(
  items: readonly T[],
  year: number | null | undefined,
) => (year == null ? items : items.filter((i) => i.year === year));

const org = (registerNumber: string): OrganizationView => ({ registerNumber });

/** An empty page of search hits. */
const noHits = (offset: number): OrganizationConnectionView => ({
  edges: [],
  totalCount: 0,
  hasNextPage: false,
  hasPreviousPage: offset > 0,
});

/**
 * A page of the processes in which the entity appears with its MN-CR identifier in `role`, newest first,
 * read from the store (`changedSince`: those whose latest release is at or after it), with the store's
 * freshness as it was read.
 */
function facetPage(
  registerNumber: string,
  role: PartyRole,
  args: { first?: number | null; after?: string | null; changedSince?: string | null },
  ctx: GatewayContext,
): Promise<Fetched<ProcessPage>> {
  return ctx.loaders.procurement.page({
    feed: 'OCDS',
    filter: args.changedSince == null ? {} : { changedSince: args.changedSince },
    party: { role, scheme: MN_CR, id: registerNumber },
    first: parseFirst(args.first),
    after: args.after ?? null,
  });
}

/** Whether register data dated `updated` can hold changes made at or after `changedSince`. */
const registerChangedSince = (updated: string | null, changedSince: string | null | undefined) =>
  changedSince == null || updated === null || Date.parse(updated) >= Date.parse(changedSince);

/** Longest search input accepted, in code points. */
const MAX_SEARCH = 200;

export const organizationResolvers: Resolvers = {
  Query: {
    organization: (_root, { registerNumber }) => org(parseRegisterNumber(registerNumber)),
    organizations: async (_root, { search, legalForm, first, after, changedSince }, ctx) => {
      const size = parseFirst(first);
      const offset = after == null ? 0 : fromCursor(after) + 1;
      const query = search.normalize('NFC').trim();
      if (query.length === 0 || [...query].length > MAX_SEARCH) {
        throw new GatewayError(
          ErrorCode.BAD_USER_INPUT,
          `search must be 1 to ${MAX_SEARCH} characters of a name (Cyrillic or Latin) or a 7-digit register number; got ${quoteInput(search)}.`,
        );
      }
      // A register number goes straight to its record.
      if (isRegisterNumber(query)) {
        const found = await ctx.loaders.registry.entity.load(query);
        const hit =
          found.value !== null &&
          (legalForm == null || found.value.legalForm === legalForm) &&
          registerChangedSince(found.freshness.sourceUpdatedAt, changedSince);
        const edges =
          hit && offset === 0
            ? [{ cursor: toCursor(0), node: org(query), score: 1, matchedVariant: query }]
            : [];
        return sourced(found, () => ({
          edges,
          totalCount: hit ? 1 : 0,
          hasNextPage: false,
          hasPreviousPage: offset > 0,
        }));
      }
      const result = await ctx.loaders.registry.search(query, {
        limit: size,
        offset,
        ...(legalForm == null ? {} : { legalForm }),
      });
      if (!registerChangedSince(result.freshness.sourceUpdatedAt, changedSince))
        return sourced(result, () => noHits(offset));
      return sourced(result, ({ total, hits }) => ({
        edges: hits.map((h, i) => ({
          cursor: toCursor(offset + i),
          node: org(h.registerNumber),
          score: h.score,
          matchedVariant: h.matchedVariant,
        })),
        totalCount: total,
        hasNextPage: offset + hits.length < total,
        hasPreviousPage: offset > 0,
      }));
    },
  },
  OrganizationConnection: {
    pageInfo: pageInfoOf,
  },
  Organization: {
    id: (o) => toGlobalId('Organization', o.registerNumber),
    identifier: (o) => ({ scheme: MN_CR, id: o.registerNumber, legalName: null, uri: null }),
    // The name is a convenience: a register outage leaves it null without an error (`registry` reports it).
    name: async (o, _args, ctx) => {
      const found = await ctx.loaders.registry.entity.load(o.registerNumber).catch(() => null);
      return found === null ? null : sourced(found, (entity) => entity?.name ?? null);
    },
    registry: async (o, { revalidate }, ctx) => {
      const loader = revalidate === true ? ctx.loaders.registry.revalidated : ctx.loaders.registry.entity;
      const found = await loader.load(o.registerNumber);
      return sourcedOrFail(found, (source) => {
        const date = found.freshness.sourceUpdatedAt;
        return new GatewayError(
          ErrorCode.NOT_FOUND,
          `The legal-entity register does not list ${o.registerNumber}${date === null ? '' : ` (register data of ${date})`}.`,
          { source },
        );
      });
    },
    owners: async (o, _args, ctx) => sourced(await ctx.loaders.registry.ownersOf.load(o.registerNumber)),
    ownedEntities: async (o, _args, ctx) =>
      sourced(await ctx.loaders.registry.ownedBy.load(o.registerNumber)),
    eiti: async (o, _args, ctx) => {
      const n = o.registerNumber;
      const [organisations, reports, licences] = await Promise.all([
        settle(ctx.loaders.eiti.organisations.load(n)),
        settle(ctx.loaders.eiti.reports.load(n)),
        settle(ctx.loaders.eiti.licences.load(n)),
      ]);
      const facet: EitiFacetView = { registerNumber: n, organisations, reports, licences };
      // The facet's own freshness is that of the first upstream that answered; each field records its own.
      const answered = [organisations, reports, licences].find((r) => r.ok);
      if (answered === undefined) throw firstError(organisations, reports, licences);
      return sourced({ value: facet, freshness: answered.value.freshness });
    },
    procurement: async (o, _args, ctx) => sourced(await ctx.loaders.procurement.facet(o.registerNumber)),
  },
  EitiFacet: {
    organisations: (f) => sourced(unwrap(f.organisations)),
    reports: (f, { year }) => sourced(unwrap(f.reports), (reports) => byYear(reports, year)),
    licences: (f) => sourced(unwrap(f.licences)),
    payments: async (f, { year }, ctx) => {
      const organisations = byYear(unwrap(f.organisations).value, year);
      const reads = await ctx.loaders.eiti.payments.loadMany(organisations.map((o) => o.id));
      const failed = reads.find((r): r is Error => r instanceof Error);
      if (failed !== undefined) throw failed;
      const ok = reads as Fetched<readonly EitiPayment[]>[];
      const oldest = ok.reduce<Fetched<unknown> | null>(
        (a, r) => (a === null || r.freshness.fetchedAt < a.freshness.fetchedAt ? r : a),
        null,
      );
      return sourced(oldest ?? unwrap(f.organisations), () => ok.flatMap((r) => byYear(r.value, year)));
    },
  },
  ProcurementFacet: {
    asBuyer: async (f, args, ctx) => sourced(await facetPage(f.registerNumber, 'buyer', args, ctx)),
    asSupplier: async (f, args, ctx) => sourced(await facetPage(f.registerNumber, 'supplier', args, ctx)),
    asTenderer: async (f, args, ctx) => sourced(await facetPage(f.registerNumber, 'tenderer', args, ctx)),
  },
  OwnershipRelationship: {
    subject: (r) => organizationOf(r.subjectRegisterNumber),
  },
  Party: {
    organization: (p) => (p.identifier?.scheme === MN_CR ? organizationOf(p.identifier.id) : null),
  },
  InterestedParty: {
    identifiers: (p) =>
      p.identifiers.map((i) => ({ scheme: i.scheme, id: i.id, legalName: null, uri: null })),
    organization: (p) => organizationOf(p.registerNumber),
  },
};

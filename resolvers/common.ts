import { GraphQLError, GraphQLScalarType, Kind, type GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../src/context.js';
import {
  ErrorCode,
  GatewayError,
  ageSeconds,
  fromCursor,
  fromGlobalId,
  isRegisterNumber,
  isStale,
  ISO_8601,
  parseOcid,
  parseProjectId,
  parseRegisterNumber,
  quoteInput,
  toCursor,
  type Freshness,
  type SourceName,
} from '../src/domain/index.js';
import type { Resolvers } from './generated/types.js';
import { sourced, sourcedOrFail } from './sourced.js';
import type { EdgeView, OrganizationView, PageView } from './views.js';

function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || !ISO_8601.test(value) || Number.isNaN(Date.parse(value))) {
    throw new GraphQLError(
      'DateTime must be an ISO 8601 date or date-time, e.g. "2026-01-31" or "2026-01-31T08:00:00+08:00".',
      { extensions: { code: ErrorCode.BAD_USER_INPUT } },
    );
  }
  return value;
}

/** Output: epoch ms become ISO strings; upstream strings pass through as the upstream wrote them. */
export const DateTime = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  serialize: (value) => (typeof value === 'number' ? new Date(value).toISOString() : String(value)),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

/**
 * `value` itself when it is JSON as `JSON.parse` gives it (null, a boolean, a string, a finite number, an
 * array or a plain object of those); throws otherwise, so that nothing is silently dropped or turned into
 * something else on the way out (`undefined`, `NaN`, a `Date`, a `Map` would be).
 */
function jsonValue(value: unknown): unknown {
  const check = (v: unknown, at: string): void => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (Number.isFinite(v)) return;
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => check(item, `${at}/${i}`));
      return;
    } else if (typeof v === 'object') {
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto === Object.prototype || proto === null) {
        for (const [key, field] of Object.entries(v)) check(field, `${at}/${key}`);
        return;
      }
    }
    throw new TypeError(`JSON cannot represent the value at ${at || '/'} (${typeof v}).`);
  };
  check(value, '');
  return value;
}

function noJsonInput(): never {
  throw new GraphQLError('JSON is an output type: no argument takes it.', {
    extensions: { code: ErrorCode.BAD_USER_INPUT },
  });
}

/** Output only: any JSON value, written as it is (a whole OCDS release, extension fields included). */
export const JsonScalar = new GraphQLScalarType<never, unknown>({
  name: 'JSON',
  serialize: jsonValue,
  parseValue: noJsonInput,
  parseLiteral: noJsonInput,
});

/**
 * The `freshness` field of every `Sourced` type: the freshness recorded for the nearest ancestor
 * path that an upstream record backed. The server installs it on each type implementing `Sourced`.
 */
export function freshnessFromPath(
  _parent: unknown,
  _args: unknown,
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
): Freshness {
  const found = ctx.freshness.lookup(info.path);
  if (found === null) throw new Error(`No freshness was recorded above ${info.parentType.name}.freshness.`);
  return found;
}

/** The Organization a register number names, when the value is one (no name matching, ever). */
export function organizationOf(registerNumber: string | null | undefined): OrganizationView | null {
  return isRegisterNumber(registerNumber) ? { registerNumber } : null;
}

/** A Relay page of `all` (already filtered and ordered): `first` items after the `after` cursor. */
export function pageOf<T>(all: readonly T[], first: number, after: string | null | undefined): PageView<T> {
  const offset = after == null ? 0 : fromCursor(after) + 1;
  const page = all.slice(offset, offset + first);
  return {
    all,
    edges: page.map((node, i): EdgeView<T> => ({ cursor: toCursor(offset + i), node })),
    totalCount: all.length,
    hasNextPage: offset + first < all.length,
    hasPreviousPage: offset > 0,
  };
}

/** Relay `pageInfo` of a page built by `pageOf` (or shaped like one). */
export function pageInfoOf(c: {
  readonly edges: readonly { readonly cursor: string }[];
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
}) {
  return {
    hasNextPage: c.hasNextPage,
    hasPreviousPage: c.hasPreviousPage,
    startCursor: c.edges[0]?.cursor ?? null,
    endCursor: c.edges.at(-1)?.cursor ?? null,
  };
}

/** NOT_FOUND for a project id the investment package (read from `source`) does not list. */
export function projectNotFound(id: string, source: SourceName): GatewayError {
  return new GatewayError(ErrorCode.NOT_FOUND, `No investment project has id ${quoteInput(id)}.`, { source });
}

export const commonResolvers: Resolvers = {
  DateTime,
  JSON: JsonScalar,
  Freshness: {
    ageSeconds: (f, _args, ctx) => {
      ctx.freshness.observe(f);
      return ageSeconds(f, Date.now());
    },
    stale: (f, _args, ctx) => {
      ctx.freshness.observe(f);
      return isStale(f, Date.now());
    },
    staleReason: (f, _args, ctx) => {
      ctx.freshness.observe(f);
      return isStale(f, Date.now()) ? (f.staleReason ?? 'REVALIDATING') : null;
    },
    cache: (f, _args, ctx) => {
      ctx.freshness.observe(f);
      return f.cache;
    },
  },
  Node: {
    __resolveType: (node) =>
      'ocid' in node ? 'ContractingProcess' : 'budgetLines' in node ? 'InvestmentProject' : 'Organization',
  },
  Query: {
    node: async (_root, { id }, ctx) => {
      const { type, key } = fromGlobalId(id);
      switch (type) {
        case 'ContractingProcess':
          return sourced(await ctx.loaders.procurement.processByOcid.load(parseOcid(key)));
        case 'Organization':
          return { registerNumber: parseRegisterNumber(key) };
        case 'InvestmentProject':
          return sourcedOrFail(await ctx.loaders.investment.byId.load(parseProjectId(key)), (source) =>
            projectNotFound(key, source),
          );
        default:
          throw new GatewayError(ErrorCode.BAD_USER_INPUT, `Unknown node type ${String(type)}.`);
      }
    },
    sources: (_root, _args, ctx) => {
      ctx.freshness.volatile(); // health moves with every upstream call and with the clock
      return ctx.sources();
    },
  },
  SourceStatus: {
    dataQuality: (status, _args, ctx) => ctx.dataQuality(status.name),
  },
};

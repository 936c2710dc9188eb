import { AsyncLocalStorage } from 'node:async_hooks';
import {
  execute,
  getNamedType,
  isAbstractType,
  isLeafType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayContext } from '../../src/context.js';
import { toGlobalId, type SourceName } from '../../src/domain/index.js';
import { pathKey, type RecordSummary } from '../../src/freshness/index.js';
import { buildGatewaySchema } from '../../src/schema.js';
import { startHarness, type Harness } from '../helpers.js';

/**
 * Every value that comes from an upstream is backed by a record of THAT upstream in
 * `extensions.freshness` (docs/architecture.md, "Freshness model"). The test walks the whole schema with
 * generated queries (every field reachable from `Query`, within a depth bound), executes them with the
 * gateway's own schema and per-request context over the embedded recordings, and checks three things:
 *
 * 1. Every non-null leaf is backed by a record at its path or an ancestor's (as the collector's `lookup`
 *    finds it).
 * 2. That record's source is one the leaf's object can come from: `SOURCES_OF` names the allowed
 *    sources of the few types whose own fields come from a specific upstream; every other type (Money,
 *    Period, Identifier, Party, edges, ...) merely carries its parent's data and inherits the constraint
 *    of its nearest listed ancestor. An ancestor's record of another source (a `contractingProcess`
 *    record above `parties.0.organization.name`) therefore no longer passes for a field that forgot its
 *    own read. The `source` a `Sourced` object's `freshness` shows is held to the same constraint.
 * 3. Every upstream read a resolver makes is recorded where its value goes: the test wraps each field
 *    resolver of its copy of the schema to note the response path it runs for, and the context's loaders
 *    (the gateway's own, called through) to note which source each read answered from. A resolver at
 *    path P that read source S must leave a record of S at P or below (one that read several sources,
 *    like the EITI facet, a record of at least one of them: the others' values are handed to fields that
 *    may not be selected, and 2 holds those fields to their own source). This needs no table at all,
 *    and catches a field that reads the register and records nothing even where an ancestor's record of
 *    the same source satisfies 1 and 2 (an Organization below an ownership relationship).
 *
 * Observation only: the loaders and resolvers are called through unchanged, against the running
 * gateway's upstreams (the harness's `Gateway`), so the reads are the real ones. Queries run in process
 * rather than over HTTP because resolvers can only be observed in a schema the test holds; the records
 * are the collector's `summary`, exactly what the HTTP plugin writes (the second test goes through HTTP).
 * The few values that are the gateway's own are listed in `OWN_VALUES` with their reason.
 */

/** Sample data from the embedded recordings (tests/fixtures, docs/queries). */
const OCID = 'ocds-213czf-000-00001';
const PROJECT = 'mn-pip-fict-0001';
/**
 * A real entity; a fictional one with procurement, investment and owners; one with EITI organisations,
 * reports and payments; one with a mineral licence.
 */
const REGISTER_NUMBERS = ['2657457', '0996811', '2001454', '3623955'];

/** The argument lists each root field is called with; a root field missing here fails the test. */
const ROOT_CALLS: Readonly<Record<string, readonly string[]>> = {
  node: [
    `id: "${toGlobalId('ContractingProcess', OCID)}"`,
    `id: "${toGlobalId('Organization', '0996811')}"`,
    `id: "${toGlobalId('InvestmentProject', PROJECT)}"`,
  ],
  sources: [''],
  organization: REGISTER_NUMBERS.map((n) => `registerNumber: "${n}"`),
  organizations: ['search: "2657457"', 'search: "erdenet", first: 3', 'search: "Хартарвагатай", first: 3'],
  contractingProcess: [`ocid: "${OCID}"`],
  contractingProcesses: ['first: 5', 'first: 3, feed: TENDER_MN'],
  investmentProject: [`id: "${PROJECT}"`],
  investmentProjects: ['first: 5'],
};

/**
 * Values that are the gateway's own, not an upstream's: `Type.field` → why no record backs them.
 * The whole subtree below such a field is exempt.
 */
const OWN_VALUES: Readonly<Record<string, string>> = {
  'Query.sources': "the gateway's own view of each upstream's health",
  'Organization.registerNumber': 'the key the query named (below an upstream record it is backed anyway)',
  'Organization.id': 'the global id of that key',
  'Organization.identifier': 'the MN-CR identifier made of that key',
};

const PROCUREMENT: readonly SourceName[] = ['PROCUREMENT', 'TENDER_MN'];
/**
 * The sources the own fields of a type can come from. Only types that start another upstream's data are
 * listed; a type not listed carries its parent's data and inherits its nearest listed ancestor's sources
 * (a response object with no listed ancestor fails the test, so a new root type must be listed).
 */
const SOURCES_OF: Readonly<Record<string, readonly SourceName[]>> = {
  // The register: an entity's name and record, search hits, and ownership (with its parties, interests).
  Organization: ['REGISTRY'],
  RegistryRecord: ['REGISTRY'],
  OrganizationConnection: ['REGISTRY'],
  OwnershipRelationship: ['REGISTRY'],
  // EITI's organisations and payments; EITI Mongolia's e-reports and licence map.
  EitiFacet: ['EITI', 'EITI_MONGOLIA'],
  EitiOrganisation: ['EITI'],
  EitiPayment: ['EITI'],
  EitiReport: ['EITI_MONGOLIA'],
  MineralLicence: ['EITI_MONGOLIA'],
  // Procurement, from either adapter, with everything inside a process (parties, tender, awards, ...).
  ProcurementFacet: PROCUREMENT,
  ContractingProcessConnection: PROCUREMENT,
  ContractingProcess: PROCUREMENT,
  // Public investment projects, with their parties and budget lines.
  InvestmentProjectConnection: ['INVESTMENT'],
  InvestmentProject: ['INVESTMENT'],
};

/** Fields of these types show a record itself. */
const RECORD_TYPES = new Set(['Freshness']);

/** Object levels below a root field; a type seen once on the path is selected again for its leaves only. */
const MAX_DEPTH = 7;

/** The placements the generated queries must reach: `Parent.field>Type.field` of a leaf. */
const MUST_VISIT = [
  'Query.organization>Organization.name',
  'OrganizationEdge.node>Organization.name',
  'Party.organization>Organization.name',
  'ProjectParty.organization>Organization.name',
  'InterestedParty.organization>Organization.name',
  'OwnershipRelationship.subject>Organization.name',
  'Organization.registry>RegistryRecord.name',
  'OwnershipRelationship.interestedParty>InterestedParty.name',
  'OwnershipRelationship.interestedParty>InterestedParty.kind',
  'OwnershipRelationship.interests>OwnershipInterest.type',
  'EitiFacet.reports>EitiReport.year',
  'EitiFacet.payments>EitiPayment.year',
  'EitiFacet.licences>MineralLicence.number',
  'ContractingProcessEdge.node>ContractingProcess.ocid',
  'InvestmentProject.contractingProcesses>ContractingProcess.ocid',
  'ContractingProcess.projects>InvestmentProject.title',
  'Organization.investmentProjects>InvestmentProject.title',
  'OrganizationConnection.edges>OrganizationEdge.score',
];

/** Reads the observation must see: `Type.field SOURCE` of a resolver and what answered it. */
const MUST_READ = [
  'Organization.name REGISTRY',
  'Organization.registry REGISTRY',
  'Organization.owners REGISTRY',
  'Organization.eiti EITI',
  'Organization.eiti EITI_MONGOLIA',
  'EitiFacet.payments EITI',
  'Organization.procurement PROCUREMENT',
  'Organization.investmentProjects INVESTMENT',
  'Query.contractingProcess PROCUREMENT',
  'Query.contractingProcesses TENDER_MN',
  'InvestmentProject.contractingProcesses PROCUREMENT',
  'ContractingProcess.projects INVESTMENT',
  'Query.organizations REGISTRY',
  'Query.node INVESTMENT',
];

const schema: GraphQLSchema = buildGatewaySchema();

/** The arguments of a nested field: required arguments without a default have no sample, so they fail. */
function nestedArgs(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): string {
  const missing = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  if (missing.length > 0) {
    throw new Error(
      `${type.name}.${field.name} needs a sample value for ${missing.map((a) => a.name).join(', ')}.`,
    );
  }
  return '';
}

/** The field a response key names (`field__Member`, `field__argument` are aliases of `field`). */
const fieldOf = (key: string): string => key.split('__')[0] ?? key;

/**
 * The selection set of `type`: every field, objects expanded within the bounds. In a fragment on one
 * of an abstract type's members, fields are aliased `field__Member` (members' fields may conflict).
 */
function selection(
  type: GraphQLNamedType,
  path: readonly string[],
  leavesOnly: boolean,
  member = '',
): string {
  if (isAbstractType(type)) {
    const parts = schema
      .getPossibleTypes(type)
      .map((t) => `... on ${t.name} ${selection(t, path, leavesOnly, t.name)}`);
    return `{ __typename ${parts.join(' ')} }`;
  }
  if (!isObjectType(type)) return '';
  const seen = path.filter((name) => name === type.name).length;
  const inner = [...path, type.name];
  const fields: string[] = ['__typename'];
  for (const field of Object.values(type.getFields())) {
    const named = getNamedType(field.type);
    const call = `${member === '' ? '' : `${field.name}__${member}: `}${field.name}${nestedArgs(type, field)}`;
    // A Boolean argument (`registry(revalidate:)`) takes another path when true: ask both, on the root
    // field's own object only (revalidation is spaced upstream politeness, not for every nested entity).
    for (const arg of field.args.filter((a) => getNamedType(a.type).name === 'Boolean')) {
      if (path.length === 0 && !isLeafType(named))
        fields.push(
          `${field.name}__${arg.name}: ${field.name}(${arg.name}: true) ${selection(named, inner, false)}`,
        );
    }
    if (isLeafType(named)) fields.push(call);
    else if (RECORD_TYPES.has(named.name)) fields.push(`${call} ${selection(named, inner, false)}`);
    else if (leavesOnly || inner.length > MAX_DEPTH) continue;
    else {
      const again = path.includes(named.name) || named.name === type.name;
      if (again && seen > 0) continue;
      fields.push(`${call} ${selection(named, inner, again)}`);
    }
  }
  return `{ ${fields.join(' ')} }`;
}

/** One query per root call. */
function queries(): { name: string; query: string }[] {
  const root = schema.getQueryType()!;
  return Object.values(root.getFields()).flatMap((field) => {
    const calls = ROOT_CALLS[field.name];
    if (calls === undefined) throw new Error(`Query.${field.name} has no sample arguments in ROOT_CALLS.`);
    const named = getNamedType(field.type);
    return calls.map((args) => ({
      name: `${field.name}(${args})`,
      query: `{ ${field.name}${args === '' ? '' : `(${args})`} ${selection(named, [], false)} }`,
    }));
  });
}

/** One upstream read, as observed: the resolver that made it and the source that answered. */
interface Read {
  coordinate: string;
  path: string;
  source: SourceName;
}

/** The resolver running now (through its awaits): its coordinate and response path. */
const running = new AsyncLocalStorage<{ coordinate: string; path: string }>();

/**
 * The test's copy of the gateway's schema, each resolver run inside `running` (called through as it is,
 * after the schema's own `recordingSourced` wrapping).
 */
function observedSchema(): GraphQLSchema {
  const observed = buildGatewaySchema();
  for (const type of Object.values(observed.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve;
      if (resolve === undefined) continue;
      field.resolve = (parent, args, ctx, info) =>
        running.run(
          { coordinate: `${info.parentType.name}.${info.fieldName}`, path: pathKey(info.path) },
          () => resolve(parent, args, ctx, info),
        );
    }
  }
  return observed;
}

/** Notes the source of every `Fetched` a read resolved to, against the resolver that made it. */
function noting(reads: Read[], result: unknown): unknown {
  const frame = running.getStore();
  if (frame === undefined || !(result instanceof Promise)) return result;
  return result.then((value: unknown) => {
    for (const v of Array.isArray(value) ? (value as unknown[]) : [value]) {
      const source = (v as { freshness?: { source?: SourceName } } | null)?.freshness?.source;
      if (source !== undefined) reads.push({ ...frame, source });
    }
    return value;
  });
}

/** The context's loaders, each call passed through to the gateway's own and its answer noted. */
function observedLoaders(loaders: GatewayContext['loaders'], reads: Read[]): GatewayContext['loaders'] {
  const wrap = (member: unknown): unknown => {
    if (typeof member === 'function')
      return (...args: unknown[]) => noting(reads, (member as (...a: unknown[]) => unknown)(...args));
    return new Proxy(member as object, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        const method = (value as (...a: unknown[]) => unknown).bind(target);
        return key === 'load' || key === 'loadMany'
          ? (...args: unknown[]) => noting(reads, method(...args))
          : method;
      },
    });
  };
  return Object.fromEntries(
    Object.entries(loaders).map(([group, members]) => [
      group,
      Object.fromEntries(Object.entries(members as object).map(([name, m]) => [name, wrap(m)])),
    ]),
  ) as unknown as GatewayContext['loaders'];
}

interface Leaf {
  /** `Type.field`. */
  coordinate: string;
  /** `Parent.field>Type.field`: the field that led to the leaf's object, then the leaf. */
  placement: string;
  keys: (string | number)[];
  /** The nearest listed type at or above the leaf's object. */
  owner: string | null;
  /** For a `freshness` field: the source it shows (checked against `owner`). */
  shows?: SourceName;
}

/**
 * Every non-null leaf of a response that is not the gateway's own, and every `freshness` a `Sourced`
 * object shows, with the `Type.field` it is and the listed type it belongs to.
 */
function leavesOf(
  value: unknown,
  at: { type: string; via: string; owner: string | null },
  keys: (string | number)[],
  out: Leaf[],
): Leaf[] {
  if (value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    value.forEach((item, i) => leavesOf(item, at, [...keys, i], out));
    return out;
  }
  const object = value as Record<string, unknown>;
  const typeName = typeof object['__typename'] === 'string' ? object['__typename'] : at.type;
  const owner = typeName in SOURCES_OF ? typeName : at.owner;
  const type = schema.getType(typeName);
  for (const [key, v] of Object.entries(object)) {
    if (key === '__typename' || v === null || (Array.isArray(v) && v.length === 0)) continue;
    const coordinate = `${typeName}.${fieldOf(key)}`;
    if (coordinate in OWN_VALUES) continue;
    const field = isObjectType(type) ? type.getFields()[fieldOf(key)] : undefined;
    const named = field === undefined ? undefined : getNamedType(field.type);
    const leaf = { coordinate, placement: `${at.via}>${coordinate}`, keys: [...keys, key], owner };
    if (named !== undefined && RECORD_TYPES.has(named.name))
      out.push({ ...leaf, shows: (v as { source: SourceName }).source });
    else if (named !== undefined && isLeafType(named)) out.push(leaf);
    else leavesOf(v, { type: named?.name ?? typeName, via: coordinate, owner }, [...keys, key], out);
  }
  return out;
}

/** The record at `keys` or its nearest ancestor's, with the path it is at (the collector's `lookup`). */
function nearest(
  byPath: ReadonlyMap<string, RecordSummary>,
  keys: readonly (string | number)[],
): { path: string; record: RecordSummary } | null {
  for (let n = keys.length; n > 0; n--) {
    const path = keys.slice(0, n).join('.');
    const record = byPath.get(path);
    if (record !== undefined) return { path, record };
  }
  return null;
}

/**
 * `Parent.field>Type.field` of the field at `path` (a response path, `coordinate` its `Type.field`):
 * the field that led to its object, read from the `__typename`s of the response.
 */
function placementOf(data: unknown, path: string, coordinate: string): string {
  const keys = path.split('.');
  let via = 'Query';
  let value: unknown = data;
  for (const key of keys.slice(0, -1)) {
    if (value === null || typeof value !== 'object') break;
    const object = value as Record<string, unknown>;
    const type = object['__typename'];
    if (!Array.isArray(value)) via = `${typeof type === 'string' ? type : 'Query'}.${fieldOf(key)}`;
    value = object[key];
  }
  return `${via}>${coordinate}`;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    // The generated queries are far larger than any limit a client gets, and the walk is about
    // provenance, not timing: generous limits and time budgets so a busy machine cannot fail it.
    OPERATION_BUDGET_MS: '120000',
    UPSTREAM_ATTEMPT_DEADLINE_MS: '60000',
    UPSTREAM_HEADERS_TIMEOUT_MS: '60000',
    UPSTREAM_BODY_TIMEOUT_MS: '60000',
    RESPONSE_CACHE_MAX_ENTRIES: '0',
  });
}, 60_000);
afterAll(async () => {
  await h.close();
});

describe('freshness coverage', () => {
  it('backs every upstream value of every generated query with a record of its own source', async () => {
    for (const type of Object.keys(SOURCES_OF)) expect(isObjectType(schema.getType(type))).toBe(true);
    const observed = observedSchema();
    const gateway = h.gateway.gateway;
    /** Problems by check and placement: the first example and how many more there were. */
    const gaps = new Map<string, { message: string; more: number }>();
    const gap = (key: string, message: string) => {
      const seen = gaps.get(key);
      if (seen === undefined) gaps.set(key, { message, more: 0 });
      else seen.more += 1;
    };
    const visited = new Set<string>();
    const readers = new Set<string>();
    const unexpectedErrors: string[] = [];
    for (const { name, query } of queries()) {
      const reads: Read[] = [];
      const base = gateway.context();
      const ctx: GatewayContext = { ...base, loaders: observedLoaders(base.loaders, reads) };
      const scope = gateway.beginRequest();
      const result = await Promise.resolve(
        scope.run(() => execute({ schema: observed, document: parse(query), contextValue: ctx })),
      ).finally(() => scope.end());
      for (const e of result.errors ?? []) {
        const code = (e.originalError as { code?: unknown } | undefined)?.code ?? e.extensions['code'];
        if (code !== 'NOT_FOUND') unexpectedErrors.push(`${name}: ${e.path?.join('.')}: ${e.message}`);
      }
      const { records } = ctx.freshness.summary(Date.now());
      const byPath = new Map(records.flatMap((r) => r.paths.map((p) => [p, r] as const)));

      // 1 and 2: each leaf is backed by a record of a source its object can come from.
      for (const leaf of leavesOf(result.data, { type: 'Query', via: 'Query', owner: null }, [], [])) {
        visited.add(leaf.placement);
        const where = `${name}: ${leaf.keys.join('.')}`;
        const allowed = leaf.owner === null ? undefined : SOURCES_OF[leaf.owner];
        if (allowed === undefined) {
          gap(leaf.placement, `${leaf.placement} at ${where}: no type above it is listed in SOURCES_OF`);
          continue;
        }
        if (leaf.shows !== undefined) {
          if (!allowed.includes(leaf.shows))
            gap(
              leaf.placement,
              `${leaf.placement} at ${where} shows ${leaf.shows}; ${leaf.owner} comes from ${allowed.join(' or ')}`,
            );
          continue;
        }
        const found = nearest(byPath, leaf.keys);
        if (found === null) gap(leaf.placement, `${leaf.placement} at ${where}: no record backs it`);
        else if (!allowed.includes(found.record.source))
          gap(
            leaf.placement,
            `${leaf.placement} at ${where} is backed only by the ${found.record.source} record at ` +
              `${found.path}; ${leaf.owner} comes from ${allowed.join(' or ')}`,
          );
      }

      // 3: each resolver that read upstreams left a record of what it read where it put its value.
      const readsAt = new Map<string, { coordinate: string; sources: Set<SourceName> }>();
      for (const read of reads) {
        readers.add(`${read.coordinate} ${read.source}`);
        const at = readsAt.get(read.path) ?? { coordinate: read.coordinate, sources: new Set() };
        at.sources.add(read.source);
        readsAt.set(read.path, at);
      }
      for (const [path, { coordinate, sources }] of readsAt) {
        const recorded = records.some(
          (r) => sources.has(r.source) && r.paths.some((p) => p === path || p.startsWith(`${path}.`)),
        );
        if (!recorded) {
          const placement = placementOf(result.data, path, coordinate);
          gap(
            `read ${placement}`,
            `${placement} at ${name}: ${path} read ${[...sources].sort().join(' and ')} but no ` +
              'record of it is at or below that path',
          );
        }
      }
    }
    expect(
      [...gaps.values()].map((g) => (g.more === 0 ? g.message : `${g.message} (and ${g.more} more)`)).sort(),
    ).toEqual([]);
    expect(unexpectedErrors).toEqual([]);
    // The walk reached the places the freshness model is most easily forgotten in.
    expect(MUST_VISIT.filter((placement) => !visited.has(placement))).toEqual([]);
    // The observation saw the reads (a resolver or loader it failed to wrap would check nothing).
    expect(MUST_READ.filter((reader) => !readers.has(reader))).toEqual([]);
  }, 240_000);

  it('records the register for an organization name and lets the response be cached', async () => {
    const res = await h.query<{ organization: { name: string | null } }>(
      '{ organization(registerNumber: "2657457") { name } }',
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.organization?.name).toEqual(expect.any(String));
    const ext = res.body.extensions?.['freshness'] as { records: RecordSummary[] };
    expect(ext.records).toHaveLength(1);
    expect(ext.records[0]).toMatchObject({ source: 'REGISTRY', paths: ['organization.name'] });
    expect(res.headers.get('cache-control')).toMatch(/^max-age=\d+$/);
  });
});

import {
  getNamedType,
  isAbstractType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId, type Freshness } from '../../src/domain/index.js';
import { FreshnessCollector, type ResponsePath } from '../../src/freshness/index.js';
import { buildGatewaySchema } from '../../src/schema.js';
import { startHarness, type Harness } from '../helpers.js';

/**
 * Every value that comes from an upstream is backed by a record in `extensions.freshness`: this walks
 * the whole schema with generated queries (every field reachable from `Query`, within a depth bound),
 * runs them through a gateway over the embedded data, and looks up every non-null leaf of each response
 * in the records, the way the gateway's own collector does (a leaf is backed by a record at its path or
 * at an ancestor's). The few values that are the gateway's own are listed below with their reason.
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
/** Fields of these types show a record itself. */
const RECORD_TYPES = new Set(['Freshness']);

/** Object levels below a root field; a type seen once on the path is selected again for its leaves only. */
const MAX_DEPTH = 7;

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

/** Interned response paths, so that the collector's identity-keyed lookup works on parsed paths. */
class Paths {
  readonly #children = new Map<ResponsePath | undefined, Map<string | number, ResponsePath>>();
  at(keys: readonly (string | number)[]): ResponsePath {
    let prev: ResponsePath | undefined;
    for (const key of keys) {
      let children = this.#children.get(prev);
      if (children === undefined) this.#children.set(prev, (children = new Map()));
      let next = children.get(key);
      if (next === undefined) children.set(key, (next = { prev, key }));
      prev = next;
    }
    return prev!;
  }
}

interface RecordShown {
  source: Freshness['source'];
  url: string;
  paths: string[];
}

/** A collector holding the records a response reported, at their paths. */
function collectorOf(records: readonly RecordShown[], paths: Paths): FreshnessCollector {
  const collector = new FreshnessCollector();
  for (const r of records) {
    const f: Freshness = {
      source: r.source,
      url: r.url,
      fetchedAt: 0,
      sourceUpdatedAt: null,
      maxAgeSeconds: 0,
      staleReason: null,
      cache: 'MISS',
      cacheable: true,
      recording: null,
    };
    for (const p of r.paths)
      collector.record(paths.at(p.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k))), f);
  }
  return collector;
}

interface Leaf {
  coordinate: string;
  keys: (string | number)[];
}

/** Every non-null leaf of a response that is not the gateway's own, with its `Type.field`. */
function leavesOf(value: unknown, parentType: string, keys: (string | number)[], out: Leaf[]): Leaf[] {
  if (value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    value.forEach((item, i) => leavesOf(item, parentType, [...keys, i], out));
    return out;
  }
  const object = value as Record<string, unknown>;
  const typeName = typeof object['__typename'] === 'string' ? object['__typename'] : parentType;
  const type = schema.getType(typeName);
  for (const [key, v] of Object.entries(object)) {
    if (key === '__typename' || v === null || (Array.isArray(v) && v.length === 0)) continue;
    const coordinate = `${typeName}.${fieldOf(key)}`;
    if (coordinate in OWN_VALUES) continue;
    const field = isObjectType(type) ? type.getFields()[fieldOf(key)] : undefined;
    const named = field === undefined ? undefined : getNamedType(field.type);
    if (named !== undefined && RECORD_TYPES.has(named.name)) continue;
    if (named !== undefined && isLeafType(named)) out.push({ coordinate, keys: [...keys, key] });
    else leavesOf(v, named?.name ?? typeName, [...keys, key], out);
  }
  return out;
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
    LIMIT_MAX_DEPTH: '128',
    LIMIT_MAX_COST: '100000000',
    LIMIT_MAX_TOKENS: '50000',
    LIMIT_MAX_ALIASES: '10000',
    LIMIT_MAX_CHARACTERS: '262144',
    RESPONSE_CACHE_MAX_ENTRIES: '0',
  });
}, 60_000);
afterAll(async () => {
  await h.close();
});

describe('freshness coverage', () => {
  it('backs every upstream value of every generated query with a freshness record', async () => {
    const unbacked = new Map<string, string>();
    const seen = new Set<string>();
    const unexpectedErrors: string[] = [];
    for (const { name, query } of queries()) {
      const res = await h.query(query);
      for (const e of res.body.errors ?? []) {
        if (e.extensions?.['code'] !== 'NOT_FOUND') unexpectedErrors.push(`${name}: ${e.message}`);
      }
      const ext = res.body.extensions?.['freshness'] as { records: RecordShown[] } | undefined;
      const paths = new Paths();
      const collector = collectorOf(ext?.records ?? [], paths);
      for (const leaf of leavesOf(res.body.data, 'Query', [], [])) {
        seen.add(leaf.coordinate);
        if (collector.lookup(paths.at(leaf.keys)) === null && !unbacked.has(leaf.coordinate))
          unbacked.set(leaf.coordinate, `${name}: ${leaf.keys.join('.')}`);
      }
    }
    expect([...unbacked].map(([coordinate, where]) => `${coordinate} at ${where}`)).toEqual([]);
    expect(unexpectedErrors).toEqual([]);
    // The walk reached the values the freshness model is most easily forgotten for.
    for (const coordinate of [
      'Organization.name',
      'InterestedParty.name',
      'InterestedParty.kind',
      'OwnershipInterest.type',
      'RegistryRecord.name',
      'EitiReport.year',
      'MineralLicence.number',
      'ContractingProcess.ocid',
      'InvestmentProject.title',
      'OrganizationEdge.score',
    ])
      expect(seen).toContain(coordinate);
  }, 240_000);

  it('records the register for an organization name and lets the response be cached', async () => {
    const res = await h.query<{ organization: { name: string | null } }>(
      '{ organization(registerNumber: "2657457") { name } }',
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.organization?.name).toEqual(expect.any(String));
    const ext = res.body.extensions?.['freshness'] as { records: RecordShown[] };
    expect(ext.records).toHaveLength(1);
    expect(ext.records[0]).toMatchObject({ source: 'REGISTRY', paths: ['organization.name'] });
    expect(res.headers.get('cache-control')).toMatch(/^max-age=\d+$/);
  });
});

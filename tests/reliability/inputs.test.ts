import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { settle, startHarness, type Harness } from '../helpers.js';
import { codesOf, recordCase } from './report.js';
import { KNOWN_CODES } from './invariants.js';

/*
 * docs/reliability.md §12a rows 1–21: every bad client input, as a table of cases sent with raw `fetch`
 * to a running gateway over the replay server. Each case names its row, how the request is built
 * (one helper per request shape) and what must come back; one helper asserts the §12c invariants for
 * every case (well-formed JSON body, codes from our set, no upstream URL in a message, the exact
 * upstream call count) and records what was observed. Row 22 is the property run in
 * `property-documents.test.ts`.
 *
 * Our limits are those of src/config.ts (depth 12, root fields 15, ...), and docs/reliability.md "Limits" says why.
 */

/** The gateways cases run against: defaults, raised document limits, production. */
type GatewayName = 'default' | 'largeDocuments' | 'production';
const GATEWAY_ENV: Record<GatewayName, Record<string, string>> = {
  default: {},
  // Behind raised character and token limits the structural limits can be reached on their own.
  largeDocuments: { LIMIT_MAX_CHARACTERS: '262144', LIMIT_MAX_TOKENS: '50000' },
  production: { NODE_ENV: 'production', INTROSPECTION: 'false' },
};

interface Target {
  readonly h: Harness;
  readonly endpoint: string;
  /** How many request contexts the gateway has built so far. */
  readonly contexts: () => number;
}

interface GqlBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/** What came back: status, headers, and the body as bytes, text and parsed JSON. */
interface Observed {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: GqlBody;
}

interface Expectation {
  readonly status: number;
  /** The code of the first error (a rejection), or of the field error at `path`. */
  readonly code: string;
  readonly message?: RegExp;
  /** The field whose error this is: its data is `null`, and `siblings` still resolve. */
  readonly path?: readonly (string | number)[];
  /** Root fields (beside `path`) that must hold data. */
  readonly siblings?: readonly string[];
  /** Exact upstream requests the case may cause (0 unless told: every rejected input costs none). */
  readonly upstreamCalls?: number;
  /** Whether the gateway may build a request context (false: refused before Apollo Server ran). */
  readonly contextBuilt?: false;
  readonly headers?: Readonly<Record<string, string | RegExp>>;
  /** Anything else to assert, e.g. a second request compared with the first. */
  readonly check?: (observed: Observed, target: Target) => void | Promise<void>;
}

interface Case {
  readonly row: number;
  readonly case: string;
  readonly gateway?: GatewayName;
  readonly send: (target: Target) => Promise<Observed>;
  readonly expect: Expectation;
}

// ---------------------------------------------------------------------------------------------
// Request shapes.

const JSON_TYPE = { 'content-type': 'application/json' };
/** The header Apollo Server's CSRF prevention asks of a GET (docs/errors.md "Request errors"; docs/reliability.md §12a row 3). */
const PREFLIGHT = { 'apollo-require-preflight': 'true' };

/** Sends one request and reads the whole response; the body must be UTF-8 JSON. */
async function send(
  target: Target,
  init: { method: string; headers?: Record<string, string>; body?: BodyInit; search?: string },
): Promise<Observed> {
  const res = await fetch(`${target.endpoint}${init.search ?? ''}`, {
    method: init.method,
    headers: init.headers ?? {},
    ...(init.body === undefined ? {} : { body: init.body }),
    // A streamed body needs half duplex.
    ...(init.body instanceof ReadableStream ? { duplex: 'half' } : {}),
    signal: AbortSignal.timeout(15_000),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  // Throws on bytes that are not UTF-8, or that hold a lone surrogate's encoding.
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as GqlBody };
}

/** POST of raw bytes or text with the given headers. */
const postRaw =
  (body: BodyInit, headers: Record<string, string> = JSON_TYPE) =>
  (t: Target) =>
    send(t, { method: 'POST', headers, body });

/** POST of a JSON value. */
const postJson = (value: unknown, headers: Record<string, string> = {}) =>
  postRaw(JSON.stringify(value), { ...JSON_TYPE, ...headers });

/** POST of one GraphQL operation. */
const gql = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
  postJson({ query, ...(variables ? { variables } : {}), ...(operationName ? { operationName } : {}) });

/** GET with the given query parameters. */
const get =
  (params: Record<string, string>, headers: Record<string, string> = PREFLIGHT) =>
  (t: Target) =>
    send(t, { method: 'GET', headers, search: `?${new URLSearchParams(params).toString()}` });

/** Any method, with a JSON body. */
const method = (name: string, value: unknown) => (t: Target) =>
  send(t, { method: name, headers: JSON_TYPE, body: JSON.stringify(value) });

/** A body of `total` bytes streamed in 64 KiB chunks without a Content-Length. */
const streamed = (total: number) => (t: Target) => {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return send(t, { method: 'POST', headers: JSON_TYPE, body });
};

/** A JSON body of exactly `bytes` bytes: a small operation padded by an unused field. */
function paddedBody(bytes: number): string {
  const head = '{"query":"{ __typename }","pad":"';
  return `${head}${'x'.repeat(bytes - head.length - 2)}"}`;
}

// ---------------------------------------------------------------------------------------------
// Documents.

const ORG = '0996811';
/** organization → owners → interestedParty → organization, `hops` times, 3 fields deep each. */
const ownersChain = (hops: number, inner: string) => {
  let q = inner;
  for (let i = 0; i < hops; i++) q = `organization { owners { interestedParty { ${q} } } }`;
  return q.replace('organization {', `organization(registerNumber: "${ORG}") {`);
};
const aliases = (n: number, field: string) =>
  `{ ${Array.from({ length: n }, (_, i) => `x${i}: ${field}`).join(' ')} }`;
const SEARCH =
  'query($s: String!) { organizations(search: $s, first: 5) { totalCount edges { matchedVariant node { name } } } }';
const search = (s: string) => gql(SEARCH, { s });
const base64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
/** NFC "Хайрхан" and its NFD form (й = и + U+0306). */
const NFC = 'Хайрхан';
const NFD = NFC.normalize('NFD');

/** Row 18: the ID arguments, each with an input of the wrong form for it. */
const ID_FIELDS = [
  { field: 'organization', arg: 'registerNumber', type: 'String!', select: 'name', wrong: '123456' },
  { field: 'contractingProcess', arg: 'ocid', type: 'String!', select: 'ocid', wrong: '..' },
  { field: 'investmentProject', arg: 'id', type: 'String!', select: 'id', wrong: '-pip-1' },
  { field: 'node', arg: 'id', type: 'ID!', select: 'id', wrong: base64url('Unknown:1') },
] as const;
/** Row 18: inputs no ID may take (docs/reliability.md §12a row 18). */
const BAD_IDS: readonly (readonly [string, string])[] = [
  ['empty', ''],
  ['10 KB long', 'A'.repeat(10 * 1024)],
  ['`../admin`', '../admin'],
  ['`%2e%2e%2f`', '%2e%2e%2f'],
  ['`1 OR 1=1`', '1 OR 1=1'],
  ['CRLF header injection', 'a\r\nX-Injected: 1'],
  ['absolute URL', 'http://169.254.169.254/'],
];

/**
 * Row 18: inputs of `BAD_IDS` that are ocids as a publisher may write them (an ocid is refused only when it
 * cannot be an id: src/domain/ids.ts): each reaches the upstream as one percent-encoded path segment.
 */
const ACCEPTED_OCIDS: ReadonlySet<string> = new Set([
  '../admin',
  '%2e%2e%2f',
  '1 OR 1=1',
  'http://169.254.169.254/',
]);

/** An ocid that is not refused: looked up as given, it reaches the upstream as `path`, and is not found. */
function ocidReaches(row: number, label: string, send: Case['send'], path: string): Case {
  return {
    row,
    case: `${label} reaches the upstream as one encoded path segment`,
    send,
    expect: {
      status: 200,
      code: 'NOT_FOUND',
      path: ['bad'],
      upstreamCalls: 1,
      check: (_o, t) => expect(t.h.replay.requests.at(-1)?.path).toBe(path),
    },
  };
}
const ocidQuery = (value: string) =>
  gql('query($v: String!) { bad: contractingProcess(ocid: $v) { ocid } }', { v: value });
const nodeQuery = (id: string) => gql('query($v: ID!) { bad: node(id: $v) { id } }', { v: id });

/** A bad ID as a variable of an ID field, beside `sources` (which needs no upstream). */
function idCase(f: (typeof ID_FIELDS)[number], label: string, value: string): Case {
  return {
    row: 18,
    case: `${f.field}(${f.arg}:) ${label}`,
    send: gql(`query($v: ${f.type}) { bad: ${f.field}(${f.arg}: $v) { ${f.select} } sources { name } }`, {
      v: value,
    }),
    expect: {
      status: 200,
      code: 'BAD_USER_INPUT',
      path: ['bad'],
      siblings: ['sources'],
      // Control characters of the input are never echoed (no header or log-line injection).
      // eslint-disable-next-line no-control-regex
      check: (o) => expect(o.body.errors?.[0]?.message).not.toMatch(/[\r\n\u0000\u202e]/),
    },
  };
}

const CASES: readonly Case[] = [
  // 1. Malformed JSON.
  ...['{"query":', 'NONSENSE'].map((raw): Case => ({
    row: 1,
    case: `malformed JSON body \`${raw}\``,
    send: postRaw(raw),
    expect: { status: 400, code: 'BAD_REQUEST', message: /not valid JSON/, contextBuilt: false },
  })),
  // 2. Wrong shapes.
  {
    row: 2,
    case: '`query` not a string',
    send: postJson({ query: 1 }),
    expect: { status: 400, code: 'BAD_REQUEST', message: /must be strings/ },
  },
  {
    row: 2,
    case: '`query` not a string, accepting graphql-response+json',
    send: postJson({ query: 1 }, { accept: 'application/graphql-response+json' }),
    expect: {
      status: 400,
      code: 'BAD_REQUEST',
      headers: { 'content-type': /^application\/graphql-response\+json/ },
    },
  },
  {
    row: 2,
    case: '`variables: []`',
    send: postJson({ query: '{ __typename }', variables: [] }),
    expect: { status: 400, code: 'BAD_REQUEST', message: /`variables`/ },
  },
  {
    row: 2,
    case: '`qeury` typo',
    send: postJson({ qeury: '{ __typename }' }),
    expect: { status: 400, code: 'BAD_REQUEST', message: /non-empty `query`/ },
  },
  {
    row: 2,
    case: '`operationName: 0`',
    send: postJson({ query: '{ __typename }', operationName: 0 }),
    expect: { status: 400, code: 'BAD_REQUEST', message: /`operationName`/ },
  },
  // 3. CSRF prevention.
  {
    row: 3,
    case: 'POST with `Content-Type: text/plain`',
    send: postRaw(JSON.stringify({ query: '{ __typename }' }), { 'content-type': 'text/plain' }),
    expect: { status: 400, code: 'BAD_REQUEST', message: /Cross-Site Request Forgery/, contextBuilt: false },
  },
  {
    row: 3,
    case: 'GET without a preflight header',
    send: get({ query: '{ __typename }' }, {}),
    expect: { status: 400, code: 'BAD_REQUEST', message: /Cross-Site Request Forgery/, contextBuilt: false },
  },
  // 4. Media types and charsets.
  {
    row: 4,
    case: 'GET with `Content-Type: text/plain` (and the preflight header)',
    send: get({ query: '{ __typename }' }, { ...PREFLIGHT, 'content-type': 'text/plain' }),
    expect: { status: 415, code: 'BAD_REQUEST', message: /content-type/ },
  },
  ...['latin1', 'utf-7'].map((charset): Case => ({
    row: 4,
    case: `JSON body with \`charset=${charset}\``,
    send: postRaw(JSON.stringify({ query: '{ __typename }' }), {
      'content-type': `application/json; charset=${charset}`,
    }),
    expect: { status: 415, code: 'BAD_REQUEST', message: /Only UTF-8/, contextBuilt: false },
  })),
  // 5. Methods.
  {
    row: 5,
    case: '`mutation` over GET',
    send: get({ query: 'mutation { __typename }' }),
    expect: { status: 405, code: 'BAD_REQUEST', headers: { allow: 'POST' } },
  },
  {
    row: 5,
    case: '`PUT`',
    send: method('PUT', { query: '{ __typename }' }),
    expect: { status: 405, code: 'BAD_REQUEST', headers: { allow: 'GET, POST' } },
  },
  // 6. Accept.
  {
    row: 6,
    case: 'POST with `Accept: text/html` only',
    send: postJson({ query: '{ __typename }' }, { accept: 'text/html' }),
    expect: { status: 406, code: 'BAD_REQUEST', message: /accept/ },
  },
  // 7. Body size.
  {
    row: 7,
    case: 'body of 256 KiB + 1 B',
    send: postRaw(paddedBody(256 * 1024 + 1)),
    expect: { status: 413, code: 'BAD_REQUEST', message: /262144 bytes/, contextBuilt: false },
  },
  {
    row: 7,
    case: '10 MB body streamed without Content-Length',
    send: streamed(10 * 1024 * 1024),
    expect: { status: 413, code: 'BAD_REQUEST', message: /262144 bytes/, contextBuilt: false },
  },
  // 8. Document size.
  {
    row: 8,
    case: '15 001-character query',
    send: gql(`{ __typename }\n#${'x'.repeat(15_001 - 16)}`),
    expect: { status: 400, code: 'MAX_CHARACTERS', message: /15001 characters; the limit is 15000/ },
  },
  {
    row: 8,
    case: '2 001-token query',
    send: gql(`{ ${'__typename '.repeat(1_000)}${'a '.repeat(999)}}`),
    expect: { status: 400, code: 'MAX_TOKENS', message: /2001 tokens; the limit is 2000/ },
  },
  {
    row: 8,
    case: '`{ f f f … ×10 000 }` without aliases',
    send: gql(`{${' f'.repeat(10_000)} }`),
    expect: { status: 400, code: 'MAX_CHARACTERS' },
  },
  {
    row: 8,
    case: '`{ f f f … ×10 000 }` behind raised document limits',
    gateway: 'largeDocuments',
    send: gql(`{${' f'.repeat(10_000)} }`),
    expect: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  },
  // 9. Depth.
  {
    row: 9,
    case: 'depth 13 (limit 12)',
    send: gql(`{ ${ownersChain(4, 'name')} }`),
    expect: { status: 400, code: 'MAX_DEPTH', message: /13 fields deep; the limit is 12/ },
  },
  {
    row: 9,
    case: 'depth 10 000 `{a{a{a…`',
    send: gql(`${'{a'.repeat(10_000)}${'}'.repeat(10_000)}`),
    expect: { status: 400, code: 'MAX_CHARACTERS' },
  },
  {
    row: 9,
    case: 'depth 10 000 `{a{a{a…` behind raised document limits',
    gateway: 'largeDocuments',
    send: gql(`${'{a'.repeat(10_000)}${'}'.repeat(10_000)}`),
    expect: { status: 400, code: 'MAX_DEPTH', message: /nests brackets 10000 levels deep/ },
  },
  // 10. Aliases.
  {
    row: 10,
    case: '16 aliases (limit 15)',
    send: gql(aliases(16, 'sources { name }')),
    expect: { status: 400, code: 'MAX_ALIASES', message: /16 aliases; the limit is 15/ },
  },
  {
    row: 10,
    case: 'alias bomb 1 000 × `organization`',
    send: gql(aliases(1000, `organization(registerNumber: "${ORG}") { name }`)),
    expect: { status: 400, code: 'MAX_CHARACTERS' },
  },
  {
    row: 10,
    case: 'alias bomb 1 000 × `organization` behind raised document limits',
    gateway: 'largeDocuments',
    send: gql(aliases(1000, `organization(registerNumber: "${ORG}") { name }`)),
    expect: { status: 400, code: 'MAX_ALIASES', message: /1000 aliases/ },
  },
  // 11. Directives.
  {
    row: 11,
    case: '51 × `@include(if: true)` (limit 50)',
    send: gql(`{ sources { name ${'name @include(if: true) '.repeat(51)}} }`),
    expect: { status: 400, code: 'MAX_DIRECTIVES', message: /51 directives; the limit is 50/ },
  },
  {
    row: 11,
    case: '1 000 × `@include(if: true)`',
    send: gql(
      `{ sources { ${'...F @include(if: true) '.repeat(1000)}} } fragment F on SourceStatus { name }`,
    ),
    expect: { status: 400, code: 'MAX_CHARACTERS' },
  },
  {
    row: 11,
    case: '1 000 × `@include(if: true)` behind raised document limits',
    gateway: 'largeDocuments',
    send: gql(
      `{ sources { ${'...F @include(if: true) '.repeat(1000)}} } fragment F on SourceStatus { name }`,
    ),
    expect: { status: 400, code: 'MAX_DIRECTIVES', message: /1000 directives/ },
  },
  // 12. Fragment cycles.
  {
    row: 12,
    case: 'circular fragments A → B → A',
    send: gql(`{ organization(registerNumber: "${ORG}") { ...A } }
      fragment A on Organization { name ...B }
      fragment B on Organization { registerNumber ...A }`),
    expect: {
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: /Cannot spread fragment "A" within itself/,
    },
  },
  {
    row: 12,
    case: 'self-spread',
    send: gql('{ sources { ...S } } fragment S on SourceStatus { name ...S }'),
    expect: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Cannot spread fragment "S"/ },
  },
  // 13. Bypasses.
  {
    row: 13,
    case: 'query and fragment named `__schema`, the fragment shallow and spread deep',
    send: gql(`query __schema { ${ownersChain(3, 'organization { ...__schema }')} }
      fragment __schema on Organization { owners { interestedParty { organization { name } } } }`),
    expect: { status: 400, code: 'MAX_DEPTH', message: /14 fields deep; the limit is 12/ },
  },
  // 14. Introspection.
  {
    row: 14,
    case: 'introspection in production',
    gateway: 'production',
    send: gql('{ __schema { types { name } } }'),
    expect: {
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: /introspection is not allowed/,
      check: (o) =>
        expect(o.body.errors?.[0]?.extensions?.['validationErrorCode']).toBe('INTROSPECTION_DISABLED'),
    },
  },
  {
    row: 14,
    case: '`__schema{types{fields{type{fields…` with introspection on',
    send: gql(
      '{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }',
    ),
    expect: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /introspection/i },
  },
  // 15. Suggestions.
  ...['{ datset }', '{ organizatio(registerNumber: "1") { name } }'].map((query): Case => ({
    row: 15,
    case: `\`${query}\` in production`,
    gateway: 'production',
    send: gql(query),
    expect: {
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: /Cannot query field/,
      check: (o) => expect(o.body.errors?.[0]?.message).not.toMatch(/Did you mean/),
    },
  })),
  {
    row: 15,
    case: 'the same typo outside production suggests',
    send: gql('{ organizatio(registerNumber: "1") { name } }'),
    expect: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Did you mean "organization/ },
  },
  // 16. Batching.
  ...(
    [
      ['`[op, op]`', 2],
      ['`[]`', 0],
      ['1 000 operations', 1000],
    ] as const
  ).map(([label, n]): Case => ({
    row: 16,
    case: `HTTP batch ${label}`,
    send: postJson(Array.from({ length: n }, () => ({ query: '{ __typename }' }))),
    expect: { status: 400, code: 'BAD_REQUEST', message: /batching/i },
  })),
  // 17. Page sizes.
  ...[99_999_999, -1, 0].map((first): Case => ({
    row: 17,
    case: `\`first: ${first}\``,
    send: gql(`{ contractingProcesses(first: ${first}) { totalCount } sources { name } }`),
    expect: {
      status: 200,
      code: 'BAD_USER_INPUT',
      path: ['contractingProcesses'],
      siblings: ['sources'],
      message: /1 to 100/,
    },
  })),
  // 18. Invalid IDs: no upstream request is built for any of them.
  ...ID_FIELDS.flatMap((f) => [
    idCase(f, 'wrong format', f.wrong),
    ...BAD_IDS.filter(([, value]) => f.field !== 'contractingProcess' || !ACCEPTED_OCIDS.has(value)).map(
      ([label, value]) => idCase(f, label, value),
    ),
  ]),
  ...BAD_IDS.filter(([, value]) => ACCEPTED_OCIDS.has(value)).map(([label, value]) =>
    ocidReaches(
      18,
      `contractingProcess(ocid:) ${label}`,
      ocidQuery(value),
      `/ocds/records/${encodeURIComponent(value)}`,
    ),
  ),
  ...(
    [
      ['Organization', '../admin'],
      ['InvestmentProject', '../admin'],
      ['ContractingProcess', '..'],
      ['ContractingProcess', 'ocds-213czf-a\r\nX-Injected: 1'],
    ] as const
  ).map(([type, key]) =>
    idCase(ID_FIELDS[3], `global id of ${type} \`${JSON.stringify(key)}\``, base64url(`${type}:${key}`)),
  ),
  ...['ocds-213czf-../admin', 'ocds-213czf-%2e%2e%2f'].map((key) =>
    ocidReaches(
      18,
      `node(id:) global id of ContractingProcess \`${JSON.stringify(key)}\``,
      nodeQuery(base64url(`ContractingProcess:${key}`)),
      `/ocds/records/${encodeURIComponent(key)}`,
    ),
  ),
  {
    row: 18,
    case: 'a valid ocid with `/` and `:` reaches the upstream as one encoded path segment',
    send: gql('{ contractingProcess(ocid: "ocds-213czf-a/b:c") { ocid } }'),
    expect: {
      status: 200,
      code: 'NOT_FOUND',
      path: ['contractingProcess'],
      upstreamCalls: 1,
      check: (_o, t) => expect(t.h.replay.requests.at(-1)?.path).toBe('/ocds/records/ocds-213czf-a%2Fb%3Ac'),
    },
  },
  // 19. Variable coercion.
  {
    row: 19,
    case: '`$id: ID!` given `{}`',
    send: gql('query($id: ID!) { node(id: $id) { id } }', { id: {} }),
    expect: { status: 400, code: 'BAD_USER_INPUT', message: /\$id/ },
  },
  {
    row: 19,
    case: '`$id: ID!` missing',
    send: gql('query($id: ID!) { node(id: $id) { id } }'),
    expect: { status: 400, code: 'BAD_USER_INPUT', message: /was not provided/ },
  },
  // 20. Operation resolution.
  {
    row: 20,
    case: 'unknown `operationName`',
    send: gql('query A { __typename }', undefined, 'B'),
    expect: { status: 400, code: 'OPERATION_RESOLUTION_FAILURE', message: /Unknown operation named "B"/ },
  },
  {
    row: 20,
    case: 'two named operations, no `operationName`',
    send: gql('query A { __typename } query B { __typename }'),
    expect: { status: 400, code: 'OPERATION_RESOLUTION_FAILURE', message: /Must provide operation name/ },
  },
  {
    row: 20,
    case: 'two anonymous operations (refused by validation first)',
    send: gql('{ __typename } { __typename }'),
    expect: {
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: /anonymous operation must be the only/,
    },
  },
  // 21. Unicode and Cyrillic.
  ...['Москва', 'Санкт-Петербург'].map((term): Case => ({
    row: 21,
    case: `search "${term}"`,
    send: search(term),
    expect: {
      status: 200,
      code: 'NONE',
      check: (o) => {
        const found = o.body.data?.['organizations'] as { edges: { node: { name: string } }[] };
        // Cyrillic names come back byte-exact: the first word of the term is in a returned name.
        expect(found.edges.some((e) => e.node.name.includes(term.split('-')[0]!))).toBe(true);
      },
    },
  })),
  {
    row: 21,
    case: 'mixed-script homoglyph "Мoscow"',
    send: search('Мoscow'),
    expect: { status: 200, code: 'NONE' },
  },
  {
    row: 21,
    case: 'NFD "й" (и + U+0306) gives what NFC gives',
    send: search(NFD),
    expect: {
      status: 200,
      code: 'NONE',
      check: async (nfd, t) => {
        const nfc = await search(NFC)(t);
        expectWellFormed(nfc, t);
        expect(NFD).not.toBe(NFC);
        expect((nfd.body.data?.['organizations'] as { totalCount: number }).totalCount).toBeGreaterThan(0);
        expect(nfd.body.data).toEqual(nfc.body.data);
      },
    },
  },
  {
    row: 21,
    case: 'emoji and surrogate pairs in a search',
    send: search('Оюу 😀 толгой 👨‍👩‍👧'),
    expect: { status: 200, code: 'NONE' },
  },
  {
    row: 21,
    case: 'emoji echoed byte-exact in an error message',
    send: gql('query($v: String!) { organization(registerNumber: $v) { name } }', { v: 'Мoscow😀' }),
    expect: { status: 200, code: 'BAD_USER_INPUT', path: ['organization'], message: /^"Мoscow😀" is not/ },
  },
  {
    row: 21,
    case: 'a message cutting client text inside a surrogate pair stays valid Unicode',
    send: gql('query($v: String!) { organization(registerNumber: $v) { name } }', {
      v: `x${'😀'.repeat(30)}`,
    }),
    expect: {
      status: 200,
      code: 'BAD_USER_INPUT',
      path: ['organization'],
      check: (o) => expect(o.body.errors?.[0]?.message).not.toMatch(/[\uD800-\uDFFF]/u),
    },
  },
  {
    row: 21,
    case: 'length limits count code points: 200 accepted',
    send: search('a😀'.repeat(100)),
    expect: { status: 200, code: 'NONE' },
  },
  {
    row: 21,
    case: 'length limits count code points: 201 refused',
    send: search(`${'a😀'.repeat(100)}a`),
    expect: { status: 200, code: 'BAD_USER_INPUT', path: ['organizations'], message: /1 to 200 characters/ },
  },
  {
    row: 21,
    case: 'lone surrogate `"\\uD800"` in JSON variables',
    send: postRaw(`{"query":${JSON.stringify(SEARCH)},"variables":{"s":"\\uD800"}}`),
    expect: { status: 400, code: 'BAD_REQUEST', message: /lone UTF-16 surrogate/, contextBuilt: false },
  },
  {
    row: 21,
    case: 'lone surrogate `"\\uDFFF"` in the JSON query',
    send: postRaw('{"query":"{ organizations(search: \\"\\uDFFF\\") { totalCount } }"}'),
    expect: { status: 400, code: 'BAD_REQUEST', message: /lone UTF-16 surrogate/, contextBuilt: false },
  },
  {
    row: 21,
    case: 'lone surrogate in GET `variables`',
    send: get({ query: SEARCH, variables: '{"s":"\\ud800"}' }),
    expect: { status: 400, code: 'BAD_REQUEST', message: /lone UTF-16 surrogate/, contextBuilt: false },
  },
  {
    row: 21,
    case: 'a surrogate encoded as UTF-8 bytes (ED A0 80)',
    send: postRaw(
      Buffer.from([...Buffer.from('{"query":"{ __typename }","x":"'), 0xed, 0xa0, 0x80, 0x22, 0x7d]),
    ),
    expect: { status: 400, code: 'BAD_REQUEST', message: /not valid UTF-8/, contextBuilt: false },
  },
  ...(
    [
      ['zero-width joiner', 'Оюу\u200dтолгой'],
      ['RTL override U+202E', '\u202eОюутолгой'],
      ['`\\u0000`', 'Оюу\u0000толгой'],
    ] as const
  ).map(([label, term]): Case => ({
    row: 21,
    case: `${label} in a search`,
    send: search(term),
    expect: { status: 200, code: 'NONE' },
  })),
  ...(
    [
      ['Cyrillic', 'node', 'ID!', 'Москва'],
      ['full-width digits', 'organization', 'String!', '２６５７４５７'],
      ['Arabic-Indic digits', 'organization', 'String!', '٢٦٥٧٤٥٧'],
      ['RTL override and NUL', 'organization', 'String!', '\u202e2657457\u0000'],
      ['zero-width joiner', 'organization', 'String!', '2657457\u200d'],
    ] as const
  ).map(([label, field, type, value]): Case => {
    const f = ID_FIELDS.find((x) => x.field === field)!;
    return {
      ...idCase({ ...f, type } as (typeof ID_FIELDS)[number], label, value),
      row: 21,
      case: `ID argument ${f.field}(${f.arg}:) rejects non-ASCII: ${label}`,
    };
  }),
  // An ocid takes any script (a publisher's local id may be Cyrillic), never an invisible character.
  ocidReaches(
    21,
    'a Cyrillic "о" in an ocid',
    ocidQuery('оcds-213czf-000-00001'),
    '/ocds/records/%D0%BEcds-213czf-000-00001',
  ),
  ...(
    [
      ['RTL override U+202E in an ocid', '\u202eocds-213czf-000-00001'],
      ['zero-width joiner in an ocid', 'ocds-213czf-000\u200d-00001'],
    ] as const
  ).map(([label, value]): Case => ({
    ...idCase(ID_FIELDS[1], label, value),
    row: 21,
    case: `ID argument contractingProcess(ocid:) rejects an invisible character: ${label}`,
  })),
];

/** Cases that assert the §12a expectation but fail today; each names the fix (see the report). */

// ---------------------------------------------------------------------------------------------
// §12c invariants, one helper for every case.

/** A well-formed GraphQL (or HTTP error) response: JSON with data and/or errors, codes from our set. */
function expectWellFormed(o: Observed, t: Target): void {
  expect(o.status).toBeLessThan(500);
  expect(o.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
  expect(typeof o.body === 'object' && o.body !== null && !Array.isArray(o.body)).toBe(true);
  expect('data' in o.body || 'errors' in o.body).toBe(true);
  if (o.body.errors !== undefined) {
    expect(Array.isArray(o.body.errors) && o.body.errors.length > 0).toBe(true);
    const replayOrigin = new URL(t.h.replay.url).host;
    for (const error of o.body.errors) {
      expect(typeof error.message).toBe('string');
      expect(KNOWN_CODES.has(String(error.extensions?.['code']))).toBe(true);
      // No upstream URL, and nothing of the gateway's own internals.
      expect(error.message).not.toContain(replayOrigin);
      expect(error.extensions?.['stacktrace']).toBeUndefined();
    }
  }
  // A request error (4xx) carries no data entry.
  if (o.status >= 400) expect(o.body.data).toBeUndefined();
}

function expectCase(o: Observed, e: Expectation): void {
  expect(o.status).toBe(e.status);
  for (const [name, value] of Object.entries(e.headers ?? {})) {
    if (typeof value === 'string') expect(o.headers.get(name)).toBe(value);
    else expect(o.headers.get(name)).toMatch(value);
  }
  const errors = o.body.errors ?? [];
  if (e.code === 'NONE') {
    expect(errors).toEqual([]);
    expect(o.body.data).toBeTruthy();
    return;
  }
  const error = e.path ? errors.find((x) => JSON.stringify(x.path) === JSON.stringify(e.path)) : errors[0];
  expect(error, JSON.stringify(o.body.errors)).toBeDefined();
  expect(error?.extensions?.['code']).toBe(e.code);
  if (e.message) expect(error?.message).toMatch(e.message);
  if (e.path) {
    expect(o.body.data?.[String(e.path[0])]).toBeNull();
    for (const sibling of e.siblings ?? []) {
      const value = o.body.data?.[sibling];
      expect(value, sibling).toBeTruthy();
      if (Array.isArray(value)) expect(value.length).toBeGreaterThan(0);
    }
  }
}

/** No well-formed answer: a 5xx, or a body with neither `data` nor `errors`. */
const isLost = (o: Observed) => o.status >= 500 || !('data' in o.body || 'errors' in o.body);

async function runCase(c: Case, t: Target): Promise<void> {
  const calls = t.h.replay.countRequests();
  const contexts = t.contexts();
  const observed = await c.send(t);
  const lost = isLost(observed);
  expect(lost).toBe(false);
  expectWellFormed(observed, t);
  expectCase(observed, c.expect);
  await c.expect.check?.(observed, t);
  const upstreamCalls = t.h.replay.countRequests() - calls;
  expect(upstreamCalls).toBe(c.expect.upstreamCalls ?? 0);
  if (c.expect.contextBuilt === false) expect(t.contexts()).toBe(contexts);
  recordCase({
    table: '12a',
    row: c.row,
    case: c.case,
    status: observed.status,
    codes: codesOf(observed.body),
    upstreamCalls,
    lost,
  });
}

it('covers every row from 1 to 21 of docs/reliability.md §12a (row 22 is the property run)', () => {
  const rows = new Set(CASES.map((c) => c.row));
  expect([...rows].sort((a, b) => a - b)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
});

for (const name of Object.keys(GATEWAY_ENV) as GatewayName[]) {
  describe(`§12a bad client inputs, ${name} gateway`, () => {
    let target: Target;
    beforeAll(async () => {
      const h = await startHarness(GATEWAY_ENV[name]);
      await settle(h);
      const spy = vi.spyOn(h.gateway.gateway, 'context');
      target = { h, endpoint: `${h.gateway.url}/graphql`, contexts: () => spy.mock.calls.length };
    });
    afterAll(async () => {
      await target?.h.close();
    });

    for (const c of CASES.filter((x) => (x.gateway ?? 'default') === name)) {
      it(`row ${c.row}: ${c.case}`, () => runCase(c, target));
    }
  });
}

import { getOperationAST, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { loadExampleQueries } from '../../src/http/graphiql.js';
import { checkOperation, checkSource, LIMIT_CODES, measureOperation } from '../../src/http/limits.js';
import { buildGatewaySchema } from '../../src/schema.js';
import { settle, startHarness, type GqlResponse, type Harness } from '../helpers.js';

/** docs/reliability.md §12a rows 8–17, over real HTTP against the gateway. */

/** Every code a rejection in this file may carry (docs/errors.md "Request errors"). */
const DOCUMENTED = new Set<string>([
  ...LIMIT_CODES,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
]);

/** Raised document limits, so the structural limits behind them can be reached on their own. */
const LARGE_DOCUMENTS = { LIMIT_MAX_CHARACTERS: '262144', LIMIT_MAX_TOKENS: '50000' };

const ORG = '0996811';
/** organization → owners → interestedParty → organization, `hops` times, 3 fields deep each. */
const ownersChain = (hops: number, inner: string) => {
  let q = inner;
  for (let i = 0; i < hops; i++) q = `organization { owners { interestedParty { ${q} } } }`;
  return q;
};

async function post(h: Harness, body: unknown): Promise<GqlResponse> {
  const res = await fetch(`${h.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GqlResponse['body'] };
}

/** A well-formed rejection: 4xx, no data, the first error's code documented and as expected. */
function expectRejected(res: GqlResponse, code: string, message?: RegExp): string {
  expect(res.status).toBe(400);
  expect(res.body.data ?? undefined).toBeUndefined();
  const first = res.body.errors?.[0];
  expect(first).toBeDefined();
  expect(DOCUMENTED.has(String(first?.extensions?.['code']))).toBe(true);
  expect(first?.extensions?.['code']).toBe(code);
  if (message) expect(first?.message).toMatch(message);
  return first?.message ?? '';
}

/** Runs `send` and asserts the replay server saw no request meanwhile. */
async function withoutUpstreamCalls<T>(h: Harness, send: () => Promise<T>): Promise<T> {
  const before = h.replay.countRequests();
  const result = await send();
  expect(h.replay.countRequests()).toBe(before);
  return result;
}

describe('operation limits with the default settings', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await settle(h);
  });
  afterAll(async () => {
    await h.close();
  });

  it('refuses a 15,001-character query, naming the limit and the length', async () => {
    const head = '{ __typename }\n#';
    const res = await withoutUpstreamCalls(h, () => h.query(head + 'x'.repeat(15_001 - head.length)));
    expectRejected(res, 'MAX_CHARACTERS', /^The query has 15001 characters; the limit is 15000\.$/);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ limit: 15_000, measured: 15_001 });
  });

  it('refuses a 2,001-token query, naming the limit and the count', async () => {
    const query = `{ ${'__typename '.repeat(1_000)}${'a '.repeat(999)}}`;
    const res = await withoutUpstreamCalls(h, () => h.query(query));
    expectRejected(res, 'MAX_TOKENS', /^The query has 2001 tokens; the limit is 2000\.$/);
  });

  it('refuses { f f f … × 10,000 } before parsing it', async () => {
    const res = await withoutUpstreamCalls(h, () => h.query(`{${' f'.repeat(10_000)} }`));
    // The character count is the check made before parsing: its code shows which check refused it.
    expectRejected(res, 'MAX_CHARACTERS');
  });

  it('refuses a query one field deeper than the limit, without an upstream call', async () => {
    // 4 hops of 3 fields, then `name`: 13 fields deep.
    const query = `{ ${ownersChain(4, 'name')} }`.replace(
      'organization {',
      `organization(registerNumber: "${ORG}") {`,
    );
    const res = await withoutUpstreamCalls(h, () => h.query(query));
    expectRejected(res, 'MAX_DEPTH', /^The query is 13 fields deep; the limit is 12\.$/);
  });

  it('refuses a 10,000-deep { a { a { … with a 400, not a stack overflow', async () => {
    const res = await h.query(`${'{a'.repeat(10_000)}${'}'.repeat(10_000)}`);
    expectRejected(res, 'MAX_CHARACTERS');
  });

  it('counts a shallow fragment, named like a bypass, at the depth it is spread', async () => {
    const query = `query __schema { ${ownersChain(3, 'organization { ...__schema }')} }
      fragment __schema on Organization { owners { interestedParty { organization { name } } } }`.replace(
      'organization {',
      `organization(registerNumber: "${ORG}") {`,
    );
    const res = await withoutUpstreamCalls(h, () => h.query(query));
    expectRejected(res, 'MAX_DEPTH', /^The query is 14 fields deep; the limit is 12\.$/);
  });

  it('admits 15 aliases and free __typename aliases, and refuses the 16th', async () => {
    const aliases = (n: number) =>
      Array.from({ length: n }, (_, i) => `a${i}: sources { name }`).join(' ') +
      ' t1: __typename t2: __typename';
    const ok = await h.query(`{ ${aliases(15)} }`);
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
    const res = await h.query(`{ ${aliases(16)} }`);
    expectRejected(res, 'MAX_ALIASES', /^The query uses 16 aliases; the limit is 15 /);
  });

  it('refuses an alias bomb of 1,000 × organization with zero upstream calls', async () => {
    const query = `{ ${Array.from({ length: 1000 }, (_, i) => `x${i}: organization(registerNumber: "${ORG}") { name }`).join(' ')} }`;
    const res = await withoutUpstreamCalls(h, () => h.query(query));
    // The document limits are the first gate; the alias limit behind them is shown below.
    expectRejected(res, 'MAX_CHARACTERS');
  });

  it('refuses more root fields than the limit', async () => {
    const query = `{ ${Array.from({ length: 16 }, (_, i) => `r${i}: __typename`).join(' ')} sources { name } s2: sources { name } }`;
    const fields = `{ ${['sources { name }', ...Array.from({ length: 15 }, (_, i) => `n${i}: node(id: "x") { id }`)].join(' ')} }`;
    expect((await h.query(query)).status).toBe(200);
    const res = await withoutUpstreamCalls(h, () => h.query(fields));
    expectRejected(res, 'MAX_ROOT_FIELDS', /^The query selects 16 root fields; the limit is 15\.$/);
  });

  it('refuses 51 directives', async () => {
    const query = `{ sources { name ${'name @include(if: true) '.repeat(51)}} }`;
    const res = await withoutUpstreamCalls(h, () => h.query(query));
    expectRejected(res, 'MAX_DIRECTIVES', /^The query uses 51 directives; the limit is 50\.$/);
  });

  it('refuses nested pages whose estimated cost is over the limit', async () => {
    const query = `{ organizations(search: "a", first: 100) { edges { node {
      procurement { asSupplier(first: 100) { edges { node { ocid } } } } } } } }`;
    const res = await withoutUpstreamCalls(h, () => h.query(query));
    // The search field weighs 500 where an ordinary field weighs 1: 20,402 - 1 + 500.
    expectRejected(res, 'MAX_COST', /^The query's estimated cost is 20901; the limit is 5000\. /);
  });

  it('takes page sizes for cost from variables', async () => {
    const query = `query($n: Int) { organizations(search: "a", first: $n) { edges { node {
      procurement { asSupplier(first: $n) { edges { node { ocid } } } } } } } }`;
    expectRejected(await h.query(query, { n: 50 }), 'MAX_COST', /cost is 5701;/);
    const small = await h.query(query, { n: 2 });
    expect(small.status).toBe(200);
  });

  it('refuses circular fragments A → B → A as a validation failure, without hanging', async () => {
    const query = `{ organization(registerNumber: "${ORG}") { ...A } }
      fragment A on Organization { name ...B }
      fragment B on Organization { registerNumber ...A }`;
    const res = await withoutUpstreamCalls(h, () => h.query(query));
    expectRejected(res, 'GRAPHQL_VALIDATION_FAILED', /Cannot spread fragment "A" within itself/);
    const self = await h.query(`{ sources { ...S } } fragment S on SourceStatus { name ...S }`);
    expectRejected(self, 'GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses an HTTP batch', async () => {
    const op = { query: '{ __typename }' };
    for (const batch of [[op, op], [], Array.from({ length: 1000 }, () => op)]) {
      const res = await withoutUpstreamCalls(h, () => post(h, batch));
      expectRejected(res, 'BAD_REQUEST', /batching/i);
    }
  });

  for (const first of [99_999_999, -1, 0]) {
    it(`refuses first: ${first} as BAD_USER_INPUT naming the range`, async () => {
      const res = await withoutUpstreamCalls(h, () =>
        h.query(`{ contractingProcesses(first: ${first}) { totalCount } }`),
      );
      expect(res.status).toBeLessThan(500);
      const error = res.body.errors?.[0];
      expect(error?.extensions?.['code']).toBe('BAD_USER_INPUT');
      expect(error?.message).toMatch(/1 to 100|1 and 100|1–100/);
    });
  }

  it('keeps introspection on when INTROSPECTION is unset, bounded by graphql-js introspection depth', async () => {
    const ok = await h.query('{ __schema { queryType { name } } }');
    expect(ok.status).toBe(200);
    const deep = await h.query(
      '{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }',
    );
    expectRejected(deep, 'GRAPHQL_VALIDATION_FAILED', /introspection/i);
  });

  it('suggests field names outside production', async () => {
    const res = await h.query('{ organizatio(registerNumber: "1") { name } }');
    expectRejected(res, 'GRAPHQL_VALIDATION_FAILED', /Did you mean/);
  });
});

describe('operation limits behind raised document limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(LARGE_DOCUMENTS);
    await settle(h);
  });
  afterAll(async () => {
    await h.close();
  });

  it('refuses 10,000 nested brackets before parsing, as MAX_DEPTH, with a 400', async () => {
    const res = await h.query(`${'{a'.repeat(10_000)}${'}'.repeat(10_000)}`);
    expectRejected(res, 'MAX_DEPTH', /^The query nests brackets 10000 levels deep; the limit is 256 /);
  });

  it('refuses an alias bomb of 1,000 × organization as MAX_ALIASES with zero upstream calls', async () => {
    const query = `{ ${Array.from({ length: 1000 }, (_, i) => `x${i}: organization(registerNumber: "${ORG}") { name }`).join(' ')} }`;
    const res = await withoutUpstreamCalls(h, () => h.query(query));
    expectRejected(res, 'MAX_ALIASES', /^The query uses 1000 aliases; the limit is 15 /);
  });

  it('refuses 1,000 × @include(if: true) with a 400 and no upstream call', async () => {
    // At the default limits the character limit refuses this first (see above). Behind raised
    // document limits, graphql-js's own complexity budget for OverlappingFieldsCanBeMerged aborts
    // validation of 1,000 same-named fields before the directive limit (after validation) is reached.
    const query = `{ sources { name ${'name @include(if: true) '.repeat(1000)}} }`;
    const res = await withoutUpstreamCalls(h, () => h.query(query));
    expectRejected(res, 'GRAPHQL_VALIDATION_FAILED', /^Validation aborted\.$/);
    const spread = `{ sources { ${'... @include(if: true) { n: name } '.repeat(1000)}} }`;
    expectRejected(await h.query(spread), 'GRAPHQL_VALIDATION_FAILED');
  });

  it('measures a fragment doubled 40 times without walking it 2^40 times', async () => {
    const defs = Array.from(
      { length: 40 },
      (_, i) => `fragment F${i} on SourceStatus { ...F${i + 1} ...F${i + 1} }`,
    ).join(' ');
    // Walking it 2^40 times would never finish: an answer at all (before the test's timeout) shows it was not.
    const res = await h.query(`{ sources { ...F0 } } ${defs} fragment F40 on SourceStatus { name }`);
    expectRejected(res, 'MAX_COST');
  });
});

describe('operation limits in production', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ NODE_ENV: 'production', INTROSPECTION: 'false' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('refuses introspection when INTROSPECTION=false', async () => {
    const res = await h.query('{ __schema { types { name } } }');
    expectRejected(res, 'GRAPHQL_VALIDATION_FAILED', /introspection is not allowed/);
    expect(res.body.errors?.[0]?.extensions?.['validationErrorCode']).toBe('INTROSPECTION_DISABLED');
  });

  it('answers { datset } and a near-miss field without "Did you mean"', async () => {
    for (const query of ['{ datset }', '{ organizatio(registerNumber: "1") { name } }']) {
      const message = expectRejected(await h.query(query), 'GRAPHQL_VALIDATION_FAILED');
      expect(message).not.toMatch(/Did you mean/);
    }
  });
});

describe('the default limits and the shipped examples', () => {
  const schema = buildGatewaySchema();
  const { limits } = loadConfig({});

  it('admit every docs/queries example, with the depth limit at least the deepest example', async () => {
    const examples = await loadExampleQueries();
    let deepest = 0;
    for (const example of examples) {
      expect(checkSource(example.query, limits), example.name).toBeUndefined();
      const document = parse(example.query);
      const operation = getOperationAST(document);
      expect(operation, example.name).toBeTruthy();
      if (!operation) continue;
      expect(checkOperation(schema, document, operation, {}, limits), example.name).toBeUndefined();
      deepest = Math.max(
        deepest,
        measureOperation(schema, document, operation, {}, limits.costListSize).depth,
      );
    }
    // 09-follow-the-money: investmentProject → … → organization → registerNumber.
    expect(deepest).toBe(10);
    expect(limits.maxDepth).toBeGreaterThanOrEqual(deepest);
  });

  it('reads every limit from the environment and refuses a bad value with a sentence', () => {
    expect(loadConfig({ LIMIT_MAX_DEPTH: '20', LIMIT_COST_LIST_SIZE: '5' }).limits).toMatchObject({
      maxDepth: 20,
      costListSize: 5,
    });
    expect(() => loadConfig({ LIMIT_MAX_DEPTH: '0' })).toThrow(
      'LIMIT_MAX_DEPTH must be an integer from 1 to 128 (got "0").',
    );
  });
});

describe('LIMIT_MODE=warn, for a rollout', () => {
  let h: Harness;
  const warnings: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const { startReplayServer } = await import('../../src/replay/index.js');
    const { startGateway } = await import('../../src/server.js');
    const { FAST_ENV, replayEnv } = await import('../helpers.js');
    const replay = await startReplayServer({ rateLimit: false });
    const log = {
      debug: () => {},
      info: () => {},
      error: () => {},
      warn: (msg: string, fields?: Record<string, unknown>) => warnings.push({ msg, ...fields }),
    };
    const gateway = await startGateway({
      env: {
        ...FAST_ENV,
        ...replayEnv(replay),
        LIMIT_MODE: 'warn',
        LIMIT_MAX_DEPTH: '3',
        LIMIT_MAX_TOKENS: '40',
      },
      log,
    });
    h = {
      replay,
      gateway,
      query: () => Promise.reject(new Error('unused')),
      upstreamCalls: () => replay.countRequests(),
      close: async () => {
        await gateway.close();
        await replay.close();
      },
    };
  });
  afterAll(() => h.close());

  it('runs an operation over a limit and logs the limit and the measured value', async () => {
    const res = await post(h, {
      query: `{ ${ownersChain(1, 'name')} }`.replace(
        'organization',
        'organization(registerNumber: "0996811")',
      ),
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toBeTruthy();
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'MAX_DEPTH', limit: 3, measured: 4 }));
  });

  it('runs a document over the token limit too, warning before parsing', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: __typename`).join(' ');
    const res = await post(h, { query: `{ ${aliases} }` });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ a0: 'Query', a19: 'Query' });
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'MAX_TOKENS', limit: 40 }));
  });

  it('still refuses brackets nested past what the parser survives', async () => {
    const deep = `{ f${'(a: ['.repeat(300)}1${']'.repeat(300)}) }`;
    const res = await post(h, { query: deep });
    expectRejected(res, 'MAX_DEPTH', /nests brackets 601 levels deep; the limit is 256/);
  });
});

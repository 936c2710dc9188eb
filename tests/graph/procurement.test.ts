import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  getNamedType,
  isInterfaceType,
  isLeafType,
  isObjectType,
  type GraphQLNamedType,
  type GraphQLObjectType,
} from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildGatewaySchema } from '../../src/schema.js';
import {
  FAULT_FOREVER_MS,
  SHORT_DEADLINES_ENV,
  settle,
  startHarness,
  startLiveHarness,
  type Harness,
} from '../helpers.js';

/** The fixture files the embedded replay server serves, read independently of the gateway. */
const exampleRecord = JSON.parse(
  readFileSync(
    new URL('../../data/procurement/ocds-example/record-ocds-213czf-000-00001.json', import.meta.url),
    'utf8',
  ),
) as { records: { ocid: string; compiledRelease: Record<string, any> }[] };
const compiled = exampleRecord.records[0]!.compiledRelease;
const scenario = gunzipSync(
  readFileSync(new URL('../../data/procurement/mn-scenario/releases.jsonl.gz', import.meta.url)),
)
  .toString('utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map(
    (l) => JSON.parse(l) as { ocid: string; date: string; tender?: { procurementMethod?: string | null } },
  );

const schema = buildGatewaySchema();
const sourcedTypes = new Set(
  Object.values(schema.getTypeMap())
    .filter(
      (t): t is GraphQLObjectType => isObjectType(t) && t.getInterfaces().some((i) => i.name === 'Sourced'),
    )
    .map((t) => t.name),
);

/** A selection of every field of `type` (to `depth`), with `__typename`, skipping fields with required arguments. */
function selectAll(type: GraphQLNamedType, depth: number): string {
  if (isLeafType(type)) return '';
  if (!isObjectType(type) && !isInterfaceType(type)) return '';
  const fields = Object.values(type.getFields())
    .filter((f) => !f.args.some((a) => a.type.toString().endsWith('!') && a.defaultValue === undefined))
    // Organizations are another capability with their own tests (tests/graph/organization.test.ts).
    .filter((f) => getNamedType(f.type).name !== 'Organization')
    .map((f) => {
      const named = getNamedType(f.type);
      if (isLeafType(named)) return f.name;
      if (depth === 0 && f.name !== 'freshness') return '';
      const inner = selectAll(named, f.name === 'freshness' ? 1 : depth - 1);
      return inner === '' ? '' : `${f.name} ${inner}`;
    })
    .filter((s) => s !== '');
  return `{ __typename ${fields.join(' ')} }`;
}

const PROCESS_ALL = selectAll(schema.getType('ContractingProcess')!, 6);

// PROCESS_ALL selects every field of ContractingProcess (about 50k characters, cost about 6,500): above
// the default operation limits, which is the point of those limits; this test raises them for itself.
const LIMITS = { LIMIT_MAX_CHARACTERS: '98304', LIMIT_MAX_TOKENS: '12288', LIMIT_MAX_COST: '20000' };

/** A gateway whose store holds the harvested feed: lists, and lookups served from the store. */
let h: Harness;
/**
 * A gateway with an empty OCDS store (`startLiveHarness`): every lookup by ocid is read live, through the
 * upstream's cache and policies, which is what the lookups below test (tests/graph/store-reads.test.ts
 * tests the store's side).
 */
let live: Harness;
beforeAll(async () => {
  h = await startHarness(LIMITS);
  live = await startLiveHarness(LIMITS);
});
afterAll(async () => {
  await h.close();
  await live.close();
});
afterEach(() => {
  vi.useRealTimers();
  h.replay.faults.clear();
  live.replay.faults.clear();
});

/** Every object of a Sourced type in `data` carries a complete freshness. */
function expectCompleteFreshness(data: unknown): number {
  let count = 0;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    if (typeof o['__typename'] === 'string' && sourcedTypes.has(o['__typename'])) {
      count += 1;
      expect(o['freshness'], `${o['__typename']} without freshness`).toMatchObject({
        source: 'PROCUREMENT',
        fetchedAt: expect.any(String),
        ageSeconds: expect.any(Number),
        maxAgeSeconds: 300,
        stale: expect.any(Boolean),
        cache: expect.stringMatching(/^(MISS|HIT|STALE|REVALIDATED|FALLBACK)$/),
      });
      expect((o['freshness'] as { url: string }).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ocds\//);
    }
    Object.values(o).forEach(walk);
  };
  walk(data);
  return count;
}

describe('contractingProcess', () => {
  it('returns the OCDS example with the values of its compiled release', async () => {
    const res = await live.query<{ contractingProcess: any }>(
      `{ contractingProcess(ocid: "ocds-213czf-000-00001") ${PROCESS_ALL} }`,
    );
    expect(res.body.errors).toBeUndefined();
    const p = res.body.data!.contractingProcess;
    expect(p.ocid).toBe(compiled['ocid']);
    expect(p.buyer.name).toBe(compiled['buyer'].name);
    expect(p.buyer.party.identifier).toMatchObject({ scheme: compiled['parties'][0].identifier.scheme });
    expect(p.tender.value).toMatchObject({
      amount: compiled['tender'].value.amount,
      currency: compiled['tender'].value.currency,
    });
    expect(p.tender.title).toBe(compiled['tender'].title);
    expect(p.awards.map((a: { id: string }) => a.id)).toEqual(
      compiled['awards'].map((a: { id: string }) => a.id),
    );
    expect(p.awards[0].suppliers.map((s: { name: string }) => s.name)).toEqual(
      compiled['awards'][0].suppliers.map((s: { name: string }) => s.name),
    );
    expect(p.contracts[0].implementation.transactions.length).toBe(
      compiled['contracts'][0].implementation.transactions.length,
    );
    expect(p.compiledByGateway).toBe(false);
    expect(p.provenance).toMatchObject({ fictional: true, notice: expect.stringContaining('fictional') });
    expect(expectCompleteFreshness(p)).toBeGreaterThan(20);
  });

  it('compiles a scenario process from its releases and marks it fictional', async () => {
    const ocid = scenario.find((r) => scenario.filter((s) => s.ocid === r.ocid).length > 2)!.ocid;
    const res = await live.query<{ contractingProcess: any }>(
      `{ contractingProcess(ocid: "${ocid}") ${PROCESS_ALL} }`,
    );
    expect(res.body.errors).toBeUndefined();
    const p = res.body.data!.contractingProcess;
    const releases = scenario.filter((r) => r.ocid === ocid).sort((a, b) => a.date.localeCompare(b.date));
    expect(p.compiledByGateway).toBe(true);
    expect(p.releaseCount).toBe(releases.length);
    expect(p.date).toBe(releases.at(-1)!.date);
    expect(p.provenance.fictional).toBe(true);
    expectCompleteFreshness(p);
  });

  it('answers an ocid that cannot be one with BAD_USER_INPUT naming the valid form, without an upstream call', async () => {
    const before = live.upstreamCalls();
    // Dots alone would be resolved away as a URL path segment.
    const res = await live.query(`{ contractingProcess(ocid: "..") { ocid } }`);
    expect(res.body.data).toEqual({ contractingProcess: null });
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toContain('ocds-213czf-000-00001');
    expect(live.upstreamCalls()).toBe(before);
  });

  it('answers an unknown ocid with NOT_FOUND at its path', async () => {
    const res = await live.query(`{ contractingProcess(ocid: "ocds-213czf-999-nothing") { ocid } }`);
    expect(res.body.data).toEqual({ contractingProcess: null });
    expect(res.body.errors?.[0]).toMatchObject({
      path: ['contractingProcess'],
      extensions: { code: 'NOT_FOUND', source: 'PROCUREMENT' },
    });
  });
});

describe('contractingProcesses', () => {
  const ocids = new Set([...scenario.map((r) => r.ocid), compiled['ocid'] as string]);

  it('lists every process once, newest first, with totalCount and cursors', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let guard = 0; guard < 20; guard++) {
      const res: Awaited<ReturnType<typeof h.query<{ contractingProcesses: any }>>> = await h.query(
        `query($after: String) { contractingProcesses(first: 100, after: $after) { totalCount edges { cursor node { ocid date } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      const c = res.body.data!.contractingProcesses;
      total = c.totalCount;
      seen.push(...c.edges.map((e: { node: { ocid: string } }) => e.node.ocid));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(total).toBe(ocids.size);
    expect(new Set(seen)).toEqual(ocids);
    expect(seen).toHaveLength(ocids.size);
  });

  it('filters by procurement method as the fixture says', async () => {
    const latestMethod = new Map<string, string | null>();
    for (const r of [...scenario].sort((a, b) => a.date.localeCompare(b.date))) {
      if (r.tender?.procurementMethod !== undefined) latestMethod.set(r.ocid, r.tender.procurementMethod);
    }
    const expected = [...latestMethod.values()].filter((m) => m === 'direct').length;
    const res = await h.query<{ contractingProcesses: { totalCount: number } }>(
      `{ contractingProcesses(filter: { procurementMethod: "direct" }) { totalCount } }`,
    );
    expect(expected).toBeGreaterThan(0);
    expect(res.body.data!.contractingProcesses.totalCount).toBe(expected);
  });

  it('rejects first: 5000 and an unknown method with BAD_USER_INPUT naming the valid values', async () => {
    const big = await h.query(`{ contractingProcesses(first: 5000) { totalCount } }`);
    expect(big.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(big.body.errors?.[0]?.message).toContain('1 to 100');
    const method = await h.query(
      `{ contractingProcesses(filter: { procurementMethod: "auction" }) { totalCount } }`,
    );
    expect(method.body.errors?.[0]?.message).toContain('open, selective, limited, direct');
  });
});

describe('freshness', () => {
  it('writes extensions.freshness and a Cache-Control max-age within the lifetime', async () => {
    const res = await live.query(`{ contractingProcess(ocid: "ocds-213czf-000-00001") { ocid } }`);
    const ext = res.body.extensions?.['freshness'] as { sources: any[]; records: any[] };
    expect(ext.sources).toEqual([
      expect.objectContaining({ source: 'PROCUREMENT', stale: false, records: 1 }),
    ]);
    expect(ext.records[0]).toMatchObject({ paths: ['contractingProcess'], source: 'PROCUREMENT' });
    expect(res.headers.get('cache-control')).toMatch(/^max-age=(\d+)$/);
    expect(Number(/\d+/.exec(res.headers.get('cache-control')!)![0])).toBeLessThanOrEqual(300);
  });

  it('grows ageSeconds with time, flips stale after maxAgeSeconds, and then says no-store', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const q = `{ contractingProcess(ocid: "ocds-xxxxxx-mn-fict-000001") { freshness { ageSeconds stale cache fetchedAt } } }`;
    const first = await live.query<{ contractingProcess: { freshness: any } }>(q);
    const f0 = first.body.data!.contractingProcess.freshness;
    vi.setSystemTime(Date.now() + 100_000);
    const later = (await live.query<{ contractingProcess: { freshness: any } }>(q)).body.data!
      .contractingProcess.freshness;
    expect(later).toMatchObject({ cache: 'HIT', stale: false, fetchedAt: f0.fetchedAt });
    expect(later.ageSeconds).toBe(f0.ageSeconds + 100);
    vi.setSystemTime(Date.now() + 230_000);
    const stale = await live.query<{ contractingProcess: { freshness: any } }>(q);
    expect(stale.body.data!.contractingProcess.freshness).toMatchObject({ stale: true, cache: 'STALE' });
    expect(stale.headers.get('cache-control')).toBe('no-store');
  });

  it('revalidates an expired record with its ETag: the upstream answers 304 and fetchedAt moves', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const ocid = 'ocds-xxxxxx-mn-fict-000004';
    const q = `{ contractingProcess(ocid: "${ocid}") { ocid freshness { fetchedAt cache stale } } }`;
    const first = (await live.query<{ contractingProcess: { freshness: { fetchedAt: string } } }>(q)).body
      .data!;
    vi.setSystemTime(Date.now() + 400_000); // past max-age and the SWR window: the refresh is awaited
    const again = (
      await live.query<{
        contractingProcess: { freshness: { fetchedAt: string; cache: string; stale: boolean } };
      }>(q)
    ).body.data!;
    expect(again.contractingProcess.freshness).toMatchObject({ cache: 'REVALIDATED', stale: false });
    expect(
      Date.parse(again.contractingProcess.freshness.fetchedAt) -
        Date.parse(first.contractingProcess.freshness.fetchedAt),
    ).toBe(400_000);
    const log = live.replay.requests.filter((r) => r.path === `/ocds/records/${ocid}`);
    expect(log.map((r) => r.status)).toEqual([200, 304]);
    expect(log[1]?.headers['if-none-match']).toEqual(expect.any(String));
  });

  it('causes exactly one upstream request for 100 concurrent identical cold queries', async () => {
    const before = live.upstreamCalls('/ocds/records/ocds-xxxxxx-mn-fict-000002');
    const q = `{ contractingProcess(ocid: "ocds-xxxxxx-mn-fict-000002") { ocid freshness { cache } } }`;
    const all = await Promise.all(Array.from({ length: 100 }, () => live.query(q)));
    expect(all.every((r) => r.body.errors === undefined)).toBe(true);
    expect(live.upstreamCalls('/ocds/records/ocds-xxxxxx-mn-fict-000002') - before).toBe(1);
  });
});

describe('upstream faults', () => {
  const q = (n: number) =>
    `{ contractingProcess(ocid: "ocds-xxxxxx-mn-fict-${String(n).padStart(6, '0')}") { ocid } sources { name lastErrorCode } }`;
  // The timeouts on a gateway of their own with short upstream deadlines, settled before they start, and
  // faults that outlast them: whether a timeout fires never depends on the machine's speed.
  let short: Harness;
  beforeAll(async () => {
    short = await startLiveHarness(SHORT_DEADLINES_ENV);
    await settle(short);
  });
  afterAll(async () => {
    await short.close();
  });
  afterEach(() => {
    short.replay.faults.clear();
  });

  const cases: {
    name: string;
    fault: Parameters<Harness['replay']['faults']['set']>[1];
    times?: number;
    code: string | null;
    calls: number;
    timesOut?: boolean;
  }[] = [
    {
      name: 'a timeout (headers withheld)',
      fault: { kind: 'delay', ms: FAULT_FOREVER_MS },
      code: 'UPSTREAM_TIMEOUT',
      calls: 3,
      timesOut: true,
    },
    {
      name: 'a dripping body',
      // A byte every 100 ms: the body takes minutes, far past the attempt deadline.
      fault: { kind: 'drip', intervalMs: 100, bytesPerChunk: 1 },
      code: 'UPSTREAM_TIMEOUT',
      calls: 3,
      timesOut: true,
    },
    { name: 'a 503 then success', fault: { kind: 'status', status: 503 }, times: 1, code: null, calls: 2 },
    { name: 'malformed JSON', fault: { kind: 'malformed' }, code: 'UPSTREAM_INVALID', calls: 1 },
    {
      name: 'schema drift',
      fault: { kind: 'drift', variant: 'wrong-type' },
      code: 'UPSTREAM_INVALID',
      calls: 1,
    },
    { name: 'a connection reset', fault: { kind: 'reset' }, code: 'UPSTREAM_UNAVAILABLE', calls: 3 },
  ];
  cases.forEach((c, i) => {
    it(`handles ${c.name}: ${c.code ?? 'data'} after exactly ${c.calls} upstream call(s)`, async () => {
      const g = c.timesOut === true ? short : live;
      const calls = () => g.upstreamCalls('/ocds/records/');
      g.replay.faults.set('/ocds/records/', c.fault, c.times === undefined ? undefined : { times: c.times });
      const before = calls();
      const res = await g.query<{ contractingProcess: { ocid: string } | null; sources: unknown[] }>(
        q(100 + i),
      );
      expect(res.status).toBe(200);
      expect(calls() - before).toBe(c.calls);
      // The other root field still resolves.
      expect(res.body.data?.sources).toHaveLength(6);
      if (c.code === null) {
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data?.contractingProcess?.ocid).toMatch(/mn-fict/);
      } else {
        expect(res.body.data?.contractingProcess).toBeNull();
        expect(res.body.errors).toHaveLength(1);
        expect(res.body.errors?.[0]).toMatchObject({
          path: ['contractingProcess'],
          extensions: { code: c.code, source: 'PROCUREMENT' },
        });
        expect(JSON.stringify(res.body.errors)).not.toContain('127.0.0.1');
        expect(res.headers.get('cache-control')).toBe('no-store');
      }
    });
  });

  it('serves the cached value marked FALLBACK when the upstream fails after expiry', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const query = `{ contractingProcess(ocid: "ocds-xxxxxx-mn-fict-000003") { ocid freshness { stale staleReason cache } } }`;
    await live.query(query);
    vi.setSystemTime(Date.now() + 400_000); // past max-age + SWR, inside stale-if-error
    live.replay.faults.set('/ocds/records/', { kind: 'status', status: 500 });
    const res = await live.query<{ contractingProcess: { freshness: unknown } }>(query);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.contractingProcess.freshness).toEqual({
      stale: true,
      staleReason: 'UPSTREAM_ERROR',
      cache: 'FALLBACK',
    });
  });
});

describe('upstream cool-down', () => {
  // Its own gateway: the fault tests above leave failures in the shared one's breaker window.
  // Nothing stored (its first harvest fails), so lookups are read live, as in `live`.
  let own: Harness;
  beforeAll(async () => {
    own = await startLiveHarness();
  });
  afterAll(async () => {
    vi.useRealTimers();
    await own.close();
  });

  it('handles a 429 with a long Retry-After: RATE_LIMITED after 1 call, then none during the cool-down', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    own.replay.faults.set('/ocds/records/', { kind: 'retryAfter', retryAfter: '120' });
    const calls = () => own.upstreamCalls('/ocds/records/');
    const before = calls();
    for (const n of [200, 201]) {
      const res = await own.query<{ contractingProcess: null }>(
        `{ contractingProcess(ocid: "ocds-xxxxxx-mn-fict-000${n}") { ocid } }`,
      );
      expect(res.status).toBe(200);
      expect(res.body.data?.contractingProcess).toBeNull();
      expect(res.body.errors?.[0]).toMatchObject({
        path: ['contractingProcess'],
        extensions: { code: 'RATE_LIMITED', source: 'PROCUREMENT', retryAfterSeconds: 120 },
      });
    }
    expect(calls() - before).toBe(1);
  });
});

describe('node and sources', () => {
  it('fetches a process by its global id', async () => {
    const first = await h.query<{ contractingProcess: { id: string } }>(
      `{ contractingProcess(ocid: "ocds-213czf-000-00001") { id } }`,
    );
    const id = first.body.data!.contractingProcess.id;
    const res = await h.query<{ node: { __typename: string; ocid: string } }>(
      `query($id: ID!) { node(id: $id) { __typename ... on ContractingProcess { ocid } } }`,
      { id },
    );
    expect(res.body.data!.node).toEqual({ __typename: 'ContractingProcess', ocid: 'ocds-213czf-000-00001' });
    const bad = await h.query(`{ node(id: "bm90LW91cnM") { id } }`);
    expect(bad.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('reports each upstream with its host and dataset date', async () => {
    await h.query(`{ contractingProcess(ocid: "ocds-213czf-000-00001") { ocid } }`);
    const res = await h.query<{ sources: any[] }>(
      `{ sources { name host embedded lastSuccessAt datasetDate maxAgeSeconds } }`,
    );
    const sources = res.body.data!.sources;
    expect(sources.map((s: { name: string }) => s.name)).toEqual([
      'PROCUREMENT',
      'REGISTRY',
      'EITI',
      'EITI_MONGOLIA',
      'TENDER_MN',
      'INVESTMENT',
    ]);
    expect(sources[0]).toMatchObject({
      host: new URL(h.replay.url).host,
      embedded: false,
      maxAgeSeconds: 300,
    });
    expect(sources[0].lastSuccessAt).toEqual(expect.any(String));
    expect(sources[0].datasetDate).toEqual(expect.any(String));
  });
});

describe('http endpoints', () => {
  it('answers /healthz and /readyz, which is about this process; each source is ready on its own', async () => {
    expect((await fetch(`${h.gateway.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { store: 'ok', schema: 'ok', listening: 'ok', shutdown: 'ok' },
    });
    expect(await h.gateway.gateway.ready()).toEqual({
      ready: true,
      sources: {
        PROCUREMENT: 'ok',
        REGISTRY: 'ok',
        EITI: 'ok',
        EITI_MONGOLIA: 'ok',
        TENDER_MN: 'ok',
        INVESTMENT: 'ok',
      },
    });
  });

  it('refuses a body over 256 KiB with 413 before parsing', async () => {
    const res = await fetch(`${h.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"query":"${'x'.repeat(256 * 1024)}"}`,
    });
    expect(res.status).toBe(413);
  });

  it('answers malformed JSON with 400 BAD_REQUEST', async () => {
    const res = await fetch(`${h.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":',
    });
    expect(res.status).toBe(400);
    expect(
      ((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
    ).toBe('BAD_REQUEST');
  });
});

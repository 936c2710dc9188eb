import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type Fault, type ReplayServer } from '../../src/replay/index.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { until } from '../eventually.js';
import { FAST_ENV, FAULT_FOREVER_MS, harvested, removeDataDir, replayEnv } from '../helpers.js';

/**
 * One upstream failing leaves the other facets of an Organization intact, each with its freshness;
 * and a query over many suppliers costs bulk reads, not one upstream call per supplier.
 */
let replay: ReplayServer;
beforeAll(async () => {
  replay = await startReplayServer({ rateLimit: false });
});
afterAll(async () => {
  await replay.close();
});

/**
 * A gateway over the replay with `fault` on `route`, at FAST_ENV's deadlines (a delay fault outlasts
 * them): shorter ones would apply to every source and time out the large answers of the sources that are
 * up (EITI Mongolia's licence map) as well. It is returned once its first harvests have completed
 * (or failed: a faulted register dump fails the register's) and the register index is built from the
 * store: that build holds the event loop, and a healthy request waiting behind it must not time out
 * instead.
 */
async function gatewayWith(route: string | null, fault: Fault | null): Promise<RunningGateway> {
  replay.faults.clear();
  if (route !== null && fault !== null) replay.faults.set(route, fault);
  const env: Record<string, string> = {
    ...FAST_ENV,
    ...replayEnv(replay),
  };
  const g = await startGateway({ env });
  dataDirs.push(env['DATA_DIR']);
  await harvested(g);
  return g;
}
const dataDirs: (string | undefined)[] = [];
afterAll(() => {
  for (const dir of dataDirs) removeDataDir(dir);
});

/** Waits for the first pass of one EITI source's harvest. */
async function eitiHarvested(g: RunningGateway, source: 'EITI' | 'EITI_MONGOLIA'): Promise<void> {
  await until(async () => (await g.gateway.harvests.status(source))?.status.complete === true, {
    what: `the first harvest of ${source}`,
  });
}

async function query(g: RunningGateway, q: string): Promise<{ data: any; errors?: any[] }> {
  const res = await fetch(`${g.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: q }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { data: any; errors?: any[] };
}

const OT = `{ organization(registerNumber: "2657457") {
  registerNumber
  registry { name freshness { source stale } }
  eiti { organisations { id } reports { year } licences { number } freshness { source } }
  procurement { asSupplier { totalCount } freshness { source } }
} }`;

const cases: {
  name: string;
  route: string;
  fault: Fault;
  code: string;
  source: string;
  nulled: string[][];
}[] = [
  {
    name: 'the EITI API answers 503',
    route: '/eiti/',
    fault: { kind: 'status', status: 503 },
    code: 'UPSTREAM_UNAVAILABLE',
    source: 'EITI',
    nulled: [['organization', 'eiti', 'organisations']],
  },
  {
    name: 'the EITI API drifts from its format',
    route: '/eiti/',
    fault: { kind: 'drift', variant: 'wrong-type' },
    code: 'UPSTREAM_INVALID',
    source: 'EITI',
    nulled: [['organization', 'eiti', 'organisations']],
  },
  {
    name: 'EITI Mongolia times out',
    route: '/eitim/',
    fault: { kind: 'delay', ms: FAULT_FOREVER_MS },
    code: 'UPSTREAM_TIMEOUT',
    source: 'EITI_MONGOLIA',
    nulled: [
      ['organization', 'eiti', 'licences'],
      ['organization', 'eiti', 'reports'],
    ],
  },
  {
    name: 'the EITI API times out',
    route: '/eiti/',
    fault: { kind: 'delay', ms: FAULT_FOREVER_MS },
    code: 'UPSTREAM_TIMEOUT',
    source: 'EITI',
    nulled: [['organization', 'eiti', 'organisations']],
  },
  {
    name: 'the register dump drifts from its format',
    route: '/registry/dump.json',
    fault: {
      kind: 'status',
      status: 200,
      body: '[{"unexpected": 1}]',
      headers: { 'content-type': 'application/json' },
    },
    code: 'UPSTREAM_INVALID',
    source: 'REGISTRY',
    nulled: [['organization', 'registry']],
  },
  {
    name: 'the register dump answers 503',
    route: '/registry/',
    fault: { kind: 'status', status: 503 },
    code: 'UPSTREAM_UNAVAILABLE',
    source: 'REGISTRY',
    nulled: [['organization', 'registry']],
  },
];

describe('Organization facets under upstream faults', () => {
  for (const c of cases) {
    it(`keeps the other facets when ${c.name}`, async () => {
      const g = await gatewayWith(c.route, c.fault);
      try {
        // The EITI lookups of a source that is up are read from its store, which answers only partially
        // until its first pass has completed; the faulted source's harvest fails, and it is read live.
        for (const source of ['EITI', 'EITI_MONGOLIA'] as const) {
          if (source !== c.source) await eitiHarvested(g, source);
        }
        const res = await query(g, OT);
        const paths = (res.errors ?? []).map((e) => e.path).sort();
        expect(paths).toEqual(c.nulled);
        for (const e of res.errors ?? []) {
          expect(e.extensions).toMatchObject({ code: c.code, source: c.source });
          expect(e.message).not.toContain(replay.url);
        }
        const o = res.data.organization;
        expect(o.registerNumber).toBe('2657457');
        expect(o.procurement.freshness.source).toBe('PROCUREMENT');
        if (c.source !== 'REGISTRY')
          expect(o.registry).toMatchObject({ name: 'Оюутолгой', freshness: { source: 'REGISTRY' } });
        if (c.source !== 'EITI') expect(o.eiti.organisations.length).toBeGreaterThan(10);
        if (c.source !== 'EITI_MONGOLIA') expect(o.eiti.reports.length).toBeGreaterThan(10);
      } finally {
        await g.close();
      }
    });
  }
});

describe('batching', () => {
  const q = (first: number) => `{ contractingProcesses(first: ${first}) { edges { node { awards { suppliers {
    party { organization { registry { name } eiti { organisations { id } reports { year } } procurement { asSupplier { totalCount } } } }
  } } } } } }`;
  const endpoints = ['/registry/', '/eiti/', '/eitim/reportListAppend', '/eitim/portalMap', '/ocds/records/'];
  const counts = () => Object.fromEntries(endpoints.map((p) => [p, replay.countRequests({ pathPrefix: p })]));
  const delta = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(endpoints.map((p) => [p, (b[p] ?? 0) - (a[p] ?? 0)]));

  it('costs the same bulk upstream reads for 10 or 100 processes, and none when warm', async () => {
    const measured: Record<string, number>[] = [];
    for (const first of [10, 100]) {
      const g = await gatewayWith(null, null);
      try {
        // The harvests run in the background: counts are taken once they are done (the EITI lookups are
        // then read from the store, without an upstream request).
        await harvested(g);
        const before = counts();
        const res = await query(g, q(first));
        // Most fictional suppliers are not in the register: those are NOT_FOUND explanations, not failures.
        expect((res.errors ?? []).filter((e) => e.extensions?.code !== 'NOT_FOUND')).toEqual([]);
        const suppliers = res.data.contractingProcesses.edges
          .flatMap((e: any) => e.node.awards)
          .flatMap((a: any) => a.suppliers);
        expect(suppliers.length).toBeGreaterThanOrEqual(first === 100 ? 50 : 1);
        measured.push(delta(before, counts()));
        const warm = counts();
        await query(g, q(first));
        expect(delta(warm, counts())).toEqual(Object.fromEntries(endpoints.map((p) => [p, 0])));
      } finally {
        await g.close();
      }
    }
    expect(measured[1]).toEqual(measured[0]);
    expect(measured[0]?.['/ocds/records/']).toBe(0);
    expect(measured[0]?.['/registry/']).toBe(0);
  });
});

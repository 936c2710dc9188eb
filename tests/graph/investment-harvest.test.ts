import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../src/replay/index.js';
import type { InvestmentEdition } from '../../src/replay/investment.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { until } from '../eventually.js';
import { FAST_ENV, harvested, removeDataDir, replayEnv } from '../helpers.js';

/**
 * The harvest of the investment package into the store, end to end over the replay server: a restart with
 * nothing changed costs one conditional request; a new edition of the package rewrites what changed and
 * marks a project it no longer lists as withdrawn, still answered by id; a list during the first harvest
 * answers at once and says it is partial.
 */

type Json = Record<string, any>;
const embedded = JSON.parse(
  readFileSync(new URL('../../data/investment/mn-scenario/projects.json', import.meta.url), 'utf8'),
) as Json;
const PACKAGE = '/investment/projects.json';
const SOURCE = 'INVESTMENT';
const LIST = `{ investmentProjects(first: 100) {
  totalCount budgetTotals { amount currency } edges { node { projectId title } } } }`;

const packageRequests = (replay: ReplayServer) => replay.requests.filter((r) => r.path === PACKAGE);

interface Started {
  replay: ReplayServer;
  gateway: RunningGateway;
  dataDir: string;
}
const running: Started[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) {
    await s.gateway.close().catch(() => undefined);
    await s.replay.close();
    removeDataDir(s.dataDir);
  }
});

async function start(replay: ReplayServer, dataDir?: string): Promise<Started> {
  const base = replayEnv(replay);
  const dir = dataDir ?? base['DATA_DIR']!;
  const gateway = await startGateway({ env: { ...FAST_ENV, ...base, DATA_DIR: dir } });
  const s = { replay, gateway, dataDir: dir };
  running.push(s);
  return s;
}

async function post<T = any>(
  g: RunningGateway,
  query: string,
): Promise<{ data: T; errors?: any[]; extensions?: any }> {
  const res = await fetch(`${g.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data: T; errors?: any[]; extensions?: any };
}

const harvestOf = (body: { extensions?: any }) =>
  (body.extensions?.freshness?.sources as { source: string; harvest: any }[]).find((s) => s.source === SOURCE)
    ?.harvest;

const status = async (g: RunningGateway) => (await g.gateway.harvests.status(SOURCE))!.status;

/** Waits for a pass of the investment harvest that completed after `since`. */
async function passAfter(g: RunningGateway, since: number): Promise<void> {
  await until(
    async () => {
      const st = await status(g);
      return st.state === 'IDLE' && (st.completedAt ?? 0) > since;
    },
    { what: 'another pass of the investment harvest' },
  );
}

describe('the investment harvest', () => {
  it('restarts on its store with one conditional request when the package did not change', async () => {
    const replay = await startReplayServer({ rateLimit: false });
    const first = await start(replay);
    await harvested(first.gateway);
    expect(packageRequests(replay)).toHaveLength(1);
    const before = await post(first.gateway, LIST);
    expect(before.errors).toBeUndefined();
    expect(before.data.investmentProjects.totalCount).toBe(40);
    const completed = (await status(first.gateway)).completedAt!;
    await first.gateway.close();
    running.splice(running.indexOf(first), 1);

    const again = await start(replay, first.dataDir);
    // Served from the store at once, complete, before the new process asked anything.
    const served = await post(again.gateway, LIST);
    expect(served.data).toEqual(before.data);
    expect(harvestOf(served)).toMatchObject({ complete: true });
    await passAfter(again.gateway, completed);
    const restart = packageRequests(replay).slice(1);
    expect(restart).toHaveLength(1);
    expect(restart[0]!.status).toBe(304);
    expect(restart[0]!.headers['if-none-match']).toEqual(expect.any(String));
    expect((await post(again.gateway, LIST)).data).toEqual(before.data);
  });

  it('takes a new edition: rewrites what changed, keeps an unlisted project as withdrawn', async () => {
    const edition: InvestmentEdition = { package: null };
    const replay = await startReplayServer({ rateLimit: false, investment: { edition } });
    const s = await start(replay);
    await harvested(s.gateway);
    const completed = (await status(s.gateway)).completedAt!;

    const next = structuredClone(embedded);
    const projects = next['projects'] as Json[];
    projects[1]!['title'] = 'Шинэчилсэн нэр (зохиомол)';
    const [gone] = projects.splice(2, 1) as [Json];
    edition.package = next;
    s.gateway.gateway.harvests.poke(SOURCE);
    await passAfter(s.gateway, completed);
    const asked = packageRequests(replay);
    // Asked conditionally; the new edition does not match the old validators.
    expect(asked.map((r) => r.status)).toEqual([200, 200]);
    expect(asked[1]!.headers['if-none-match']).toEqual(expect.any(String));

    const list = await post(s.gateway, LIST);
    expect(list.errors).toBeUndefined();
    const c = list.data.investmentProjects;
    expect(c.totalCount).toBe(39);
    const ids = c.edges.map((e: any) => e.node.projectId);
    expect(ids).not.toContain(gone['id']);
    expect(c.edges.find((e: any) => e.node.projectId === projects[1]!['id']).node.title).toBe(
      'Шинэчилсэн нэр (зохиомол)',
    );
    const sum = projects.reduce((n, p) => n + (p['budget']['amount']['amount'] as number), 0);
    expect(c.budgetTotals).toEqual([{ amount: sum, currency: 'MNT' }]);

    // Still answered by id, saying since when it is withdrawn; a listed one says null.
    const one = await post(
      s.gateway,
      `{ withdrawn: investmentProject(id: "${gone['id']}") {
           projectId title withdrawnAt freshness { source harvest { complete } } }
         listed: investmentProject(id: "${projects[1]!['id']}") { withdrawnAt } }`,
    );
    expect(one.errors).toBeUndefined();
    expect(one.data.withdrawn).toMatchObject({ projectId: gone['id'], title: gone['title'] });
    expect(Date.parse(one.data.withdrawn.withdrawnAt)).toBeGreaterThanOrEqual(completed);
    expect(one.data.withdrawn.freshness).toEqual({ source: SOURCE, harvest: { complete: true } });
    expect(one.data.listed.withdrawnAt).toBeNull();

    // Out of the joins too.
    const ocid = gone['contractingProcesses'][0].summary.ocid as string;
    const number = (gone['parties'] as Json[]).find((x) => x.identifier?.scheme === 'MN-CR')!.identifier
      .id as string;
    const joins = await post(
      s.gateway,
      `{ contractingProcess(ocid: "${ocid}") { projects { projectId } }
         organization(registerNumber: "${number}") { investmentProjects { projectId } } }`,
    );
    expect(joins.errors).toBeUndefined();
    expect(joins.data.contractingProcess.projects.map((p: any) => p.projectId)).not.toContain(gone['id']);
    expect(joins.data.organization.investmentProjects.map((p: any) => p.projectId)).not.toContain(gone['id']);
  });

  it('says a list is partial while the first harvest runs, and never waits for it', async () => {
    const replay = await startReplayServer({ rateLimit: false });
    replay.faults.set(PACKAGE, { kind: 'delay', ms: 1500 }, { times: 1 });
    const s = await start(replay);
    await until(() => packageRequests(replay).length >= 1, { what: 'the package to be asked for' });
    const during = await post(
      s.gateway,
      `{ investmentProjects(first: 5) { totalCount freshness { cache stale harvest { complete state } } } }`,
    );
    expect(during.errors).toBeUndefined();
    expect(during.data.investmentProjects).toMatchObject({
      totalCount: 0,
      freshness: { cache: 'MISS', stale: true, harvest: { complete: false, state: 'RUNNING' } },
    });
    // A project by id, which the store cannot answer yet, is read live (the package through the cache).
    const live = await post(
      s.gateway,
      `{ investmentProject(id: "mn-pip-fict-0001") { projectId freshness { harvest { complete } } } }`,
    );
    expect(live.errors).toBeUndefined();
    expect(live.data.investmentProject).toEqual({
      projectId: 'mn-pip-fict-0001',
      freshness: { harvest: null },
    });
    await harvested(s.gateway);
    const after = await post(s.gateway, `{ investmentProjects(first: 5) { totalCount } }`);
    expect(after.data.investmentProjects.totalCount).toBe(40);
    expect(harvestOf(after)).toMatchObject({ complete: true, state: 'IDLE', records: 40 });
  });
});

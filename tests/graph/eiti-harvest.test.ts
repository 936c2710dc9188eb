import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../src/replay/index.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { EntityStore } from '../../src/store/index.js';
import { until } from '../eventually.js';
import { FAST_ENV, freshDataDir, postGraphql, removeDataDir, replayEnv } from '../helpers.js';

/**
 * The two EITI harvests into the store, end to end over the replay server: lookups served from the store
 * once a pass has completed, a restart with nothing changed costing one request for each (EITI Mongolia's
 * report list, a form POST that no conditional request applies to, is read again only a max-age after its
 * last reading, and the reports are vouched for as of that reading), a changed
 * upstream updating the store and marking what it no longer publishes as withdrawn (kept), and lookups
 * saying they are partial while the first pass runs.
 */

const EITI_DATA = fileURLToPath(new URL('../../data/eiti/', import.meta.url));
const ORGANISATIONS = '/eiti/api/v2.0/organisation';
const REVENUE = '/eiti/api/v2.0/revenue';
/** The index's path exactly, as a fault route of its own (a string route is another rule). */
const INDEX_ONLY = /^\/eiti\/api\/v2\.0\/organisation$/;
const PORTAL_MAP = '/eitim/portalMap';
const REPORT_LIST = '/eitim/reportListAppend/';

interface Started {
  replay: ReplayServer;
  gateway: RunningGateway;
}
const open: Started[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) {
    await s.gateway.close().catch(() => undefined);
    await s.replay.close();
  }
  for (const dir of dirs.splice(0)) {
    removeDataDir(dir);
    if (dir.startsWith(join(tmpdir(), 'tg-eiti-'))) rmSync(dir, { recursive: true, force: true });
  }
});

/** A gateway over `replay` on the store in `dataDir`; the register is left unserved (not needed here). */
async function gatewayOn(
  replay: ReplayServer,
  dataDir: string,
  extra: Record<string, string> = {},
): Promise<RunningGateway> {
  const env = {
    ...FAST_ENV,
    ...replayEnv(replay),
    DATA_DIR: dataDir,
    REGISTRY_URL: `${replay.url}/no-register`,
    ...extra,
  };
  const gateway = await startGateway({ env });
  open.push({ replay, gateway });
  return gateway;
}

async function stop(gateway: RunningGateway): Promise<void> {
  const i = open.findIndex((s) => s.gateway === gateway);
  if (i >= 0) open.splice(i, 1);
  await gateway.close();
}

/** Waits for a pass of `source` completed after `after` (epoch ms; -1: any). */
async function passed(g: RunningGateway, source: string, after = -1): Promise<void> {
  await until(
    async () => {
      const st = (await g.gateway.harvests.status(source as 'EITI'))!.status;
      if (st.state === 'FAILED') throw new Error(`${source} harvest failed: ${st.lastError}`);
      return st.state === 'IDLE' && (st.completedAt ?? -1) > after;
    },
    { what: `a completed ${source} pass` },
  );
}

const completedAt = async (g: RunningGateway, source: string) =>
  (await g.gateway.harvests.status(source as 'EITI'))!.status.completedAt ?? -1;

const post = postGraphql;

const FACET = (n: string) => `{ organization(registerNumber: "${n}") { eiti {
  organisations { id year label } reports { year } licences { number }
  freshness { cache stale harvest { state complete } } } } }`;

const requestsSince = (replay: ReplayServer, from: number, prefix: string) =>
  replay.requests.slice(from).filter((r) => r.path.startsWith(prefix));

describe('the EITI harvests', () => {
  it('restarts on its store with one request for the EITI API and one for EITI Mongolia', async () => {
    const replay = await startReplayServer({ rateLimit: false });
    const dataDir = freshDataDir();
    dirs.push(dataDir);
    const first = await gatewayOn(replay, dataDir);
    await passed(first, 'EITI');
    await passed(first, 'EITI_MONGOLIA');
    // The first pass: every page of the index, the payments of every organisation-year, the two lists.
    expect(replay.countRequests({ pathPrefix: ORGANISATIONS })).toBe(42); // 2,076 rows, 50 a page
    // 2,072 organisation-years kept: the 2,076 rows less 4 whose identification is no register number.
    const stored = await new EntityStore(first.gateway.store.db, 'EITI', 'organisation').counts();
    expect(stored).toEqual({ current: 2072, withdrawn: 0 });
    expect(replay.countRequests({ pathPrefix: REVENUE })).toBe(2072);
    expect(replay.countRequests({ pathPrefix: '/eitim/' })).toBe(2);
    const before = await post(first, FACET('2657457'));
    expect(before.errors).toBeUndefined();
    expect(before.data.organization.eiti.organisations).toHaveLength(13);
    expect(before.data.organization.eiti.freshness).toMatchObject({ cache: 'HIT', stale: false });
    const eitiDone = await completedAt(first, 'EITI');
    const portalDone = await completedAt(first, 'EITI_MONGOLIA');
    const portalConfirmed = (await first.gateway.harvests.status('EITI_MONGOLIA'))!.status.confirmedAt!;
    await stop(first);

    const asked = replay.requests.length;
    const again = await gatewayOn(replay, dataDir);
    // Served from the store at once, complete, without a request of its own.
    const served = await post(again, FACET('2657457'));
    const lists = (eiti: any) => [eiti.organisations, eiti.reports, eiti.licences];
    expect(lists(served.data.organization.eiti)).toEqual(lists(before.data.organization.eiti));
    expect(served.data.organization.eiti.freshness).toMatchObject({
      cache: 'HIT',
      harvest: { complete: true },
    });
    await passed(again, 'EITI', eitiDone);
    await passed(again, 'EITI_MONGOLIA', portalDone);
    const api = requestsSince(replay, asked, '/eiti/');
    expect(api.map((r) => [r.path, r.status])).toEqual([[ORGANISATIONS, 304]]);
    expect(api[0]?.headers['if-modified-since']).toEqual(expect.any(String));
    // The licence map asked for conditionally; the report list, read by the first gateway less than a
    // max-age ago, not asked for again, and the source confirmed only as of that reading.
    const portal = requestsSince(replay, asked, '/eitim/');
    expect(portal.map((r) => [r.path, r.status])).toEqual([[PORTAL_MAP, 304]]);
    const confirmed = (await again.gateway.harvests.status('EITI_MONGOLIA'))!.status.confirmedAt!;
    expect(confirmed).toBeGreaterThanOrEqual(portalConfirmed);
    expect(confirmed).toBeLessThan(portalDone);
    expect((await post(again, FACET('2657457'))).data).toEqual(before.data);
  });

  it('walks the whole index and reads every payment again once the last full walk is older than the stale-if-error window', async () => {
    const replay = await startReplayServer({ rateLimit: false });
    const dataDir = freshDataDir();
    dirs.push(dataDir);
    const first = await gatewayOn(replay, dataDir);
    await passed(first, 'EITI');
    const done = await completedAt(first, 'EITI');
    await stop(first);
    const asked = replay.requests.length;
    // A one-second window: the walk of the first gateway is already too old to vouch for the payments.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = await gatewayOn(replay, dataDir, { EITI_SIE_SECONDS: '1' });
    await passed(again, 'EITI', done);
    const api = requestsSince(replay, asked, '/eiti/');
    expect(api.filter((r) => r.path === ORGANISATIONS).map((r) => r.status)).toEqual(Array(42).fill(200));
    expect(api.filter((r) => r.path === REVENUE)).toHaveLength(2072);
    expect(api[0]?.headers['if-modified-since']).toBeUndefined();
  });

  it('takes in a changed upstream, reading payments only for what changed, and keeps what it removed as withdrawn', async () => {
    const data = mkdtempSync(join(tmpdir(), 'tg-eiti-'));
    dirs.push(data);
    cpSync(EITI_DATA, data, { recursive: true });
    const dataDir = freshDataDir();
    dirs.push(dataDir);
    let replay = await startReplayServer({ rateLimit: false, eiti: { dataDir: data } });
    const first = await gatewayOn(replay, dataDir);
    await passed(first, 'EITI');
    await passed(first, 'EITI_MONGOLIA');
    const eitiDone = await completedAt(first, 'EITI');
    const portalDone = await completedAt(first, 'EITI_MONGOLIA');
    await stop(first);
    await replay.close();

    // Upstream, meanwhile: Oyu Tolgoi's 2019 record is gone and its 2006 one relabelled (the index says
    // it was regenerated); one of its reports and one licence are no longer published.
    const indexPath = join(data, 'mn_eiti_organisations_index.json');
    const index = JSON.parse(readFileSync(indexPath, 'utf8'));
    const ot: { id: string; year: string; label: string }[] = index.index['2657457'];
    const removed = ot.find((r) => r.year === '2019')!;
    const relabelled = ot.find((r) => r.year === '2006')!;
    index.index['2657457'] = ot.filter((r) => r !== removed);
    relabelled.label = 'Oyu Tolgoi LLC (relabelled)';
    index.meta.upstream_meta.generated = '2026-08-01';
    writeFileSync(indexPath, JSON.stringify(index));
    const reportsPath = join(data, 'eitim_reportlist_companies.json');
    const reports = JSON.parse(readFileSync(reportsPath, 'utf8'));
    const gone = reports.data.findIndex(
      (r: any) => r.company_register_number === '2657457' && r.year === 2006,
    );
    const [goneReport] = reports.data.splice(gone, 1);
    writeFileSync(reportsPath, JSON.stringify(reports));
    const mapPath = join(data, 'eitim_portalmap_licenses.sample.json');
    const licences = JSON.parse(readFileSync(mapPath, 'utf8'));
    const [goneLicence] = licences.splice(0, 1);
    writeFileSync(mapPath, JSON.stringify(licences));

    replay = await startReplayServer({ rateLimit: false, eiti: { dataDir: data } });
    // A max-age of one second, passed: the report list is due to be read again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = await gatewayOn(replay, dataDir, { EITI_MONGOLIA_MAX_AGE_SECONDS: '1' });
    await passed(again, 'EITI', eitiDone);
    await passed(again, 'EITI_MONGOLIA', portalDone);
    expect(replay.countRequests({ pathPrefix: REPORT_LIST })).toBeGreaterThanOrEqual(1);
    // The whole index walked again (its date moved), but payments read only for the changed record.
    expect(replay.countRequests({ pathPrefix: ORGANISATIONS })).toBe(42);
    const revenue = replay.requests.filter((r) => r.path === REVENUE);
    expect(revenue.map((r) => new URLSearchParams(r.query).get('organisation'))).toEqual([relabelled.id]);

    const after = await post(again, FACET('2657457'));
    expect(after.errors).toBeUndefined();
    const orgs = after.data.organization.eiti.organisations;
    expect(orgs.map((o: any) => o.id)).not.toContain(removed.id);
    expect(orgs).toHaveLength(12);
    expect(orgs.find((o: any) => o.id === relabelled.id).label).toBe('Oyu Tolgoi LLC (relabelled)');
    expect(after.data.organization.eiti.reports.map((r: any) => r.year)).not.toContain(2006);
    const holder = goneLicence.cordinate.COMPANY_REGISTER_NUMBER as string;
    const held = await post(again, FACET(holder));
    expect(held.data.organization.eiti.licences.map((l: any) => l.number)).not.toContain(
      goneLicence.cordinate.LICENSE_NUMBER,
    );

    // Kept in the store, marked withdrawn.
    const db = again.gateway.store.db;
    const row = async (source: string, kind: string, key: string) =>
      (await new EntityStore(db, source, kind).get([key])).get(key);
    expect((await row('EITI', 'organisation', removed.id))?.withdrawn_at).toEqual(expect.any(Number));
    expect((await row('EITI', 'payments', removed.id))?.withdrawn_at).toEqual(expect.any(Number));
    expect((await row('EITI', 'organisation', relabelled.id))?.withdrawn_at).toBeNull();
    const reportKey = `${goneReport.year}:${goneReport.company_id}:${goneReport.company_register_number}`;
    expect((await row('EITI_MONGOLIA', 'report', reportKey))?.withdrawn_at).toEqual(expect.any(Number));
    const licenceKey = goneLicence.cordinate.LICENSE_NUMBER as string;
    expect((await row('EITI_MONGOLIA', 'licence', licenceKey))?.withdrawn_at).toEqual(expect.any(Number));
    expect(await new EntityStore(db, 'EITI', 'organisation').counts()).toEqual({
      current: 2071,
      withdrawn: 1,
    });
  });

  it('stops a walk at a failing page of the index and resumes at that page', async () => {
    const replay = await startReplayServer({ rateLimit: false });
    // Pages 1 to 3 answer; every later request for the index fails (until the faults are cleared).
    replay.faults.set(INDEX_ONLY, { kind: 'status', status: 503 });
    replay.faults.set(ORGANISATIONS, { kind: 'delay', ms: 0 }, { times: 3 });
    const dataDir = freshDataDir();
    dirs.push(dataDir);
    const g = await gatewayOn(replay, dataDir, { HARVEST_RETRY_SECONDS: '86400' });
    await until(async () => (await g.gateway.harvests.status('EITI'))!.status.state === 'FAILED', {
      what: 'the walk to stop at page 4',
    });
    const failed = replay.requests.filter((r) => r.path === ORGANISATIONS);
    expect(failed.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(failed.slice(3).every((r) => r.status === 503)).toBe(true);
    const status = (await g.gateway.harvests.status('EITI'))!.status;
    expect(status).toMatchObject({ complete: false, pages: 3 });
    replay.faults.clear();
    g.gateway.harvests.poke('EITI');
    await passed(g, 'EITI');
    const resumed = replay.requests.filter((r) => r.path === ORGANISATIONS).slice(failed.length);
    expect(new URLSearchParams(resumed[0]?.query).get('page')).toBe('4'); // page 4 again, not page 1
    expect(resumed).toHaveLength(39);
    // Every organisation-year's payments read once, across the two attempts.
    expect(replay.countRequests({ pathPrefix: REVENUE })).toBe(2072);
  });

  it('says a lookup is partial while the first pass runs, and reads live what it has not reached', async () => {
    const replay = await startReplayServer({ rateLimit: false });
    // The harvest's first page answers; its second never does (later requests, the live crawl's, do).
    replay.faults.set(
      INDEX_ONLY,
      { kind: 'delay', ms: 600_000 },
      {
        times: 1,
      },
    );
    replay.faults.set(ORGANISATIONS, { kind: 'delay', ms: 0 }, { times: 1 });
    const dataDir = freshDataDir();
    dirs.push(dataDir);
    const g = await gatewayOn(replay, dataDir);
    await until(async () => (await g.gateway.harvests.status('EITI'))!.status.records > 0, {
      what: 'the first page of the index to be stored',
    });
    // Oyu Tolgoi's first record is on the first page, its twelve others later.
    const partial = await post(g, FACET('2657457'));
    expect(partial.errors).toBeUndefined();
    const eiti = partial.data.organization.eiti;
    expect(eiti.organisations.length).toBeGreaterThan(0);
    expect(eiti.organisations.length).toBeLessThan(13);
    expect(eiti.freshness).toMatchObject({
      cache: 'MISS',
      stale: true,
      harvest: { state: 'RUNNING', complete: false },
    });
    // A number the store has not reached is read live (the whole index, through the cache).
    const live = await post(g, FACET('0996811'));
    expect(live.errors).toBeUndefined();
    expect(live.data.organization.eiti.organisations.map((o: any) => o.id)).toEqual(['9000012', '9000013']);
    expect(live.data.organization.eiti.freshness.harvest).toBeNull();
    const sources = await post(g, `{ sources { name harvest { state complete } } }`);
    expect(sources.data.sources.find((s: any) => s.name === 'EITI').harvest).toEqual({
      state: 'RUNNING',
      complete: false,
    });
    expect((await g.gateway.ready()).sources['EITI']).toBe('ok');
  });
});

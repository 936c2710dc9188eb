import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { startReplayServer, type ReplayServer } from '../../src/replay/index.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { SQLITE_FILE } from '../../src/store/index.js';
import { until } from '../eventually.js';
import { FAST_ENV, freshDataDir, harvested, removeDataDir, replayEnv } from '../helpers.js';

/**
 * The OCDS harvest into the store, end to end over the replay server: the feed read page by page once,
 * lists served from the store (partial and saying so while the first pass runs), an interrupted pass
 * resumed where it stopped, a restart with nothing new costing one request, and a store that cannot be
 * used stopping start-up with a sentence.
 */

const LIST = `{ contractingProcesses(first: 5) { totalCount } }`;
const PAGES = '/ocds/releases';
const pages = (replay: ReplayServer) => replay.requests.filter((r) => r.path === PAGES);

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

async function start(env: Record<string, string> = {}, replay?: ReplayServer): Promise<Started> {
  const r = replay ?? (await startReplayServer({ rateLimit: false }));
  const base = replayEnv(r);
  const dataDir = env['DATA_DIR'] ?? base['DATA_DIR']!;
  const gateway = await startGateway({ env: { ...FAST_ENV, ...base, DATA_DIR: dataDir, ...env } });
  const s = { replay: r, gateway, dataDir };
  running.push(s);
  return s;
}

async function post<T = any>(
  g: RunningGateway,
  query: string,
): Promise<{ data?: T; errors?: any[]; extensions?: any }> {
  const res = await fetch(`${g.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: T; errors?: any[]; extensions?: any };
}

const harvestOf = (body: { extensions?: any }) =>
  (body.extensions?.freshness?.sources as { source: string; harvest: any }[]).find(
    (s) => s.source === 'PROCUREMENT',
  )?.harvest;

describe('the OCDS harvest', () => {
  it('reads each page of the feed once and serves lists from the store without another request', async () => {
    const s = await start({ PROCUREMENT_PAGE_SIZE: '100' });
    await harvested(s.gateway);
    const seen = pages(s.replay);
    expect(seen).toHaveLength(10); // 913 releases, 100 a page
    expect(new Set(seen.map((r) => r.query)).size).toBe(10);
    const body = await post(s.gateway, LIST);
    expect(body.errors).toBeUndefined();
    expect(body.data.contractingProcesses.totalCount).toBe(301);
    expect(harvestOf(body)).toMatchObject({ complete: true, state: 'IDLE', pages: 10 });
    expect(harvestOf(body).records).toBeGreaterThan(900); // every release of the 10 pages
    await post(
      s.gateway,
      `{ contractingProcesses(first: 100, filter: { status: "complete" }) { totalCount } }`,
    );
    expect(pages(s.replay)).toHaveLength(10);
  });

  it('says a list is partial while the first pass runs, and never waits for it', async () => {
    const replay = await startReplayServer({ rateLimit: false });
    replay.faults.set(PAGES, { kind: 'delay', ms: 400 });
    const s = await start({ PROCUREMENT_PAGE_SIZE: '100' }, replay);
    await until(() => pages(replay).length >= 2, { what: 'the second page to be asked for' });
    const during = await post(s.gateway, LIST);
    expect(during.errors).toBeUndefined();
    expect(during.data.contractingProcesses.totalCount).toBeLessThan(301);
    expect(harvestOf(during)).toMatchObject({ complete: false, state: 'RUNNING' });
    const freshness = during.extensions.freshness.records[0];
    expect(freshness).toMatchObject({ stale: true, cache: 'MISS' });
    replay.faults.clear();
    await harvested(s.gateway);
    const after = await post(s.gateway, LIST);
    expect(after.data.contractingProcesses.totalCount).toBe(301);
    expect(harvestOf(after)).toMatchObject({ complete: true });
  });

  it('stops a pass at a failing page, keeps what it read, and resumes at that page', async () => {
    const replay = await startReplayServer({ rateLimit: false });
    // Every page after the first fails: the 503 rule applies once the one-off rule for page 1 is used up.
    replay.faults.set(/^\/ocds\/releases$/, { kind: 'status', status: 503 });
    replay.faults.set(PAGES, { kind: 'delay', ms: 0 }, { times: 1 });
    const s = await start(
      { PROCUREMENT_PAGE_SIZE: '100', UPSTREAM_RETRIES: '2', HARVEST_RETRY_SECONDS: '86400' },
      replay,
    );
    await harvested(s.gateway);
    const failed = pages(replay);
    expect(failed.map((r) => r.status)).toEqual([200, 503, 503, 503]); // page 1, then page 2's 3 attempts
    const partial = await post(
      s.gateway,
      `{ contractingProcesses(first: 5) { totalCount } sources { name harvest { state complete records lastError } } }`,
    );
    expect(partial.errors).toBeUndefined();
    expect(partial.data.contractingProcesses.totalCount).toBeGreaterThan(0);
    expect(partial.data.contractingProcesses.totalCount).toBeLessThan(301);
    expect(partial.data.sources[0].harvest).toMatchObject({ state: 'FAILED', complete: false, records: 100 });
    expect(partial.data.sources[0].harvest.lastError).toEqual(expect.any(String));
    replay.faults.clear();
    s.gateway.gateway.harvests.poke('PROCUREMENT');
    await until(async () => (await s.gateway.gateway.harvests.status('PROCUREMENT'))!.status.complete, {
      what: 'the resumed pass to complete',
    });
    const resumed = pages(replay).slice(failed.length);
    expect(resumed[0]?.query).toBe(failed[1]?.query); // page 2 again, not page 1
    expect(resumed).toHaveLength(9);
    expect((await post(s.gateway, LIST)).data.contractingProcesses.totalCount).toBe(301);
  });

  it('restarts on its store with one request when nothing changed upstream', async () => {
    const first = await start({ PROCUREMENT_PAGE_SIZE: '100' });
    await harvested(first.gateway);
    const before = await post(
      first.gateway,
      `{ contractingProcesses(first: 3) { totalCount edges { node { ocid } } } }`,
    );
    await first.gateway.close();
    running.splice(running.indexOf(first), 1);
    const asked = pages(first.replay).length;
    const again = await startGateway({
      env: { ...FAST_ENV, ...replayEnv(first.replay), DATA_DIR: first.dataDir },
    });
    running.push({ replay: first.replay, gateway: again, dataDir: first.dataDir });
    // Served from the store at once, complete, before any request of the new process.
    const served = await post(
      again,
      `{ contractingProcesses(first: 3) { totalCount edges { node { ocid } } } }`,
    );
    expect(served.data).toEqual(before.data);
    expect(harvestOf(served)).toMatchObject({ complete: true });
    await until(
      async () => {
        const st = (await again.gateway.harvests.status('PROCUREMENT'))!.status;
        return st.state === 'IDLE' && pages(first.replay).length > asked;
      },
      { what: 'the first pass after the restart' },
    );
    const restart = pages(first.replay).slice(asked);
    expect(restart).toHaveLength(1);
    expect(restart[0]?.query).toContain('since=');
  });

  it('stops harvesting when the store is full and goes on serving what it holds', async () => {
    // Only the OCDS feed fills this small store: every other source points at a path the replay does
    // not serve, so its harvest stores nothing.
    const replay = await startReplayServer({ rateLimit: false });
    const elsewhere = `${replay.url}/not-served`;
    const s = await start(
      {
        PROCUREMENT_PAGE_SIZE: '20',
        STORE_MAX_BYTES: String(640 * 1024), // the empty store is about 45 pages of 8 KiB
        HARVEST_RETRY_SECONDS: '86400',
        REGISTRY_URL: elsewhere,
        EITI_URL: elsewhere,
        EITI_MONGOLIA_URL: elsewhere,
        INVESTMENT_URL: elsewhere,
        TENDER_MN_URL: elsewhere,
      },
      replay,
    );
    await until(
      async () => (await s.gateway.gateway.harvests.status('PROCUREMENT'))!.status.state === 'STORE_FULL',
      {
        what: 'the store to fill up',
      },
    );
    const body = await post(
      s.gateway,
      `{ contractingProcesses(first: 2) { totalCount } sources { name harvest { state complete } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.contractingProcesses.totalCount).toBeGreaterThan(0);
    expect(body.data.sources[0].harvest).toEqual({ state: 'STORE_FULL', complete: false });
    // The process still serves (`/readyz`); the source says why its list is partial.
    expect((await fetch(`${s.gateway.url}/readyz`)).status).toBe(200);
    expect((await s.gateway.gateway.ready()).sources['PROCUREMENT']).toBe('HARVEST_STORE_FULL');
  });
});

describe('a store that cannot be used', () => {
  it('stops start-up with a sentence naming a file that is not a store, and how to rebuild it', async () => {
    const replay = await startReplayServer({ rateLimit: false });
    const dataDir = freshDataDir();
    try {
      writeFileSync(
        join(dataDir, SQLITE_FILE),
        'not a database, just some text that is long enough'.repeat(100),
      );
      const starting = startGateway({ env: { ...FAST_ENV, ...replayEnv(replay), DATA_DIR: dataDir } });
      await expect(starting).rejects.toBeInstanceOf(ConfigError);
      await expect(starting).rejects.toThrow(join(dataDir, SQLITE_FILE));
      await expect(starting).rejects.toThrow(/move .* away/);
    } finally {
      await replay.close();
      removeDataDir(dataDir);
    }
  });
});

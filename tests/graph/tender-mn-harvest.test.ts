import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../src/replay/index.js';
import { EMBEDDED_TENDER_MN_SOURCE, loadTenderMnData } from '../../src/replay/tender-mn-data.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { until } from '../eventually.js';
import { FAST_ENV, harvested, postGraphql, removeDataDir, replayEnv } from '../helpers.js';
import {
  BIDDERS,
  INVITATION,
  startTenderMnProxy,
  windowPage,
  type Hop,
  type TenderMnProxy,
} from './tender-mn-proxy.js';

/**
 * The tender.gov.mn harvest into the store, end to end over the replay server (through a loopback hop that
 * records each request's form): the invitation list read once by tender-year window with the bidder lists
 * the mapping needs, in order and one request at a time through the source's pipeline; lists served from
 * the store (partial and saying so while the first pass runs, without waiting for it); an interrupted
 * pass resumed at its window and page; a restart with nothing new costing one request; an invitation gone
 * from a re-read window marked withdrawn. `Date` is pinned (only `Date`: timers and sockets keep real
 * time), so the current tender year is 2026 whenever the tests run.
 */

const NOW = Date.parse('2026-12-01T04:00:00Z');
const PREFIX = 'ocds-xxxxxx-mn-tender-';
const SOURCE = 'TENDER_MN';
const LIST = `{ contractingProcesses(feed: TENDER_MN, first: 100) {
  totalCount edges { node { ocid freshness { url cache stale } } } } }`;

/** The served invitation ids by tender year, and the windows a first pass reads (oldest year to 2026). */
let idsByYear: Map<number, number[]>;
let years: number[];
let served: number;
const ids = (year: number): number[] => idsByYear.get(year) ?? [];
const count = (year: number): number => ids(year).length;

beforeAll(async () => {
  const data = await loadTenderMnData(EMBEDDED_TENDER_MN_SOURCE);
  idsByYear = new Map();
  for (const row of data.invitations) {
    const year = data.yearOf.get(row.invitationId)!;
    idsByYear.set(year, [...ids(year), row.invitationId]);
  }
  const oldest = Math.min(...idsByYear.keys());
  years = Array.from({ length: 2026 - oldest + 1 }, (_, i) => oldest + i);
  served = data.invitations.length;
});

interface Started {
  replay: ReplayServer;
  proxy: TenderMnProxy;
  gateway: RunningGateway;
  env: Record<string, string>;
}
const running: Started[] = [];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
});
afterEach(async () => {
  vi.useRealTimers();
  for (const s of running.splice(0)) {
    s.proxy.clear();
    await s.gateway.close().catch(() => undefined);
    await s.proxy.close();
    await s.replay.close();
    removeDataDir(s.env['DATA_DIR']);
  }
});

/** A replay server, the hop in front of its tender.gov.mn module, and a gateway over both. */
async function start(
  env: Record<string, string> = {},
  before?: (proxy: TenderMnProxy) => void,
): Promise<Started> {
  const replay = await startReplayServer({ rateLimit: false });
  const proxy = await startTenderMnProxy(replay.url);
  before?.(proxy);
  const all = { ...FAST_ENV, ...replayEnv(replay), TENDER_MN_URL: proxy.url, ...env };
  const gateway = await startGateway({ env: all });
  const s = { replay, proxy, gateway, env: all };
  running.push(s);
  return s;
}

const post = postGraphql;

const status = async (g: RunningGateway) => (await g.gateway.harvests.status(SOURCE))!.status;
const harvestOf = (body: { extensions?: any }) =>
  (body.extensions?.freshness?.sources as { source: string; harvest: any }[]).find((s) => s.source === SOURCE)
    ?.harvest;
const form = (h: Hop | undefined) => Object.fromEntries(h?.form ?? []);

/** Attempts at tender.gov.mn that got no answer or one other than 2xx / 3xx, from the gateway's `/metrics`. */
async function failedAttempts(gateway: RunningGateway): Promise<number> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  let failed = 0;
  for (const [, labels = '', count] of text.matchAll(/^tg_upstream_requests_total\{([^}]*)\} (\d+)/gm))
    if (labels.includes(`source="${SOURCE}"`) && !/status="[23]/.test(labels)) failed += Number(count);
  return failed;
}
const yearOfId = (id: string | null) => years.find((y) => ids(y).includes(Number(id)));

/** Runs one more pass an hour later (the pinned clock moved on) and waits for it to complete. */
async function nextPass(g: RunningGateway, by = 3_600_000): Promise<void> {
  const done = (await status(g)).completedAt ?? 0;
  vi.setSystemTime(Date.now() + by);
  g.gateway.harvests.poke(SOURCE);
  await until(async () => ((await status(g)).completedAt ?? 0) > done, { what: 'the next pass' });
}

describe('the tender.gov.mn harvest', () => {
  it('walks each tender-year window once, with the bidder lists, then lists and looks up from the store', async () => {
    const s = await start();
    await harvested(s.gateway);
    const hops = s.proxy.hops;
    // The oldest invitation (one row of the unfiltered list) says where the windows start.
    expect(hops[0]?.path).toBe(INVITATION);
    expect(form(hops[0])).toEqual({ current_page: '1', per_page: '1' });
    // Each window's page, then the bidder list of each of its invitations, windows oldest first.
    const sequence = hops
      .slice(1)
      .map((h) =>
        windowPage(h)
          ? `page ${h.form.get('tenderYear')}`
          : `bidders ${yearOfId(h.form.get('invitationId'))}`,
      );
    expect(sequence).toEqual(years.flatMap((y) => [`page ${y}`, ...ids(y).map(() => `bidders ${y}`)]));
    expect(hops.filter(windowPage).map(form)).toEqual(
      years.map((y) => ({ current_page: '1', per_page: '100', tenderYear: String(y) })),
    );
    expect(new Set(hops.filter((h) => h.path === BIDDERS).map((h) => h.form.get('invitationId'))).size).toBe(
      served,
    );
    expect(hops).toHaveLength(1 + years.length + served); // 42 with the embedded data

    const body = await post(s.gateway, LIST);
    expect(body.errors).toBeUndefined();
    const list = body.data.contractingProcesses;
    expect(list.totalCount).toBe(served);
    expect(list.edges.map((e: any) => e.node.ocid).sort()).toEqual(
      years.flatMap((y) => ids(y).map((id) => `${PREFIX}${id}`)).sort(),
    );
    expect(harvestOf(body)).toMatchObject({ complete: true, state: 'IDLE', records: served });
    expect(list.edges[0].node.freshness).toEqual({
      url: s.proxy.url + '/invitation',
      cache: 'HIT',
      stale: false,
    });
    const ocid = `${PREFIX}${ids(years[0]!)[0]}`;
    const one = await post(
      s.gateway,
      `{ contractingProcess(ocid: "${ocid}") { ocid freshness { source cache } } }`,
    );
    expect(one.data.contractingProcess).toEqual({ ocid, freshness: { source: SOURCE, cache: 'HIT' } });
    expect(s.proxy.hops).toHaveLength(hops.length);
  });

  it('spaces its requests through the source pipeline: one at a time, in order, a lookup queued among them', async () => {
    const last = years.at(-1)!;
    const gate: { held?: Promise<Hop> } = {};
    const s = await start({ TENDER_MN_RATE_PER_SECOND: '20' }, (proxy) => {
      gate.held = proxy.hold((h) => windowPage(h) && h.form.get('tenderYear') === String(last));
    });
    await gate.held;
    // While the harvest's request for the last window is in flight, a query looks up one of its invitations:
    // the store does not hold it yet, so it is read live, through the same pipeline.
    const ocid = `${PREFIX}${ids(last).at(-1)}`;
    const lookup = post(s.gateway, `{ contractingProcess(ocid: "${ocid}") { ocid } }`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    s.proxy.release();
    expect((await lookup).data.contractingProcess).toEqual({ ocid });
    await harvested(s.gateway);

    const hops = s.proxy.hops;
    // Never two at once: each request arrived after the one before it was answered.
    for (let i = 1; i < hops.length; i++) expect(hops[i]!.arrived).toBeGreaterThan(hops[i - 1]!.answered!);
    expect(s.proxy.peak).toBe(1);
    // The lookup's own requests (an unfiltered page of 100 and a bidder list) took their turn among the
    // harvest's, which kept their order.
    const lookupPage = (h: Hop) =>
      h.path === INVITATION && !h.form.has('tenderYear') && h.form.get('per_page') === '100';
    const mine = hops.filter(lookupPage);
    expect(mine.length).toBeLessThanOrEqual(1);
    // The looked-up invitation's bidder list is asked for by the harvest and, when the lookup read it live,
    // by the lookup before it: only the last request keeps a place in the harvest's order. A request right
    // after the same one is a retried attempt (one past its deadline on a busy machine): one place too,
    // and never more such repeats than the gateway counted failed attempts.
    const lookedUp = String(ids(last).at(-1));
    const asked = hops
      .filter((h) => !lookupPage(h))
      .slice(1)
      .map((h) => (windowPage(h) ? `page ${h.form.get('tenderYear')}` : h.form.get('invitationId')));
    const keyed = asked.filter((key, i) => i === 0 || key !== asked[i - 1]);
    expect(asked.length - keyed.length).toBeLessThanOrEqual(await failedAttempts(s.gateway));
    expect(keyed.filter((key) => key === lookedUp).length).toBeLessThanOrEqual(2);
    const harvestsLookedUp = keyed.lastIndexOf(lookedUp);
    const keys = keyed.filter((key, i) => key !== lookedUp || i === harvestsLookedUp);
    expect(keys).toEqual(years.flatMap((y) => [`page ${y}`, ...ids(y).map(String)]));
  });

  it('answers a list at once while the first pass runs, saying it is partial', async () => {
    const gate: { held?: Promise<Hop> } = {};
    const s = await start({}, (proxy) => {
      gate.held = proxy.hold((h) => windowPage(h) && h.form.get('tenderYear') === String(years[2]));
    });
    await gate.held;
    // The harvest is held at its third window: the list answers now, from what is stored.
    const during = await post(
      s.gateway,
      `{ contractingProcesses(feed: TENDER_MN, first: 100) { totalCount } sources { name harvest { state complete } } }`,
    );
    expect(during.errors).toBeUndefined();
    expect(during.data.contractingProcesses.totalCount).toBe(count(years[0]!) + count(years[1]!));
    expect(harvestOf(during)).toMatchObject({ complete: false, state: 'RUNNING' });
    expect(during.data.sources.find((x: any) => x.name === SOURCE).harvest).toEqual({
      state: 'RUNNING',
      complete: false,
    });
    const record = (during.extensions.freshness.records as any[]).find((r) => r.source === SOURCE);
    expect(record).toMatchObject({ stale: true, cache: 'MISS' });
    expect((await s.gateway.gateway.ready()).sources[SOURCE]).toBe('ok');

    s.proxy.release();
    await harvested(s.gateway);
    const after = await post(s.gateway, LIST);
    expect(after.data.contractingProcesses.totalCount).toBe(served);
    expect(harvestOf(after)).toMatchObject({ complete: true });
  });

  it('stops a pass at a failing page, keeps what it read, and resumes at that window and page', async () => {
    const failing = (h: Hop) =>
      windowPage(h) && h.form.get('tenderYear') === String(years[1]) && h.form.get('current_page') === '2';
    const s = await start(
      { TENDER_MN_PER_PAGE: '5', UPSTREAM_RETRIES: '0', HARVEST_RETRY_SECONDS: '86400' },
      (proxy) => proxy.fail(failing, 503),
    );
    await harvested(s.gateway);
    const failed = s.proxy.hops.length;
    expect(failing(s.proxy.hops.at(-1)!)).toBe(true);
    const partial = await status(s.gateway);
    expect(partial).toMatchObject({ state: 'FAILED', complete: false, records: count(years[0]!) + 5 });
    const listed = await post(s.gateway, LIST);
    expect(listed.data.contractingProcesses.totalCount).toBe(count(years[0]!) + 5);

    s.proxy.clear();
    s.gateway.gateway.harvests.poke(SOURCE);
    await until(async () => (await status(s.gateway)).complete, { what: 'the resumed pass to complete' });
    const resumed = s.proxy.hops.slice(failed);
    expect(form(resumed[0])).toEqual({ current_page: '2', per_page: '5', tenderYear: String(years[1]) });
    // Over both passes: one probe, every page of every window answered once, every bidder list once.
    const pages = s.proxy.hops
      .filter((h, i) => windowPage(h) && i !== failed - 1)
      .map((h) => `${h.form.get('tenderYear')}/${h.form.get('current_page')}`);
    const all = years.flatMap((y) =>
      Array.from({ length: Math.max(1, Math.ceil(count(y) / 5)) }, (_, i) => `${y}/${i + 1}`),
    );
    expect(pages.sort()).toEqual(all.sort());
    expect(s.proxy.hops.filter((h) => h.path === BIDDERS)).toHaveLength(served);
    expect(s.proxy.hops.filter((h) => h.path === INVITATION && !h.form.has('tenderYear'))).toHaveLength(1);
    expect((await post(s.gateway, LIST)).data.contractingProcesses.totalCount).toBe(served);
  });

  it('restarts on its store with one request when nothing changed upstream', async () => {
    const first = await start();
    await harvested(first.gateway);
    const before = await post(first.gateway, LIST);
    const done = (await status(first.gateway)).completedAt!;
    await first.gateway.close();
    const asked = first.proxy.hops.length;
    vi.setSystemTime(NOW + 60_000);
    const again = await startGateway({ env: first.env });
    first.gateway = again;
    // Served from the store at once, complete, whatever the new pass is doing.
    const served0 = await post(again, LIST);
    expect(served0.data.contractingProcesses.totalCount).toBe(before.data.contractingProcesses.totalCount);
    expect(harvestOf(served0)).toMatchObject({ complete: true });
    await until(async () => ((await status(again)).completedAt ?? 0) > done, {
      what: 'the pass after the restart',
    });
    const restart = first.proxy.hops.slice(asked);
    expect(restart.map(form)).toEqual([{ current_page: '1', per_page: '100', tenderYear: '2026' }]);
  });

  it('marks an invitation gone from a re-read window withdrawn, kept, and lists it again when it returns', async () => {
    const s = await start();
    await harvested(s.gateway);
    const gone = ids(2026)[0]!;
    const ocid = `${PREFIX}${gone}`;
    const row = () =>
      s.gateway.gateway.store.db
        .selectFrom('processes')
        .select(['withdrawn_at'])
        .where('feed', '=', SOURCE)
        .where('ocid', '=', ocid)
        .executeTakeFirst();
    const asked = s.proxy.hops.length;

    s.proxy.hide(gone);
    await nextPass(s.gateway);
    expect(s.proxy.hops.slice(asked).map(form)).toEqual([
      { current_page: '1', per_page: '100', tenderYear: '2026' },
    ]);
    const without = await post(s.gateway, LIST);
    expect(without.data.contractingProcesses.totalCount).toBe(served - 1);
    expect(without.data.contractingProcesses.edges.map((e: any) => e.node.ocid)).not.toContain(ocid);
    expect(await row()).toEqual({ withdrawn_at: Date.now() });

    s.proxy.hide(null);
    await nextPass(s.gateway);
    expect(s.proxy.hops.length).toBe(asked + 2); // one page a pass: the returning row is unchanged
    expect((await post(s.gateway, LIST)).data.contractingProcesses.totalCount).toBe(served);
    expect(await row()).toEqual({ withdrawn_at: null });
  });
});

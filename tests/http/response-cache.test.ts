import { afterEach, describe, expect, it, vi } from 'vitest';
import { startLiveHarness, type Harness } from '../helpers.js';
import { eventually } from '../eventually.js';

/**
 * The whole-response cache must never change an answer: a replayed response reads exactly as a new
 * execution would at the time of the replay (ages included), it stops being replayed when a record
 * ages by a second, goes stale, or the upstream data changes, and concurrent misses run once.
 */

const OCID = 'ocds-213czf-000-00001';
const QUERY = `{ contractingProcess(ocid: "${OCID}") { ocid
  freshness { fetchedAt ageSeconds maxAgeSeconds stale staleReason cache } } }`;

interface Shown {
  fetchedAt: string;
  ageSeconds: number;
  maxAgeSeconds: number;
  stale: boolean;
  staleReason: string | null;
  cache: string;
}
type Answer = { contractingProcess: { ocid: string; freshness: Shown } | null };

let h: Harness | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await h?.close();
  h = undefined;
});

/** The freshness as a new execution at `now` would show it, from the record's own `fetchedAt`. */
function expectExactAt(f: Shown, now: number): void {
  const age = Math.floor((now - Date.parse(f.fetchedAt)) / 1000);
  expect(f.ageSeconds).toBe(age);
  expect(f.stale).toBe(age > f.maxAgeSeconds);
}

async function start(env: Record<string, string> = {}): Promise<Harness> {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-11-23T12:00:00.000Z') });
  h = await startLiveHarness({ PROCUREMENT_MAX_AGE_SECONDS: '10', PROCUREMENT_SWR_SECONDS: '60', ...env });
  return h;
}

describe('the whole-response cache', () => {
  it('replays only fresh cache hits, with the age at the time of each response', async () => {
    const g = await start();
    const first = await g.query<Answer>(QUERY); // MISS: executed, not stored
    expect(first.body.data?.contractingProcess?.freshness.cache).toBe('MISS');
    expect(g.gateway.responses.stats.entries).toBe(0);
    const calls = g.upstreamCalls();
    expect(calls).toBe(1);

    vi.setSystemTime(Date.now() + 200);
    const second = await g.query<Answer>(QUERY); // HIT: stored
    expect(second.body.data?.contractingProcess?.freshness.cache).toBe('HIT');
    expect(g.gateway.responses.stats.entries).toBe(1);

    // Within the same second of age the replay is the same bytes, and exact.
    for (const step of [100, 300, 250]) {
      vi.setSystemTime(Date.now() + step);
      const again = await g.query<Answer>(QUERY);
      expect(again.body).toEqual(second.body);
      expect(again.headers.get('cache-control')).toBe(second.headers.get('cache-control'));
      expectExactAt(again.body.data!.contractingProcess!.freshness, Date.now());
    }
    // Past the next whole second of age the stored bytes would lie: a new execution answers.
    vi.setSystemTime(Date.parse(first.body.data!.contractingProcess!.freshness.fetchedAt) + 3500);
    const later = await g.query<Answer>(QUERY);
    expect(later.body.data?.contractingProcess?.freshness.ageSeconds).toBe(3);
    expectExactAt(later.body.data!.contractingProcess!.freshness, Date.now());
    expect(later.headers.get('cache-control')).toBe('max-age=7');
    expect(g.upstreamCalls()).toBe(calls); // no upstream call for any of it
  });

  it('stops replaying when the record goes stale, and shows the refreshed value after', async () => {
    const g = await start();
    await g.query(QUERY);
    await g.query(QUERY);
    expect(g.gateway.responses.stats.entries).toBe(1);
    const fetchedAt = Date.now();
    vi.setSystemTime(fetchedAt + 11_500); // past max-age 10 s, within SWR
    const stale = await g.query<Answer>(QUERY);
    const f = stale.body.data!.contractingProcess!.freshness;
    expect([f.cache, f.stale, f.staleReason]).toEqual(['STALE', true, 'REVALIDATING']);
    expect(stale.headers.get('cache-control')).toBe('no-store');
    await eventually(() => expect(g.upstreamCalls()).toBe(2)); // the one background refresh
    await eventually(async () => {
      const fresh = await g.query<Answer>(QUERY);
      expect(fresh.body.data!.contractingProcess!.freshness.stale).toBe(false);
    });
    const refreshed = await g.query<Answer>(QUERY);
    expect(refreshed.body.data!.contractingProcess!.freshness.cache).toBe('HIT');
    expectExactAt(refreshed.body.data!.contractingProcess!.freshness, Date.now());
    expect(Date.parse(refreshed.body.data!.contractingProcess!.freshness.fetchedAt)).toBeGreaterThan(
      fetchedAt,
    );
    expect(g.upstreamCalls()).toBe(2);
  });

  it('never stores answers with errors or with volatile fields', async () => {
    const g = await start();
    const missing = '{ contractingProcess(ocid: "ocds-213czf-999-99999") { ocid } }';
    for (let i = 0; i < 3; i++) {
      const r = await g.query(missing);
      expect(r.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    }
    const withHealth = `{ sources { name lastSuccessAt } contractingProcess(ocid: "${OCID}") { ocid } }`;
    for (let i = 0; i < 3; i++) await g.query(withHealth);
    expect(g.gateway.responses.stats.entries).toBe(0);
  });

  it('runs a burst of identical misses once, each answer exact', async () => {
    const g = await start();
    await g.query(QUERY); // cold: the record is now cached
    const calls = g.upstreamCalls();
    const answers = await Promise.all(Array.from({ length: 50 }, () => g.query<Answer>(QUERY)));
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.body.data?.contractingProcess?.ocid).toBe(OCID);
      expectExactAt(a.body.data!.contractingProcess!.freshness, Date.now());
    }
    expect(g.upstreamCalls()).toBe(calls);
    expect(g.gateway.responses.stats.entries).toBe(1);
  });

  it('makes exactly one upstream request for 100 concurrent cold identical queries', async () => {
    const g = await start();
    const answers = await Promise.all(Array.from({ length: 100 }, () => g.query<Answer>(QUERY)));
    expect(answers.every((a) => a.body.data?.contractingProcess?.ocid === OCID)).toBe(true);
    expect(g.upstreamCalls()).toBe(1);
  });

  it('can be turned off', async () => {
    const g = await start({ RESPONSE_CACHE_MAX_BYTES: '0' });
    for (let i = 0; i < 3; i++) await g.query(QUERY);
    expect(g.gateway.responses.enabled).toBe(false);
    expect(g.gateway.responses.stats.entries).toBe(0);
  });
});

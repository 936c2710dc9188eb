import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { REFRESH_RETRY_INTERVAL_MS, RegistrySource } from '../../../src/sources/registry/index.js';
import { startRegistry, type RegistryHarness } from './helpers.js';
import { eventually } from '../../eventually.js';

/**
 * Freshness over time of the bulk index, against a replay server serving a three-entity dump. The clock
 * is `Date` only (the upstream layer and the snapshot read `Date.now()`); sockets and retries keep real
 * timers.
 */
const T0 = Date.parse('2026-03-01T00:00:00Z');
const MAX_AGE_S = 3600;
const SIE_S = 7200;

let dir: string;
let h: RegistryHarness;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'registry-refresh-'));
  const register = join(dir, 'register.psv');
  writeFileSync(register, 'Нэгдүгээр|ХХК|1000001\nХоёрдугаар|ХК|1000002\nГуравдугаар|НҮТББ|1000003\n');
  h = await startRegistry(
    { REGISTRY_MAX_AGE_SECONDS: String(MAX_AGE_S), REGISTRY_SIE_SECONDS: String(SIE_S) },
    {
      registry: {
        registerFile: register,
        fictionalFile: null,
        ownershipFiles: [],
        lastModified: '2026-02-28T00:00:00Z',
      },
    },
  );
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

let source: RegistrySource;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
  h.replay.faults.clear();
  h.replay.clearLog();
  source = new RegistrySource(h.upstream, h.policy);
});
afterEach(() => {
  vi.useRealTimers();
});

const at = (seconds: number): void => {
  vi.setSystemTime(T0 + seconds * 1000);
};

/**
 * Waits until the background refresh has settled and the index says `cache`. The waiting leaves the
 * fake clock where the test set it, however many checks a busy machine needs.
 */
async function settlesTo(cache: string): Promise<void> {
  await eventually(async () => expect((await source.index()).freshness.cache).toBe(cache), { intervalMs: 5 });
}

describe('RegistrySource.index over time', () => {
  it('is MISS on the load, HIT within maxAge, with no further request', async () => {
    const a = await source.index();
    expect(a.freshness).toMatchObject({ cache: 'MISS', fetchedAt: T0, staleReason: null });
    expect(a.freshness.sourceUpdatedAt).toBe('2026-02-28T00:00:00.000Z');
    expect(a.value.size).toBe(3);
    at(MAX_AGE_S);
    const b = await source.index();
    expect(b.freshness).toMatchObject({ cache: 'HIT', fetchedAt: T0, staleReason: null });
    expect(b.value).toBe(a.value);
    expect(h.calls('/dump.json')).toBe(1);
  });

  it('serves the held index as STALE while one background refresh runs, then the new index', async () => {
    const a = await source.index();
    // A changed dump (a fault answers 200 whatever the validators say, so no 304 here).
    const changed = JSON.stringify([
      { 'Регистрийн дугаар': '1000009', 'Оноосон нэр': 'Есдүгээр', Хэлбэр: 'ХК' },
    ]);
    h.replay.faults.set('/registry/dump.json', { kind: 'status', status: 200, body: changed }, { times: 1 });
    at(MAX_AGE_S + 1);
    const during = await Promise.all([source.index(), source.index(), source.index()]);
    for (const d of during) {
      expect(d.value).toBe(a.value);
      expect(d.freshness).toMatchObject({ cache: 'STALE', staleReason: 'REVALIDATING', fetchedAt: T0 });
    }
    await settlesTo('HIT');
    const after = await source.index();
    expect(after.value.size).toBe(1);
    expect(after.value.get('1000009')?.legalForm).toBe('JOINT_STOCK_COMPANY');
    expect(after.freshness.fetchedAt).toBeGreaterThanOrEqual(T0 + (MAX_AGE_S + 1) * 1000);
    expect(after.freshness.staleReason).toBeNull();
    // Exactly one refresh for the three callers, and it was conditional.
    expect(h.calls('/dump.json')).toBe(2);
    const refresh = h.replay.requests.filter((r) => r.path === '/registry/dump.json')[1]!;
    expect(refresh.headers['if-none-match']).toEqual(expect.any(String));
  });

  it('keeps the old index as FALLBACK when the refresh fails, and retries only after an interval', async () => {
    const a = await source.index();
    h.replay.faults.set('/registry/dump.json', { kind: 'reset' });
    at(MAX_AGE_S + 10);
    expect((await source.index()).freshness.cache).toBe('STALE');
    await settlesTo('FALLBACK');
    const fallback = await source.index();
    expect(fallback.value).toBe(a.value);
    expect(fallback.freshness).toMatchObject({
      cache: 'FALLBACK',
      staleReason: 'UPSTREAM_ERROR',
      fetchedAt: T0,
    });
    expect(h.upstream.health().lastErrorCode).toBe('UPSTREAM_UNAVAILABLE');
    // One load, then one refresh of 1 + UPSTREAM_RETRIES attempts.
    const attempts = h.calls('/dump.json');
    expect(attempts).toBe(1 + 3);
    at(MAX_AGE_S + 10 + REFRESH_RETRY_INTERVAL_MS / 1000 - 1);
    expect((await source.index()).freshness.cache).toBe('FALLBACK');
    expect(h.calls('/dump.json')).toBe(attempts);
    // After the interval the upstream is asked again; once it answers, the index is fresh again.
    const dump = JSON.stringify([
      { 'Регистрийн дугаар': '1000001', 'Оноосон нэр': 'Нэгдүгээр', Хэлбэр: 'ХХК' },
    ]);
    h.replay.faults.set('/registry/dump.json', { kind: 'status', status: 200, body: dump }, { times: 1 });
    at(MAX_AGE_S + 11 + REFRESH_RETRY_INTERVAL_MS / 1000);
    expect((await source.index()).freshness.cache).toBe('STALE');
    await settlesTo('HIT');
    expect(h.calls('/dump.json')).toBe(attempts + 1);
  });

  it('stops serving the old index past maxAge + staleIfError when the upstream still fails', async () => {
    await source.index();
    h.replay.faults.set('/registry/dump.json', { kind: 'reset' });
    at(MAX_AGE_S + SIE_S + 1);
    await expect(source.index()).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      details: { source: 'REGISTRY' },
    });
    // The failure is remembered: no new download until the retry interval has passed.
    const attempts = h.calls('/dump.json');
    await expect(source.index()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(h.calls('/dump.json')).toBe(attempts);
  });

  it('fails a drifted refresh as UPSTREAM_INVALID and keeps the old index', async () => {
    const a = await source.index();
    // Valid JSON, but the second record has no name: schema drift, whatever the rest says.
    const drifted = JSON.stringify([
      { 'Регистрийн дугаар': '1000001', 'Оноосон нэр': 'Шинэ нэр', Хэлбэр: 'ХХК' },
      { 'Регистрийн дугаар': '1000004', Хэлбэр: 'ХХК' },
    ]);
    h.replay.faults.set('/registry/dump.json', { kind: 'status', status: 200, body: drifted }, { times: 1 });
    at(MAX_AGE_S + 1);
    await source.index();
    await settlesTo('FALLBACK');
    const after = await source.index();
    expect(after.value).toBe(a.value);
    expect(after.value.get('1000001')?.name).toBe('Нэгдүгээр');
    expect(after.value.get('1000004')).toBeUndefined();
    expect(h.upstream.health().lastErrorCode).toBe('UPSTREAM_INVALID');
    // Drift is not retried within the call: one request for the refresh.
    expect(h.calls('/dump.json')).toBe(2);
  });

  it('fails a first load that drifts as UPSTREAM_INVALID, saying so', async () => {
    h.replay.faults.set('/registry/dump.json', { kind: 'html' }, { times: 1 });
    await expect(source.index()).rejects.toMatchObject({
      code: 'UPSTREAM_INVALID',
      message:
        'The legal-entity registry upstream sent a dump that does not match its published format (schema drift).',
    });
    const bad = JSON.stringify([
      { 'Регистрийн дугаар': '1000001', 'Оноосон нэр': 'A', 'Бүртгэсэн огноо': '2019-13-45' },
    ]);
    h.replay.faults.set('/registry/dump.json', { kind: 'status', status: 200, body: bad }, { times: 1 });
    at(REFRESH_RETRY_INTERVAL_MS / 1000);
    await expect(source.index()).rejects.toMatchObject({ code: 'UPSTREAM_INVALID' });
    at((2 * REFRESH_RETRY_INTERVAL_MS) / 1000);
    expect((await source.index()).value.size).toBe(3);
  });

  it('fails a truncated dump rather than serving part of it', async () => {
    h.replay.faults.set('/registry/dump.json', { kind: 'truncate' });
    await expect(source.index()).rejects.toMatchObject({ details: { source: 'REGISTRY' } });
  });

  it('refuses a dump larger than the configured maximum', async () => {
    const register = join(dir, 'forty.psv');
    writeFileSync(register, Array.from({ length: 40 }, (_, i) => `Нэр ${i}|ХХК|${1000100 + i}\n`).join(''));
    const small = await startRegistry(
      { REGISTRY_DUMP_MAX_BYTES: '1024' },
      { registry: { registerFile: register, fictionalFile: null, ownershipFiles: [] } },
    );
    try {
      await expect(small.source.index()).rejects.toMatchObject({
        code: 'UPSTREAM_INVALID',
        message:
          'The legal-entity registry upstream sent a response larger than the configured maximum of 1024 bytes.',
      });
    } finally {
      await small.close();
    }
  });
});

describe('RegistrySource ownership over time', () => {
  it('loads the ownership file once and serves it as HIT within maxAge', async () => {
    const a = await source.ownersOf('1000001');
    expect(a.value).toEqual([]);
    expect(a.freshness).toMatchObject({ cache: 'MISS', url: `${h.replay.url}/registry/ownership.jsonl` });
    const b = await source.ownedBy('1000001');
    expect(b.freshness.cache).toBe('HIT');
    expect(h.calls('/ownership.jsonl')).toBe(1);
  });

  it('keeps old ownership as FALLBACK when a refresh fails', async () => {
    await source.ownersOf('1000001');
    h.replay.faults.set('/registry/ownership.jsonl', { kind: 'malformed' });
    at(MAX_AGE_S + 1);
    expect((await source.ownersOf('1000001')).freshness.cache).toBe('STALE');
    await eventually(async () => expect((await source.ownersOf('1000001')).freshness.cache).toBe('FALLBACK'));
    expect(h.upstream.health().lastErrorCode).toBe('UPSTREAM_INVALID');
  });
});

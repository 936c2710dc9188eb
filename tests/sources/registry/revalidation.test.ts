import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { RegistrySource } from '../../../src/sources/registry/index.js';
import { startRegistry, type RegistryHarness } from './helpers.js';
import { eventually } from '../../eventually.js';

/**
 * The answers without a body to read: `304 Not Modified` to a conditional request, and statuses other
 * than 2xx (the per-entity page's 404, a 503 on refresh). These reach `UpstreamSource.download` with a
 * body the consumer never reads; `HttpClient.stream` must destroy it without an unhandled 'error' event
 * (undici emits `RequestAbortedError` when an unread body is destroyed).
 */
const T0 = Date.parse('2026-03-01T00:00:00Z');
const MAX_AGE_S = 3600;

let dir: string;
let h: RegistryHarness;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'registry-revalidation-'));
  const register = join(dir, 'register.psv');
  writeFileSync(register, 'Нэгдүгээр|ХХК|1000001\nХоёрдугаар|ХК|1000002\n');
  h = await startRegistry(
    { REGISTRY_MAX_AGE_SECONDS: String(MAX_AGE_S) },
    { registry: { registerFile: register, lastModified: '2026-02-28T00:00:00Z' } },
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

describe('RegistrySource revalidation', () => {
  it('refreshes the index past maxAge with If-None-Match; a 304 makes it REVALIDATED', async () => {
    const a = await source.index();
    vi.setSystemTime(T0 + (MAX_AGE_S + 1) * 1000);
    expect((await source.index()).freshness).toMatchObject({ cache: 'STALE', staleReason: 'REVALIDATING' });
    await eventually(async () => expect((await source.index()).freshness.cache).toBe('REVALIDATED'));
    const after = await source.index();
    expect(after.value).toBe(a.value);
    expect(after.freshness.fetchedAt).toBeGreaterThan(T0 + MAX_AGE_S * 1000);
    expect(after.freshness.staleReason).toBeNull();
    const [load, refresh] = h.replay.requests.filter((r) => r.path === '/registry/dump.json');
    expect(load?.headers['if-none-match']).toBeUndefined();
    expect(refresh?.headers['if-none-match']).toEqual(expect.any(String));
    expect(refresh?.status).toBe(304);
    expect(h.calls('/dump.json')).toBe(2);
  });

  it('keeps the old index as FALLBACK when the refresh gets 503', async () => {
    const a = await source.index();
    h.replay.faults.set('/registry/dump.json', { kind: 'status', status: 503 });
    vi.setSystemTime(T0 + (MAX_AGE_S + 1) * 1000);
    await source.index();
    await eventually(async () => expect((await source.index()).freshness.cache).toBe('FALLBACK'));
    const after = await source.index();
    expect(after.value).toBe(a.value);
    expect(after.freshness).toMatchObject({ staleReason: 'UPSTREAM_ERROR', fetchedAt: T0 });
    expect(h.upstream.health().lastErrorCode).toBe('UPSTREAM_UNAVAILABLE');
    expect(h.calls('/dump.json')).toBe(1 + 3);
  });

  it('revalidates an entity page conditionally: REVALIDATED on 304', async () => {
    const a = await source.entity('0960021');
    const b = await source.entity('0960021');
    expect(a.freshness.cache).toBe('MISS');
    expect(b.freshness.cache).toBe('REVALIDATED');
    expect(b.value).toEqual(a.value);
    const last = h.replay.requests.at(-1);
    expect(last?.headers['if-none-match']).toEqual(expect.any(String));
    expect(last?.status).toBe(304);
    expect(h.calls('/lesinfo/0960021')).toBe(2);
  });

  it('answers null for a number the register does not list, with one request', async () => {
    const got = await source.entity('0000001');
    expect(got.value).toBeNull();
    expect(got.freshness).toMatchObject({ cache: 'MISS', url: `${h.replay.url}/registry/lesinfo/0000001` });
    expect(h.calls('/lesinfo/0000001')).toBe(1);
    expect(h.calls()).toBe(1);
  });

  it('serves a page seen before as FALLBACK when the upstream then fails', async () => {
    const a = await source.entity('1000002');
    h.replay.faults.set('/registry/lesinfo/', { kind: 'status', status: 503 });
    const b = await source.entity('1000002');
    expect(b.value).toEqual(a.value);
    expect(b.freshness).toMatchObject({ cache: 'FALLBACK', staleReason: 'UPSTREAM_ERROR' });
    await expect(source.entity('1000001')).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });
});

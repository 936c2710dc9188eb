import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventually } from '../eventually.js';
import type { UpstreamSource } from '../../src/upstream/index.js';
import { HttpClient, REFRESH_RETRY_INTERVAL_MS, type Snapshot } from '../../src/upstream/index.js';
import { scriptedUpstream, status, type Handler, oneRetryConfig, scriptedSource } from './scripted.js';

/**
 * Bulk snapshots in the upstream layer (`UpstreamSource.snapshot`): a file streamed into a value held in
 * memory, against a scripted node:http server. The clock is `Date` only; sockets and retries keep real
 * timers. `policy`: maxAge 60 s, stale-if-error 3600 s.
 */
const up = scriptedUpstream();

const config = oneRetryConfig();
const T0 = Date.parse('2026-03-01T00:00:00Z');
const LAST_MODIFIED = 'Sat, 28 Feb 2026 00:00:00 GMT';

/** A dump: its lines, with validators. */
const dump =
  (lines: string, etag = '"d1"'): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', etag, 'last-modified': LAST_MODIFIED });
    res.end(lines);
  };
/** Answers `304` when the request carries the etag `etag`, else the dump. */
const unchanged =
  (etag = '"d1"'): Handler =>
  (req, res) =>
    req.headers['if-none-match'] === etag
      ? res.writeHead(304, { etag }).end()
      : dump('changed', etag)(req, res);

async function lines(body: AsyncIterable<Buffer>): Promise<readonly string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.includes('DRIFT')) throw new Error('drift');
  return text.split('\n').filter((l) => l !== '');
}

let http: HttpClient;
let source: UpstreamSource;
let snapshot: Snapshot<readonly string[]>;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
  http = new HttpClient(config.http);
  source = scriptedSource(up, config, http, 'REGISTRY', '/registry');
  snapshot = source.snapshot({
    url: source.url('dump.txt'),
    deadlineMs: 2000,
    maxBytes: 1024,
    parse: lines,
    datesDataset: true,
  });
});
afterEach(async () => {
  vi.useRealTimers();
  await http.close();
});

const at = (seconds: number): void => {
  vi.setSystemTime(T0 + seconds * 1000);
};

/** Waits until the background refresh has settled and the snapshot says `cache`. */
async function settlesTo(cache: string): Promise<void> {
  await eventually(async () => expect((await snapshot.get()).freshness.cache).toBe(cache));
}

describe('UpstreamSource.snapshot', () => {
  it('is MISS on the shared first load and HIT within maxAge, with the freshness a fetch would have', async () => {
    up.script = [(req, res) => setTimeout(() => dump('a\nb\n')(req, res), 20)];
    snapshot.warm();
    const all = await Promise.all([snapshot.get(), snapshot.get(), snapshot.get()]);
    expect(up.hits).toHaveLength(1);
    expect(all.map((f) => f.freshness.cache)).toEqual(['MISS', 'MISS', 'MISS']);
    expect(all[0].value).toEqual(['a', 'b']);
    expect(all[0].freshness).toEqual({
      source: 'REGISTRY',
      url: `${up.base}/registry/dump.txt`,
      fetchedAt: T0,
      sourceUpdatedAt: '2026-02-28T00:00:00.000Z',
      maxAgeSeconds: 60,
      staleReason: null,
      cache: 'MISS',
      cacheable: true,
      recording: null,
    });
    expect(source.health().datasetDate).toBe('2026-02-28T00:00:00.000Z');
    at(60);
    const again = await snapshot.get();
    expect(again.value).toBe(all[0].value);
    expect(again.freshness).toMatchObject({ cache: 'HIT', fetchedAt: T0 });
    expect(up.hits).toHaveLength(1);
  });

  it('serves STALE / REVALIDATING during one conditional background refresh, then REVALIDATED on a 304', async () => {
    up.script = [dump('a\n')];
    const first = await snapshot.get();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    up.script = [(req, res) => void gate.then(() => unchanged()(req, res))];
    at(61);
    const during = await Promise.all([snapshot.get(), snapshot.get()]);
    for (const d of during) {
      expect(d.value).toBe(first.value);
      expect(d.freshness).toMatchObject({ cache: 'STALE', staleReason: 'REVALIDATING', fetchedAt: T0 });
    }
    release();
    await settlesTo('REVALIDATED');
    const after = await snapshot.get();
    expect(after.value).toBe(first.value);
    expect(after.freshness.fetchedAt).toBeGreaterThanOrEqual(T0 + 61_000);
    expect(up.hits).toHaveLength(2);
    expect(up.hits[1]?.headers['if-none-match']).toBe('"d1"');
  });

  it('keeps the held value as FALLBACK when a refresh fails, and asks again only after the retry interval', async () => {
    up.script = [dump('a\n')];
    const first = await snapshot.get();
    up.fallback = status(503);
    at(61);
    expect((await snapshot.get()).freshness.cache).toBe('STALE');
    await settlesTo('FALLBACK');
    const served = await snapshot.get();
    expect(served.value).toBe(first.value);
    expect(served.freshness).toMatchObject({ staleReason: 'UPSTREAM_ERROR', fetchedAt: T0 });
    expect(source.health().lastErrorCode).toBe('UPSTREAM_UNAVAILABLE');
    expect(up.hits).toHaveLength(1 + 1 + config.http.retries);
    at(61 + REFRESH_RETRY_INTERVAL_MS / 1000 - 1);
    expect((await snapshot.get()).freshness.cache).toBe('FALLBACK');
    expect(up.hits).toHaveLength(1 + 1 + config.http.retries);
    up.fallback = dump('c\n', '"d2"');
    at(62 + REFRESH_RETRY_INTERVAL_MS / 1000);
    expect((await snapshot.get()).freshness.cache).toBe('STALE');
    await settlesTo('HIT');
    expect((await snapshot.get()).value).toEqual(['c']);
  });

  it('fails past maxAge + stale-if-error, and a drifted first load as UPSTREAM_INVALID', async () => {
    up.script = [dump('a\n')];
    await snapshot.get();
    up.fallback = status(503);
    at(60 + 3600 + 1);
    await expect(snapshot.get()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    const other = source.snapshot({
      url: source.url('other.txt'),
      deadlineMs: 2000,
      maxBytes: 1024,
      parse: lines,
    });
    up.script = [dump('DRIFT\n')];
    await expect(other.get()).rejects.toMatchObject({
      code: 'UPSTREAM_INVALID',
      message:
        'The legal-entity registry upstream sent a dump that does not match its published format (schema drift).',
    });
  });
});

describe('download and fetch agree on a 404', () => {
  it('is an answer for both: NOT_FOUND, never the last error, never counted by the breaker', async () => {
    up.fallback = status(404);
    for (let i = 0; i < 12; i++) {
      await expect(
        source.download({ url: source.url(`gone-${i}.txt`), deadlineMs: 2000, maxBytes: 1024, parse: lines }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(
        source.fetch({ url: source.url(`gone-${i}.json`), decode: (v: unknown) => v }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(up.hits).toHaveLength(24); // not retried
    expect(source.health()).toMatchObject({ lastErrorAt: null, lastErrorCode: null, breaker: 'closed' });
    // A failure proper is counted the same way by both.
    up.fallback = status(501);
    await expect(
      source.download({ url: source.url('broken.txt'), deadlineMs: 2000, maxBytes: 1024, parse: lines }),
    ).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(source.health().lastErrorCode).toBe('UPSTREAM_UNAVAILABLE');
  });
});

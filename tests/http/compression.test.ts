import { createHash } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chooseCoding, MIN_COMPRESS_BYTES } from '../../src/http/compress.js';
import { startLiveHarness, type Harness } from '../helpers.js';
import { sendRaw as send, type RawAnswer as Raw } from '../raw-request.js';

/**
 * Answers a CDN can keep (docs/operations.md "Apps on other origins"): a strong ETag of the body bytes
 * with 304 for a GET that holds it, `Vary` naming what changes the bytes, and brotli or gzip as
 * `Accept-Encoding` asks, fresh and replayed from the whole-response cache alike.
 */

function decode(res: Raw): Buffer {
  const coding = res.headers['content-encoding'];
  if (coding === 'gzip') return gunzipSync(res.body);
  if (coding === 'br') return brotliDecompressSync(res.body);
  expect(coding).toBeUndefined();
  return res.body;
}

const hashOf = (bytes: Buffer): string => `"${createHash('sha256').update(bytes).digest('base64url')}"`;

/** Big enough to be compressed: the names of the schema's types. */
const BIG = '{ __schema { types { name kind description } } }';
const OCID = 'ocds-213czf-000-00001';
/** A lookup the whole-response cache keeps once its record is a fresh hit; aliased to pass 1 KiB. */
const CACHEABLE = `{ ${Array.from({ length: 8 }, (_, i) => `p${i}: contractingProcess(ocid: "${OCID}") { ocid freshness { source url fetchedAt ageSeconds maxAgeSeconds stale cache } }`).join(' ')} }`;

let h: Harness;
let endpoint: string;
beforeAll(async () => {
  // Ages shown in an answer change only with the clock: held still, a replay is byte for byte the same.
  vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-11-23T12:00:00.000Z') });
  h = await startLiveHarness({ PROCUREMENT_MAX_AGE_SECONDS: '600' });
  endpoint = `${h.gateway.url}/graphql`;
});
afterAll(async () => {
  await h.close();
  vi.useRealTimers();
});

const post = (query: string, headers: Record<string, string> = {}) =>
  send(endpoint, 'POST', { 'content-type': 'application/json', ...headers }, JSON.stringify({ query }));

describe('ETag, Vary and compression of GraphQL answers', () => {
  it('gives a GET answer a strong ETag of its bytes, and 304 to a request that holds it', async () => {
    const url = `${endpoint}?query=${encodeURIComponent('{ __typename }')}`;
    const first = await send(url, 'GET', { 'apollo-require-preflight': 'true' });
    expect(first.status).toBe(200);
    expect(first.headers['etag']).toBe(hashOf(first.body));
    expect(String(first.headers['vary']).split(', ')).toEqual(
      expect.arrayContaining(['Accept', 'Accept-Encoding']),
    );
    const cacheControl = first.headers['cache-control'];

    const again = await send(url, 'GET', {
      'apollo-require-preflight': 'true',
      'if-none-match': String(first.headers['etag']),
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers['etag']).toBe(first.headers['etag']);
    expect(again.headers['cache-control']).toBe(cacheControl);

    const changed = await send(url, 'GET', {
      'apollo-require-preflight': 'true',
      'if-none-match': '"other"',
    });
    expect(changed.status).toBe(200);
    // A POST is never answered 304: it asks for the operation to run.
    const posted = await post('{ __typename }', { 'if-none-match': String(first.headers['etag']) });
    expect(posted.status).toBe(200);
  });

  it('compresses as Accept-Encoding asks, each decoding to the same bytes with the right length', async () => {
    const plain = await post(BIG);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(MIN_COMPRESS_BYTES);
    expect(Number(plain.headers['content-length'])).toBe(plain.body.length);
    const cases: [string, string | undefined][] = [
      ['gzip', 'gzip'],
      ['br', 'br'],
      ['gzip, deflate, br', 'br'],
      ['gzip;q=1, br;q=0.5', 'gzip'],
      ['identity', undefined],
      ['br;q=0, gzip;q=0', undefined],
      ['*', 'br'],
    ];
    const seen: (string | undefined)[] = [];
    for (const [acceptEncoding] of cases) {
      const res = await post(BIG, { 'accept-encoding': acceptEncoding });
      seen.push(res.headers['content-encoding'] as string | undefined);
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
      expect(decode(res).equals(plain.body)).toBe(true);
      expect(String(res.headers['vary'])).toMatch(/Accept-Encoding/);
    }
    expect(seen).toEqual(cases.map(([, expected]) => expected));
  });

  it('sends a small answer as it is', async () => {
    const res = await post('{ __typename }', { 'accept-encoding': 'gzip, br' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString()).toBe('{"data":{"__typename":"Query"}}\n');
  });

  it('treats replays of the whole-response cache the same way', async () => {
    await post(CACHEABLE); // MISS: executed
    const stored = await post(CACHEABLE); // HIT: stored
    expect(h.gateway.responses.stats.entries).toBe(1);
    const replayed = await post(CACHEABLE);
    expect(replayed.body.equals(stored.body)).toBe(true);
    expect(replayed.headers['etag']).toBe(hashOf(stored.body));
    expect(replayed.headers['cache-control']).toMatch(/^max-age=\d+$/);
    expect(String(replayed.headers['vary']).split(', ')).toEqual(
      expect.arrayContaining(['Accept', 'Accept-Encoding']),
    );
    for (const coding of ['gzip', 'br', 'gzip', 'br']) {
      const res = await post(CACHEABLE, { 'accept-encoding': coding });
      expect(res.headers['content-encoding']).toBe(coding);
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
      expect(decode(res).equals(stored.body)).toBe(true);
      expect(res.headers['etag']).toBe(hashOf(stored.body).replace(/"$/, `-${coding}"`));
    }
    expect(h.gateway.responses.stats.entries).toBe(1);
  });
});

describe('chooseCoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['br, gzip', 'br'],
    ['gzip, br;q=0.9', 'gzip'],
    ['GZIP;Q=0.5, identity;q=0.4', 'gzip'],
    ['deflate', 'identity'],
    ['identity;q=0', 'identity'],
    ['*;q=0', 'identity'],
    ['*;q=0.5, br;q=0', 'gzip'],
    ['br;q=0.001', 'identity'],
    ['identity;q=0.5, gzip;q=0.8', 'gzip'],
  ] as const)('reads %j as %s', (header, coding) => {
    expect(chooseCoding(header)).toBe(coding);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventually } from '../eventually.js';
import type { UpstreamSource } from '../../src/upstream/index.js';
import {
  HttpClient,
  RequestAborted,
  inRequest,
  isoDate,
  text,
  type FetchSpec,
} from '../../src/upstream/index.js';
import {
  TEST_POLICY as policy,
  codeOf,
  scriptedUpstream,
  status,
  type Handler,
  oneRetryConfig,
  scriptedSource,
} from './scripted.js';

/**
 * A non-JSON resource as an ordinary cached fetch (the register's per-entity HTML page): its own body
 * reader, a 404 that is an answer, and a revalidation on every call, against a scripted node:http server.
 */
const up = scriptedUpstream();

const config = oneRetryConfig();
const LAST_MODIFIED = 'Wed, 27 Mar 2019 00:00:00 GMT';

const page =
  (name: string, etag = '"p1"'): Handler =>
  (req, res) => {
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag, 'last-modified': LAST_MODIFIED });
    res.end(`<html><body><h1>${name}</h1></body></html>`);
  };

let http: HttpClient;
let source: UpstreamSource;
beforeEach(() => {
  http = new HttpClient(config.http);
  source = scriptedSource(up, config, http, 'REGISTRY', '/registry');
});
afterEach(async () => {
  vi.useRealTimers();
  await http.close();
});

/** The name in a page, or drift. */
const readName = (html: string): { name: string } => {
  const m = /<h1>([^<]+)<\/h1>/.exec(html);
  if (m === null) throw new Error('no name');
  return { name: m[1]! };
};
const spec = (n: string): FetchSpec<{ name: string } | null, string> => ({
  url: source.url(`lesinfo/${n}`),
  headers: { accept: 'text/html' },
  parse: text,
  decode: readName,
  sourceUpdatedAt: (_, headers) => isoDate(headers['last-modified']),
  notFound: () => null,
  alwaysRevalidate: true,
  maxBytes: 4096,
});
const get = (n = '1000001') => source.fetch(spec(n));

describe('a page as a cached fetch', () => {
  it('reads HTML with its own reader, then revalidates on every call: a 304 is REVALIDATED', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    up.script = [page('Нэгдүгээр'), page('Нэгдүгээр')];
    const first = await get();
    expect(first.value).toEqual({ name: 'Нэгдүгээр' });
    expect(first.freshness).toMatchObject({
      source: 'REGISTRY',
      url: `${up.base}/registry/lesinfo/1000001`,
      cache: 'MISS',
      sourceUpdatedAt: '2019-03-27T00:00:00.000Z',
      maxAgeSeconds: 60,
    });
    const again = await get(); // same instant: still asked, conditionally
    expect(again.value).toBe(first.value);
    expect(again.freshness).toMatchObject({ cache: 'REVALIDATED', staleReason: null });
    expect(up.hits).toHaveLength(2);
    expect(up.hits[0]?.headers.accept).toBe('text/html');
    expect(up.hits[1]?.headers['if-none-match']).toBe('"p1"');
  });

  it('answers a 404 with the spec`s value, once, and does not count it against the upstream', async () => {
    up.script = [status(404)];
    const got = await get('0000001');
    expect(got.value).toBeNull();
    expect(got.freshness).toMatchObject({ cache: 'MISS', staleReason: null, sourceUpdatedAt: null });
    expect(up.hits).toHaveLength(1);
    expect(source.health()).toMatchObject({ lastErrorAt: null, lastErrorCode: null });
  });

  it('serves a page seen before as FALLBACK when the upstream then fails, and fails for one never seen', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    up.script = [page('Хоёрдугаар')];
    const first = await get('1000002');
    up.fallback = status(503);
    const served = await get('1000002');
    expect(served.value).toBe(first.value);
    expect(served.freshness).toMatchObject({ cache: 'FALLBACK', staleReason: 'UPSTREAM_ERROR' });
    expect(served.freshness.fetchedAt).toBe(first.freshness.fetchedAt);
    expect(await codeOf(get('1000003'))).toBe('UPSTREAM_UNAVAILABLE');
    // Past maxAge + stale-if-error the page is no longer served.
    vi.setSystemTime(Date.now() + (policy.maxAgeSeconds + policy.staleIfErrorSeconds + 1) * 1000);
    expect(await codeOf(get('1000002'))).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('reports a page its reader refuses as UPSTREAM_INVALID, and one past maxBytes too', async () => {
    up.script = [(_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>nothing</p>')];
    expect(await codeOf(get('1000004'))).toBe('UPSTREAM_INVALID');
    up.script = [(_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('x'.repeat(5000))];
    expect(await codeOf(get('1000005'))).toBe('UPSTREAM_INVALID');
    expect(up.hits).toHaveLength(2);
  });

  it('is not aborted for the requests still waiting when one request`s budget runs out', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    up.script = [(req, res) => void gate.then(() => page('Гуравдугаар')(req, res))];
    const short = new AbortController();
    const long = new AbortController();
    const a = inRequest(short.signal, () => get('1000006'));
    const b = inRequest(long.signal, () => get('1000006'));
    await eventually(() => expect(up.hits).toHaveLength(1));
    short.abort(new RequestAborted('budget', 50));
    await expect(a).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    release();
    expect((await b).value).toEqual({ name: 'Гуравдугаар' });
    expect(up.hits).toHaveLength(1);
  });
});

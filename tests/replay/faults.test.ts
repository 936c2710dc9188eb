import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HUGE_BYTES } from '../../src/replay/faults.js';
import type { ReplayServer } from '../../src/replay/index.js';
import { startReplayServer } from '../../src/replay/index.js';
import type { TestPackage } from './helpers.js';
import { until } from '../eventually.js';
import { json, rawRequest } from './helpers.js';

const OCID = 'ocds-xxxxxx-mn-fict-000014';
const EXAMPLE_OCID = 'ocds-213czf-000-00001';

let server: ReplayServer;

beforeAll(async () => {
  server = await startReplayServer({ rateLimit: false });
});
afterEach(() => {
  server.faults.clear();
  server.clearLog();
});
afterAll(async () => {
  await server.close();
});

const get = (path: string, headers?: Record<string, string>): ReturnType<typeof rawRequest> =>
  rawRequest(`${server.url}${path}`, headers ? { headers } : {});

/** Every value under a key named `key`, anywhere in `value`. */
function valuesOf(value: unknown, key: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(value)) value.forEach((v) => valuesOf(v, key, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === key) out.push(v);
      valuesOf(v, key, out);
    }
  }
  return out;
}

describe('replay faults', () => {
  it('delays the headers by the given time, then answers normally', async () => {
    server.faults.set('/ocds/releases', { kind: 'delay', ms: 150 });
    const res = await get(`/ocds/releases/${OCID}`);
    expect(res.status).toBe(200);
    expect(res.headersMs).toBeGreaterThanOrEqual(140);
    expect(json<TestPackage>(res).releases?.[0]?.ocid).toBe(OCID);
  });

  it('sends headers at once and drips the body over at least one interval per chunk', async () => {
    const normal = await get('/ocds/releases/ocds-xxxxxx-none');
    const chunks = Math.ceil(normal.body.length / 32);
    expect(chunks).toBeGreaterThanOrEqual(3);
    server.faults.set('/ocds', { kind: 'drip', intervalMs: 25, bytesPerChunk: 32 });
    const res = await get('/ocds/releases/ocds-xxxxxx-none');
    expect(res.status).toBe(404);
    expect(res.body.equals(normal.body)).toBe(true);
    expect(res.elapsedMs).toBeGreaterThanOrEqual(chunks * 25 - 5);
    // Order, not speed: the headers came before the body ended.
    expect(res.headersMs).toBeLessThan(res.elapsedMs);
  });

  it('answers an injected status with a JSON error, or with the given body and headers', async () => {
    server.faults.set('/ocds/releases', { kind: 'status', status: 503 }, { times: 1 });
    const plain = await get('/ocds/releases');
    expect(plain.status).toBe(503);
    expect(json<{ error: string }>(plain).error).toMatch(/503/);

    server.faults.set('/ocds/releases', {
      kind: 'status',
      status: 502,
      body: 'Bad Gateway',
      headers: { 'X-Edge': '1' },
    });
    const custom = await get('/ocds/releases');
    expect(custom.status).toBe(502);
    expect(custom.body.toString()).toBe('Bad Gateway');
    expect(custom.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(custom.headers['x-edge']).toBe('1');
  });

  it('sends Retry-After verbatim with 429 by default or 503 when asked', async () => {
    const date = new Date(Date.now() + 120_000).toUTCString();
    const cases = [
      { fault: { kind: 'retryAfter', retryAfter: '120' } as const, status: 429 },
      { fault: { kind: 'retryAfter', retryAfter: '0', status: 503 } as const, status: 503 },
      { fault: { kind: 'retryAfter', retryAfter: date } as const, status: 429 },
      { fault: { kind: 'retryAfter', retryAfter: 'garbage' } as const, status: 429 },
    ];
    for (const { fault, status } of cases) {
      server.faults.set('/ocds', fault);
      const res = await get('/ocds/releases');
      expect(res.status).toBe(status);
      expect(res.headers['retry-after']).toBe(fault.retryAfter);
      expect(json<{ error: string }>(res).error).toContain('Retry-After');
    }
  });

  it('answers 200 application/json whose body is not JSON when malformed', async () => {
    server.faults.set('/ocds', { kind: 'malformed' });
    const res = await get('/ocds/releases');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(() => json(res)).toThrow(SyntaxError);
  });

  it('announces the full Content-Length, sends half the body and destroys the socket when truncating', async () => {
    server.faults.set('/ocds', { kind: 'truncate' });
    const res = await get(`/ocds/releases/${OCID}`);
    expect(res.status).toBe(200);
    const announced = Number(res.headers['content-length']);
    expect(res.body.length).toBe(Math.floor(announced / 2));
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.error).toBeDefined();
    expect(server.requests.at(-1)?.status).toBe(200);
  });

  it('destroys the socket without a response when resetting, and logs status 0', async () => {
    server.faults.set('/ocds', { kind: 'reset' });
    const res = await get('/ocds/releases');
    expect(res.status).toBe(0);
    expect(res.error?.code).toMatch(/^(ECONNRESET|EPIPE)$/);
    await expect(fetch(`${server.url}/ocds/releases`)).rejects.toThrow();
    expect(server.requests.map((r) => r.status)).toEqual([0, 0]);
  });

  it('answers 200 text/html when the html fault is set', async () => {
    server.faults.set('/ocds', { kind: 'html' });
    const res = await get('/ocds/releases');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body.toString()).toMatch(/^<!DOCTYPE html>/);
  });

  it('applies a fault the given number of times, then answers normally', async () => {
    server.faults.set('/ocds/releases', { kind: 'status', status: 500 }, { times: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get('/ocds/releases?limit=1')).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
  });

  it('matches a RegExp on the path and leaves other paths alone', async () => {
    server.faults.set(/^\/ocds\/records\//, { kind: 'status', status: 503 });
    expect((await get(`/ocds/records/${OCID}`)).status).toBe(503);
    expect((await get(`/ocds/releases/${OCID}`)).status).toBe(200);
  });

  it('lets the fault set last win and replaces the fault of the same route', async () => {
    server.faults.set('/ocds', { kind: 'status', status: 500 });
    server.faults.set('/ocds/records', { kind: 'status', status: 502 });
    expect((await get(`/ocds/records/${OCID}`)).status).toBe(502);
    expect((await get(`/ocds/releases/${OCID}`)).status).toBe(500);
    server.faults.set('/ocds', { kind: 'status', status: 504 });
    expect((await get(`/ocds/records/${OCID}`)).status).toBe(504);
    server.faults.clear();
    expect((await get(`/ocds/records/${OCID}`)).status).toBe(200);
  });

  it('rejects a fault with an invalid number when it is set', () => {
    expect(() => server.faults.set('/ocds', { kind: 'delay', ms: -1 })).toThrow(
      /"ms" must be a finite number/,
    );
    expect(() => server.faults.set('/ocds', { kind: 'drip', intervalMs: 10, bytesPerChunk: 0 })).toThrow(
      /bytesPerChunk/,
    );
    expect(() => server.faults.set('/ocds', { kind: 'status', status: 99 })).toThrow(/from 200 to 599/);
    expect(() => server.faults.set('/ocds', { kind: 'reset' }, { times: 0 })).toThrow(
      /"times" must be a positive/,
    );
    expect(() => server.faults.set('ocds', { kind: 'reset' })).toThrow(/starting with "\/"/);
  });
});

describe('replay faults: drift', () => {
  it('turns every amount into a string (number-as-string)', async () => {
    server.faults.set('/ocds', { kind: 'drift', variant: 'number-as-string' });
    const amounts = valuesOf(json(await get(`/ocds/releases/${OCID}`)), 'amount');
    expect(amounts.length).toBeGreaterThan(0);
    for (const a of amounts) expect(typeof a).toBe('string');
  });

  it('removes the ocid of every release and record (missing-required)', async () => {
    server.faults.set('/ocds', { kind: 'drift', variant: 'missing-required' });
    const pkg = json<TestPackage>(await get('/ocds/releases?limit=20'));
    expect(pkg.releases).toHaveLength(20);
    for (const r of pkg.releases ?? []) expect(r).not.toHaveProperty('ocid');
    const records = json<TestPackage>(await get(`/ocds/records/${EXAMPLE_OCID}`));
    expect(records.records?.[0]).not.toHaveProperty('ocid');
    expect(records.records?.[0]?.compiledRelease).not.toHaveProperty('ocid');
  });

  it('serves objects where OCDS has arrays (object-instead-of-array)', async () => {
    server.faults.set('/ocds', { kind: 'drift', variant: 'object-instead-of-array' });
    const pkg = json<Record<string, unknown>>(await get(`/ocds/releases/${OCID}`));
    const releases = pkg['releases'] as Record<string, Record<string, unknown>>;
    expect(Array.isArray(releases)).toBe(false);
    const withAwards = Object.values(releases).filter((r) => r['awards'] !== undefined);
    expect(withAwards.length).toBeGreaterThan(0);
    for (const r of withAwards) expect(Array.isArray(r['awards'])).toBe(false);
  });

  it('renames the release date (renamed-field)', async () => {
    server.faults.set('/ocds', { kind: 'drift', variant: 'renamed-field' });
    const pkg = json<TestPackage>(await get('/ocds/releases?limit=5'));
    for (const r of pkg.releases ?? []) {
      expect(r).not.toHaveProperty('date');
      expect(typeof r['releaseDate']).toBe('string');
    }
  });

  it('gives the tag and buyer the wrong types (wrong-type)', async () => {
    server.faults.set('/ocds', { kind: 'drift', variant: 'wrong-type' });
    const pkg = json<TestPackage>(await get('/ocds/releases?limit=5'));
    for (const r of pkg.releases ?? []) {
      expect(typeof r.tag).toBe('string');
      expect(typeof r['buyer']).toBe('string');
    }
  });

  it('leaves the shared data intact for later requests', async () => {
    server.faults.set('/ocds', { kind: 'drift', variant: 'missing-required' }, { times: 1 });
    await get(`/ocds/releases/${OCID}`);
    const pkg = json<TestPackage>(await get(`/ocds/releases/${OCID}`));
    expect(pkg.releases?.[0]?.ocid).toBe(OCID);
  });
});

describe('replay faults: huge bodies', () => {
  it('announces 50 MiB by default (HEAD: headers only)', async () => {
    server.faults.set('/ocds', { kind: 'huge' });
    const res = await rawRequest(`${server.url}/ocds/releases`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(DEFAULT_HUGE_BYTES).toBe(50 * 1024 * 1024);
    expect(res.headers['content-length']).toBe(String(DEFAULT_HUGE_BYTES));
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body.length).toBe(0);
  });

  it('sends exactly the given number of bytes as valid JSON, with or without Content-Length', async () => {
    const bytes = 300_001; // not a multiple of the chunk size
    server.faults.set('/ocds', { kind: 'huge', bytes });
    const announced = await get('/ocds/releases');
    expect(announced.headers['content-length']).toBe(String(bytes));
    expect(announced.body.length).toBe(bytes);
    expect(json<{ padding: string }>(announced).padding).toMatch(/^x+$/);

    server.faults.set('/ocds', { kind: 'huge', bytes, contentLength: false });
    const chunked = await get('/ocds/releases');
    expect(chunked.headers['content-length']).toBeUndefined();
    expect(chunked.headers['transfer-encoding']).toBe('chunked');
    expect(chunked.body.length).toBe(bytes);
    expect(chunked.error).toBeUndefined();
  });

  it('stops writing when the client goes away, and keeps serving', async () => {
    server.faults.set('/ocds/releases', { kind: 'huge' }, { times: 1 });
    const received = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/ocds/releases`, { agent: false }, (res) => {
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size >= 256 * 1024) {
            req.destroy();
            resolve(size);
          }
        });
      });
      req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
      req.end();
    });
    expect(received).toBeLessThan(DEFAULT_HUGE_BYTES);
    const next = await get(`/ocds/releases/${OCID}`);
    expect(next.status).toBe(200);
    expect(server.requests.map((r) => r.status)).toEqual([200, 200]);
  });

  it('rejects a size too small for its JSON frame, or not an integer', () => {
    expect(() => server.faults.set('/ocds', { kind: 'huge', bytes: 13 })).toThrow(/at least 14/);
    expect(() => server.faults.set('/ocds', { kind: 'huge', bytes: 1.5 })).toThrow(/"bytes"/);
  });
});

describe('replay faults: redirects', () => {
  it('redirects to the request itself (a loop) by default, with 302', async () => {
    server.faults.set('/ocds/records', { kind: 'redirect' });
    const path = `/ocds/records/${OCID}?x=1`;
    const res = await get(path);
    expect(res.status).toBe(302);
    expect(res.headers['location']).toBe(`${server.url}${path}`);
    expect(server.countRequests()).toBe(1);
  });

  it('redirects to another host with the given status, without contacting it', async () => {
    const location = 'http://169.254.169.254/latest/meta-data/';
    for (const status of [301, 307, 308] as const) {
      server.faults.set('/ocds', { kind: 'redirect', status, location });
      const res = await get('/ocds/releases');
      expect(res.status).toBe(status);
      expect(res.headers['location']).toBe(location);
    }
  });

  it('rejects a status that is not a redirect, or a Location that cannot be a header', () => {
    expect(() => server.faults.set('/ocds', { kind: 'redirect', status: 304 as 302 })).toThrow(
      /one of 301, 302, 303, 307, 308/,
    );
    expect(() => server.faults.set('/ocds', { kind: 'redirect', location: 'http://a/\r\nX: 1' })).toThrow(
      /"location"/,
    );
  });
});

describe('replay faults: headers of a normal answer', () => {
  it('replaces Cache-Control and keeps the body and validators, 304 included', async () => {
    const normal = await get(`/ocds/records/${OCID}`);
    expect(normal.headers['cache-control']).toMatch(/max-age/);
    const etag = normal.headers['etag'];
    expect(etag).toEqual(expect.any(String));
    server.faults.set('/ocds', { kind: 'cacheControl', value: 'no-store' });
    const res = await get(`/ocds/records/${OCID}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['etag']).toBe(etag);
    expect(res.body.equals(normal.body)).toBe(true);
    server.faults.set('/ocds', { kind: 'cacheControl', value: 'max-age=60, must-revalidate' });
    const revalidated = await get(`/ocds/records/${OCID}`, { 'If-None-Match': etag as string });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers['cache-control']).toBe('max-age=60, must-revalidate');
    expect(revalidated.body.length).toBe(0);
  });

  it('sends a Date header shifted by the given skew, and the normal body', async () => {
    const normal = await get(`/ocds/records/${OCID}`);
    for (const ms of [3_600_000, -3_600_000]) {
      server.faults.set('/ocds', { kind: 'dateSkew', ms });
      const before = Date.now();
      const res = await get(`/ocds/records/${OCID}`);
      const after = Date.now();
      const date = Date.parse(res.headers['date'] ?? '');
      // HTTP-dates have whole seconds.
      expect(date).toBeGreaterThanOrEqual(before + ms - 1000);
      expect(date).toBeLessThanOrEqual(after + ms);
      expect(res.body.equals(normal.body)).toBe(true);
    }
  });

  it('rejects an empty Cache-Control and a skew that is not a number', () => {
    expect(() => server.faults.set('/ocds', { kind: 'cacheControl', value: ' ' })).toThrow(/"value"/);
    expect(() => server.faults.set('/ocds', { kind: 'dateSkew', ms: Number.NaN })).toThrow(/"ms"/);
  });
});

describe('replay faults: raw answers', () => {
  it('sends exactly the given status, header lines and body bytes', async () => {
    const body = Uint8Array.from([0, 255, 0x7b, 0x22, 0xc3, 0x28, 10, 13]);
    server.faults.set('/ocds', {
      kind: 'raw',
      status: 299,
      headers: [
        ['Content-Type', 'application/json'],
        ['X-Dup', 'a'],
        ['X-Dup', 'b'],
        ['X-Latin', 'caf\u00e9'],
      ],
      body,
    });
    const res = await get('/ocds/releases');
    expect(res.status).toBe(299);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-dup']).toBe('a, b');
    // Node's client reads header bytes as Latin-1: the 0xe9 byte arrives as é.
    expect(res.headers['x-latin']).toBe('caf\u00e9');
    expect(res.headers['date']).toBeUndefined();
    expect(res.headers['content-length']).toBe(String(body.length));
    expect(res.body.equals(Buffer.from(body))).toBe(true);
    expect(server.requests.at(-1)?.status).toBe(299);
  });

  it('destroys the socket for a header Node refuses, logs status 0, and keeps serving', async () => {
    for (const header of [
      ['X-Bad', 'a\r\nInjected: 1'],
      ['X-Nul', 'a\u0000b'],
      ['Bad Name', 'x'],
      ['', 'x'],
      ['X-Wide', '\u2603'],
    ] as const) {
      server.clearLog();
      server.faults.set(
        '/ocds/releases',
        { kind: 'raw', status: 200, headers: [header], body: '{}' },
        { times: 1 },
      );
      const res = await get('/ocds/releases');
      expect(res.status, JSON.stringify(header)).toBe(0);
      expect(res.error).toBeDefined();
      expect(server.requests.map((r) => r.status)).toEqual([0]);
      expect((await get(`/ocds/releases/${OCID}`)).status).toBe(200);
    }
  });

  it('rejects a raw fault of the wrong shape when it is set', () => {
    expect(() => server.faults.set('/ocds', { kind: 'raw', status: 103 })).toThrow(/from 200 to 999/);
    expect(() =>
      server.faults.set('/ocds', {
        kind: 'raw',
        status: 200,
        headers: [['a']] as unknown as [string, string][],
      }),
    ).toThrow(/\[name, value\]/);
    expect(() =>
      server.faults.set('/ocds', { kind: 'raw', status: 200, body: 5 as unknown as string }),
    ).toThrow(/"body"/);
  });
});

describe('replay request log', () => {
  it('logs every request in arrival order, faulted ones with the status they got', async () => {
    server.faults.set('/ocds/records', { kind: 'status', status: 503 }, { times: 1 });
    await get('/ocds/releases?limit=1', { 'X-Test': 'yes' });
    await get(`/ocds/records/${OCID}`);
    await rawRequest(`${server.url}/ocds/releases`, { method: 'POST' });
    await get('/nowhere');
    expect(server.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/ocds/releases', 200],
      ['GET', `/ocds/records/${OCID}`, 503],
      ['POST', '/ocds/releases', 405],
      ['GET', '/nowhere', 404],
    ]);
    const first = server.requests[0];
    expect(first?.query).toBe('limit=1');
    expect(first?.headers['x-test']).toBe('yes');
    expect(first?.at).toBeLessThanOrEqual(Date.now());
  });

  it('counts requests by path prefix and method, and forgets them when cleared', async () => {
    await get('/ocds/releases?limit=1');
    await get(`/ocds/releases/${OCID}`);
    await get(`/ocds/records/${OCID}`);
    await rawRequest(`${server.url}/ocds/releases`, { method: 'HEAD' });
    expect(server.countRequests()).toBe(4);
    expect(server.countRequests({ pathPrefix: '/ocds/releases' })).toBe(3);
    expect(server.countRequests({ method: 'head' })).toBe(1);
    expect(server.countRequests({ pathPrefix: '/ocds/records', method: 'GET' })).toBe(1);
    server.clearLog();
    expect(server.countRequests()).toBe(0);
    expect(server.requests).toEqual([]);
  });
});

describe('replay server close', () => {
  it('closes at once even while a delayed response is pending', async () => {
    const other = await startReplayServer({ rateLimit: false, ocds: { files: [] } });
    // Far longer than the test's timeout: a close that waited for the delay could never pass.
    other.faults.set('/', { kind: 'delay', ms: 3_600_000 });
    const pending = rawRequest(`${other.url}/ocds/releases`);
    await until(() => other.inFlight() === 1);
    await other.close();
    const res = await pending;
    expect(res.status).toBe(0);
    expect(res.error).toBeDefined();
    await other.close(); // idempotent
  });
});

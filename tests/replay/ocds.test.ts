import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayServer } from '../../src/replay/index.js';
import {
  DEFAULT_PAGE_SIZE,
  EMBEDDED_OCDS_FILES,
  OCDS_MAX_PAGE_SIZE,
  OCDS_EXAMPLE_NOTICE,
  REPLAY_PUBLISHER,
  startReplayServer,
} from '../../src/replay/index.js';
import type { TestPackage, TestRelease } from './helpers.js';
import { json, rawRequest } from './helpers.js';

const EXAMPLE_OCID = 'ocds-213czf-000-00001';
const SCENARIO_OCID = 'ocds-xxxxxx-mn-fict-000014';

const scenarioFile = EMBEDDED_OCDS_FILES.find((f) => f.path.endsWith('.jsonl.gz'))?.path ?? '';
const scenario = gunzipSync(readFileSync(scenarioFile))
  .toString('utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as TestRelease);
const TOTAL = scenario.length + 6;

let server: ReplayServer;

beforeAll(async () => {
  server = await startReplayServer({ rateLimit: false });
});
afterAll(async () => {
  await server.close();
});

async function getPackage(path: string): Promise<TestPackage> {
  const res = await rawRequest(`${server.url}${path}`);
  expect(res.status).toBe(200);
  return json<TestPackage>(res);
}

/** Follows links.next from `path` to the end and returns every release in order. */
async function allPages(path: string): Promise<{ releases: TestRelease[]; pages: number }> {
  const releases: TestRelease[] = [];
  let url: string | undefined = `${server.url}${path}`;
  let pages = 0;
  while (url !== undefined) {
    expect(url.startsWith(`${server.url}/ocds/releases?`)).toBe(true);
    const res = await rawRequest(url);
    expect(res.status).toBe(200);
    const pkg = json<TestPackage>(res);
    releases.push(...(pkg.releases ?? []));
    url = pkg.links?.next;
    pages++;
  }
  return { releases, pages };
}

function isNewestFirst(releases: readonly TestRelease[]): boolean {
  return releases.every((r, i) => {
    const prev = releases[i - 1];
    if (prev === undefined) return true;
    const a = Date.parse(prev.date);
    const b = Date.parse(r.date);
    return a > b || (a === b && prev.id >= r.id);
  });
}

describe('OCDS replay API: /ocds/releases', () => {
  it('serves every release exactly once, newest first, when links.next is followed to the end', async () => {
    const { releases, pages } = await allPages('/ocds/releases?limit=97');
    expect(pages).toBe(Math.ceil(TOTAL / 97));
    expect(releases).toHaveLength(TOTAL);
    expect(new Set(releases.map((r) => `${r.ocid} ${r.id}`)).size).toBe(TOTAL);
    expect(isNewestFirst(releases)).toBe(true);
    // The OCDS example (2009-2011) is older than the whole scenario, so it comes last.
    expect(releases.slice(-6).every((r) => r.ocid === EXAMPLE_OCID)).toBe(true);
  });

  it('returns a release package with the request URL as uri and no next link on the last page', async () => {
    const pkg = await getPackage('/ocds/releases?limit=500&cursor=' + (await firstCursor(500)));
    expect(pkg.uri).toContain(`${server.url}/ocds/releases?limit=500&cursor=`);
    expect(pkg.version).toBe('1.1');
    expect(pkg.releases).toHaveLength(TOTAL - 500);
    expect(pkg.links).toEqual({});
  });

  it('uses the default page size without limit and keeps the parameters in links.next', async () => {
    const pkg = await getPackage('/ocds/releases?since=2024-01-01');
    expect(pkg.releases).toHaveLength(DEFAULT_PAGE_SIZE);
    const next = new URL(pkg.links?.next ?? '');
    expect(next.searchParams.get('since')).toBe('2024-01-01');
    expect(next.searchParams.get('cursor')).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('serves the publisher of the replay server when a page mixes sources, without a licence', async () => {
    const pkg = await getPackage('/ocds/releases?limit=3');
    expect(pkg.publisher).toEqual(REPLAY_PUBLISHER);
    expect(pkg.license).toBeUndefined();
    expect(pkg.publishedDate).toBe(pkg.releases?.[0]?.date);
  });

  it('serves the publisher and licence of the source when a page has only its releases', async () => {
    const pkg = await getPackage('/ocds/releases?until=2012-01-01T00:00:00Z');
    expect(pkg.releases?.map((r) => r.ocid)).toEqual(Array(6).fill(EXAMPLE_OCID));
    expect(pkg.publisher.name).toBe('Open Data Services Co-operative Limited');
    expect(pkg.license).toBe('http://opendatacommons.org/licenses/pddl/1.0/');
    for (const r of pkg.releases ?? []) expect(r.x_fictional).toBe(OCDS_EXAMPLE_NOTICE);
  });

  it('filters by since and until, both inclusive', async () => {
    const since = '2024-03-01T00:00:00+08:00';
    const until = '2024-06-30T23:59:59+08:00';
    const expected = scenario.filter(
      (r) => Date.parse(r.date) >= Date.parse(since) && Date.parse(r.date) <= Date.parse(until),
    );
    const query = new URLSearchParams({ since, until, limit: '50' }).toString();
    const { releases } = await allPages(`/ocds/releases?${query}`);
    expect(releases.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(isNewestFirst(releases)).toBe(true);

    const one = scenario[0];
    const exact = new URLSearchParams({ since: one?.date ?? '', until: one?.date ?? '' }).toString();
    const pkg = await getPackage(`/ocds/releases?${exact}`);
    expect(pkg.releases?.map((r) => r.id)).toContain(one?.id);
  });

  it('reads an unencoded + of an offset, which a query decodes as a space', async () => {
    const pkg = await getPackage('/ocds/releases?since=2026-01-01T00:00:00+08:00&limit=500');
    expect(pkg.releases?.length).toBeGreaterThan(0);
    for (const r of pkg.releases ?? [])
      expect(Date.parse(r.date)).toBeGreaterThanOrEqual(Date.parse('2026-01-01T00:00:00+08:00'));
  });

  it('answers 400 with a JSON error for a limit outside 1..500', async () => {
    for (const limit of ['0', String(OCDS_MAX_PAGE_SIZE + 1), '-1', '1.5', 'abc', '']) {
      const res = await rawRequest(`${server.url}/ocds/releases?limit=${limit}`);
      expect(res.status, `limit=${limit}`).toBe(400);
      expect(json<{ error: string }>(res).error).toMatch(/^limit must be an integer from 1 to 500/);
    }
    const max = await getPackage(`/ocds/releases?limit=${OCDS_MAX_PAGE_SIZE}`);
    expect(max.releases).toHaveLength(OCDS_MAX_PAGE_SIZE);
    const min = await getPackage('/ocds/releases?limit=1');
    expect(min.releases).toHaveLength(1);
  });

  it('answers 400 for a cursor it did not issue', async () => {
    const forged = Buffer.from(JSON.stringify({ offset: 3 })).toString('base64url');
    for (const cursor of ['not a cursor!', 'bm9wZQ', forged]) {
      const res = await rawRequest(`${server.url}/ocds/releases?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(json<{ error: string }>(res).error).toMatch(/cursor is not a cursor this server issued/);
    }
  });

  it('answers 400 for an invalid since or until, and for since after until', async () => {
    for (const query of [
      'since=yesterday',
      'until=2024-13-45',
      'since=2024-01-01T10:00',
      'since=2025-01-01&until=2024-01-01',
    ]) {
      const res = await rawRequest(`${server.url}/ocds/releases?${query}`);
      expect(res.status, query).toBe(400);
      expect(json<{ error: string }>(res).error).toMatch(/since|until/);
    }
  });
});

async function firstCursor(limit: number): Promise<string> {
  const pkg = await getPackage(`/ocds/releases?limit=${limit}`);
  return new URL(pkg.links?.next ?? '').searchParams.get('cursor') ?? '';
}

describe('OCDS replay API: one contracting process', () => {
  it('serves all releases of an ocid oldest first', async () => {
    const pkg = await getPackage(`/ocds/releases/${SCENARIO_OCID}`);
    const expected = scenario.filter((r) => r.ocid === SCENARIO_OCID);
    expect(pkg.releases?.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(pkg.publisher).toEqual(REPLAY_PUBLISHER);
    expect(pkg.publishedDate).toBe(expected.at(-1)?.date);
  });

  it('percent-decodes the ocid path segment', async () => {
    const encoded = [...SCENARIO_OCID].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
    const pkg = await getPackage(`/ocds/releases/${encoded}`);
    expect(pkg.releases?.[0]?.ocid).toBe(SCENARIO_OCID);
    const bad = await rawRequest(`${server.url}/ocds/releases/%E0%A4%A`);
    expect(bad.status).toBe(400);
  });

  it('serves the example record with its full releases and the published compiledRelease', async () => {
    const pkg = await getPackage(`/ocds/records/${EXAMPLE_OCID}`);
    const record = pkg.records?.[0];
    expect(pkg.records).toHaveLength(1);
    expect(record?.ocid).toBe(EXAMPLE_OCID);
    expect(record?.releases.map((r) => r['id'])).toEqual([
      'ocds-213czf-000-00001-01-planning',
      'ocds-213czf-000-00001-02-tender',
      'ocds-213czf-000-00001-03-tenderAmendment',
      'ocds-213czf-000-00001-04-award',
      'ocds-213czf-000-00001-05-contract',
      'ocds-213czf-000-00001-06-implementation',
    ]);
    expect(record?.compiledRelease?.['tag']).toEqual(['compiled']);
    expect(record?.compiledRelease?.['x_fictional']).toBe(OCDS_EXAMPLE_NOTICE);
    expect(pkg.publisher.name).toBe('Open Data Services Co-operative Limited');
  });

  it('serves a scenario record with its releases and no compiledRelease', async () => {
    const pkg = await getPackage(`/ocds/records/${SCENARIO_OCID}`);
    const record = pkg.records?.[0];
    expect(record?.releases.length).toBe(scenario.filter((r) => r.ocid === SCENARIO_OCID).length);
    expect(record).not.toHaveProperty('compiledRelease');
  });

  it('answers 404 with a JSON error for an unknown ocid', async () => {
    for (const path of ['/ocds/releases/ocds-xxxxxx-unknown', '/ocds/records/ocds-xxxxxx-unknown']) {
      const res = await rawRequest(`${server.url}${path}`);
      expect(res.status).toBe(404);
      expect(json<{ error: string }>(res).error).toMatch(
        /No contracting process with ocid "ocds-xxxxxx-unknown"/,
      );
    }
  });
});

describe('OCDS replay API: HTTP behaviour', () => {
  it('answers 404 with a JSON error for an unknown path', async () => {
    for (const path of [
      '/',
      '/ocds',
      '/ocds/release',
      '/ocds/releases/a/b',
      '/registry/123',
      '//evil.example/ocds',
    ]) {
      const res = await rawRequest(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(json<{ error: string }>(res).error).toMatch(/^No resource at /);
    }
  });

  it('sends JSON with validators and a public max-age', async () => {
    const res = await rawRequest(`${server.url}/ocds/releases/${SCENARIO_OCID}`);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['etag']).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const newest = scenario.filter((r) => r.ocid === SCENARIO_OCID).at(-1)?.date ?? '';
    expect(res.headers['last-modified']).toBe(new Date(newest).toUTCString());
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
  });

  it('answers 304 without a body when If-None-Match matches the ETag', async () => {
    const url = `${server.url}/ocds/releases?limit=5`;
    const first = await rawRequest(url);
    const etag = first.headers['etag'] ?? '';
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await rawRequest(url, { headers: { 'If-None-Match': ifNoneMatch } });
      expect(again.status, ifNoneMatch).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers['etag']).toBe(etag);
    }
    const changed = await rawRequest(url, { headers: { 'If-None-Match': '"stale"' } });
    expect(changed.status).toBe(200);
  });

  it('answers 304 when If-Modified-Since is not older than Last-Modified', async () => {
    const url = `${server.url}/ocds/records/${EXAMPLE_OCID}`;
    const lastModified = (await rawRequest(url)).headers['last-modified'] ?? '';
    expect(lastModified).toBe('Mon, 10 Jan 2011 09:30:00 GMT');
    const same = await rawRequest(url, { headers: { 'If-Modified-Since': lastModified } });
    expect(same.status).toBe(304);
    const older = await rawRequest(url, {
      headers: { 'If-Modified-Since': 'Sun, 09 Jan 2011 09:30:00 GMT' },
    });
    expect(older.status).toBe(200);
    // If-None-Match takes precedence: a non-matching tag means 200 whatever the date says.
    const both = await rawRequest(url, {
      headers: { 'If-Modified-Since': lastModified, 'If-None-Match': '"x"' },
    });
    expect(both.status).toBe(200);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const get = await rawRequest(`${server.url}/ocds/releases?limit=2`);
    const head = await rawRequest(`${server.url}/ocds/releases?limit=2`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.headers['etag']).toBe(get.headers['etag']);
  });

  it('answers 405 with Allow for methods other than GET and HEAD', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await rawRequest(`${server.url}/ocds/releases`, { method });
      expect(res.status).toBe(405);
      expect(res.headers['allow']).toBe('GET, HEAD');
      expect(json<{ error: string }>(res).error).toMatch(new RegExp(`^Method ${method} is not allowed`));
    }
  });
});

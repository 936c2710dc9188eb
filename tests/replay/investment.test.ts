import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DriftVariant, ReplayServer } from '../../src/replay/index.js';
import { startReplayServer } from '../../src/replay/index.js';
import { json, rawRequest } from './helpers.js';

const PROJECTS_FILE = fileURLToPath(
  new URL('../../data/investment/mn-scenario/projects.json', import.meta.url),
);
const EXAMPLE_FILE = fileURLToPath(
  new URL('../../data/investment/oc4ids-0.9.4/example-project-package.json', import.meta.url),
);

type Json = Record<string, any>;
const file = JSON.parse(readFileSync(PROJECTS_FILE, 'utf8')) as Json;
const firstProject = file['projects'][0] as Json;
const BULK = '/investment/projects.json';

let server: ReplayServer;

beforeAll(async () => {
  server = await startReplayServer({ rateLimit: false });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.faults.clear();
});

function tempJson(value: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'investment-replay-')), 'projects.json');
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

describe('investment replay: GET /investment/projects.json', () => {
  it('serves the whole OC4IDS project package as published, with validators and caching headers', async () => {
    const res = await rawRequest(`${server.url}${BULK}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['etag']).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(res.headers['last-modified']).toBe(new Date(file['publishedDate']).toUTCString());
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(json(res)).toEqual(file);
  });

  it('answers 304 without a body to If-None-Match and to If-Modified-Since', async () => {
    const first = await rawRequest(`${server.url}${BULK}`);
    const etag = String(first.headers['etag']);
    for (const headers of [
      { 'if-none-match': etag },
      { 'if-none-match': `W/${etag}` },
      { 'if-none-match': '*' },
      { 'if-modified-since': String(first.headers['last-modified']) },
    ]) {
      const again = await rawRequest(`${server.url}${BULK}`, { headers });
      expect(again.status, JSON.stringify(headers)).toBe(304);
      expect(again.body).toHaveLength(0);
      expect(again.headers['etag']).toBe(etag);
      expect(again.headers['cache-control']).toBe('public, max-age=3600');
    }
    const stale = await rawRequest(`${server.url}${BULK}`, { headers: { 'if-none-match': '"other"' } });
    expect(stale.status).toBe(200);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await rawRequest(`${server.url}${BULK}`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(0);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(100_000);
  });
});

describe('investment replay: GET /investment/projects/{id}', () => {
  it('serves a package with that one project, the bulk package metadata and its own uri', async () => {
    const path = `/investment/projects/${firstProject['id']}`;
    const res = await rawRequest(`${server.url}${path}`);
    expect(res.status).toBe(200);
    const pkg = json<Json>(res);
    expect(pkg).toEqual({
      uri: `${server.url}${path}`,
      version: file['version'],
      publishedDate: file['publishedDate'],
      publisher: file['publisher'],
      license: file['license'],
      x_fictional: file['x_fictional'],
      projects: [firstProject],
    });
    expect(res.headers['last-modified']).toBe(new Date(firstProject['updated']).toUTCString());
    const again = await rawRequest(`${server.url}${path}`, {
      headers: { 'if-none-match': String(res.headers['etag']) },
    });
    expect(again.status).toBe(304);
  });

  it('answers 404 with a JSON error for an unknown project id', async () => {
    const res = await rawRequest(`${server.url}/investment/projects/mn-pip-fict-9999`);
    expect(res.status).toBe(404);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(json(res)).toEqual({
      error: 'No investment project with id "mn-pip-fict-9999" on the replay server.',
    });
  });

  it('percent-decodes the id, and answers 400 to bad percent-encoding', async () => {
    const encoded = await rawRequest(`${server.url}/investment/projects/mn%2Dpip%2Dfict%2D0001`);
    expect(encoded.status).toBe(200);
    const bad = await rawRequest(`${server.url}/investment/projects/%E0%A4%A`);
    expect(bad.status).toBe(400);
    expect(json(bad)).toEqual({ error: 'The project id in the path is not valid percent-encoding.' });
  });

  it('answers 404 for other paths and 405 with Allow for other methods', async () => {
    for (const path of [
      '/investment',
      '/investment/projects',
      '/investment/projects/a/b',
      '/investment/x.json',
    ]) {
      const res = await rawRequest(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(json(res)).toEqual({ error: `No resource at ${path} on the replay server.` });
    }
    const post = await rawRequest(`${server.url}${BULK}`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
  });
});

describe('investment replay: drift', () => {
  async function drifted(variant: DriftVariant, path = BULK): Promise<Json> {
    server.faults.set(path, { kind: 'drift', variant }, { times: 1 });
    const res = await rawRequest(`${server.url}${path}`);
    expect(res.status).toBe(200);
    return json<Json>(res);
  }

  it('number-as-string turns every amount into a string', async () => {
    const pkg = await drifted('number-as-string');
    const project = pkg['projects'][0];
    expect(project.budget.amount.amount).toBe(String(firstProject['budget'].amount.amount));
    expect(typeof project.budget.budgetBreakdowns[0].budgetBreakdown[0].amount.amount).toBe('string');
  });

  it('missing-required removes every project id', async () => {
    const pkg = await drifted('missing-required');
    expect(pkg['projects']).toHaveLength(file['projects'].length);
    expect(pkg['projects'].every((p: Json) => !('id' in p))).toBe(true);
  });

  it('object-instead-of-array keys projects and parties by id', async () => {
    const pkg = await drifted('object-instead-of-array');
    expect(Array.isArray(pkg['projects'])).toBe(false);
    const project = pkg['projects'][firstProject['id']];
    expect(Object.keys(project.parties)).toEqual(firstProject['parties'].map((p: Json) => p['id']));
  });

  it('renamed-field moves projects to data', async () => {
    const pkg = await drifted('renamed-field');
    expect(pkg['projects']).toBeUndefined();
    expect(pkg['data']).toHaveLength(file['projects'].length);
  });

  it('wrong-type joins sectors and party roles into strings', async () => {
    const pkg = await drifted('wrong-type');
    const project = pkg['projects'][0];
    expect(project.sector).toBe(firstProject['sector'].join(','));
    expect(project.parties[0].roles).toBe(firstProject['parties'][0].roles.join(','));
  });

  it('drifts the one-project package too, and leaves the shared data untouched', async () => {
    const path = `/investment/projects/${firstProject['id']}`;
    const pkg = await drifted('missing-required', path);
    expect(pkg['projects'][0].id).toBeUndefined();
    const clean = await rawRequest(`${server.url}${BULK}`);
    expect(json(clean)).toEqual(file);
  });
});

describe('investment replay: options', () => {
  it('serves another package, and injects a fictional notice where a project has none', async () => {
    const replay = await startReplayServer({
      rateLimit: false,
      investment: { dataFile: EXAMPLE_FILE, fictionalNotice: 'Official fictional example.' },
    });
    try {
      const pkg = json<Json>(await rawRequest(`${replay.url}${BULK}`));
      expect(pkg['projects']).toHaveLength(1);
      expect(pkg['projects'][0].x_fictional).toBe('Official fictional example.');
      expect(pkg['publisher'].name).toBe('Open Data Services Co-operative Limited');
    } finally {
      await replay.close();
    }
  });

  it.each([
    [
      'a missing file',
      join(tmpdir(), 'no-such-dir-investment', 'projects.json'),
      /^Cannot read the investment file /,
    ],
    ['a file that is not JSON', tempJson('{ nope'), /is not JSON/],
    ['a package without projects', tempJson({ version: '0.9' }), /has no "projects" array\.$/],
    [
      'a project without an id',
      tempJson({ projects: [{ title: 'x' }] }),
      /projects\[0\] has no "id" string\.$/,
    ],
    [
      'a repeated project id',
      tempJson({ projects: [{ id: 'a' }, { id: 'a' }] }),
      /project id "a" repeats\.$/,
    ],
  ])('refuses to start with %s, naming the file', async (_what, dataFile, message) => {
    await expect(startReplayServer({ investment: { dataFile } })).rejects.toThrow(message);
  });
});

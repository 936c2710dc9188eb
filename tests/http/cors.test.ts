import { describe, expect, it } from 'vitest';
import { CORS_ALLOWED_HEADERS } from '../../src/http/cors.js';
import { liveHarnessPerTest } from '../helpers.js';
import { sendRaw, type RawAnswer } from '../raw-request.js';

/**
 * Browser apps on other origins (docs/operations.md "Apps on other origins"): the CORS headers of an
 * actual request, preflights answered by the gateway before Apollo Server's CSRF prevention, and the
 * requests Apollo Server then lets through.
 */

const APP = 'https://app.example.org';
const OTHER = 'https://elsewhere.example.org';

interface Raw extends Omit<RawAnswer, 'body'> {
  body: string;
}

/** One request with exactly these headers (fetch would add or refuse some, `Origin` among them). */
async function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Raw> {
  const raw = await sendRaw(url, method, headers, body);
  return { ...raw, body: raw.body.toString() };
}

const harness = liveHarnessPerTest();

async function start(env: Record<string, string>): Promise<string> {
  return `${(await harness(env)).gateway.url}/graphql`;
}

const POST = JSON.stringify({ query: '{ __typename }' });
const preflight = (origin: string) => ({
  origin,
  'access-control-request-method': 'POST',
  'access-control-request-headers': 'content-type, x-api-key',
});

describe('CORS', () => {
  it('writes no CORS header at all when CORS_ORIGINS is empty', async () => {
    const endpoint = await start({});
    const res = await send(endpoint, 'POST', { origin: APP, 'content-type': 'application/json' }, POST);
    expect(res.status).toBe(200);
    expect(Object.keys(res.headers).filter((n) => n.startsWith('access-control-'))).toEqual([]);
    expect(String(res.headers['vary'])).not.toMatch(/origin/i);
  });

  it('lets an allowed origin read a POST, and not another origin', async () => {
    const endpoint = await start({ CORS_ORIGINS: `${APP}, https://second.example.org` });
    const allowed = await send(endpoint, 'POST', { origin: APP, 'content-type': 'application/json' }, POST);
    expect(allowed.status).toBe(200);
    expect(JSON.parse(allowed.body)).toEqual({ data: { __typename: 'Query' } });
    expect(allowed.headers['access-control-allow-origin']).toBe(APP);
    expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
    expect(String(allowed.headers['access-control-expose-headers']).split(', ')).toEqual(
      expect.arrayContaining(['x-request-id', 'ratelimit', 'ratelimit-policy', 'retry-after', 'etag']),
    );
    expect(String(allowed.headers['vary']).split(', ')).toContain('Origin');

    const refused = await send(endpoint, 'POST', { origin: OTHER, 'content-type': 'application/json' }, POST);
    expect(refused.status).toBe(200); // the browser, not the gateway, keeps the answer from the page
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    expect(String(refused.headers['vary']).split(', ')).toContain('Origin');
  });

  it('answers a preflight itself with 204, never reaching CSRF prevention', async () => {
    const endpoint = await start({ CORS_ORIGINS: APP, CORS_MAX_AGE_SECONDS: '120' });
    const res = await send(endpoint, 'OPTIONS', preflight(APP));
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    expect(res.headers['access-control-allow-origin']).toBe(APP);
    expect(res.headers['access-control-allow-methods']).toBe('GET, POST, OPTIONS');
    expect(res.headers['access-control-allow-headers']).toBe(CORS_ALLOWED_HEADERS);
    expect(res.headers['access-control-max-age']).toBe('120');

    const other = await send(endpoint, 'OPTIONS', preflight(OTHER));
    expect(other.status).toBe(204);
    expect(Object.keys(other.headers).filter((n) => n.startsWith('access-control-'))).toEqual([]);
  });

  it('lets a cross-origin GET through with apollo-require-preflight, and refuses one without', async () => {
    const endpoint = await start({ CORS_ORIGINS: APP });
    const url = `${endpoint}?query=${encodeURIComponent('{ __typename }')}`;
    const preflighted = await send(url, 'GET', { origin: APP, 'apollo-require-preflight': 'true' });
    expect(preflighted.status).toBe(200);
    expect(preflighted.headers['access-control-allow-origin']).toBe(APP);
    const simple = await send(url, 'GET', { origin: APP });
    expect(simple.status).toBe(400);
    expect(JSON.parse(simple.body).errors[0].message).toMatch(/Cross-Site Request Forgery/);
    // The refusal is readable by the app, so it can tell why.
    expect(simple.headers['access-control-allow-origin']).toBe(APP);
  });

  it('answers * to any origin without credentials', async () => {
    const endpoint = await start({ CORS_ORIGINS: '*' });
    const res = await send(endpoint, 'POST', { origin: OTHER, 'content-type': 'application/json' }, POST);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    const pre = await send(endpoint, 'OPTIONS', preflight(OTHER));
    expect([pre.status, pre.headers['access-control-allow-origin']]).toEqual([204, '*']);
  });

  it('allows credentials only to listed origins, naming each', async () => {
    const endpoint = await start({ CORS_ORIGINS: APP, CORS_CREDENTIALS: 'true' });
    const res = await send(endpoint, 'POST', { origin: APP, 'content-type': 'application/json' }, POST);
    expect(res.headers['access-control-allow-origin']).toBe(APP);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    const pre = await send(endpoint, 'OPTIONS', preflight(APP));
    expect(pre.headers['access-control-allow-credentials']).toBe('true');
    const other = await send(endpoint, 'POST', { origin: OTHER, 'content-type': 'application/json' }, POST);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(other.headers['access-control-allow-credentials']).toBeUndefined();
  });
});

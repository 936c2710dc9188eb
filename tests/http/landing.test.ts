import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTS, SERVICE_SUMMARY } from '../../src/http/landing.js';
import { startLiveHarness, type Harness } from '../helpers.js';

/** `GET /`: what the service is and where to go, as HTML for a browser and JSON for a program. */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

let h: Harness;
beforeAll(async () => {
  h = await startLiveHarness({ METRICS: 'true' });
});
afterAll(async () => {
  await h.close();
});

describe('the landing page', () => {
  it('is HTML for a browser, with no asset from elsewhere', async () => {
    const res = await fetch(`${h.gateway.url}/`, {
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('vary')).toMatch(/Accept/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await res.text();
    expect(html).toContain(SERVICE_SUMMARY.replace("'", '&#39;'));
    for (const href of ['/graphql', '/healthz', '/readyz', '/metrics'])
      expect(html).toContain(`href="${href}"`);
    for (const { file } of DOCUMENTS) expect(html).toContain(`<code>${file}</code>`);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('is JSON for a program', async () => {
    for (const accept of [undefined, '*/*', 'application/json']) {
      const res = await fetch(`${h.gateway.url}/`, { headers: accept === undefined ? {} : { accept } });
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = (await res.json()) as {
        summary: string;
        links: { href: string }[];
        documentation: { file: string }[];
      };
      expect(body.summary).toBe(SERVICE_SUMMARY);
      expect(body.links.map((l) => l.href)).toEqual(['/graphql', '/healthz', '/readyz', '/metrics']);
      expect(body.documentation.map((d) => d.file)).toEqual(DOCUMENTS.map((d) => d.file));
    }
  });

  it('names documentation that exists in the repository', () => {
    for (const { file } of DOCUMENTS) expect([file, existsSync(join(ROOT, file))]).toEqual([file, true]);
  });

  it('leaves other unknown paths a JSON 404, and answers only GET and HEAD', async () => {
    const missing = await fetch(`${h.gateway.url}/nothing-here`, { headers: { accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(
      ((await missing.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
    ).toBe('NOT_FOUND');
    const head = await fetch(`${h.gateway.url}/`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
    const posted = await fetch(`${h.gateway.url}/`, { method: 'POST', body: '{}' });
    expect([posted.status, posted.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });
});

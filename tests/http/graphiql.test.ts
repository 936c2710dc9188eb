import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExampleQuery } from '../../src/http/graphiql.js';
import {
  createGraphiqlHandler,
  GRAPHIQL_ASSET_CACHE_CONTROL,
  GRAPHIQL_ASSET_PREFIX,
  loadExampleQueries,
} from '../../src/http/graphiql.js';

/** What Chromium sends when navigating to a page. */
const BROWSER_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8';

const EXAMPLES: readonly ExampleQuery[] = [
  { name: '01-a.graphql', description: 'First.', query: '# First.\nquery A { sources { name } }\n' },
  // An example that tries to end the data block early must stay inside it.
  { name: '02-b.graphql', description: 'Second.', query: '# </script><script>alert(1)</script>\n{ b }\n' },
];

let origin: string;
let closeServer: () => Promise<void>;

beforeAll(async () => {
  const handler = createGraphiqlHandler({ endpoint: '/graphql', examples: EXAMPLES });
  const server = createServer((req, res) => {
    if (handler(req, res)) return;
    res.writeHead(404, { 'Content-Type': 'text/plain', 'X-Fallback': 'yes' }).end('fallback');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeServer = () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
});

afterAll(async () => {
  await closeServer();
});

async function getPage(): Promise<{ response: Response; html: string }> {
  const response = await fetch(`${origin}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
  return { response, html: await response.text() };
}

function assetUrls(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
}

describe('createGraphiqlHandler', () => {
  it('serves the GraphiQL page to a browser at the endpoint', async () => {
    const { response, html } = await getPage();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('vary')).toBe('Accept');
    expect(html).toContain('<title>Transparency Graph</title>');
    const urls = assetUrls(html);
    expect(urls).toHaveLength(4);
    for (const url of urls) expect(url.startsWith(GRAPHIQL_ASSET_PREFIX)).toBe(true);
    expect(urls.some((u) => /\/graphiql-[\d.]+\.min\.js$/.test(u))).toBe(true);
    expect(urls.some((u) => /\/graphiql-[\d.]+\.min\.css$/.test(u))).toBe(true);
    expect(urls.some((u) => /\/react-[\d.]+\.production\.min\.js$/.test(u))).toBe(true);
    expect(urls.some((u) => /\/react-dom-[\d.]+\.production\.min\.js$/.test(u))).toBe(true);
  });

  it('embeds the example queries as JSON that cannot break out of its script element', async () => {
    const { html } = await getPage();
    const block = /<script id="graphiql-config" type="application\/json">([^<]*)<\/script>/.exec(html);
    expect(block).not.toBeNull();
    const config = JSON.parse(block?.[1] ?? '') as { endpoint: string; examples: ExampleQuery[] };
    expect(config.endpoint).toBe('/graphql');
    expect(config.examples).toEqual(EXAMPLES);
    expect(html).not.toContain('alert(1)</script>');
    expect(html).toContain('\\u003c/script\\u003e\\u003cscript\\u003ealert(1)');
  });

  it('loads nothing from another origin', async () => {
    const { html } = await getPage();
    for (const url of assetUrls(html)) expect(url).not.toMatch(/^(?:[a-z]+:)?\/\//i);
    expect(html).not.toMatch(/(?:src|href)="https?:/i);
  });

  it('sends a strict Content-Security-Policy with a fresh nonce per response', async () => {
    const first = await getPage();
    const second = await getPage();
    const csp = first.response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(first.html).toContain(`<script nonce="${nonce}">`);
    expect(second.response.headers.get('content-security-policy')).not.toContain(nonce);
    expect(first.response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers HEAD for the page with headers and no body', async () => {
    const response = await fetch(`${origin}/graphql`, {
      method: 'HEAD',
      headers: { accept: BROWSER_ACCEPT },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe('');
  });

  it.each([
    ['application/json'],
    ['application/graphql-response+json, application/json;q=0.9'],
    ['*/*'],
    ['text/html;q=0.5, application/json'],
    ['text/html;q=0'],
  ])('passes a GET with Accept %j on to the caller', async (accept) => {
    const response = await fetch(`${origin}/graphql?query=%7B__typename%7D`, { headers: { accept } });
    expect(response.headers.get('x-fallback')).toBe('yes');
    await response.arrayBuffer();
  });

  it('passes a GET without Accept, a POST and other paths on to the caller', async () => {
    const requests: Array<[string, RequestInit]> = [
      ['/graphql', { headers: { accept: '' } }],
      [
        '/graphql',
        { method: 'POST', headers: { accept: BROWSER_ACCEPT, 'content-type': 'application/json' } },
      ],
      ['/other', { headers: { accept: BROWSER_ACCEPT } }],
      ['/graphql/', { headers: { accept: BROWSER_ACCEPT } }],
    ];
    for (const [path, init] of requests) {
      const response = await fetch(origin + path, { ...init, body: init.method === 'POST' ? '{}' : null });
      expect(response.headers.get('x-fallback'), path).toBe('yes');
      await response.arrayBuffer();
    }
  });

  it('serves each asset with its content type, cache headers and a 304 on a matching ETag', async () => {
    const { html } = await getPage();
    for (const url of assetUrls(html)) {
      const response = await fetch(origin + url, { headers: { 'accept-encoding': 'identity' } });
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe(
        url.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      );
      expect(response.headers.get('cache-control')).toBe(GRAPHIQL_ASSET_CACHE_CONTROL);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-encoding')).toBeNull();
      const etag = response.headers.get('etag') ?? '';
      expect(etag).toMatch(/^"[\w-]+"$/);
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.length).toBeGreaterThan(1000);
      expect(Number(response.headers.get('content-length'))).toBe(body.length);

      const again = await fetch(origin + url, {
        headers: { 'accept-encoding': 'identity', 'if-none-match': `W/"other", ${etag}` },
      });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe(GRAPHIQL_ASSET_CACHE_CONTROL);
      expect(await again.text()).toBe('');

      const changed = await fetch(origin + url, {
        headers: { 'accept-encoding': 'identity', 'if-none-match': '"stale"' },
      });
      expect(changed.status).toBe(200);
      await changed.arrayBuffer();
    }
  });

  it('serves gzip to clients that accept it, under its own ETag', async () => {
    const { html } = await getPage();
    const url = assetUrls(html).find((u) => u.endsWith('.min.js') && u.includes('/graphiql-')) ?? '';
    // node:http, unlike fetch, does not decompress: it shows the bytes as sent.
    const raw = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      request(origin + url, { headers: { 'accept-encoding': 'br;q=1, gzip;q=0.8' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(raw.headers.vary).toBe('Accept-Encoding');
    expect(String(raw.headers.etag)).toMatch(/-gz"$/);
    expect(gunzipSync(raw.body).toString('utf8')).toContain('GraphiQL');
  });

  it('answers an unknown asset with 404 and a write to the assets with 405', async () => {
    for (const name of ['nope.js', 'graphiql.min.js.map', '..%2f..%2fpackage.json', '']) {
      const response = await fetch(`${origin}${GRAPHIQL_ASSET_PREFIX}${name}`);
      expect(response.status, name).toBe(404);
      expect(response.headers.get('x-fallback')).toBeNull();
      await response.arrayBuffer();
    }
    const response = await fetch(`${origin}${GRAPHIQL_ASSET_PREFIX}x.js`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    await response.arrayBuffer();
  });

  it.each([['graphql'], ['http://example.test/graphql'], ['//example.test/graphql'], ['/graphiql/assets/x']])(
    'rejects the endpoint %j at creation',
    (endpoint) => {
      expect(() => createGraphiqlHandler({ endpoint, examples: [] })).toThrow(
        `GraphiQL endpoint must be a path on this server such as '/graphql', but got ${JSON.stringify(endpoint)}.`,
      );
    },
  );
});

describe('loadExampleQueries', () => {
  it('reads the .graphql files in name order with their leading comment as description', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tg-queries-'));
    try {
      await writeFile(join(dir, '02-b.graphql'), '{ b }\n');
      await writeFile(
        join(dir, '01-a.graphql'),
        '# What A answers,\n#   over two lines.\n#\n# A second paragraph.\nquery A { a } # not this\n',
      );
      await writeFile(join(dir, 'README.md'), '# not a query\n');
      const examples = await loadExampleQueries(dir);
      expect(examples).toEqual([
        {
          name: '01-a.graphql',
          description: 'What A answers, over two lines.\n\nA second paragraph.',
          query:
            '# What A answers,\n#   over two lines.\n#\n# A second paragraph.\nquery A { a } # not this\n',
        },
        { name: '02-b.graphql', description: '', query: '{ b }\n' },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads docs/queries by default, each query describing what it answers', async () => {
    const examples = await loadExampleQueries();
    const files = readdirSync(new URL('../../docs/queries/', import.meta.url))
      .filter((f) => f.endsWith('.graphql'))
      .sort();
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(examples.map((e) => e.name)).toEqual(files);
    for (const example of examples) expect(example.description.length, example.name).toBeGreaterThan(20);
    expect(examples[0]?.query).toContain('ocds-213czf-000-00001');
  });
});

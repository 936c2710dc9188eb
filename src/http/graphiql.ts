/**
 * GraphiQL served entirely by the gateway: analysts often sit behind networks where CDNs are slow or
 * blocked, and our tests run with no network at all (docs/architecture.md).
 *
 * Route taken: graphiql 3.x's prebuilt UMD bundle plus React 18's UMD builds, read from node_modules
 * once and kept in memory; no bundling step. The page itself is a few lines of HTML and one fixed
 * inline bootstrap script, allowed by a per-response nonce in a strict Content-Security-Policy. Content
 * negotiation is in `negotiation.ts`, the example queries in `examples.ts`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ExampleQuery } from './examples.js';
import { appendVary } from './cors.js';
import { acceptsGzip, matchesIfNoneMatch, prefersHtml } from './negotiation.js';

export { DEFAULT_EXAMPLE_QUERIES_DIR, loadExampleQueries, type ExampleQuery } from './examples.js';

/** Options of {@link createGraphiqlHandler}. */
export interface GraphiqlOptions {
  /** Path of the GraphQL endpoint on this server, e.g. `/graphql`; the page is served there to browsers. */
  readonly endpoint: string;
  /** Example queries, opened as tabs in this order; the first one is active. */
  readonly examples: readonly ExampleQuery[];
}

/** URL path prefix under which the GraphiQL assets are served. */
export const GRAPHIQL_ASSET_PREFIX = '/graphiql/assets/';

/** Cache policy of the assets: their URLs carry the package version, so a URL never changes content. */
export const GRAPHIQL_ASSET_CACHE_CONTROL = 'public, max-age=86400, immutable';

/** Title of the page and the text in GraphiQL's logo slot. */
export const GRAPHIQL_TITLE = 'Transparency Graph';

// ---------------------------------------------------------------------------------------------------
// Assets

interface Asset {
  readonly contentType: string;
  readonly body: Buffer;
  readonly gzipped: Buffer;
  readonly etag: string;
  readonly gzippedEtag: string;
}

interface AssetFiles {
  readonly reactJs: string;
  readonly reactDomJs: string;
  readonly graphiqlJs: string;
  readonly graphiqlCss: string;
}

interface LoadedAssets {
  /** Public asset name (the last URL segment) → asset. */
  readonly byName: ReadonlyMap<string, Asset>;
  /** Public names of the four files, for the page. */
  readonly names: AssetFiles;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

let loadedAssets: LoadedAssets | undefined;

/**
 * Reads the four UMD/CSS files once per process. Packages are resolved through Node's resolver from this
 * module (not from the working directory), so the gateway finds them wherever it is started from.
 */
function loadAssets(): LoadedAssets {
  if (loadedAssets) return loadedAssets;
  const require = createRequire(import.meta.url);
  const packageDir = (name: string): { dir: string; version: string } => {
    let manifestPath: string;
    try {
      manifestPath = require.resolve(`${name}/package.json`);
    } catch (e: unknown) {
      throw new Error(
        `GraphiQL is served from node_modules, but the package '${name}' could not be resolved; ` +
          'run npm ci to install the dependencies.',
        { cause: e },
      );
    }
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version?: unknown };
    if (typeof manifest.version !== 'string') {
      throw new Error(`The package.json of '${name}' at ${manifestPath} has no version string.`);
    }
    return { dir: dirname(manifestPath), version: manifest.version };
  };
  const react = packageDir('react');
  const reactDom = packageDir('react-dom');
  const graphiql = packageDir('graphiql');

  // The version goes into each public name, so `immutable` stays true across upgrades.
  const sources: Record<keyof AssetFiles, { name: string; path: string; contentType: string }> = {
    reactJs: {
      name: `react-${react.version}.production.min.js`,
      path: join(react.dir, 'umd/react.production.min.js'),
      contentType: JS,
    },
    reactDomJs: {
      name: `react-dom-${reactDom.version}.production.min.js`,
      path: join(reactDom.dir, 'umd/react-dom.production.min.js'),
      contentType: JS,
    },
    graphiqlJs: {
      name: `graphiql-${graphiql.version}.min.js`,
      path: join(graphiql.dir, 'graphiql.min.js'),
      contentType: JS,
    },
    graphiqlCss: {
      name: `graphiql-${graphiql.version}.min.css`,
      path: join(graphiql.dir, 'graphiql.min.css'),
      contentType: CSS,
    },
  };
  const byName = new Map<string, Asset>();
  for (const { name, path, contentType } of Object.values(sources)) {
    // graphiql.min.js ends with a `sourceMappingURL` comment; the .map files are not served, so an
    // open devtools only reports a missing source map. The vendor file is served as published.
    const body = readFileSync(path);
    // Compressed once here: the GraphiQL bundle shrinks from ~1 MB to ~0.3 MB, which matters on the
    // slow networks this page is for, and costs ~30 ms at start-up instead of work per request.
    const gzipped = gzipSync(body, { level: 9 });
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
    byName.set(name, {
      contentType,
      body,
      gzipped,
      // Strong validators, one per representation (RFC 9110 §8.8.3): the gzip bytes differ.
      etag: `"${hash}"`,
      gzippedEtag: `"${hash}-gz"`,
    });
  }
  const names: AssetFiles = {
    reactJs: sources.reactJs.name,
    reactDomJs: sources.reactDomJs.name,
    graphiqlJs: sources.graphiqlJs.name,
    graphiqlCss: sources.graphiqlCss.name,
  };
  loadedAssets = { byName, names };
  return loadedAssets;
}

// ---------------------------------------------------------------------------------------------------
// The page

/**
 * The bootstrap script. Fixed text: its settings come from the JSON data block (which browsers never
 * execute) rather than being interpolated into code.
 *
 * `__webpack_nonce__` is the global through which the bundled react-remove-scroll-bar (used by
 * GraphiQL's dialogs) stamps a nonce on the `<style>` element it injects while a dialog is open;
 * without it that style is blocked by the CSP below. A script able to read the global already runs.
 */
const BOOTSTRAP_SCRIPT = `
(function () {
  window.__webpack_nonce__ = document.currentScript.nonce;
  var config = JSON.parse(document.getElementById('graphiql-config').textContent);
  var tabs = config.examples.map(function (example) { return { query: example.query }; });
  var logo = React.createElement(GraphiQL.Logo, null, config.title);
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(
      GraphiQL,
      {
        fetcher: GraphiQL.createFetcher({ url: config.endpoint }),
        defaultTabs: tabs.length > 0 ? tabs : undefined,
        defaultEditorToolsVisibility: true,
      },
      logo,
    ),
  );
})();
`;

/** The page's own layout: GraphiQL fills the window. */
const PAGE_STYLE = 'html, body, #graphiql { height: 100%; margin: 0; }';

/**
 * The page's Content-Security-Policy for one response, `nonce` being fresh per response. Only what
 * GraphiQL 3 was seen to need in headless Chromium (tests/e2e/graphiql.test.ts fails on any violation):
 * - `script-src 'self' 'nonce-…'`: the UMD files from this server plus the one bootstrap script; no
 *   `'unsafe-inline'`, and no `'unsafe-eval'` (the graphiql and React bundles never call eval or
 *   `new Function`).
 * - `style-src 'self' 'nonce-…'`: graphiql.min.css, the page style and the style GraphiQL's dialogs
 *   inject (see BOOTSTRAP_SCRIPT). CodeMirror and React set inline styles through the CSSOM
 *   (`element.style`), which CSP does not restrict, so no `'unsafe-inline'`.
 * - `font-src data:` and `img-src data:`: graphiql.min.css embeds its fonts, and the icons of CodeMirror's
 *   lint markers (shown on a query with errors), as data: URLs.
 * - `connect-src 'self'`: the fetcher only posts to this server's endpoint (the endpoint option is a
 *   path, so it is always same-origin).
 * - `frame-ancestors 'none'`, `base-uri 'none'`, `form-action 'none'`: no clickjacking, no `<base>`
 *   hijacking of the relative asset URLs, no form posts anywhere.
 */
export function graphiqlContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "connect-src 'self'",
    "font-src 'self' data:",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * JSON that is safe inside a `<script>` element: `<` is escaped so that neither `</script>` nor
 * `<!--` in an example query can end or alter the element; U+2028/U+2029 for old JS parsers.
 */
function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

interface PageParts {
  readonly endpoint: string;
  readonly names: AssetFiles;
  /** The settings data block's content, escaped once at creation. */
  readonly config: string;
}

function renderPage({ endpoint, names, config }: PageParts, nonce: string): string {
  const asset = (name: string): string => GRAPHIQL_ASSET_PREFIX + name;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${GRAPHIQL_TITLE}</title>
    <link rel="stylesheet" href="${asset(names.graphiqlCss)}" />
    <style nonce="${nonce}">${PAGE_STYLE}</style>
  </head>
  <body>
    <div id="graphiql">
      <noscript><h1>${GRAPHIQL_TITLE}</h1><p>GraphiQL needs JavaScript. The GraphQL endpoint is ${endpoint}.</p></noscript>
    </div>
    <script id="graphiql-config" type="application/json">${config}</script>
    <script src="${asset(names.reactJs)}"></script>
    <script src="${asset(names.reactDomJs)}"></script>
    <script src="${asset(names.graphiqlJs)}"></script>
    <script nonce="${nonce}">${BOOTSTRAP_SCRIPT}</script>
  </body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------------
// The handler

const ENDPOINT_PATTERN = /^\/(?!\/)[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;

/**
 * Creates the request handler for the GraphiQL page (at `options.endpoint`, for browsers) and its
 * assets (under {@link GRAPHIQL_ASSET_PREFIX}). It returns true when it answered and false when the
 * request is not for it, so the caller passes it on (to Apollo Server). Reads the assets at creation.
 */
export function createGraphiqlHandler(
  options: GraphiqlOptions,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  if (!ENDPOINT_PATTERN.test(options.endpoint) || options.endpoint.startsWith(GRAPHIQL_ASSET_PREFIX)) {
    throw new Error(
      `GraphiQL endpoint must be a path on this server such as '/graphql', but got ${JSON.stringify(options.endpoint)}.`,
    );
  }
  const assets = loadAssets();
  const parts: PageParts = {
    endpoint: options.endpoint,
    names: assets.names,
    config: jsonForScriptElement({
      title: GRAPHIQL_TITLE,
      endpoint: options.endpoint,
      examples: options.examples.map(({ name, description, query }) => ({ name, description, query })),
    }),
  };

  return (req, res) => {
    // The path is only compared with fixed strings and map keys, never joined to a file path, so
    // there is nothing to traverse.
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const method = req.method ?? 'GET';
    const isRead = method === 'GET' || method === 'HEAD';

    if (path.startsWith(GRAPHIQL_ASSET_PREFIX)) {
      if (!isRead) {
        sendText(res, 405, 'Method not allowed: GraphiQL assets answer GET and HEAD.', {
          Allow: 'GET, HEAD',
        });
        return true;
      }
      const asset = assets.byName.get(path.slice(GRAPHIQL_ASSET_PREFIX.length));
      if (!asset) {
        sendText(res, 404, 'Not found.');
        return true;
      }
      const gzip = acceptsGzip(req.headers['accept-encoding']);
      const etag = gzip ? asset.gzippedEtag : asset.etag;
      const body = gzip ? asset.gzipped : asset.body;
      const headers: Record<string, string> = {
        'Content-Type': asset.contentType,
        'Cache-Control': GRAPHIQL_ASSET_CACHE_CONTROL,
        ETag: etag,
        Vary: 'Accept-Encoding',
        'X-Content-Type-Options': 'nosniff',
        ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
      };
      send(res, req, headers, body, matchesIfNoneMatch(req.headers['if-none-match'], etag));
      return true;
    }

    if (path === options.endpoint && isRead && prefersHtml(req.headers.accept)) {
      // 128 random bits per response (CSP3 §6.6.3.1: a nonce must be unguessable and used once).
      const nonce = randomBytes(16).toString('base64');
      const headers: Record<string, string> = {
        'Content-Type': 'text/html; charset=utf-8',
        // A nonce must not be replayed from a cache; the page is small and built from memory.
        'Cache-Control': 'no-store',
        // The same URL answers GraphQL JSON to programs: caches must key on Accept.
        Vary: 'Accept',
        'Content-Security-Policy': graphiqlContentSecurityPolicy(nonce),
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      };
      send(res, req, headers, Buffer.from(renderPage(parts, nonce)), false);
      return true;
    }

    return false;
  };
}

function send(
  res: ServerResponse,
  req: IncomingMessage,
  headers: Record<string, string>,
  body: Buffer,
  notModified: boolean,
): void {
  // `Vary` adds to what is already set (CORS's `Origin`), rather than replace it.
  const { Vary: vary, ...rest } = headers;
  if (vary !== undefined) appendVary(res, ...vary.split(',').map((n) => n.trim()));
  headers = rest;
  if (notModified) {
    // A 304 carries the validators and cache headers, never the body or its length (RFC 9110 §15.4.5).
    const validators = Object.entries(headers).filter(([name]) => !/^content-/i.test(name));
    res.writeHead(304, Object.fromEntries(validators)).end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': String(body.length) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  extra: Record<string, string> = {},
): void {
  const body = Buffer.from(text);
  res
    .writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(body.length),
      'X-Content-Type-Options': 'nosniff',
      ...extra,
    })
    .end(body);
}

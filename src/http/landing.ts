import type { IncomingMessage, ServerResponse } from 'node:http';
import { appendVary } from './cors.js';
import { prefersHtml } from './negotiation.js';
import { sendJson } from './respond.js';

/**
 * `GET /`: what this service is and where to go from here, as a small HTML page for a browser and as
 * JSON for a program. Nothing is loaded from elsewhere. The documentation is named by its file in the
 * repository: the gateway serves no documentation itself.
 */

/** The service in one sentence (README.md). */
export const SERVICE_SUMMARY = "One GraphQL endpoint over Mongolia's public transparency sources.";

/** The documentation, as files of the repository, with what each says. */
export const DOCUMENTS: readonly { readonly file: string; readonly about: string }[] = [
  { file: 'README.md', about: 'what the gateway is, a first query' },
  {
    file: 'docs/operations.md',
    about: 'running, health, caching, apps on other origins, API keys and limits',
  },
  { file: 'docs/configuration.md', about: 'every environment variable, with its default' },
  { file: 'docs/errors.md', about: 'every error code a client can see' },
  { file: 'docs/architecture.md', about: 'the layers, the path of one request, the freshness model' },
  { file: 'docs/queries/', about: 'example queries, also the tabs of GraphiQL' },
];

/** What the landing page links to. */
export interface LandingOptions {
  readonly endpoint: string;
  /** Whether `/metrics` is served (`METRICS`). */
  readonly metrics: boolean;
}

/** The landing page's content, the same in both forms. */
function content(options: LandingOptions): {
  name: string;
  summary: string;
  links: { href: string; title: string }[];
  documentation: typeof DOCUMENTS;
} {
  return {
    name: 'Transparency Graph',
    summary: SERVICE_SUMMARY,
    links: [
      { href: options.endpoint, title: 'GraphiQL in a browser; the GraphQL endpoint for programs' },
      { href: '/healthz', title: 'liveness' },
      { href: '/readyz', title: 'readiness of this process' },
      ...(options.metrics ? [{ href: '/metrics', title: 'Prometheus metrics' }] : []),
    ],
    documentation: DOCUMENTS,
  };
}

const escape = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The page as HTML. */
export function landingHtml(options: LandingOptions): string {
  const c = content(options);
  const links = c.links.map(
    (l) => `<li><a href="${escape(l.href)}">${escape(l.href)}</a>: ${escape(l.title)}</li>`,
  );
  const docs = c.documentation.map((d) => `<li><code>${escape(d.file)}</code>: ${escape(d.about)}</li>`);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escape(c.name)}</title>`,
    `<h1>${escape(c.name)}</h1>`,
    `<p>${escape(c.summary)}</p>`,
    '<ul>',
    ...links,
    '</ul>',
    '<p>Documentation, in the repository:</p>',
    '<ul>',
    ...docs,
    '</ul>',
    '',
  ].join('\n');
}

/** Answers `/`: GET and HEAD only, HTML when the client prefers it to JSON. */
export function sendLanding(req: IncomingMessage, res: ServerResponse, options: LandingOptions): void {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return sendJson(res, 405, {
      errors: [
        { message: 'Method not allowed: / answers GET and HEAD.', extensions: { code: 'BAD_REQUEST' } },
      ],
    });
  }
  const html = prefersHtml(req.headers.accept);
  const body = Buffer.from(html ? landingHtml(options) : JSON.stringify(content(options)), 'utf8');
  appendVary(res, 'Accept');
  res.writeHead(200, {
    'content-type': html ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': String(body.length),
    'cache-control': 'public, max-age=300',
    'x-content-type-options': 'nosniff',
    // Nothing to load, nothing to run.
    ...(html ? { 'content-security-policy': "default-src 'none'; base-uri 'none'; form-action 'none'" } : {}),
  });
  res.end(method === 'HEAD' ? undefined : body);
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.js';

/**
 * CORS for browser apps on other origins (docs/operations.md "Apps on other origins"). With no
 * `CORS_ORIGINS` the gateway writes no CORS header at all, and a browser keeps other origins out as
 * before. A preflight is answered here, before Apollo Server, whose CSRF prevention would refuse an
 * `OPTIONS` without a content type.
 */

/** The CORS settings (`config.edge.cors`). */
export type CorsSettings = Config['edge']['cors'];

/** Methods a cross-origin request to the endpoint may use. */
export const CORS_ALLOWED_METHODS = 'GET, POST, OPTIONS';

/**
 * Request headers a cross-origin request may send: a JSON body, API keys, tracing, and the two headers
 * Apollo Server's CSRF prevention accepts in place of a content type (for a GET query).
 */
export const CORS_ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'x-api-key',
  'x-request-id',
  'traceparent',
  'apollo-require-preflight',
  'x-apollo-operation-name',
].join(', ');

/** Response headers a browser app may read besides the safelisted ones. */
export const CORS_EXPOSED_HEADERS = [
  'x-request-id',
  'ratelimit',
  'ratelimit-policy',
  'retry-after',
  'etag',
].join(', ');

/** What the gateway does for CORS: `null` when `CORS_ORIGINS` is empty. */
export interface Cors {
  /**
   * Writes the CORS headers of an actual request on `res` (before anything else is written), and
   * answers a preflight itself (204): true when it did, and the request is done.
   */
  handle(req: IncomingMessage, res: ServerResponse, isEndpoint: boolean): boolean;
}

/** The CORS handling `settings` ask for, or `null` when no origin is allowed. */
export function createCors(settings: CorsSettings): Cors | null {
  if (settings.origins.length === 0) return null;
  const any = settings.origins.includes('*');
  const listed = new Set(settings.origins);
  /** The `Access-Control-Allow-Origin` value for `origin`, or `undefined` when it is not allowed. */
  const allowed = (origin: string | undefined): string | undefined => {
    if (origin === undefined || origin === '') return undefined;
    if (listed.has(origin)) return origin;
    // `*` with credentials is refused at start-up (`edgeProblems`); without, any origin reads the answer.
    return any && !settings.credentials ? '*' : undefined;
  };
  return {
    handle(req, res, isEndpoint) {
      // The answer changes with `Origin` whenever CORS is on, so a shared cache must key on it.
      appendVary(res, 'Origin');
      const origin = req.headers.origin;
      const allow = allowed(origin);
      const preflight =
        req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
      if (allow !== undefined) {
        res.setHeader('Access-Control-Allow-Origin', allow);
        if (settings.credentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
        if (!preflight) res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS);
      }
      if (!preflight || !isEndpoint) return false;
      if (allow !== undefined) {
        res.setHeader('Access-Control-Allow-Methods', CORS_ALLOWED_METHODS);
        res.setHeader('Access-Control-Allow-Headers', CORS_ALLOWED_HEADERS);
        res.setHeader('Access-Control-Max-Age', String(settings.maxAgeSeconds));
      }
      // A preflight from an origin not allowed is answered too, without any Allow header: the browser
      // then refuses the actual request itself, and it never reaches Apollo Server.
      // A 204 has no body and no Content-Length (RFC 9110 §8.6).
      res.writeHead(204).end();
      return true;
    },
  };
}

/** Adds `names` to the `Vary` header of `res`, keeping what is there and naming nothing twice. */
export function appendVary(res: ServerResponse, ...names: string[]): void {
  const current = res.getHeader('vary');
  const present = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (present.includes('*')) return;
  const lower = new Set(present.map((n) => n.toLowerCase()));
  for (const name of names.flatMap((n) => n.split(',')).map((n) => n.trim())) {
    if (name === '' || lower.has(name.toLowerCase())) continue;
    lower.add(name.toLowerCase());
    present.push(name);
  }
  if (present.length > 0) res.setHeader('Vary', present.join(', '));
}

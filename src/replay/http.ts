/**
 * The replay server's HTTP model, shared by every route module: what a request looks like to a module,
 * what a module answers, and how an answer becomes bytes with validators (RFC 9110 §8.8) and 304s (§13).
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** A request as route modules see it. */
export interface ReplayRequest {
  /** Upper-case method. */
  readonly method: string;
  /** Path as received, still percent-encoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The request body (empty for GET); bodies above `MAX_REQUEST_BODY_BYTES` are cut off with a 413. */
  readonly body: Buffer;
  /** Absolute URL of the request on this server (used as an OCDS package `uri`). */
  readonly url: string;
  /** This server's base URL without a trailing slash, for absolute links. */
  readonly baseUrl: string;
}

/** A response body: JSON (which drift faults can reshape) or text. */
export type ReplayBody =
  | { readonly type: 'json'; readonly value: unknown }
  | { readonly type: 'text'; readonly contentType: string; readonly text: string };

/** What a route module answers. */
export interface ReplayResponse {
  readonly status: number;
  readonly body: ReplayBody;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Present on cacheable representations: adds `ETag`, `Last-Modified` (when known) and
   * `Cache-Control: public, max-age=N`, and lets conditional requests get a 304.
   */
  readonly cache?: { readonly lastModified: number | null; readonly maxAgeSeconds: number };
}

/** A response ready for the wire. */
export interface EncodedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** A JSON response. */
export function jsonResponse(
  status: number,
  value: unknown,
  extra?: Partial<ReplayResponse>,
): ReplayResponse {
  return { ...extra, status, body: { type: 'json', value } };
}

/** The error shape every route answers with: `{ "error": "<sentence>" }`. */
export function errorResponse(
  status: number,
  message: string,
  headers?: Readonly<Record<string, string>>,
): ReplayResponse {
  return { status, body: { type: 'json', value: { error: message } }, ...(headers ? { headers } : {}) };
}

/** 405 with the `Allow` header RFC 9110 §15.5.6 requires. */
export function methodNotAllowed(method: string, allowed: readonly string[]): ReplayResponse {
  return errorResponse(405, `Method ${method} is not allowed here; use ${allowed.join(' or ')}.`, {
    Allow: allowed.join(', '),
  });
}

/** 404 for a path no route module serves. */
export function unknownPath(path: string): ReplayResponse {
  return errorResponse(404, `No resource at ${path} on the replay server.`);
}

/** A strong validator: a hash of the exact bytes, so equal ETags mean byte-identical bodies. */
function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

function bodyBytes(body: ReplayBody): { bytes: Buffer; contentType: string } {
  return body.type === 'json'
    ? {
        bytes: Buffer.from(JSON.stringify(body.value), 'utf8'),
        contentType: 'application/json; charset=utf-8',
      }
    : { bytes: Buffer.from(body.text, 'utf8'), contentType: body.contentType };
}

/** Serialises a response and adds length, type and (for cacheable ones) validators. */
export function encode(response: ReplayResponse): EncodedResponse {
  const { bytes, contentType } = bodyBytes(response.body);
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'Content-Length': String(bytes.length),
  };
  if (response.cache) {
    headers['ETag'] = etagOf(bytes);
    if (response.cache.lastModified !== null) {
      headers['Last-Modified'] = new Date(response.cache.lastModified).toUTCString();
    }
    headers['Cache-Control'] = `public, max-age=${response.cache.maxAgeSeconds}`;
  } else {
    headers['Cache-Control'] = 'no-store';
  }
  return { status: response.status, headers: { ...headers, ...response.headers }, body: bytes };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Weak comparison (RFC 9110 §8.8.3.2), which §13.1.2 prescribes for If-None-Match. */
function matchesAnyEtag(ifNoneMatch: string, etag: string): boolean {
  const bare = (tag: string): string => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * True when a GET/HEAD for a 200 representation should get 304. If-None-Match wins over
 * If-Modified-Since, which is then ignored (RFC 9110 §13.1.3, §13.2.2).
 */
export function isNotModified(request: ReplayRequest, encoded: EncodedResponse): boolean {
  if (encoded.status !== 200 || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
  const etag = encoded.headers['ETag'];
  const ifNoneMatch = header(request.headers, 'if-none-match');
  if (ifNoneMatch !== undefined) return etag !== undefined && matchesAnyEtag(ifNoneMatch, etag);
  const lastModified = encoded.headers['Last-Modified'];
  const ifModifiedSince = header(request.headers, 'if-modified-since');
  if (ifModifiedSince === undefined || lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  // An invalid date is ignored (§13.1.3); HTTP-dates have whole seconds, so compare at that precision.
  return !Number.isNaN(since) && Date.parse(lastModified) <= since;
}

/** The 304 for a representation: its validators and caching headers, no body (RFC 9110 §15.4.5). */
export function notModified(encoded: EncodedResponse): EncodedResponse {
  const keep = ['ETag', 'Last-Modified', 'Cache-Control'];
  const headers = Object.fromEntries(Object.entries(encoded.headers).filter(([name]) => keep.includes(name)));
  return { status: 304, headers, body: Buffer.alloc(0) };
}

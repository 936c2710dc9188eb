/**
 * Checks of a GraphQL request that the endpoint makes itself, in front of Apollo Server: which requests
 * the whole-response cache may answer at all, which bodies are JSON, and the shape of a persisted-query
 * extension. See docs/architecture.md "Request path".
 */

/** The media type of a `Content-Type`, lower-cased, without parameters (`text/plain; a=json` → `text/plain`). */
function essence(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/**
 * Whether a body is JSON by its media type, as the WHATWG MIME Sniffing standard defines a JSON MIME type:
 * `application/json`, `text/json`, or a subtype ending in `+json`. A parameter that mentions JSON
 * (`text/plain; a=json`) does not make a text body JSON.
 */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === 'application/json') return true; // the common case, without a copy
  const type = essence(contentType);
  return type === 'application/json' || type === 'text/json' || /^[^/]+\/[^/]*\+json$/.test(type);
}

/**
 * Whether the whole-response cache may be consulted for a request, decided before it is: only for a
 * POST with a JSON media type. Every other check that can refuse a request then depends only on what the
 * cache key holds (content type, `Accept`, body bytes) and on settings fixed at start-up, so a stored
 * answer passed each of them with the same input. Apollo Server's CSRF prevention is the one check that
 * reads other headers (the preflight headers): it refuses only requests without a content type or with
 * `text/plain`, `multipart/form-data` or `application/x-www-form-urlencoded`, which are never JSON, so
 * those always execute and meet it, whatever the cache holds.
 */
export function mayReplay(method: string, contentType: string | undefined): boolean {
  return method === 'POST' && isJsonMediaType(contentType);
}

/** The only version of automatic persisted queries. */
const PERSISTED_QUERY_VERSION = 1;
/** A SHA-256 as Apollo Server computes and looks it up: 64 lowercase hexadecimal digits. */
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * What is wrong with `extensions.persistedQuery` (automatic persisted queries: `{ "version": 1,
 * "sha256Hash": "<sha-256 of the query>" }`), or `undefined` when it is absent or well-formed. Apollo
 * Server would answer a malformed one as an internal error; it is the client's mistake, a 400. The
 * sentence says what was wrong without repeating the value.
 */
export function persistedQueryProblem(extensions: unknown): string | undefined {
  if (typeof extensions !== 'object' || extensions === null || Array.isArray(extensions)) return undefined;
  const pq = (extensions as { persistedQuery?: unknown }).persistedQuery;
  if (pq === undefined || pq === null) return undefined;
  const form =
    '`extensions.persistedQuery` must be {"version": 1, "sha256Hash": "<SHA-256 of the query>"} with the ' +
    'hash as 64 lowercase hexadecimal digits';
  if (typeof pq !== 'object' || Array.isArray(pq)) return `${form}, but it is not an object.`;
  const { version, sha256Hash } = pq as { version?: unknown; sha256Hash?: unknown };
  if (version !== PERSISTED_QUERY_VERSION) return `${form}, but its version is not the number 1.`;
  if (typeof sha256Hash !== 'string') return `${form}, but its sha256Hash is not a string.`;
  if (!SHA256_HEX.test(sha256Hash)) return `${form}, but its sha256Hash is not 64 such digits.`;
  return undefined;
}

/** The `extensions` of a request: a JSON body's, or a GET's `extensions` parameter when it is JSON. */
export function extensionsOf(method: string, body: unknown, search: URLSearchParams): unknown {
  if (method === 'GET') {
    const text = search.get('extensions');
    if (text === null) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined; // Apollo Server refuses it with its own sentence
    }
  }
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as { extensions?: unknown }).extensions
    : undefined;
}

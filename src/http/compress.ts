import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { appendVary } from './cors.js';
import { matchesIfNoneMatch } from './negotiation.js';

/**
 * GraphQL answers a CDN can keep and revalidate (docs/operations.md "Apps on other origins"): a strong
 * `ETag` of the body bytes with `If-None-Match` answered 304 for a GET, `Vary` naming every request header
 * that changes the bytes, and the body compressed as `Accept-Encoding` asks. `Cache-Control` stays as the
 * freshness plugin set it.
 */

/** Bodies smaller than this are sent as they are: compressing them saves less than it costs. */
export const MIN_COMPRESS_BYTES = 1024;

/** The request headers that change the bytes of a GraphQL answer (the response cache's key holds `Accept`). */
export const GRAPHQL_VARY = ['Accept', 'Accept-Encoding'];

/** A content coding the gateway writes. */
export type Coding = 'br' | 'gzip' | 'identity';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * The coding to answer with, by `Accept-Encoding` (RFC 9110 §12.5.3): the highest q among `br`, `gzip`
 * and `identity` (`*` standing for any not named; `identity` acceptable unless refused by either), brotli
 * first on a tie, then gzip. No header, or
 * nothing acceptable at all, gives `identity`: an answer the client may not decode is still better than
 * none.
 */
export function chooseCoding(header: string | undefined): Coding {
  if (header === undefined || header.trim() === '') return 'identity';
  const named = new Map<string, number>();
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (coding === '') continue;
    let q = 1;
    for (const param of params) {
      const m = /^q\s*=\s*([01](?:\.\d{0,3})?)$/.exec(param);
      if (m?.[1] !== undefined) q = Number(m[1]);
    }
    named.set(coding === 'x-gzip' ? 'gzip' : coding, q);
  }
  const star = named.get('*');
  const qOf = (coding: Coding): number => named.get(coding) ?? star ?? (coding === 'identity' ? 1 : 0);
  let best: Coding = 'identity';
  let bestQ = 0;
  for (const coding of ['br', 'gzip', 'identity'] as const) {
    const q = qOf(coding);
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}

/** The strong entity tag of `body` in `coding`: a SHA-256 of the body bytes, one tag per coding. */
export function entityTag(hash: string, coding: Coding): string {
  return coding === 'identity' ? `"${hash}"` : `"${hash}-${coding}"`;
}

/** What is worked out once per body: its hash, and each encoding asked for so far. */
interface Derived {
  readonly hash: string;
  br?: Buffer;
  gzip?: Buffer;
}

/**
 * Keyed by the body buffer itself: a whole-response cache entry keeps its body for as long as it is
 * stored, so every replay of it finds its hash and encodings here and compresses nothing again, and they
 * are dropped with it. A body written once is forgotten with its buffer.
 */
const derivedOf = new WeakMap<Buffer, Derived>();

function derived(body: Buffer): Derived {
  let d = derivedOf.get(body);
  if (d === undefined) {
    d = { hash: createHash('sha256').update(body).digest('base64url') };
    derivedOf.set(body, d);
  }
  return d;
}

async function encoded(body: Buffer, coding: 'br' | 'gzip', d: Derived): Promise<Buffer> {
  const kept = d[coding];
  if (kept !== undefined) return kept;
  // Brotli at quality 5: close to its best ratio on JSON, at a fraction of the default's (11) time.
  const bytes =
    coding === 'br'
      ? await brotli(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 5,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        })
      : await gzipAsync(body);
  d[coding] = bytes;
  return bytes;
}

/** One complete answer to write: status, headers (any `content-length` among them is recomputed), body. */
export interface CompleteAnswer {
  readonly status: number;
  readonly headers: Iterable<readonly [string, string]>;
  readonly body: Buffer;
}

/** Whether a `Content-Type` is JSON (`application/json`, `application/graphql-response+json`, …). */
function isJson(type: string | undefined): boolean {
  return type !== undefined && /^[^;]*[/+]json\s*(;|$)/i.test(type);
}

/**
 * Writes a complete GraphQL answer: a JSON body gets its `ETag`, `Vary` and the coding the client asks
 * for; a GET or HEAD whose `If-None-Match` holds that tag gets 304 with no body. Other answers are written
 * as they are.
 */
export async function writeAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  answer: CompleteAnswer,
): Promise<void> {
  let type: string | undefined;
  for (const [name, value] of answer.headers) {
    const lower = name.toLowerCase();
    if (lower === 'content-length') continue;
    if (lower === 'vary') appendVary(res, value);
    else res.setHeader(name, value);
    if (lower === 'content-type') type = value;
  }
  const { body } = answer;
  if (!isJson(type)) {
    res.setHeader('content-length', String(body.length));
    res.writeHead(answer.status);
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  appendVary(res, ...GRAPHQL_VARY);
  const d = derived(body);
  const chosen = body.length < MIN_COMPRESS_BYTES ? 'identity' : chooseCoding(req.headers['accept-encoding']);
  const etag = entityTag(d.hash, chosen);
  res.setHeader('etag', etag);
  const read = req.method === 'GET' || req.method === 'HEAD';
  if (read && answer.status === 200 && matchesIfNoneMatch(req.headers['if-none-match'], etag)) {
    // A 304 carries the validators and cache headers, never the body or its length (RFC 9110 §15.4.5).
    res.removeHeader('content-type');
    res.writeHead(304);
    res.end();
    return;
  }
  const bytes = chosen === 'identity' ? body : await encoded(body, chosen, d);
  if (res.destroyed) return;
  if (chosen !== 'identity') res.setHeader('content-encoding', chosen);
  res.setHeader('content-length', String(bytes.length));
  res.writeHead(answer.status);
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

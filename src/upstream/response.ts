/**
 * What an upstream answer means, for fetches and downloads alike: validators and conditional requests
 * (RFC 9111 §4.3.1), `Cache-Control` (what may be stored and what may be served stale), statuses other
 * than 2xx, and the reading of a body into a value.
 */
import type { SourceName } from '../domain/freshness.js';
import { decodeBody } from './charset.js';
import { UpstreamError, dataError, invalidError, parseRetryAfter, statusError } from './errors.js';

/** Response headers, names in lower case. */
export type Headers = Readonly<Record<string, string>>;

/** The validators of a held value, for a conditional request. */
export interface Validators {
  readonly etag: string | null;
  readonly lastModified: string | null;
}

/** `headers` plus `If-None-Match` / `If-Modified-Since` from the validators held, if any. */
export function conditional(headers: Record<string, string>, held: Validators | null | undefined): void {
  if (held?.etag) headers['if-none-match'] = held.etag;
  else if (held?.lastModified) headers['if-modified-since'] = held.lastModified;
}

/** The validators of a response; a `304` that omits one keeps the held one. */
export function validators(headers: Headers, held: Validators | null | undefined): Validators {
  return {
    etag: headers.etag ?? held?.etag ?? null,
    lastModified: headers['last-modified'] ?? held?.lastModified ?? null,
  };
}

/** `no-store` and `must-revalidate` forbid serving the value stale (RFC 9111 §4.2.4, §5.2.2.2). */
export function cacheable(headers: Headers): boolean {
  return !/\b(no-store|must-revalidate|no-cache)\b/i.test(headers['cache-control'] ?? '');
}

/**
 * Whether the value may be reused while fresh: not after `no-store` or `no-cache` (RFC 9111 §5.2.2.4,
 * §5.2.2.5); `must-revalidate` allows reuse within max-age and only forbids serving it stale.
 */
export function storable(headers: Headers): boolean {
  return !/\b(no-store|no-cache)\b/i.test(headers['cache-control'] ?? '');
}

/**
 * Throws the `UpstreamError` of a status other than 2xx (a `304` the caller expected is handled before).
 * A 429 or 503 carries its `Retry-After`, which the pipeline's cool-down reads.
 */
export function ensureOk(
  source: SourceName,
  status: number,
  headers: Headers,
  retryAfterMaxMs: number,
): void {
  if (status >= 200 && status < 300) return;
  const retryAfterMs = parseRetryAfter(headers['retry-after'], Date.now());
  throw statusError(source, status, retryAfterMs, retryAfterMaxMs);
}

/**
 * Reads a body into a value: JSON by default, or the source's own reader (an HTML page). `source` names
 * the upstream in an error the reader throws (`decodeBody`'s).
 */
export type BodyParser<P> = (body: Buffer, headers: Headers, source: SourceName) => P;

/**
 * Parses a JSON body, refusing anything whose `Content-Type` is not JSON, in the character encoding its
 * byte-order mark or `charset` names (charset.ts).
 */
export function parseJson(source: SourceName, body: Buffer, headers: Headers): unknown {
  const type = headers['content-type'] ?? '';
  // Checked before parsing: a WAF or captive portal answers 200 with an HTML page.
  if (!/\bjson\b/i.test(type))
    // Named by kind, never by the upstream's own header value (which reaches clients otherwise).
    throw invalidError(
      source,
      /\bhtml\b/i.test(type) ? 'an HTML page where JSON was expected' : 'a body that is not JSON',
    );
  const text = decodeBody(source, body, type);
  try {
    return JSON.parse(text);
  } catch (thrown: unknown) {
    throw invalidError(source, 'malformed JSON', thrown);
  }
}

/** A body as text in its declared encoding, UTF-8 by default (for `FetchSpec.parse` of an HTML page). */
export const text: BodyParser<string> = (body, headers, source) =>
  decodeBody(source, body, headers['content-type']);

/**
 * Runs `read` over a parsed body, reporting anything it throws as schema drift (`UPSTREAM_INVALID`, a data
 * error: not counted by the circuit breaker).
 */
export function asDrift<R>(source: SourceName, what: string, read: () => R): R {
  try {
    return read();
  } catch (thrown: unknown) {
    if (thrown instanceof UpstreamError) throw thrown;
    throw dataError(source, `${what} that does not match its published format (schema drift)`, thrown);
  }
}

/** Passes `body` through, failing once more than `maxBytes` have arrived. */
export async function* capped(
  body: AsyncIterable<Buffer>,
  maxBytes: number,
  source: SourceName,
): AsyncIterable<Buffer> {
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(source, maxBytes);
    yield chunk;
  }
}

/** The error for a body past its size limit. */
export function tooLarge(source: SourceName, maxBytes: number): UpstreamError {
  return invalidError(source, `a response larger than the configured maximum of ${maxBytes} bytes`);
}

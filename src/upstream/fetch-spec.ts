/**
 * What a cached fetch asks for (`FetchSpec`) and one attempt at it: the request, conditional on the
 * validators held, and the reading of the answer into the entry the cache stores.
 */
import type { SourceName } from '../domain/freshness.js';
import type { CacheEntry } from './cache.js';
import { UpstreamError, invalidError } from './errors.js';
import type { HttpClient, RawResponse } from './http.js';
import type { Attempt } from './policy.js';
import {
  asDrift,
  cacheable,
  conditional,
  ensureOk,
  parseJson,
  storable,
  validators,
  type BodyParser,
  type Headers,
} from './response.js';

/**
 * How much heap a decoded JSON body takes per byte of the body, for the cache's size accounting. Measured
 * on release-listing pages (bench/memory.ts): 1.5–1.7 × (objects, and Cyrillic text held as two-byte
 * strings); 2 keeps `CACHE_MAX_BYTES` an upper bound.
 */
export const DECODED_SIZE_FACTOR = 2;

/** Heap bytes counted for the value a 404 answers (`FetchSpec.notFound`). */
const NOT_FOUND_BYTES = 64;

/** What to fetch and how to read it; `P` is what `parse` makes of the body (JSON by default). */
export interface FetchSpec<T, P = unknown> {
  /** Absolute URL of the upstream resource. */
  readonly url: URL;
  /**
   * `POST` only for read-only query endpoints of native APIs (a form post that lists data): such a
   * call is cached, deduplicated and retried like a GET, keyed by its body too.
   */
  readonly method?: 'GET' | 'POST';
  /** Form body of a `POST`, sent as `application/x-www-form-urlencoded`. */
  readonly form?: URLSearchParams;
  /** Extra request headers (e.g. `authorization`, or an `accept` other than JSON); never in messages. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Reads the body (e.g. `text` for an HTML page); throws on a body it cannot read. Default: JSON, and
   * a `Content-Type` that is not JSON is refused before parsing.
   */
  readonly parse?: BodyParser<P>;
  /**
   * Validates and decodes the parsed body; throws on anything that does not fit (schema drift). Its
   * result is what the cache stores, so it runs once per upstream body, not once per request.
   */
  readonly decode: (parsed: P) => T;
  /**
   * Sees the parsed body of a fresh response before it is validated, e.g. to start fetching the next
   * page of a listing one validation earlier. Must not throw or change it.
   */
  readonly peek?: (parsed: P) => void;
  /** When the upstream says the value last changed, from the decoded value or the response headers. */
  readonly sourceUpdatedAt?: (value: T, headers: Headers) => string | null;
  /**
   * Approximate heap size of the decoded value in bytes, which is what the cache's `maxSize` bounds;
   * defaults to `DECODED_SIZE_FACTOR` × the body length.
   */
  readonly sizeOf?: (value: T, bodyBytes: number) => number;
  /**
   * What a `404` answers, when it is an answer about the resource (an unknown register number) rather
   * than an error: held like a value for `UPSTREAM_NEGATIVE_TTL_SECONDS`. Without it a 404 fails the
   * call with `NOT_FOUND`, remembered for as long.
   */
  readonly notFound?: () => T;
  /**
   * Ask the upstream on every call (conditionally when validators are held: a `304` is `REVALIDATED`)
   * instead of reusing a fresh value; the held value then serves only within the stale-if-error window
   * when the upstream fails. Concurrent calls still share one request.
   */
  readonly alwaysRevalidate?: boolean;
  /** Deadline of one attempt, body included; `UPSTREAM_ATTEMPT_DEADLINE_MS` unless given. */
  readonly deadlineMs?: number;
  /** Bytes of the body at most (`UPSTREAM_MAX_RESPONSE_BYTES` unless given); more is `UPSTREAM_INVALID`. */
  readonly maxBytes?: number;
}

/** What a fetch attempt needs of its source. */
export interface AttemptContext {
  readonly source: SourceName;
  readonly http: HttpClient;
  readonly retryAfterMaxMs: number;
}

/**
 * One attempt at `spec` (its form body already encoded), conditional on the validators of `stale`, for
 * the pipeline to run.
 */
export function fetchAttempt<T, P>(
  ctx: AttemptContext,
  spec: FetchSpec<T, P>,
  form: string | undefined,
  stale: CacheEntry | undefined,
): Attempt<CacheEntry> {
  const { source, http } = ctx;
  const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
  if (form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  // Conditional revalidation (RFC 9111 §4.3.1): a 304 confirms the stored body without resending it.
  conditional(headers, stale);
  const request = {
    source,
    url: spec.url,
    method: spec.method ?? 'GET',
    headers,
    body: form,
    deadlineMs: spec.deadlineMs,
    maxBytes: spec.maxBytes,
  };
  return async (signal) => {
    const res = await http.request({ ...request, signal });
    const now = Date.now();
    if (res.status === 304 && stale !== undefined) {
      return {
        ...stale,
        fetchedAt: now,
        revalidated: true,
        ...validators(res.headers, stale),
        cacheable: cacheable(res.headers),
        storable: storable(res.headers),
      };
    }
    ensureOk(source, res.status, res.headers, ctx.retryAfterMaxMs);
    const value = decode(source, spec, res);
    return {
      value,
      bytes: spec.sizeOf?.(value, res.body.length) ?? DECODED_SIZE_FACTOR * res.body.length,
      ...validators(res.headers, undefined),
      fetchedAt: now,
      sourceUpdatedAt: spec.sourceUpdatedAt?.(value, res.headers) ?? null,
      cacheable: cacheable(res.headers),
      storable: storable(res.headers),
      revalidated: false,
    };
  };
}

/** Reads and decodes a fresh body: JSON unless the spec brings its own reader. */
function decode<T, P>(source: SourceName, spec: FetchSpec<T, P>, res: RawResponse): T {
  const parsed =
    spec.parse === undefined
      ? (parseJson(source, res.body, res.headers) as P)
      : asRead(source, () => spec.parse!(res.body, res.headers, source));
  spec.peek?.(parsed);
  return asDrift(source, 'data', () => spec.decode(parsed));
}

/** A body the source's own reader could not read: `UPSTREAM_INVALID`. */
function asRead<P>(source: SourceName, read: () => P): P {
  try {
    return read();
  } catch (thrown: unknown) {
    if (thrown instanceof UpstreamError) throw thrown;
    throw invalidError(source, 'a body the gateway could not read', thrown);
  }
}

/** The entry for a value the upstream answered without a body to store (a 404 that is an answer). */
export function answer(value: unknown): CacheEntry {
  return {
    value,
    bytes: NOT_FOUND_BYTES,
    etag: null,
    lastModified: null,
    fetchedAt: Date.now(),
    sourceUpdatedAt: null,
    cacheable: true,
    storable: true,
    revalidated: false,
  };
}

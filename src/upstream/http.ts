import { Pool } from 'undici';
import type { HttpPolicy } from '../policy.js';
import type { SourceName } from '../domain/freshness.js';
import { currentTrace, type RequestTrace } from './client-id.js';
import { randomHex } from '../random-hex.js';
import { deadlineError, transportError } from './errors.js';
import { tooLarge } from './response.js';

/** One request to an upstream. */
export interface OutgoingRequest {
  /** Which upstream it goes to (for error messages). */
  readonly source: SourceName;
  readonly url: URL;
  /** `GET` unless given; `POST` only for read-only query endpoints (form posts of native APIs). */
  readonly method?: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: string | undefined;
  /** A bulk download: its own pool without the per-response size cap (the consumer enforces its own). */
  readonly bulk?: boolean;
  /** Deadline of the whole exchange, body included; `UPSTREAM_ATTEMPT_DEADLINE_MS` unless given. */
  readonly deadlineMs?: number | undefined;
  /** Aborts the request (the caller stopped waiting). */
  readonly signal?: AbortSignal | undefined;
}

/** One upstream HTTP response, body fully read and bounded in size. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** One upstream HTTP response whose body is still arriving. */
export interface StreamedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: AsyncIterable<Buffer>;
}

/** One upstream attempt as it ended, for metrics and debug logs (`HttpClient`'s `onAttempt`). */
export interface AttemptReport {
  readonly source: SourceName;
  readonly method: string;
  readonly url: URL;
  /** The response's status, or `null` when none came (then `code` says why). */
  readonly status: number | null;
  /** The error code of an attempt that got no status (`UPSTREAM_TIMEOUT`, `UPSTREAM_UNAVAILABLE`…). */
  readonly code: string | null;
  /** From sending the request to the end of its body (or the failure). */
  readonly seconds: number;
  /** The request the attempt was made for; `undefined` for background work (harvests). */
  readonly trace: RequestTrace | undefined;
}

/**
 * The headers that tell the upstream which request a call is for: `x-request-id`, and a W3C `traceparent`
 * in the request's trace with a span id of the call's own.
 */
export function traceHeaders(trace: RequestTrace): Record<string, string> {
  return {
    'x-request-id': trace.requestId,
    traceparent: `00-${trace.traceId}-${randomHex(8)}-${trace.flags}`,
  };
}

/**
 * The only code in the gateway that opens sockets. One undici `Pool` per origin (and one per source and
 * origin for bulk downloads, `#pool`), with connect, headers and body-idle timeouts, plus a hard
 * per-attempt deadline: undici's body timeout is an *idle* timer, so a body dripping one byte every few
 * seconds would never trip it (docs/reliability.md); the deadline aborts the attempt whatever the
 * upstream does.
 */
export class HttpClient {
  readonly #pools = new Map<string, Pool>();

  constructor(
    readonly policy: HttpPolicy,
    /** Told of every attempt as it ends: every upstream call, fetch or download, passes here. */
    private readonly onAttempt?: (report: AttemptReport) => void,
  ) {}

  /**
   * Sends one request (no retries here) and reads the whole body, aborting at the deadline or on its
   * signal; a body past `maxBytes` (when given; the pool's cap otherwise) fails as `UPSTREAM_INVALID`.
   */
  request(req: OutgoingRequest & { readonly maxBytes?: number | undefined }): Promise<RawResponse> {
    const maxBytes = req.maxBytes ?? Infinity;
    return this.stream(req, async ({ status, headers, body }) => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of body) {
        size += chunk.length;
        if (size > maxBytes) throw tooLarge(req.source, maxBytes);
        chunks.push(chunk);
      }
      return { status, headers, body: Buffer.concat(chunks, size) };
    });
  }

  /**
   * Sends one request and hands the response, its body as it arrives, to `consume`; the whole exchange,
   * consumption included, must finish within the deadline. For bulk downloads never held in memory.
   */
  async stream<T>(req: OutgoingRequest, consume: (res: StreamedResponse) => Promise<T>): Promise<T> {
    const { source, signal } = req;
    const deadlineMs = req.deadlineMs ?? this.policy.attemptDeadlineMs;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(deadlineError(source, deadlineMs)), deadlineMs);
    const combined = signal === undefined ? deadline.signal : AbortSignal.any([signal, deadline.signal]);
    const trace = currentTrace();
    const started = performance.now();
    let status: number | null = null;
    let code: string | null = null;
    try {
      const res = await this.#pool(req.url.origin, req.bulk === true ? source : null).request({
        method: req.method ?? 'GET',
        path: req.url.pathname + req.url.search,
        headers: trace === undefined ? req.headers : { ...req.headers, ...traceHeaders(trace) },
        ...(req.body === undefined ? {} : { body: req.body }),
        signal: combined,
      });
      status = res.statusCode;
      try {
        return await consume({
          status: res.statusCode,
          headers: flatten(res.headers),
          body: res.body as AsyncIterable<Buffer>,
        });
      } finally {
        // A consumer that stops early (or never reads, as on a 304 or an error status) must not leave the
        // socket half-read; the abort this causes is expected, so it must not surface as an 'error' event.
        if (!res.body.destroyed) {
          res.body.on('error', () => {});
          res.body.destroy();
        }
      }
    } catch (thrown: unknown) {
      // An abort carries its reason: our deadline error, or the caller's (e.g. client went away).
      const failure = transportError(source, combined.aborted ? combined.reason : thrown);
      code = failure.code;
      throw failure;
    } finally {
      clearTimeout(timer);
      this.onAttempt?.({
        source,
        method: req.method ?? 'GET',
        url: req.url,
        status,
        code: status === null ? code : null,
        seconds: (performance.now() - started) / 1000,
        trace,
      });
    }
  }

  /** Closes every pool; in-flight requests are aborted. */
  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((p) => p.destroy()));
  }

  /**
   * The pool of `origin`; a bulk download's is its source's own (`bulkOf`), two connections: a harvest
   * holds one for as long as its download streams (the register's dump, for seconds), and another
   * source's harvest on the same origin (every source on the embedded replay) must not queue behind it.
   */
  #pool(origin: string, bulkOf: SourceName | null): Pool {
    const bulk = bulkOf !== null;
    const key = bulk ? `${origin} bulk ${bulkOf}` : origin;
    let pool = this.#pools.get(key);
    if (pool === undefined) {
      pool = new Pool(origin, {
        connections: bulk ? 2 : this.policy.connectionsPerOrigin,
        connect: { timeout: this.policy.connectTimeoutMs },
        headersTimeout: this.policy.headersTimeoutMs,
        bodyTimeout: this.policy.bodyTimeoutMs,
        maxResponseSize: bulk ? -1 : this.policy.maxResponseBytes,
      });
      this.#pools.set(key, pool);
    }
    return pool;
  }
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

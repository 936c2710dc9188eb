/**
 * One attempt at a bulk resource (a daily dump), streamed into the source's parser and never held whole
 * in memory. The pipeline (policy.ts) runs it with the same retries, politeness and health as a fetch.
 */
import type { SourceName } from '../domain/freshness.js';
import { declaredEncoding, utf8Body } from './charset.js';
import { UpstreamError, invalidError } from './errors.js';
import type { HttpClient } from './http.js';
import type { Attempt } from './policy.js';
import { capped, conditional, ensureOk, validators, type Validators } from './response.js';

/** A bulk resource to stream (a daily dump), never held whole in memory. */
export interface DownloadSpec<T> {
  readonly url: URL;
  /** Deadline of one attempt, download and parsing included. */
  readonly deadlineMs: number;
  /** Bytes at most; more fails the attempt as UPSTREAM_INVALID. */
  readonly maxBytes: number;
  /**
   * Consumes the body as it arrives; throws on anything that does not fit (schema drift). The body comes
   * as UTF-8 without a byte-order mark, transcoded from the encoding the response declares (charset.ts),
   * or untouched when it is gzip.
   */
  readonly parse: (body: AsyncIterable<Buffer>) => Promise<T>;
  /** Validators of the copy held, for a conditional request; a `304` then yields `value: null`. */
  readonly previous?: Validators | null;
}

/** The outcome of a download. */
export interface Downloaded<T> extends Validators {
  /** `null` when the upstream answered `304 Not Modified` to the conditional request. */
  readonly value: T | null;
  readonly fetchedAt: number;
}

/** What a download attempt needs of its source. */
export interface DownloadContext {
  readonly name: SourceName;
  readonly http: HttpClient;
  readonly retryAfterMaxMs: number;
}

/** One attempt at `spec`, for the pipeline to run. */
export function downloadAttempt<T>(ctx: DownloadContext, spec: DownloadSpec<T>): Attempt<Downloaded<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  conditional(headers, spec.previous);
  return (signal) =>
    ctx.http.stream(
      { source: ctx.name, url: spec.url, headers, bulk: true, deadlineMs: spec.deadlineMs, signal },
      async (res) => {
        const fetchedAt = Date.now();
        if (res.status === 304 && spec.previous) {
          return { value: null, ...validators(res.headers, spec.previous), fetchedAt };
        }
        ensureOk(ctx.name, res.status, res.headers, ctx.retryAfterMaxMs);
        const type = res.headers['content-type'];
        declaredEncoding(ctx.name, type); // a label the gateway cannot read fails before any parsing
        let value: T;
        try {
          value = await spec.parse(utf8Body(ctx.name, capped(res.body, spec.maxBytes, ctx.name), type));
        } catch (thrown: unknown) {
          if (thrown instanceof UpstreamError) throw thrown;
          throw invalidError(
            ctx.name,
            'a dump that does not match its published format (schema drift)',
            thrown,
          );
        }
        return { value, ...validators(res.headers, null), fetchedAt };
      },
    );
}

/**
 * A raw HTTP client for replay-server tests. Unlike fetch it reports what arrived before a failure (bytes
 * of a truncated body, the time headers came), which fault tests need. One socket per request, no pool.
 */
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
  /** 0 when no response arrived. */
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The socket or stream error, when the exchange failed. */
  readonly error: (Error & { code?: string }) | undefined;
  /** Milliseconds from sending to the response headers (NaN when none came). */
  readonly headersMs: number;
  /** Milliseconds from sending to the end of the exchange. */
  readonly elapsedMs: number;
}

export function rawRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const started = performance.now();
  return new Promise((resolve) => {
    let status = 0;
    let headers: IncomingHttpHeaders = {};
    let headersMs = NaN;
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (error?: Error): void => {
      if (done) return;
      done = true;
      resolve({
        status,
        headers,
        body: Buffer.concat(chunks),
        error,
        headersMs,
        elapsedMs: performance.now() - started,
      });
    };
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      status = res.statusCode ?? 0;
      headers = res.headers;
      headersMs = performance.now() - started;
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => finish());
      res.on('error', (e) => finish(e));
      res.on('aborted', () => finish(new Error('aborted')));
      res.on('close', () =>
        finish(res.complete ? undefined : new Error('closed before the end of the body')),
      );
    });
    req.on('error', (e) => finish(e));
    req.end();
  });
}

/** Parses a JSON body, failing the test with the body when it is not JSON. */
export function json<T = Record<string, unknown>>(response: RawResponse): T {
  return JSON.parse(response.body.toString('utf8')) as T;
}

/** The release shape the tests read. */
export interface TestRelease {
  readonly ocid: string;
  readonly id: string;
  readonly date: string;
  readonly tag?: readonly string[];
  readonly x_fictional?: string;
  readonly [key: string]: unknown;
}

/** The package shape the tests read. */
export interface TestPackage {
  readonly uri: string;
  readonly version: string;
  readonly publishedDate: string;
  readonly publisher: { readonly name: string };
  readonly license?: string;
  readonly releases?: readonly TestRelease[];
  readonly records?: readonly {
    readonly ocid: string;
    readonly releases: readonly Record<string, unknown>[];
    readonly compiledRelease?: Record<string, unknown>;
  }[];
  readonly links?: { readonly next?: string };
}

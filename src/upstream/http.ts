import { Pool } from 'undici';
import type { HttpPolicy } from '../config.js';
import type { SourceName } from '../domain/freshness.js';
import { deadlineError, transportError } from './errors.js';

/** One upstream HTTP response, body fully read and bounded in size. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/**
 * The only code in the gateway that opens sockets. One undici `Pool` per origin, with connect,
 * headers and body-idle timeouts, plus a hard per-attempt deadline: undici's body timeout is an
 * *idle* timer, so a body dripping one byte every few seconds would never trip it (RELIABILITY.md
 * §12b row 3); the deadline aborts the attempt whatever the upstream does.
 */
export class HttpClient {
  readonly #pools = new Map<string, Pool>();

  constructor(readonly policy: HttpPolicy) {}

  /** GETs `url` once (no retries here), with `headers`, aborting at the deadline or on `signal`. */
  async get(
    source: SourceName,
    url: URL,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<RawResponse> {
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(deadlineError(source, this.policy.attemptDeadlineMs)),
      this.policy.attemptDeadlineMs,
    );
    const combined = signal === undefined ? deadline.signal : AbortSignal.any([signal, deadline.signal]);
    try {
      const res = await this.#pool(url.origin).request({
        method: 'GET',
        path: url.pathname + url.search,
        headers,
        signal: combined,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        const buf = chunk as Buffer;
        size += buf.length;
        chunks.push(buf);
      }
      return { status: res.statusCode, headers: flatten(res.headers), body: Buffer.concat(chunks, size) };
    } catch (thrown: unknown) {
      // An abort carries its reason: our deadline error, or the caller's (e.g. client went away).
      if (combined.aborted) throw transportError(source, combined.reason);
      throw transportError(source, thrown);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes every pool; in-flight requests are aborted. */
  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((p) => p.destroy()));
  }

  #pool(origin: string): Pool {
    let pool = this.#pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, {
        connections: this.policy.connectionsPerOrigin,
        connect: { timeout: this.policy.connectTimeoutMs },
        headersTimeout: this.policy.headersTimeoutMs,
        bodyTimeout: this.policy.bodyTimeoutMs,
        maxResponseSize: this.policy.maxResponseBytes,
      });
      this.#pools.set(origin, pool);
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

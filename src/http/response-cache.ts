import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import type { HTTPGraphQLResponse } from '@apollo/server';
import { LRUCache } from 'lru-cache';
import type { SharedRedis } from '../redis/index.js';

/** One complete GraphQL HTTP response, as written to the client. */
export interface CachedResponse {
  readonly status: number;
  /** Response headers, `content-length` included. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Epoch ms before which the bytes are exactly what executing the operation again would give. */
  readonly validUntil: number;
  /** The upstream data generation the response was built from (see `UpstreamCache.generation`). */
  readonly generation: number;
  /** The name of the operation it answers, for the metrics and the request log of each replay. */
  readonly operation?: string | null;
}

/**
 * Whole-response cache for warm paths (issue "fast by measurement"). An entry is served only while it
 * is byte-identical to a fresh execution: every upstream record it used was a cache `HIT`, fresh and
 * cacheable; no upstream data changed since (`generation`, bumped on every upstream load, success or
 * failure); and the clock has not reached the next whole second of any record's age, where
 * `ageSeconds`, `stale` and `Cache-Control: max-age` would change (`validUntil`). So freshness stays
 * exact: the age a client reads is the age at the time of its own response.
 */
export class ResponseCache {
  readonly #lru: LRUCache<string, CachedResponse> | null;
  /** Executions under way per key, so that a burst of misses (say, when an age ticks over) runs once. */
  readonly #running = new Map<string, Promise<CachedResponse | null>>();
  #sharedHits = 0;

  /**
   * `shared` (`REDIS_URL`): answers are also offered to, and looked up from, the other replicas, for as
   * long as each is exact (`validUntil`: never past the next whole second of any of its ages), so a
   * burst of one operation across replicas executes about once.
   */
  constructor(
    limits: { readonly maxBytes: number; readonly maxEntries: number },
    private readonly shared: SharedRedis | null = null,
    /** Told of each look at the shared answers (`hit` or `miss`), for metrics. */
    private readonly onSharedLookup: (outcome: 'hit' | 'miss') => void = () => {},
  ) {
    this.#lru =
      limits.maxBytes <= 0 || limits.maxEntries <= 0
        ? null
        : new LRUCache<string, CachedResponse>({
            max: limits.maxEntries,
            maxSize: limits.maxBytes,
            sizeCalculation: (r, key) => r.body.length + key.length * 2 + 256,
          });
  }

  get enabled(): boolean {
    return this.#lru !== null;
  }

  /**
   * The key of a POST: its content type, `Accept` and body bytes, everything in the request that can
   * change the bytes of the answer. Keyed on the raw body, a hit costs no JSON parsing at all; only
   * bodies that parsed as a plain operation are ever stored (`isPlainOperation`). The key also decides
   * every check that could refuse the request (charset, `Accept`, shape, limits, introspection), so a
   * stored answer passed them all with the same input; the endpoint looks a key up only for a request
   * that no check reading anything else could refuse (`mayReplay` in request-checks.ts).
   */
  static keyOf(contentType: string | undefined, accept: string | undefined, body: Buffer): string {
    return `${contentType ?? ''}\n${accept ?? ''}\n${body.toString('latin1')}`;
  }

  /** The entry for `key` if it is still exact at `now` for data generation `generation`. */
  get(key: string, now: number, generation: number): CachedResponse | undefined {
    const hit = this.#lru?.get(key);
    if (hit === undefined) return undefined;
    if (hit.generation === generation && now < hit.validUntil) return hit;
    this.#lru?.delete(key);
    return undefined;
  }

  set(key: string, response: CachedResponse): void {
    this.#lru?.set(key, response);
  }

  /** Whether answers are shared with other replicas (`REDIS_URL`). */
  get sharing(): boolean {
    return this.#lru !== null && this.shared !== null;
  }

  /** The answer another replica offered for `key`, if it is still exact at `now`. */
  async sharedGet(key: string, now: number): Promise<CachedResponse | undefined> {
    if (!this.sharing) return undefined;
    const bytes = await this.shared!.run((r) => r.getBuffer(this.#sharedKey(key)));
    let found: CachedResponse | undefined;
    try {
      found = bytes == null ? undefined : (deserialize(bytes) as CachedResponse);
    } catch {
      found = undefined; // another Node's format: as if absent
    }
    const exact = found !== undefined && now < found.validUntil ? found : undefined;
    if (exact !== undefined) this.#sharedHits += 1;
    this.onSharedLookup(exact === undefined ? 'miss' : 'hit');
    return exact;
  }

  /** Offers `response` to the other replicas until it stops being exact. */
  #share(key: string, response: CachedResponse): void {
    const leftMs = response.validUntil - Date.now();
    if (!this.sharing || leftMs < 1) return;
    const bytes = serialize({ ...response, body: response.body });
    void this.shared!.run((r) => r.set(this.#sharedKey(key), bytes, 'PX', Math.ceil(leftMs)));
  }

  #sharedKey(key: string): string {
    return this.shared!.key('resp', createHash('sha256').update(key, 'latin1').digest('base64url'));
  }

  /**
   * The execution of `key` under way, if any: it resolves with its response when that can be replayed,
   * else `null` (the joiner then executes for itself). A response that began executing before the
   * joiner arrived and is exact until `validUntil` is exact at every moment of the joiner's wait too.
   */
  running(key: string): Promise<CachedResponse | null> | undefined {
    return this.#running.get(key);
  }

  /**
   * Registers an execution of `key` that joiners may wait for; `undefined` when one is already under
   * way. The caller must call the returned `settle` exactly once (with `null` when nothing replayable
   * came of it).
   */
  lead(key: string): ((response: CachedResponse | null) => void) | undefined {
    if (this.#running.has(key)) return undefined;
    let settle: (response: CachedResponse | null) => void = () => {};
    const done = new Promise<CachedResponse | null>((resolve) => {
      settle = resolve;
    });
    this.#running.set(key, done);
    return (response) => {
      if (this.#running.get(key) === done) this.#running.delete(key);
      if (response !== null) {
        this.set(key, response);
        this.#share(key, response);
      }
      settle(response);
    };
  }

  /** Entries and bytes held here, and answers taken from other replicas (`REDIS_URL`). */
  get stats(): { entries: number; bytes: number; sharedHits: number } {
    return {
      entries: this.#lru?.size ?? 0,
      bytes: this.#lru?.calculatedSize ?? 0,
      sharedHits: this.#sharedHits,
    };
  }
}

/**
 * Whether a parsed POST body is a plain operation (`query`, and optionally `variables` and
 * `operationName`), the only kind the cache stores: no persisted-query or other extensions.
 */
export function isPlainOperation(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  if (typeof b['query'] !== 'string') return false;
  return Object.keys(b).every((k) => k === 'query' || k === 'variables' || k === 'operationName');
}

/**
 * The answer to store for replay, or `null` when it may not be replayed exactly. Only an answer with no
 * errors (the freshness plugin then sets a `max-age`) built wholly from fresh cache hits
 * (`replayableUntil`, see `FreshnessCollector`), finished before any of its ages ticked over, can be.
 */
export function replayable(
  result: HTTPGraphQLResponse,
  bytes: Buffer,
  freshness: { replayableUntil(): number | null } | null,
  generation: number,
  operation: string | null = null,
): CachedResponse | null {
  const status = result.status ?? 200;
  const until = freshness?.replayableUntil() ?? null;
  if (until === null || status !== 200 || Date.now() >= until) return null;
  if (!/max-age=/.test(result.headers.get('cache-control') ?? '')) return null;
  return {
    status,
    headers: { ...Object.fromEntries(result.headers), 'content-length': String(bytes.length) },
    body: bytes,
    validUntil: until,
    generation,
    operation,
  };
}

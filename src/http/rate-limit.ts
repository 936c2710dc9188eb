import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Config } from '../config.js';
import { ApiKeys } from './api-keys.js';
import { clientAddressOf } from './client-id.js';
import { sendJson } from './respond.js';

/**
 * API keys and per-client limits on the GraphQL endpoint (docs/operations.md "API keys and limits"):
 * who the client is (a key's holder, or its address), whether it may go on, and the IETF RateLimit
 * headers that say how much it has left. The limit is a GCRA (generic cell rate algorithm, a leaky bucket
 * kept as one timestamp per client): `limit` requests a minute, all of them in a burst if the client has
 * been quiet for a minute, then one every minute / `limit`.
 */

/** The window every limit is counted over. */
export const WINDOW_SECONDS = 60;
const WINDOW_US = WINDOW_SECONDS * 1_000_000;

/** Clients whose state one process keeps at most when it counts on its own (about 100 bytes each). */
export const MEMORY_CLIENTS = 100_000;

/**
 * The part of the shared Redis (src/redis/client.ts `SharedRedis`) the limits use: a key under the
 * gateway's prefix, and a command that gives `undefined` whenever Redis is down or slow.
 */
export interface SharedCommands {
  key(...parts: string[]): string;
  run<T>(command: (redis: Redis) => Promise<T>): Promise<T | undefined>;
}

/** One request counted against a client's limit. */
export interface Decision {
  readonly allowed: boolean;
  /** Requests the client may still send at once. */
  readonly remaining: number;
  /** Seconds until the whole quota is available again. */
  readonly resetSeconds: number;
  /** Seconds until one more request passes (0 when this one did). */
  readonly retryAfterSeconds: number;
  /** Whether Redis counted it (for every replica), rather than this process alone. */
  readonly shared: boolean;
}

/** The time a limit of `limit` a minute spaces requests by, in microseconds (rounded down: never stricter). */
function intervalUs(limit: number): number {
  return Math.max(1, Math.floor(WINDOW_US / limit));
}

/**
 * One GCRA step: `tat` is the client's theoretical arrival time (microseconds), `undefined` for a client
 * not seen in the last minute. Returns the decision and the new `tat` to keep when the request passed.
 */
export function gcra(
  tat: number | undefined,
  nowUs: number,
  limit: number,
): { decision: Omit<Decision, 'shared'>; next: number | null } {
  const interval = intervalUs(limit);
  const start = tat === undefined || tat < nowUs ? nowUs : tat;
  const next = start + interval;
  if (next - nowUs > WINDOW_US) {
    const retry = next - WINDOW_US - nowUs;
    return {
      decision: {
        allowed: false,
        remaining: 0,
        resetSeconds: Math.ceil((start - nowUs) / 1_000_000),
        retryAfterSeconds: Math.max(1, Math.ceil(retry / 1_000_000)),
      },
      next: null,
    };
  }
  return {
    decision: {
      allowed: true,
      remaining: Math.floor((WINDOW_US - (next - nowUs)) / interval),
      resetSeconds: Math.ceil((next - nowUs) / 1_000_000),
      retryAfterSeconds: 0,
    },
    next,
  };
}

/**
 * The same step in Redis, atomically, on Redis's own clock (replicas' clocks may differ): returns
 * `{allowed, remaining, resetSeconds, retryAfterSeconds}`. The state is one string key per client holding
 * its `tat` in microseconds, expiring when it no longer matters.
 */
const GCRA_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then tat = now end
local nxt = tat + interval
if nxt - now > window then
  local retry = math.ceil((nxt - window - now) / 1000000)
  if retry < 1 then retry = 1 end
  return {0, 0, math.ceil((tat - now) / 1000000), retry}
end
redis.call('SET', KEYS[1], string.format('%.0f', nxt), 'PX', math.ceil((nxt - now) / 1000))
return {1, math.floor((window - (nxt - now)) / interval), math.ceil((nxt - now) / 1000000), 0}
`;

/**
 * Counts requests per client: in Redis when there is one and it answers, so that every replica enforces
 * one limit; else in this process, bounded to `MEMORY_CLIENTS` clients (the least recent forgotten), so
 * that with Redis down each of N replicas allows the limit on its own.
 */
export class RateLimiter {
  readonly #memory = new LRUCache<string, number>({ max: MEMORY_CLIENTS });
  #sha: string | undefined;

  constructor(private readonly shared: SharedCommands | null) {}

  async take(client: string, limit: number): Promise<Decision> {
    if (this.shared !== null) {
      const key = this.shared.key('ratelimit', client);
      const reply = await this.shared.run((redis) => this.#eval(redis, key, limit));
      if (Array.isArray(reply) && reply.length === 4) {
        const [allowed, remaining, resetSeconds, retryAfterSeconds] = reply.map(Number) as [
          number,
          number,
          number,
          number,
        ];
        return { allowed: allowed === 1, remaining, resetSeconds, retryAfterSeconds, shared: true };
      }
    }
    return this.takeHere(client, limit, Date.now() * 1000);
  }

  /** The step on this process's own state, at `nowUs`. */
  takeHere(client: string, limit: number, nowUs: number): Decision {
    const { decision, next } = gcra(this.#memory.get(client), nowUs, limit);
    if (next !== null) this.#memory.set(client, next);
    return { ...decision, shared: false };
  }

  /** Runs the script by its hash, loading it once per Redis (again after a restart empties Redis). */
  async #eval(redis: Redis, key: string, limit: number): Promise<unknown> {
    const args = [key, String(intervalUs(limit)), String(WINDOW_US)];
    if (this.#sha !== undefined) {
      try {
        return await redis.evalsha(this.#sha, 1, ...args);
      } catch (thrown: unknown) {
        if (!(thrown instanceof Error && thrown.message.startsWith('NOSCRIPT'))) throw thrown;
      }
    }
    this.#sha = String(await redis.script('LOAD', GCRA_SCRIPT));
    return redis.evalsha(this.#sha, 1, ...args);
  }
}

/**
 * `RateLimit-Policy` (draft-ietf-httpapi-ratelimit-headers): the policy's name as a string item, its
 * quota `q` and window `w` in seconds, e.g. `"address";q=600;w=60`.
 */
export function formatPolicy(name: string, quota: number, windowSeconds = WINDOW_SECONDS): string {
  return `"${name}";q=${quota};w=${windowSeconds}`;
}

/** `RateLimit`: the policy's name, the requests `r` left and the seconds `t` until the quota is whole again. */
export function formatRateLimit(name: string, remaining: number, resetSeconds: number): string {
  return `"${name}";r=${Math.max(0, remaining)};t=${Math.max(0, resetSeconds)}`;
}

/**
 * What the endpoint asks before anything else: the client's id for the upstream queues (`key:<name>` for
 * a key's holder, else its address), or `null` when the request was answered here (401 or 429).
 */
export type EdgeGuard = (req: IncomingMessage, res: ServerResponse) => Promise<string | null>;

/**
 * The guard `edge` asks for, counting in `shared` when given (`SharedRedis`, or `null` to count in this
 * process only). Every answer of a limited client carries `RateLimit-Policy` and `RateLimit`.
 */
export function createEdgeGuard(edge: Config['edge'], shared: SharedCommands | null): EdgeGuard {
  const keys = new ApiKeys(edge.apiKeys);
  const limiter = new RateLimiter(shared);
  /** Takes one of `client`'s requests from its limit; `false` once the 429 is written. */
  const within = async (
    res: ServerResponse,
    client: string,
    limit: number,
    policy: 'key' | 'address',
  ): Promise<boolean> => {
    if (limit === 0) return true;
    const decision = await limiter.take(client, limit);
    res.setHeader('RateLimit-Policy', formatPolicy(policy, limit));
    res.setHeader('RateLimit', formatRateLimit(policy, decision.remaining, decision.resetSeconds));
    if (decision.allowed) return true;
    const seconds = decision.retryAfterSeconds;
    refuse(
      res,
      429,
      'RATE_LIMITED',
      `Too many requests from this client: at most ${limit} a minute. Try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`,
      { 'retry-after': String(seconds) },
      { limit, retryAfterSeconds: seconds },
    );
    return false;
  };
  return async (req, res) => {
    // With no key configured, a key sent is not looked at: the client is limited by its address.
    const check = keys.size > 0 ? keys.check(req) : ({ kind: 'none' } as const);
    const refused =
      check.kind === 'unknown'
        ? 'The API key is not one this gateway knows.'
        : check.kind === 'none' && edge.apiKeysRequired
          ? 'An API key is required: send it as an x-api-key header or as Authorization: Bearer <key>.'
          : null;
    if (refused !== null) {
      // A refused key still counts against its address's limit, so keys cannot be guessed faster.
      const address = clientAddressOf(req, edge.trustProxyHops);
      if (!(await within(res, address, edge.ratePerMinute, 'address'))) return null;
      return refuse(res, 401, 'UNAUTHENTICATED', refused, { 'www-authenticate': 'Bearer' });
    }
    const keyed = check.kind === 'valid';
    const client = keyed ? `key:${check.key.name}` : clientAddressOf(req, edge.trustProxyHops);
    const limit = keyed ? (check.key.perMinute ?? edge.keyRatePerMinute) : edge.ratePerMinute;
    return (await within(res, client, limit, keyed ? 'key' : 'address')) ? client : null;
  };
}

function refuse(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string>,
  details: Record<string, unknown> = {},
): null {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  sendJson(res, status, { errors: [{ message, extensions: { code, ...details } }] });
  return null;
}

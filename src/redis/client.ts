import { Redis, ReplyError } from 'ioredis';
import type { RedisConfig } from '../config-edge.js';
import type { Logger } from '../log.js';

/** What the shared Redis is doing, for `Query.sharedCache`, metrics and logs. */
export interface SharedState {
  /** `off`: no `REDIS_URL`; `up`: commands succeed; `down`: the last command failed or timed out. */
  readonly state: 'off' | 'up' | 'down';
  /** ISO time the state last changed (`null` while `off`). */
  readonly since: string | null;
  /**
   * The last failure, as a category (`unreachable`, `timeout`, `authentication`, `error`): the full
   * message, which can name internal addresses, is in the log only.
   */
  readonly lastError: string | null;
  /** Commands that failed or timed out, since start. */
  readonly failures: number;
}

/**
 * The gateway's one connection to the shared Redis (`REDIS_URL`), for every shared part: the
 * second-level cache, single-flight, politeness budgets, cool-downs and per-client limits. Redis is a
 * help, never a dependency: each command has `REDIS_COMMAND_TIMEOUT_MS`, nothing waits in a queue while
 * the connection is down (ioredis's offline queue is off), and `run` gives `undefined` for any failure,
 * so the caller goes on with what this process holds on its own. ioredis reconnects by itself; the first
 * command that succeeds again marks Redis `up`.
 */
export class SharedRedis {
  readonly #redis: Redis;
  readonly #prefix: string;
  #state: 'up' | 'down' = 'down';
  #since = new Date().toISOString();
  #lastError: string | null = 'unreachable';
  #failures = 0;
  /** Until when (`performance.now()`) commands are not even tried, after one timed out. */
  #restUntil = 0;
  readonly #restMs: number;

  constructor(
    config: RedisConfig & { readonly url: string },
    private readonly log: Logger,
  ) {
    this.#prefix = config.keyPrefix;
    // A Redis that stops answering without closing the connection would cost each request a whole
    // command timeout, or several; after one, commands rest a while (tried again at most every 2 s).
    this.#restMs = Math.min(2000, Math.max(500, config.commandTimeoutMs * 4));
    this.#redis = new Redis(config.url, {
      commandTimeout: config.commandTimeoutMs,
      connectTimeout: Math.max(1000, config.commandTimeoutMs * 4),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // Reconnect soon, then at most every 2 s, for as long as the gateway runs.
      retryStrategy: (times) => Math.min(100 * times, 2000),
      lazyConnect: false,
    });
    this.#redis.on('ready', () => {
      // Not connected yet is no failure: nothing was asked of Redis before it was ready.
      if (this.#failures === 0) this.#lastError = null;
      this.#mark('up', null);
    });
    this.#redis.on('error', (error: Error) => this.#mark('down', error.message));
    this.#redis.on('close', () => this.#mark('down', 'connection closed'));
  }

  /** A key of the gateway's own, under `REDIS_KEY_PREFIX`. */
  key(...parts: string[]): string {
    return `${this.#prefix}${parts.join(':')}`;
  }

  /**
   * Runs `command` on Redis; `undefined` when Redis is down, too slow or fails (the failure is noted in
   * `state` and logged once per change).
   */
  async run<T>(command: (redis: Redis) => Promise<T>): Promise<T | undefined> {
    if (this.#redis.status !== 'ready' || performance.now() < this.#restUntil) {
      this.#failures += 1;
      this.#mark('down', null);
      return undefined;
    }
    try {
      const result = await command(this.#redis);
      if (this.#state !== 'up') this.#mark('up', null);
      return result;
    } catch (thrown: unknown) {
      this.#failures += 1;
      // Redis answered, refusing this one command (a full memory, a wrong type): it is still up.
      if (thrown instanceof ReplyError) {
        this.log.warn('a shared Redis command was refused', { error: redact((thrown as Error).message) });
        return undefined;
      }
      this.#restUntil = performance.now() + this.#restMs;
      this.#mark('down', thrown instanceof Error ? thrown.message : String(thrown));
      return undefined;
    }
  }

  get state(): SharedState {
    return { state: this.#state, since: this.#since, lastError: this.#lastError, failures: this.#failures };
  }

  async close(): Promise<void> {
    this.#redis.disconnect(false);
    return Promise.resolve();
  }

  #mark(state: 'up' | 'down', error: string | null): void {
    if (error !== null) this.#lastError = category(error);
    if (state === this.#state) return;
    this.#state = state;
    this.#since = new Date().toISOString();
    if (state === 'up') this.log.info('shared Redis available', {});
    else
      this.log.warn('shared Redis unavailable; going on with this process’s own caches', {
        error: error === null ? this.#lastError : redact(error),
      });
  }
}

/** A failure as clients may read it in `Query.sources`: its kind, never an address or a message. */
function category(message: string): string {
  if (/timed? ?out/i.test(message)) return 'timeout';
  if (/WRONGPASS|NOAUTH|NOPERM|auth/i.test(message)) return 'authentication';
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|EPIPE|closed|connect/i.test(message))
    return 'unreachable';
  return 'error';
}

/** A message without anything that looks like a URL with credentials. */
function redact(message: string): string {
  return message.replace(/rediss?:\/\/[^\s@]*@/g, 'redis://…@');
}

/** The state when `REDIS_URL` is unset. */
export const REDIS_OFF: SharedState = { state: 'off', since: null, lastError: null, failures: 0 };

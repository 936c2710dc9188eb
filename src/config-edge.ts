import { z } from 'zod';
import { bool, int } from './env.js';

/**
 * The settings for running past one machine and for apps on other origins: the shared Redis, metrics,
 * CORS, API keys and per-client limits, the proxy in front. Kept apart from `config.ts` (which merges
 * `EDGE_ENV` into its schema and `edgeConfig` into `Config`); documented in docs/configuration.md and
 * docs/operations.md.
 */

/** Default per-client limit for a client without an API key: 600 requests a minute (10 a second). */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
/** Default per-client limit for a client with an API key. */
export const DEFAULT_API_KEY_RATE_LIMIT_PER_MINUTE = 6000;

/** A comma-separated list (blanks around items dropped, empty items ignored). */
const list = z
  .string()
  .trim()
  .transform((v) =>
    v
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );

/** `CORS_ORIGINS`: `*`, or origins such as `https://app.example.org` (scheme, host and port only). */
const origins = list.superRefine((items, ctx) => {
  for (const item of items) {
    if (item === '*') continue;
    let ok = false;
    try {
      const u = new URL(item);
      ok = /^https?:$/.test(u.protocol) && u.origin === item;
    } catch {
      ok = false;
    }
    if (!ok)
      ctx.addIssue({
        code: 'custom',
        message: `comma-separated origins such as https://app.example.org (scheme, host and port, no path or trailing slash), or *; ${JSON.stringify(item)} is not one`,
      });
  }
});

/** One API key: who holds it, the key, and its own limit a minute (else the default for keys). */
export interface ApiKey {
  readonly name: string;
  readonly key: string;
  readonly perMinute: number | null;
}

/** `API_KEYS`: comma-separated `name:key` or `name:key:perMinute` (a key holds no comma or colon). */
const apiKeys = list.transform((items, ctx) => {
  const keys: ApiKey[] = [];
  for (const item of items) {
    // No colon in a key: `name:key:60x` would otherwise read as a key ending in `:60x`, without a limit.
    const m = /^([A-Za-z0-9._-]{1,64}):([\x21-\x39\x3b-\x7e]{16,256})(?::(\d{1,9}))?$/.exec(item);
    if (m === null) {
      ctx.addIssue({
        code: 'custom',
        message:
          'comma-separated name:key or name:key:perMinute entries, a name of letters, digits, dot, dash or underscore and a key of 16 to 256 printable characters without commas or colons',
      });
      return z.NEVER;
    }
    keys.push({ name: m[1]!, key: m[2]!, perMinute: m[3] === undefined ? null : Number(m[3]) });
  }
  const names = new Set(keys.map((k) => k.name));
  const secrets = new Set(keys.map((k) => k.key));
  if (names.size !== keys.length || secrets.size !== keys.length) {
    ctx.addIssue({ code: 'custom', message: 'entries with distinct names and distinct keys' });
    return z.NEVER;
  }
  return keys;
});

/** The environment variables of this file, merged into the configuration's schema. */
export const EDGE_ENV = {
  REDIS_URL: z
    .string()
    .trim()
    .regex(/^rediss?:\/\/\S+$/, 'a Redis URL (redis://host:6379/0, or rediss:// for TLS)')
    .optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9:._-]{1,64}$/, 'letters, digits, colon, dot, dash or underscore (at most 64)')
    .default('tg:'),
  REDIS_COMMAND_TIMEOUT_MS: int(10, 60_000).default(250),
  METRICS: bool.default(true),
  CORS_ORIGINS: origins.default([]),
  CORS_CREDENTIALS: bool.default(false),
  CORS_MAX_AGE_SECONDS: int(0, 86_400).default(600),
  API_KEYS: apiKeys.default([]),
  API_KEYS_REQUIRED: bool.default(false),
  RATE_LIMIT_PER_MINUTE: int(0, 1_000_000).default(DEFAULT_RATE_LIMIT_PER_MINUTE),
  API_KEY_RATE_LIMIT_PER_MINUTE: int(0, 10_000_000).default(DEFAULT_API_KEY_RATE_LIMIT_PER_MINUTE),
  TRUST_PROXY_HOPS: int(0, 10).default(0),
};

/** Variables of this file whose value is never repeated in a start-up error. */
export const EDGE_SECRETS: readonly string[] = ['REDIS_URL', 'API_KEYS'];

type EdgeEnv = z.output<z.ZodObject<typeof EDGE_ENV>>;

/** The shared Redis: off (`url` null) by default. */
export interface RedisConfig {
  readonly url: string | null;
  /** Prefix of every key the gateway writes, so that deployments can share one Redis. */
  readonly keyPrefix: string;
  /** Longest one Redis command may take before the gateway goes on without it. */
  readonly commandTimeoutMs: number;
}

/** What apps on other origins, API keys and per-client limits are allowed. */
export interface EdgeConfig {
  readonly redis: RedisConfig;
  /** Whether `/metrics` is served. */
  readonly metrics: boolean;
  readonly cors: {
    /** Allowed origins; `*` allows any (then never with credentials). Empty: no CORS headers at all. */
    readonly origins: readonly string[];
    readonly credentials: boolean;
    readonly maxAgeSeconds: number;
  };
  readonly apiKeys: readonly ApiKey[];
  /** True: a request without a valid key is refused with 401. */
  readonly apiKeysRequired: boolean;
  /** Requests a minute per client without a key (by address), 0: no limit. */
  readonly ratePerMinute: number;
  /** Requests a minute per API key unless the key sets its own, 0: no limit. */
  readonly keyRatePerMinute: number;
  /**
   * Reverse proxies in front of the gateway whose `X-Forwarded-For` entries are trusted (0: the peer
   * address is the client). With 1, the client is the last address the one proxy appended.
   */
  readonly trustProxyHops: number;
}

/** The validated edge settings. */
export function edgeConfig(e: EdgeEnv): EdgeConfig {
  return {
    redis: {
      url: e.REDIS_URL ?? null,
      keyPrefix: e.REDIS_KEY_PREFIX,
      commandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS,
    },
    metrics: e.METRICS,
    cors: { origins: e.CORS_ORIGINS, credentials: e.CORS_CREDENTIALS, maxAgeSeconds: e.CORS_MAX_AGE_SECONDS },
    apiKeys: e.API_KEYS,
    apiKeysRequired: e.API_KEYS_REQUIRED,
    ratePerMinute: e.RATE_LIMIT_PER_MINUTE,
    keyRatePerMinute: e.API_KEY_RATE_LIMIT_PER_MINUTE,
    trustProxyHops: e.TRUST_PROXY_HOPS,
  };
}

/** Edge settings that are each valid but do not fit together, as sentences. */
export function edgeProblems(e: EdgeEnv): string[] {
  const problems: string[] = [];
  // The CORS specification forbids `Access-Control-Allow-Origin: *` with credentials.
  if (e.CORS_CREDENTIALS && e.CORS_ORIGINS.includes('*'))
    problems.push('CORS_CREDENTIALS=true needs CORS_ORIGINS to list origins, not *.');
  if (e.API_KEYS_REQUIRED && e.API_KEYS.length === 0)
    problems.push('API_KEYS_REQUIRED=true needs API_KEYS to hold at least one key.');
  return problems;
}

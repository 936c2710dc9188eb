import { z } from 'zod';

/**
 * All settings, read once at start-up from the environment (STYLE.md "Options are validated once").
 * A bad value stops the gateway with a sentence naming the variable and the expected form.
 * Every variable is documented in README.md ("Configuration"); keep the two in step.
 */

const int = (min: number, max: number) => {
  const form = `an integer from ${min} to ${max}`;
  return z
    .string()
    .trim()
    .regex(/^\d+$/, form)
    .transform(Number)
    .pipe(z.number().int(form).min(min, form).max(max, form));
};

const bool = z
  .enum(['true', 'false', '1', '0'], { message: 'true or false' })
  .transform((v) => v === 'true' || v === '1');

const httpUrl = z
  .string()
  .trim()
  .url('an absolute http(s) URL')
  .refine((u) => /^https?:\/\//.test(u), 'an absolute http(s) URL')
  .transform((u) => u.replace(/\/+$/, ''));

/** Default cap on upstream response bodies: 20 MiB (RELIABILITY.md §11). */
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

/**
 * Default whole-operation budget: 15 s (RELIABILITY.md §11), above one upstream attempt's 8 s deadline so
 * that a slow upstream times out as itself first; fields still waiting at the budget are null.
 */
export const DEFAULT_OPERATION_BUDGET_MS = 15_000;

/** Default operation limits (RELIABILITY.md §11; README "Operation limits" says why each value). */
export const DEFAULT_MAX_CHARACTERS = 15_000;
export const DEFAULT_MAX_TOKENS = 2000;
/** The deepest shipped example (docs/queries/09-follow-the-money.graphql) is 10 fields deep; 2 spare. */
export const DEFAULT_MAX_DEPTH = 12;
export const DEFAULT_MAX_ALIASES = 15;
/** Not RELIABILITY's 10: batched organization lookups send 14 aliased root fields. */
export const DEFAULT_MAX_ROOT_FIELDS = 15;
export const DEFAULT_MAX_DIRECTIVES = 50;
export const DEFAULT_MAX_COST = 5000;
export const DEFAULT_COST_LIST_SIZE = 1;

const EnvSchema = z.object({
  HOST: z.string().trim().min(1).default('localhost'),
  PORT: int(0, 65_535).default(4000),
  /** `production` hides field suggestions; anything else is development. */
  NODE_ENV: z.string().default('development'),
  INTROSPECTION: bool.default(true),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),

  PROCUREMENT_PAGE_SIZE: int(1, 500).default(100),
  PROCUREMENT_OCID_PREFIX: z
    .string()
    .trim()
    .regex(
      /^ocds-[a-z0-9]{6}-[A-Za-z0-9-]*$/,
      'an ocid prefix: "ocds-" + 6 characters + "-" + optional letters, e.g. "ocds-xxxxxx-mn-tender-"',
    )
    .default('ocds-xxxxxx-mn-tender-'),
  TENDER_MN_TOKEN: z.string().trim().min(1).optional(),
  TENDER_MN_PER_PAGE: int(1, 100).default(100),
  REGISTRY_DUMP_PATH: z.string().trim().min(1).default('dump.json'),
  REGISTRY_OWNERSHIP_PATH: z.string().trim().min(1).default('ownership.jsonl'),
  REGISTRY_DUMP_DEADLINE_MS: int(1000, 3_600_000).default(600_000),
  REGISTRY_DUMP_MAX_BYTES: int(1024, 16 * 1024 * 1024 * 1024).default(2 * 1024 * 1024 * 1024),

  UPSTREAM_CONNECT_TIMEOUT_MS: int(1, 600_000).default(2000),
  UPSTREAM_HEADERS_TIMEOUT_MS: int(1, 600_000).default(5000),
  UPSTREAM_BODY_TIMEOUT_MS: int(1, 600_000).default(5000),
  UPSTREAM_ATTEMPT_DEADLINE_MS: int(1, 600_000).default(8000),
  UPSTREAM_RETRIES: int(0, 10).default(2),
  UPSTREAM_RETRY_BASE_MS: int(0, 60_000).default(200),
  UPSTREAM_RETRY_MAX_MS: int(0, 600_000).default(2000),
  UPSTREAM_RETRY_AFTER_MAX_MS: int(0, 600_000).default(2000),
  UPSTREAM_MAX_RESPONSE_BYTES: int(1024, 1024 * 1024 * 1024).default(DEFAULT_MAX_RESPONSE_BYTES),
  UPSTREAM_NEGATIVE_TTL_SECONDS: int(0, 86_400).default(60),
  OPERATION_BUDGET_MS: int(100, 600_000).default(DEFAULT_OPERATION_BUDGET_MS),
  RESPONSE_CACHE_MAX_BYTES: int(0, 1024 * 1024 * 1024).default(32 * 1024 * 1024),
  RESPONSE_CACHE_MAX_ENTRIES: int(0, 1_000_000).default(1000),
  UPSTREAM_CONNECTIONS_PER_ORIGIN: int(1, 1024).default(16),

  // lru-cache reserves ~28 bytes per allowed entry up front: 1,000,000 entries cost ~28 MB at start.
  CACHE_MAX_ENTRIES: int(1, 1_000_000).default(50_000),
  CACHE_MAX_BYTES: int(1024, 64 * 1024 * 1024 * 1024).default(256 * 1024 * 1024),

  LIMIT_MAX_CHARACTERS: int(1, 262_144).default(DEFAULT_MAX_CHARACTERS),
  LIMIT_MAX_TOKENS: int(1, 50_000).default(DEFAULT_MAX_TOKENS),
  LIMIT_MAX_DEPTH: int(1, 128).default(DEFAULT_MAX_DEPTH),
  LIMIT_MAX_ALIASES: int(0, 10_000).default(DEFAULT_MAX_ALIASES),
  LIMIT_MAX_ROOT_FIELDS: int(1, 10_000).default(DEFAULT_MAX_ROOT_FIELDS),
  LIMIT_MAX_DIRECTIVES: int(0, 10_000).default(DEFAULT_MAX_DIRECTIVES),
  LIMIT_MAX_COST: int(1, 100_000_000).default(DEFAULT_MAX_COST),
  LIMIT_COST_LIST_SIZE: int(1, 1000).default(DEFAULT_COST_LIST_SIZE),
  LIMIT_MODE: z.enum(['enforce', 'warn']).default('enforce'),

  REPLAY_HOST: z.string().trim().default('127.0.0.1'),
  REPLAY_PORT: int(0, 65_535).default(0),
});

/** Defaults of one source's policy; every field can be set as `<SOURCE>_<FIELD>` in the environment. */
interface SourceDefaults {
  readonly maxAgeSeconds: number;
  readonly swrSeconds: number;
  readonly sieSeconds: number;
  readonly concurrency: number;
  readonly queue: number;
  /** 0 means no spacing beyond the concurrency cap. */
  readonly ratePerSecond: number;
}

/** Each source's environment prefix and defaults (UPSTREAMS.md freshness and politeness proposals). */
export const SOURCE_DEFAULTS = {
  PROCUREMENT: {
    maxAgeSeconds: 300,
    swrSeconds: 60,
    sieSeconds: 86_400,
    concurrency: 4,
    queue: 32,
    ratePerSecond: 0,
  },
  REGISTRY: {
    maxAgeSeconds: 86_400,
    swrSeconds: 3600,
    sieSeconds: 604_800,
    concurrency: 2,
    queue: 64,
    ratePerSecond: 1,
  },
  EITI: {
    maxAgeSeconds: 86_400,
    swrSeconds: 3600,
    sieSeconds: 604_800,
    concurrency: 2,
    queue: 64,
    ratePerSecond: 0,
  },
  TENDER_MN: {
    maxAgeSeconds: 1800,
    swrSeconds: 300,
    sieSeconds: 86_400,
    concurrency: 1,
    queue: 64,
    ratePerSecond: 1,
  },
  INVESTMENT: {
    maxAgeSeconds: 86_400,
    swrSeconds: 3600,
    sieSeconds: 604_800,
    concurrency: 2,
    queue: 64,
    ratePerSecond: 0,
  },
  EITI_MONGOLIA: {
    maxAgeSeconds: 604_800,
    swrSeconds: 3600,
    sieSeconds: 2_592_000,
    concurrency: 1,
    queue: 64,
    ratePerSecond: 1,
  },
} as const satisfies Record<string, SourceDefaults>;

/** The configurable sources. */
export type SourceKey = keyof typeof SOURCE_DEFAULTS;

function sourceSchema(d: SourceDefaults) {
  return z.object({
    URL: httpUrl.optional(),
    MAX_AGE_SECONDS: int(1, 31_536_000).default(d.maxAgeSeconds),
    SWR_SECONDS: int(0, 2_592_000).default(d.swrSeconds),
    SIE_SECONDS: int(0, 31_536_000).default(d.sieSeconds),
    CONCURRENCY: int(1, 256).default(d.concurrency),
    QUEUE: int(0, 10_000).default(d.queue),
    RATE_PER_SECOND: int(0, 10_000).default(d.ratePerSecond),
  });
}

/** Freshness and politeness policy of one upstream source. */
export interface SourcePolicy {
  /** Base URL of the upstream API; `undefined` means the embedded replay server. */
  readonly url: string | undefined;
  readonly maxAgeSeconds: number;
  /** How long past `maxAgeSeconds` a value may be served while it is refreshed (RFC 5861). */
  readonly staleWhileRevalidateSeconds: number;
  /** How long past `maxAgeSeconds` a value may be served when the upstream fails (RFC 5861). */
  readonly staleIfErrorSeconds: number;
  /** Concurrent requests to this upstream at most (politeness). */
  readonly concurrency: number;
  /** Requests waiting for a slot at most; more are rejected as UPSTREAM_UNAVAILABLE. */
  readonly queue: number;
  /** Requests per second at most (requests are spaced evenly); 0 for no spacing. */
  readonly ratePerSecond: number;
}

/** How the gateway talks HTTP to every upstream. */
export interface HttpPolicy {
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  /** Idle time allowed between body chunks. */
  readonly bodyTimeoutMs: number;
  /** Hard deadline for one attempt, headers and whole body: a dripping body cannot outlive it. */
  readonly attemptDeadlineMs: number;
  /** Retries of idempotent GETs after the first attempt. */
  readonly retries: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** A `Retry-After` longer than this is not waited for: the call fails as RATE_LIMITED. */
  readonly retryAfterMaxMs: number;
  readonly maxResponseBytes: number;
  readonly connectionsPerOrigin: number;
  /** How long a 404 for one resource is remembered, so a missing id is not asked for again at once. */
  readonly negativeTtlSeconds: number;
}

/** The limits one gateway enforces (README "Operation limits"; set from `LIMIT_*` in the environment). */
export interface OperationLimits {
  /** Characters of the query document. */
  readonly maxCharacters: number;
  /** Lexical tokens of the query document (comments are not tokens). */
  readonly maxTokens: number;
  /** Fields nested inside each other, the root field counting 1; fragments are transparent. */
  readonly maxDepth: number;
  /** Aliased fields in the operation, fragments expanded; aliases of `__typename` are free. */
  readonly maxAliases: number;
  /** Fields selected at the root of the operation (`__typename` not counted). */
  readonly maxRootFields: number;
  /** Directive uses in the operation, fragments expanded. */
  readonly maxDirectives: number;
  /** Estimated cost (see `measureOperation`). */
  readonly maxCost: number;
  /** Items assumed of a list field that takes no `first` argument, when estimating cost. */
  readonly costListSize: number;
  /**
   * `enforce` refuses an operation over a limit; `warn` (for a rollout) logs it and lets it run, except
   * brackets nested past what the parser survives, which are always refused.
   */
  readonly mode: 'enforce' | 'warn';
}

/** The whole validated configuration. */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly production: boolean;
  readonly introspection: boolean;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  readonly http: HttpPolicy;
  readonly cache: { readonly maxEntries: number; readonly maxBytes: number };
  /** The whole-response cache (`RESPONSE_CACHE_*`; 0 turns it off). */
  readonly responseCache: { readonly maxEntries: number; readonly maxBytes: number };
  /** Longest one GraphQL request may wait for upstreams; fields still waiting then are null. */
  readonly operationBudgetMs: number;
  /** Operation limits, checked before execution (README "Operation limits"). */
  readonly limits: OperationLimits;
  readonly sources: {
    readonly procurement: SourcePolicy & { readonly pageSize: number };
    readonly registry: SourcePolicy & {
      /** Path of the bulk dump relative to `REGISTRY_URL`. */
      readonly dumpPath: string;
      /** Path of the BODS 0.4 ownership statements (JSON Lines) relative to `REGISTRY_URL`. */
      readonly ownershipPath: string;
      readonly dumpDeadlineMs: number;
      readonly dumpMaxBytes: number;
    };
    readonly eiti: SourcePolicy;
    readonly eitiMongolia: SourcePolicy;
    /**
     * tender.gov.mn's open-data API. Read only when `TENDER_MN_URL` is set or the embedded replay
     * server serves it; ocids are minted as `ocidPrefix` + invitationId (no registered prefix exists).
     */
    readonly tenderMn: SourcePolicy & {
      readonly ocidPrefix: string;
      /** Bearer token issued by the Government Procurement Agency; never logged or echoed. */
      readonly token: string | undefined;
      readonly perPage: number;
    };
    readonly investment: SourcePolicy;
  };
  readonly replay: { readonly host: string; readonly port: number };
}

/** A configuration problem, worded for the person starting the gateway. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the configuration from an environment (by default `process.env`). */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  // Empty strings count as unset, so `PORT= npm start` behaves like `npm start`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const lines: string[] = [];
  const describe = (prefix: string) => (issue: z.core.$ZodIssue) => {
    const name = `${prefix}${issue.path.join('.')}`;
    lines.push(
      `${name} must be ${issue.message.replace(/^Invalid input: /, '')} (got ${JSON.stringify(env[name])}).`,
    );
  };
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) parsed.error.issues.forEach(describe(''));
  const policies = {} as Record<SourceKey, SourcePolicy>;
  for (const [key, defaults] of Object.entries(SOURCE_DEFAULTS) as [SourceKey, SourceDefaults][]) {
    const prefix = `${key}_`;
    const own = Object.fromEntries(
      Object.entries(present)
        .filter(([name]) => name.startsWith(prefix))
        .map(([name, value]) => [name.slice(prefix.length), value]),
    );
    const p = sourceSchema(defaults).safeParse(own);
    if (!p.success) p.error.issues.forEach(describe(prefix));
    else
      policies[key] = {
        url: p.data.URL,
        maxAgeSeconds: p.data.MAX_AGE_SECONDS,
        staleWhileRevalidateSeconds: p.data.SWR_SECONDS,
        staleIfErrorSeconds: p.data.SIE_SECONDS,
        concurrency: p.data.CONCURRENCY,
        queue: p.data.QUEUE,
        ratePerSecond: p.data.RATE_PER_SECOND,
      };
  }
  if (!parsed.success || lines.length > 0) throw new ConfigError(`Invalid configuration: ${lines.join(' ')}`);
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    production: e.NODE_ENV === 'production',
    introspection: e.INTROSPECTION,
    logLevel: e.LOG_LEVEL,
    http: {
      connectTimeoutMs: e.UPSTREAM_CONNECT_TIMEOUT_MS,
      headersTimeoutMs: e.UPSTREAM_HEADERS_TIMEOUT_MS,
      bodyTimeoutMs: e.UPSTREAM_BODY_TIMEOUT_MS,
      attemptDeadlineMs: e.UPSTREAM_ATTEMPT_DEADLINE_MS,
      retries: e.UPSTREAM_RETRIES,
      retryBaseMs: e.UPSTREAM_RETRY_BASE_MS,
      retryMaxMs: e.UPSTREAM_RETRY_MAX_MS,
      retryAfterMaxMs: e.UPSTREAM_RETRY_AFTER_MAX_MS,
      maxResponseBytes: e.UPSTREAM_MAX_RESPONSE_BYTES,
      connectionsPerOrigin: e.UPSTREAM_CONNECTIONS_PER_ORIGIN,
      negativeTtlSeconds: e.UPSTREAM_NEGATIVE_TTL_SECONDS,
    },
    operationBudgetMs: e.OPERATION_BUDGET_MS,
    cache: { maxEntries: e.CACHE_MAX_ENTRIES, maxBytes: e.CACHE_MAX_BYTES },
    responseCache: { maxEntries: e.RESPONSE_CACHE_MAX_ENTRIES, maxBytes: e.RESPONSE_CACHE_MAX_BYTES },
    limits: {
      maxCharacters: e.LIMIT_MAX_CHARACTERS,
      maxTokens: e.LIMIT_MAX_TOKENS,
      maxDepth: e.LIMIT_MAX_DEPTH,
      maxAliases: e.LIMIT_MAX_ALIASES,
      maxRootFields: e.LIMIT_MAX_ROOT_FIELDS,
      maxDirectives: e.LIMIT_MAX_DIRECTIVES,
      maxCost: e.LIMIT_MAX_COST,
      costListSize: e.LIMIT_COST_LIST_SIZE,
      mode: e.LIMIT_MODE,
    },
    sources: {
      procurement: { ...policies.PROCUREMENT, pageSize: e.PROCUREMENT_PAGE_SIZE },
      registry: {
        ...policies.REGISTRY,
        dumpPath: e.REGISTRY_DUMP_PATH,
        ownershipPath: e.REGISTRY_OWNERSHIP_PATH,
        dumpDeadlineMs: e.REGISTRY_DUMP_DEADLINE_MS,
        dumpMaxBytes: e.REGISTRY_DUMP_MAX_BYTES,
      },
      eiti: policies.EITI,
      eitiMongolia: policies.EITI_MONGOLIA,
      tenderMn: {
        ...policies.TENDER_MN,
        ocidPrefix: e.PROCUREMENT_OCID_PREFIX,
        token: e.TENDER_MN_TOKEN,
        perPage: e.TENDER_MN_PER_PAGE,
      },
      investment: policies.INVESTMENT,
    },
    replay: { host: e.REPLAY_HOST, port: e.REPLAY_PORT },
  };
}

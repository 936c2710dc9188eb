import { z } from 'zod';
import { CATALOG, type SourceExtras, type SourceKey } from './catalog.js';
import { EDGE_ENV, EDGE_SECRETS, edgeConfig, edgeProblems, type EdgeConfig } from './config-edge.js';
import { bool, fileList, httpUrl, int } from './env.js';
import type { HttpPolicy, PolicyDefaults, SourcePolicy } from './policy.js';

/**
 * All settings, read once at start-up from the environment.
 * A bad value stops the gateway with a sentence naming the variable and the expected form.
 * Every variable is documented in docs/configuration.md; keep the two in step.
 */

/** Default cap on upstream response bodies: 20 MiB (docs/reliability.md "Limits"). */
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

/**
 * Default whole-operation budget: 15 s (docs/reliability.md "Limits"), above one upstream attempt's 8 s deadline so
 * that a slow upstream times out as itself first; fields still waiting at the budget are null.
 */
export const DEFAULT_OPERATION_BUDGET_MS = 15_000;

/**
 * Default grace period at shutdown: 20 s, above the 15 s operation budget so that every request in flight
 * ends by its own budget first, and below the 30 s that process supervisors commonly wait before killing.
 */
export const DEFAULT_SHUTDOWN_GRACE_MS = 20_000;

/**
 * Default connection settings of the gateway's own HTTP server (docs/reliability.md "Connections" says why
 * each value). Node's own defaults (headers 60 s, whole request 300 s, no connection cap, timeouts checked
 * every 30 s) let idle and slow sockets hold a connection for minutes and use up file descriptors.
 */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_CONNECTIONS = 512;
export const DEFAULT_MAX_IDLE_CONNECTIONS = 256;

/** Default operation limits (docs/reliability.md "Limits" says why each value). */
export const DEFAULT_MAX_CHARACTERS = 15_000;
export const DEFAULT_MAX_TOKENS = 2000;
/** The deepest shipped example (docs/queries/09-follow-the-money.graphql) is 10 fields deep; 2 spare. */
export const DEFAULT_MAX_DEPTH = 12;
export const DEFAULT_MAX_ALIASES = 15;
/** Not 10: batched organization lookups send 14 aliased root fields. */
export const DEFAULT_MAX_ROOT_FIELDS = 15;
export const DEFAULT_MAX_DIRECTIVES = 50;
export const DEFAULT_MAX_COST = 5000;
export const DEFAULT_COST_LIST_SIZE = 1;
/** A name search at its work bounds takes the CPU of about 500 ordinary fields. */
export const DEFAULT_COST_SEARCH = 500;

const EnvSchema = z.object({
  HOST: z.string().trim().min(1).default('localhost'),
  PORT: int(0, 65_535).default(4000),
  /** `production` hides field suggestions; anything else is development. */
  NODE_ENV: z.string().default('development'),
  INTROSPECTION: bool.default(true),
  /** `compiled` (graphql-jit, plans cached per document) or `interpreted` (graphql-js): src/http/execute.ts. */
  EXECUTION: z.enum(['compiled', 'interpreted']).default('compiled'),
  /** Runs of a document through graphql-js before it is compiled (src/http/execute.ts). */
  EXECUTION_COMPILE_AFTER: int(0, 1_000_000).default(10),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),

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
  LIMIT_COST_SEARCH: int(1, 100_000).default(DEFAULT_COST_SEARCH),
  LIMIT_MODE: z.enum(['enforce', 'warn']).default('enforce'),

  SHUTDOWN_GRACE_MS: int(0, 600_000).default(DEFAULT_SHUTDOWN_GRACE_MS),
  HTTP_HEADERS_TIMEOUT_MS: int(100, 600_000).default(DEFAULT_HEADERS_TIMEOUT_MS),
  HTTP_REQUEST_TIMEOUT_MS: int(100, 3_600_000).default(DEFAULT_REQUEST_TIMEOUT_MS),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(1, 600_000).default(DEFAULT_KEEP_ALIVE_TIMEOUT_MS),
  HTTP_MAX_CONNECTIONS: int(2, 1_000_000).default(DEFAULT_MAX_CONNECTIONS),
  HTTP_MAX_IDLE_CONNECTIONS: int(1, 1_000_000).default(DEFAULT_MAX_IDLE_CONNECTIONS),

  DATA_DIR: z.string().trim().min(1).default('.data'),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'a PostgreSQL connection URL (postgresql://user@host:5432/database)')
    .optional(),
  STORE_MAX_BYTES: int(65_536, Number.MAX_SAFE_INTEGER).optional(),
  HARVEST: bool.default(true),
  HARVEST_RETRY_SECONDS: int(1, 86_400).default(60),
  HARVEST_LEASE_SECONDS: int(5, 3600).default(60),
  HARVEST_STANDBY_SECONDS: int(1, 3600).default(15),

  REPLAY_HOST: z.string().trim().default('127.0.0.1'),
  REPLAY_PORT: int(0, 65_535).default(0),
  /**
   * OCDS files (comma-separated paths: release or record packages, bare releases or records, JSON arrays,
   * JSON Lines, gzip) the embedded replay serves as the procurement upstream instead of its own data.
   */
  REPLAY_OCDS_FILES: fileList,
  ...EDGE_ENV,
});

export type { SourceKey } from './catalog.js';
export type { HttpPolicy, PolicyDefaults, SourcePolicy } from './policy.js';

/** Whether a URL carries a user name or password (`http://user:password@host/`). */
function hasCredentials(url: string): boolean {
  try {
    const u = new URL(url);
    return u.username !== '' || u.password !== '';
  } catch {
    return false;
  }
}

/**
 * An upstream's base URL. Credentials in it are refused rather than stripped: every value carries its
 * upstream URL to clients (`freshness.url`), no upstream is documented to take them there, and a
 * stripped URL would only fail later as `UPSTREAM_AUTH`. A token goes in its own setting.
 */
const upstreamUrl = httpUrl.refine(
  (url) => !hasCredentials(url),
  'an http(s) URL without a user name or password: upstream URLs are shown to clients in freshness.url',
);

/** The policy variables every source reads, after its prefix (`<PREFIX>URL`, …). */
function sourceSchema(d: PolicyDefaults) {
  return z.object({
    URL: upstreamUrl.optional(),
    MAX_AGE_SECONDS: int(1, 31_536_000).default(d.maxAgeSeconds),
    SWR_SECONDS: int(0, 2_592_000).default(d.swrSeconds),
    SIE_SECONDS: int(0, 31_536_000).default(d.sieSeconds),
    CONCURRENCY: int(1, 256).default(d.concurrency),
    QUEUE: int(0, 10_000).default(d.queue),
    RATE_PER_SECOND: int(0, 10_000).default(d.ratePerSecond),
  });
}

/** The limits one gateway enforces (docs/reliability.md "Limits"; set from `LIMIT_*` in the environment). */
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
  /** Cost of a field given a `search` argument (a name search), in place of an ordinary field's 1. */
  readonly costSearch: number;
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
  /** How validated operations are executed (src/http/execute.ts). */
  readonly execution: 'compiled' | 'interpreted';
  /** Runs of a document through graphql-js before it is compiled at its next (`compiled` only). */
  readonly executionCompileAfter: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  readonly http: HttpPolicy;
  readonly cache: { readonly maxEntries: number; readonly maxBytes: number };
  /** The whole-response cache (`RESPONSE_CACHE_*`; 0 turns it off). */
  readonly responseCache: { readonly maxEntries: number; readonly maxBytes: number };
  /** Longest one GraphQL request may wait for upstreams; fields still waiting then are null. */
  readonly operationBudgetMs: number;
  /** Operation limits, checked before execution (docs/reliability.md "Limits"). */
  readonly limits: OperationLimits;
  /** Each source's policy and own settings, by catalog key (`src/catalog.ts`). */
  readonly sources: { readonly [K in SourceKey]: SourceConfig<K> };
  /** At shutdown, how long requests in flight may take to finish before their connections are closed. */
  readonly shutdownGraceMs: number;
  /** The gateway's own HTTP server: its timeouts and connection caps (`HTTP_*`). */
  readonly server: ServerSettings;
  readonly replay: {
    readonly host: string;
    readonly port: number;
    /** Files the embedded replay serves as the procurement upstream; null: its own embedded data. */
    readonly ocdsFiles: readonly string[] | null;
  };
  /** The store and its harvesters (docs/store.md). */
  readonly store: StoreConfig;
  /** Shared Redis, metrics, CORS, API keys, per-client limits, proxies (`config-edge.ts`). */
  readonly edge: EdgeConfig;
}

/** Timeouts and caps of the gateway's HTTP server (docs/reliability.md "Connections"). */
export interface ServerSettings {
  /** Longest from a connection's start, or a request's first byte, to the end of its headers. */
  readonly headersTimeoutMs: number;
  /** Longest from a request's first byte to the end of its body. */
  readonly requestTimeoutMs: number;
  /** How long a connection is kept open after its last answer, waiting for another request. */
  readonly keepAliveTimeoutMs: number;
  /** Connections open at most (`server.maxConnections`); more are refused at accept. */
  readonly maxConnections: number;
  /** Connections with no request in progress kept at most; past it, the oldest idle one is closed. */
  readonly maxIdleConnections: number;
}

/** Where harvested data is kept, and how harvesting is paced (docs/store.md). */
export interface StoreConfig {
  /** Folder of the SQLite store (`DATA_DIR`), used when `databaseUrl` is unset. */
  readonly dataDir: string;
  /** PostgreSQL connection URL (`DATABASE_URL`): replicas share one store and one harvest. */
  readonly databaseUrl: string | undefined;
  /** Largest size of the SQLite file (`STORE_MAX_BYTES`); past it harvesting stops, serving goes on. */
  readonly maxBytes: number | undefined;
  /**
   * False (`HARVEST=false`): this process never harvests; it serves what the store holds (a query-only
   * replica beside one that harvests into the same PostgreSQL). Lookups by id still read through.
   */
  readonly harvest: boolean;
  /** After a failed harvest pass, how long until the next try. */
  readonly retryMs: number;
  /** How long a harvest lease lasts unless renewed (a replica that dies frees it after this). */
  readonly leaseTtlMs: number;
  /** How often a replica that does not harvest a source looks whether its lease lapsed. */
  readonly standbyMs: number;
}

/** One source's configuration: its policy and its own settings (see its descriptor, `src/sources/<name>/descriptor.ts`). */
export type SourceConfig<K extends SourceKey> = SourcePolicy & SourceExtras<K>;

/** A configuration problem, worded for the person starting the gateway. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Variables whose value is never repeated in a message. */
const SECRET_VARIABLES = new Set(['DATABASE_URL', ...EDGE_SECRETS]);
/** Variables named as secrets (a token, a password, a key): their value is never repeated either. */
const SECRET_NAME = /_(TOKEN|PASSWORD|SECRET|KEY)$/;

/**
 * A bad value as a start-up error repeats it: never a secret's, and never a URL's credentials (a value
 * that does not parse as a URL but holds `@` may hide them too).
 */
function shownValue(name: string, value: string): string {
  if (SECRET_VARIABLES.has(name) || SECRET_NAME.test(name)) return 'a value that is not one';
  if (name.endsWith('_URL') && (hasCredentials(value) || (value.includes('@') && !URL.canParse(value))))
    return 'a URL with credentials, not repeated here';
  return JSON.stringify(value);
}

/** Reads and validates the configuration from an environment (by default `process.env`). */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  // Empty strings count as unset, so `PORT= npm start` behaves like `npm start`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const lines: string[] = [];
  const describe = (prefix: string) => (issue: z.core.$ZodIssue) => {
    const name = `${prefix}${issue.path.join('.')}`;
    const got = shownValue(name, env[name] ?? '');
    lines.push(`${name} must be ${issue.message.replace(/^Invalid input: /, '')} (got ${got}).`);
  };
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) parsed.error.issues.forEach(describe(''));
  const sources: Partial<Record<SourceKey, SourcePolicy>> = {};
  for (const d of CATALOG) {
    const prefix = d.envPrefix;
    const own = Object.fromEntries(
      Object.entries(present)
        .filter(([name]) => name.startsWith(prefix))
        .map(([name, value]) => [name.slice(prefix.length), value]),
    );
    const p = sourceSchema(d.defaults).safeParse(own);
    if (!p.success) p.error.issues.forEach(describe(prefix));
    const x = d.extras.safeParse(present);
    if (!x.success) x.error.issues.forEach(describe(''));
    if (p.success && x.success)
      sources[d.key] = {
        url: p.data.URL,
        maxAgeSeconds: p.data.MAX_AGE_SECONDS,
        staleWhileRevalidateSeconds: p.data.SWR_SECONDS,
        staleIfErrorSeconds: p.data.SIE_SECONDS,
        concurrency: p.data.CONCURRENCY,
        queue: p.data.QUEUE,
        ratePerSecond: p.data.RATE_PER_SECOND,
        ...x.data,
      };
  }
  if (parsed.success) lines.push(...serverSettingProblems(parsed.data), ...edgeProblems(parsed.data));
  if (!parsed.success || lines.length > 0) throw new ConfigError(`Invalid configuration: ${lines.join(' ')}`);
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    production: e.NODE_ENV === 'production',
    introspection: e.INTROSPECTION,
    execution: e.EXECUTION,
    executionCompileAfter: e.EXECUTION_COMPILE_AFTER,
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
      costSearch: e.LIMIT_COST_SEARCH,
      mode: e.LIMIT_MODE,
    },
    // Every catalog entry was parsed above, or the configuration was refused.
    sources: sources as Config['sources'],
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    server: {
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: e.HTTP_MAX_CONNECTIONS,
      maxIdleConnections: e.HTTP_MAX_IDLE_CONNECTIONS,
    },
    replay: { host: e.REPLAY_HOST, port: e.REPLAY_PORT, ocdsFiles: e.REPLAY_OCDS_FILES },
    store: {
      dataDir: e.DATA_DIR,
      databaseUrl: e.DATABASE_URL,
      maxBytes: e.STORE_MAX_BYTES,
      harvest: e.HARVEST,
      retryMs: e.HARVEST_RETRY_SECONDS * 1000,
      leaseTtlMs: e.HARVEST_LEASE_SECONDS * 1000,
      standbyMs: e.HARVEST_STANDBY_SECONDS * 1000,
    },
    edge: edgeConfig(e),
  };
}

/** Server settings that are each valid but do not fit together, as sentences. */
function serverSettingProblems(e: z.infer<typeof EnvSchema>): string[] {
  const problems: string[] = [];
  // node:http refuses a headers timeout longer than the request timeout it is part of.
  if (e.HTTP_HEADERS_TIMEOUT_MS > e.HTTP_REQUEST_TIMEOUT_MS)
    problems.push(
      `HTTP_HEADERS_TIMEOUT_MS must be at most HTTP_REQUEST_TIMEOUT_MS (got ${e.HTTP_HEADERS_TIMEOUT_MS} and ${e.HTTP_REQUEST_TIMEOUT_MS}).`,
    );
  // Idle connections must leave room below the cap, or a new client could find none.
  if (e.HTTP_MAX_IDLE_CONNECTIONS >= e.HTTP_MAX_CONNECTIONS)
    problems.push(
      `HTTP_MAX_IDLE_CONNECTIONS must be below HTTP_MAX_CONNECTIONS (got ${e.HTTP_MAX_IDLE_CONNECTIONS} and ${e.HTTP_MAX_CONNECTIONS}).`,
    );
  return problems;
}

import { CATALOG, descriptorOf, type ClientOf, type SourceKey } from './catalog.js';
import type { Config } from './config.js';
import type { GatewayContext, SourceStatusView } from './context.js';
import type { Endpoints } from './embedded.js';
import { FreshnessCollector } from './freshness/index.js';
import type { Logger } from './log.js';
import type { Freshness, SourceName } from './domain/index.js';
import { DataPlane } from './plane.js';
import { REDIS_OFF, RedisUpstream, type SharedRedis } from './redis/index.js';
import type { Store } from './store/index.js';
import type { HarvestScheduler } from './sync/index.js';
import {
  HttpClient,
  RequestAborted,
  UpstreamCache,
  UpstreamSource,
  asClient,
  asTraced,
  budgetOf,
  currentTrace,
  inRequest,
  type AttemptReport,
  type RequestTrace,
} from './upstream/index.js';

/** One client request's hold on the upstreams (see `Gateway.beginRequest`). */
export interface OperationScope {
  /** Runs the request's execution inside the scope: its upstream waits obey the signal. */
  run<T>(fn: () => T): T;
  /** The client went away: stop waiting, abort upstream calls nobody else waits for. */
  clientGone(): void;
  /** The response is written: release the budget timer. */
  end(): void;
  readonly signal: AbortSignal;
}

/** What the gateway tells of its upstream work, for metrics and debug logs (`src/server.ts` wires it). */
export interface UpstreamWatch {
  /** Every upstream attempt, fetch or download, as it ends. */
  readonly attempt?: (report: AttemptReport) => void;
  /** How each cached fetch was served, and for which request (`undefined`: background work). */
  readonly served?: (freshness: Freshness, trace: RequestTrace | undefined) => void;
  /** Each look at the cache shared by replicas (`REDIS_URL`): whether another replica's entry was there. */
  readonly sharedLookup?: (outcome: 'hit' | 'miss') => void;
}

/** One source as the gateway runs it: its upstream (policies, cache, health) and its client. */
export interface WiredSource<K extends SourceKey> {
  readonly source: UpstreamSource;
  readonly client: ClientOf<K>;
  /** True when the embedded replay server serves it. */
  readonly embedded: boolean;
}

/** Every wired source, by catalog key. */
export type WiredSources = { readonly [K in SourceKey]: WiredSource<K> };

/** Longest delay a Node timer takes (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Everything below the HTTP server: the shared cache, the HTTP client and, for every source of the catalog,
 * one `UpstreamSource` and the client its descriptor builds on it. Long-lived; `context()` makes the
 * per-request part.
 */
export class Gateway {
  readonly http: HttpClient;
  readonly cache: UpstreamCache;
  /** Every source's upstream and client, by catalog key. */
  readonly upstreams: WiredSources;
  /** The harvesters' loops, leases and status. */
  readonly harvests: HarvestScheduler;
  /** The harvesters and the store-backed reads (`src/plane.ts`). */
  readonly plane: DataPlane;

  constructor(
    readonly config: Config,
    /** Where each source is read from, after the embedded replay server filled in unset URLs. */
    endpoints: Endpoints,
    readonly log: Logger,
    /** The open store (`Store.open`); the gateway closes it. */
    readonly store: Store,
    watch: UpstreamWatch = {},
    /** The Redis replicas share (`REDIS_URL`), or null; the caller closes it. */
    readonly redis: SharedRedis | null = null,
  ) {
    this.http = new HttpClient(config.http, watch.attempt);
    this.cache = new UpstreamCache(config.cache);
    const shared = redis === null ? null : new RedisUpstream(redis, watch.sharedLookup);
    const wire = <K extends SourceKey>(key: K, name: UpstreamSource['name']): WiredSource<K> => {
      const { url, embedded, recording } = endpoints[key];
      const source = new UpstreamSource({
        name,
        baseUrl: new URL(url),
        policy: config.sources[key],
        http: this.http,
        cache: this.cache,
        httpPolicy: config.http,
        recording,
        onServed: watch.served && ((f) => watch.served?.(f, currentTrace())),
        shared,
      });
      return { source, client: descriptorOf(key).client(source, config.sources[key]), embedded };
    };
    this.upstreams = Object.fromEntries(CATALOG.map((d) => [d.key, wire(d.key, d.name)])) as WiredSources;
    this.plane = new DataPlane({ config, store, log, sources: this.upstreams });
    this.harvests = this.plane.harvests;
  }

  #refresh: NodeJS.Timeout | null = null;

  /**
   * Starts the harvesters and builds the register index from the store without waiting for the first
   * query. The harvest schedule refreshes the register (a conditional GET every max-age, the index rebuilt
   * after a pass that changed the store). A replica that does not harvest still looks at the register
   * every max-age: its index follows what another replica stored, or, while nothing is stored, the dump
   * read live (the refresh runs in the background; queries keep the old index).
   */
  warm(): void {
    this.harvests.start();
    this.plane.warm();
    if (this.config.store.harvest) return;
    const every = Math.min(this.config.sources.registry.maxAgeSeconds * 1000 + 1000, MAX_TIMER_MS);
    this.#refresh ??= setInterval(() => {
      this.plane.registry.index().catch(() => undefined);
    }, every);
    this.#refresh.unref();
  }

  /**
   * Starts one client request's scope: its upstream waits end when the whole-operation budget
   * (`OPERATION_BUDGET_MS`) runs out, the fields still waiting becoming null with UPSTREAM_TIMEOUT, or
   * when the client goes away; an upstream call no other request waits for is then aborted. Its upstream
   * calls wait in each source's queue in `client`'s lane (src/upstream/fair-queue.ts), and carry `trace`'s
   * request id and trace context to the upstream (src/upstream/http.ts).
   */
  beginRequest(client?: string, trace?: RequestTrace): OperationScope {
    const stop = new AbortController();
    const budgetMs = this.config.operationBudgetMs;
    const budget = budgetOf(budgetMs);
    const timer = setTimeout(() => stop.abort(new RequestAborted('budget', budgetMs)), budgetMs);
    return {
      signal: stop.signal,
      run: (fn) => {
        const traced = trace === undefined ? fn : () => asTraced(trace, fn);
        return inRequest(stop.signal, client === undefined ? traced : () => asClient(client, traced), budget);
      },
      clientGone: () => stop.abort(new RequestAborted('client-gone', budgetMs)),
      end: () => clearTimeout(timer),
    };
  }

  /** A fresh request context: new loaders (per-request dedup) and a new freshness collector. */
  context(): GatewayContext {
    return {
      loaders: this.plane.loaders(),
      freshness: new FreshnessCollector(),
      sources: () => this.sources(),
      dataQuality: (source) => this.plane.dataQuality(source),
    };
  }

  /** Health of every upstream. */
  sources(): readonly SourceStatusView[] {
    const redis = this.redis?.state ?? REDIS_OFF;
    const sharedCache = {
      state: redis.state === 'up' ? 'UP' : redis.state === 'down' ? 'DOWN' : 'OFF',
      since: redis.since,
      lastError: redis.lastError,
    } as const;
    return CATALOG.map(({ key }) => this.upstreams[key]).map(({ source, embedded }) => ({
      ...source.health(),
      embedded,
      maxAgeSeconds: source.policy.maxAgeSeconds,
      harvest: this.harvests.lastStatus(source.name),
      sharedCache,
    }));
  }

  /**
   * Ready when every source can serve its data: a harvested source once its store can answer (a pass has
   * completed, or the first one is running: see `#harvestReady` and docs/store.md); any other source by
   * its descriptor's `ready` probe. Per source, for tools and tests that wait for the data; `/readyz`
   * never asks it (src/http/readiness.ts says why).
   */
  async ready(): Promise<{ ready: boolean; sources: Record<string, string> }> {
    const results = await Promise.all(
      CATALOG.map(async ({ key, name }) => {
        try {
          const { client, source } = this.upstreams[key];
          const own = this.plane.readiness(name);
          if (own !== null) await own();
          else if (this.harvests.harvests(name)) await this.#harvestReady(name);
          else await descriptorOf(key).ready(client, source);
          return [name, 'ok'] as const;
        } catch (thrown: unknown) {
          const code =
            typeof thrown === 'object' && thrown !== null && 'code' in thrown
              ? String(thrown.code)
              : 'UNKNOWN';
          return [name, code] as const;
        }
      }),
    );
    return { ready: results.every(([, state]) => state === 'ok'), sources: Object.fromEntries(results) };
  }

  /**
   * A harvested source is ready once its store can answer: a pass has completed, or the first one is
   * running (its lists say they are partial). Not ready while nothing has started, or when the first pass
   * failed or the store is full before any completed.
   */
  async #harvestReady(name: SourceName): Promise<void> {
    const read = await this.harvests.status(name);
    const status = read?.status;
    if (status === undefined || status.complete || status.state === 'RUNNING') return;
    const code = status.state === 'PENDING' ? 'HARVEST_PENDING' : `HARVEST_${status.state}`;
    throw Object.assign(new Error(status.lastError ?? code), { code });
  }

  async close(): Promise<void> {
    if (this.#refresh !== null) clearInterval(this.#refresh);
    await this.harvests.stop();
    this.cache.clear();
    await this.http.close();
    await this.store.close();
  }
}

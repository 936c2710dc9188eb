import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { SourceStatusView } from './context.js';
import type { DataQuality, Freshness, HarvestStatus, SourceName } from './domain/index.js';
import type { Outcome } from './http/observe.js';

/**
 * The gateway's Prometheus metrics (`GET /metrics`, `METRICS`): requests by operation and outcome,
 * upstream attempts by source and status, cache lookups by layer and state, and gauges read at scrape
 * time from state the gateway already keeps. Each running gateway has its own registry, so that two in
 * one process never mix their counts; the process metrics (CPU, memory, event loop, garbage collection)
 * are the process's, registered once and shown by every gateway in it. Every metric is listed in
 * docs/operations.md "Metrics".
 */

/** What the gauges read at scrape time: functions the gateway already has for `Query.sources`. */
export interface MetricsState {
  /** Every source's health, with its last harvest status as held in memory (`Gateway.sources`). */
  sources(): readonly SourceStatusView[];
  /** A source's harvest status read from the store (`HarvestScheduler.status`); `null`: not harvested. */
  harvest(source: SourceName): Promise<HarvestStatus | null>;
  /** What a harvested feed left out (`DataPlane.dataQuality`); `null`: no such checks for the source. */
  dataQuality(source: SourceName): Promise<DataQuality | null>;
  /** The upstream cache's size (`UpstreamCache.stats`). */
  upstreamCache(): { readonly entries: number; readonly bytes: number };
  /** The whole-response cache's size (`ResponseCache.stats`). */
  responseCache(): { readonly entries: number; readonly bytes: number };
}

/** The caches whose lookups `tg_cache_requests_total` counts. */
export type CacheLayer = 'upstream' | 'response' | 'redis' | 'redis_response';

/** Counts one cache lookup: how the shared Redis layer reports its own (`layer="redis"`). */
export type CacheCounter = (layer: CacheLayer, state: string) => void;

/** Operation names kept as labels at most; any further name is `other`. */
export const MAX_OPERATION_LABELS = 100;

/** Longest a scrape waits for one store read before keeping the value it read last time. */
export const STORE_READ_BOUND_MS = 500;

/** Upstream statuses kept as they are; any other is its class (`2xx`, `3xx`, `4xx`, `5xx`). */
const NAMED_STATUSES = new Set([200, 204, 206, 304, 400, 401, 403, 404, 408, 410, 429]);

/** An upstream attempt's `status` label: its HTTP status (or class), or the error code when none came. */
export function upstreamStatusLabel(status: number | null, code: string | null): string {
  if (status === null) return (code ?? 'UNKNOWN').replace(/^UPSTREAM_/, '');
  if (status >= 500) return '5xx';
  return NAMED_STATUSES.has(status) ? String(status) : `${Math.floor(status / 100)}xx`;
}

/** Breaker states as numbers, in order of trouble. */
const BREAKER: Readonly<Record<SourceStatusView['breaker'], number>> = { closed: 0, halfOpen: 1, open: 2 };

let processRegistry: Registry | null = null;

/** The process metrics, registered once per process (their collectors are process-wide and never stop). */
function processMetrics(): Registry {
  if (processRegistry === null) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** One gateway's metrics. */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'operation' | 'outcome'>;
  readonly #requestSeconds: Histogram<'operation' | 'outcome'>;
  readonly #upstream: Counter<'source' | 'status'>;
  readonly #upstreamSeconds: Histogram<'source'>;
  readonly #cache: Counter<'layer' | 'state'>;
  readonly #executions: Counter<'executor'>;
  /** Operation names admitted as labels: the shipped examples' first, then the first others seen. */
  readonly #operations: Set<string>;
  /** The last store reads that succeeded, kept when a scrape's read fails or takes too long. */
  readonly #harvests = new Map<SourceName, HarvestStatus>();
  readonly #quarantined = new Map<SourceName, number>();
  #reading: Promise<void> | null = null;

  constructor(
    private readonly state: MetricsState,
    /** The operation names of the shipped example queries, always labels of their own. */
    knownOperations: readonly string[] = [],
  ) {
    this.#operations = new Set(knownOperations.slice(0, MAX_OPERATION_LABELS));
    const registers = [this.registry];
    this.#requests = new Counter({
      name: 'tg_http_requests_total',
      help: 'GraphQL requests answered, by operation name and outcome.',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.#requestSeconds = new Histogram({
      name: 'tg_http_request_duration_seconds',
      help: 'Time from a GraphQL request arriving to its answer being written, by operation and outcome.',
      labelNames: ['operation', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
      registers,
    });
    this.#upstream = new Counter({
      name: 'tg_upstream_requests_total',
      help: 'Upstream attempts (each retry counts), by source and HTTP status, or error code when none came.',
      labelNames: ['source', 'status'],
      registers,
    });
    this.#upstreamSeconds = new Histogram({
      name: 'tg_upstream_request_duration_seconds',
      help: 'Time of one upstream attempt, body included, by source.',
      labelNames: ['source'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120, 600],
      registers,
    });
    this.#cache = new Counter({
      name: 'tg_cache_requests_total',
      help: 'Cache lookups by layer (upstream, response, redis, redis_response) and the state they ended in.',
      labelNames: ['layer', 'state'],
      registers,
    });
    this.#executions = new Counter({
      name: 'tg_graphql_executions_total',
      help: 'Operations executed, by executor: compiled (graphql-jit) or interpreted (graphql-js).',
      labelNames: ['executor'],
      registers,
    });
    this.#gauges(registers);
  }

  /** Counts one operation executed (src/http/execute.ts); bound, so that it can be handed on. */
  readonly execution = (executor: 'compiled' | 'interpreted'): void => {
    this.#executions.inc({ executor });
  };

  /** Counts one GraphQL request and its duration. */
  request(operation: string | null, outcome: Outcome, seconds: number): void {
    // A request refused before it was validated does not give its name a label of its own.
    const labels = { operation: this.operationLabel(operation, outcome !== 'refused'), outcome };
    this.#requests.inc(labels);
    this.#requestSeconds.observe(labels, seconds);
  }

  /** Counts one upstream attempt (`HttpClient`'s `onAttempt`). */
  upstream(source: SourceName, status: number | null, code: string | null, seconds: number): void {
    this.#upstream.inc({ source, status: upstreamStatusLabel(status, code) });
    this.#upstreamSeconds.observe({ source }, seconds);
  }

  /** Counts one cache lookup; bound, so that it can be handed on as a `CacheCounter`. */
  readonly cacheRequest: CacheCounter = (layer, state) => {
    this.#cache.inc({ layer, state });
  };

  /** How an upstream fetch was served: `layer="upstream"` with the freshness's `cache` value. */
  served(freshness: Freshness): void {
    this.cacheRequest('upstream', freshness.cache);
  }

  /** The `operation` label: bounded, so that clients cannot grow the series without end. */
  operationLabel(name: string | null, admit = true): string {
    if (name === null) return 'anonymous';
    if (this.#operations.has(name)) return name;
    if (!admit || this.#operations.size >= MAX_OPERATION_LABELS) return 'other';
    this.#operations.add(name);
    return name;
  }

  /** The text exposition of this gateway's metrics and the process's. */
  async text(): Promise<string> {
    return (await this.registry.metrics()) + (await processMetrics().metrics());
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Unregisters every metric of this gateway (the process metrics stay for the others). */
  close(): void {
    this.registry.clear();
  }

  #gauges(registers: Registry[]): void {
    // Every gauge's `collect` waits for one shared read of the state per scrape (`#read`).
    const read = (): Promise<void> => this.#read();
    const sources = (): readonly SourceStatusView[] => this.state.sources();
    const bySource = (
      name: string,
      help: string,
      value: (view: SourceStatusView, now: number) => number | null,
    ): void => {
      new Gauge({
        name,
        help,
        labelNames: ['source'],
        registers,
        async collect() {
          await read();
          this.reset();
          const now = Date.now();
          for (const view of sources()) {
            const v = value(view, now);
            if (v !== null) this.set({ source: view.name }, v);
          }
        },
      });
    };
    const harvest = (view: SourceStatusView) => this.#harvests.get(view.name) ?? view.harvest;
    bySource(
      'tg_breaker_state',
      'Circuit breaker per source: 0 closed, 1 half-open, 2 open.',
      (v) => BREAKER[v.breaker],
    );
    bySource(
      'tg_harvest_records',
      'Records read by the harvest pass running now, or by the last one.',
      (v) => harvest(v)?.records ?? null,
    );
    bySource(
      'tg_harvest_complete',
      '1 once a harvest pass has completed (the store holds the whole publication).',
      (v) => {
        const h = harvest(v);
        return h === null ? null : h.complete ? 1 : 0;
      },
    );
    bySource('tg_harvest_lag_seconds', 'Seconds since the last harvest pass completed.', (v, now) => {
      const at = harvest(v)?.completedAt ?? null;
      return at === null ? null : Math.max(0, (now - at) / 1000);
    });
    bySource(
      'tg_quarantined_records',
      'Releases the harvest left out because they cannot be used (kept in quarantine with why).',
      (v) => this.#quarantined.get(v.name) ?? null,
    );
    bySource(
      'tg_source_freshness_age_seconds',
      'Age of the newest value the source gave: its last successful call, or the harvest confirming the store.',
      (v, now) => {
        const newest = Math.max(v.lastSuccessAt ?? -Infinity, harvest(v)?.confirmedAt ?? -Infinity);
        return newest === -Infinity ? null : Math.max(0, (now - newest) / 1000);
      },
    );
    const size = (name: string, help: string, read: () => number): void => {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    };
    size(
      'tg_upstream_cache_entries',
      'Entries held in the upstream cache.',
      () => this.state.upstreamCache().entries,
    );
    size(
      'tg_upstream_cache_bytes',
      'Estimated bytes held in the upstream cache.',
      () => this.state.upstreamCache().bytes,
    );
    size(
      'tg_response_cache_entries',
      'Answers held in the whole-response cache.',
      () => this.state.responseCache().entries,
    );
    size(
      'tg_response_cache_bytes',
      'Bytes held in the whole-response cache.',
      () => this.state.responseCache().bytes,
    );
    new Gauge({
      name: 'tg_shared_redis_up',
      help: '1 while the Redis replicas share (REDIS_URL) is in use, 0 while it is down; absent without REDIS_URL.',
      registers,
      collect() {
        this.reset();
        const state = sources()[0]?.sharedCache.state;
        if (state === 'UP') this.set(1);
        else if (state === 'DOWN') this.set(0);
      },
    });
  }

  /**
   * Reads what the gauges need from the store, once per scrape however many gauges ask: each read bounded
   * by `STORE_READ_BOUND_MS`, a failed or slow one leaving the last value read.
   */
  #read(): Promise<void> {
    this.#reading ??= (async () => {
      const names = this.state.sources().map((v) => v.name);
      await Promise.all(
        names.flatMap((name) => [
          bounded(this.state.harvest(name)).then(
            (status) => {
              if (status === null) this.#harvests.delete(name);
              else this.#harvests.set(name, status);
            },
            () => undefined,
          ),
          bounded(this.state.dataQuality(name)).then(
            (quality) => {
              if (quality === null) this.#quarantined.delete(name);
              else this.#quarantined.set(name, quality.quarantined);
            },
            () => undefined,
          ),
        ]),
      );
    })().finally(() => {
      this.#reading = null;
    });
    return this.#reading;
  }
}

/** `work`, or a rejection once `STORE_READ_BOUND_MS` has passed (the work itself goes on). */
function bounded<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('The store read took too long.')), STORE_READ_BOUND_MS);
  });
  work.catch(() => undefined);
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

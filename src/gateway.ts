import type { Config, SourcePolicy } from './config.js';
import type { GatewayContext, SourceStatusView } from './context.js';
import type { SourceName } from './domain/freshness.js';
import { FreshnessCollector } from './freshness/index.js';
import type { Logger } from './log.js';
import { EitiClient, EitiMongoliaClient, createEitiLoaders } from './sources/eiti/index.js';
import { InvestmentClient, createInvestmentLoaders } from './sources/investment/index.js';
import { ProcurementClient, createProcurementLoaders } from './sources/procurement/index.js';
import { RegistrySource, createRegistryLoaders } from './sources/registry/index.js';
import { TenderMnClient } from './sources/tender-mn/index.js';
import { HttpClient, RequestAborted, UpstreamCache, UpstreamSource, inRequest } from './upstream/index.js';

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

/** Longest delay a Node timer takes (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

/** Base URL of each upstream. */
export interface GatewayUrls {
  readonly procurement: string;
  readonly registry: string;
  readonly eiti: string;
  readonly eitiMongolia: string;
  readonly tenderMn: string;
  readonly investment: string;
}

/**
 * Everything below the HTTP server: the shared cache, the HTTP client and one `UpstreamSource` plus
 * client per upstream. Long-lived; `context()` makes the per-request part.
 */
export class Gateway {
  readonly http: HttpClient;
  readonly cache: UpstreamCache;
  readonly procurement: { readonly source: UpstreamSource; readonly client: ProcurementClient };
  readonly registry: { readonly source: UpstreamSource; readonly client: RegistrySource };
  readonly eiti: { readonly source: UpstreamSource; readonly client: EitiClient };
  readonly eitiMongolia: { readonly source: UpstreamSource; readonly client: EitiMongoliaClient };
  readonly tenderMn: { readonly source: UpstreamSource; readonly client: TenderMnClient };
  readonly investment: { readonly source: UpstreamSource; readonly client: InvestmentClient };
  readonly #upstreams: readonly { readonly source: UpstreamSource; readonly embedded: boolean }[];

  constructor(
    readonly config: Config,
    /** Base URLs actually used, after the embedded replay server filled in unset ones. */
    urls: GatewayUrls,
    embedded: Readonly<Record<keyof GatewayUrls, boolean>>,
    readonly log: Logger,
  ) {
    this.http = new HttpClient(config.http);
    this.cache = new UpstreamCache(config.cache);
    const s = config.sources;
    const upstream = (name: SourceName, url: string, policy: SourcePolicy) =>
      new UpstreamSource({
        name,
        baseUrl: new URL(url),
        policy,
        http: this.http,
        cache: this.cache,
        httpPolicy: config.http,
      });
    const procurement = upstream('PROCUREMENT', urls.procurement, s.procurement);
    const registry = upstream('REGISTRY', urls.registry, s.registry);
    const eiti = upstream('EITI', urls.eiti, s.eiti);
    const eitiMongolia = upstream('EITI_MONGOLIA', urls.eitiMongolia, s.eitiMongolia);
    const tenderMn = upstream('TENDER_MN', urls.tenderMn, s.tenderMn);
    const investment = upstream('INVESTMENT', urls.investment, s.investment);
    this.procurement = {
      source: procurement,
      client: new ProcurementClient(procurement, s.procurement.pageSize),
    };
    this.registry = { source: registry, client: new RegistrySource(registry, s.registry) };
    this.eiti = { source: eiti, client: new EitiClient(eiti) };
    this.eitiMongolia = { source: eitiMongolia, client: new EitiMongoliaClient(eitiMongolia) };
    this.tenderMn = { source: tenderMn, client: new TenderMnClient(tenderMn, s.tenderMn) };
    this.investment = { source: investment, client: new InvestmentClient(investment) };
    this.#upstreams = [
      { source: procurement, embedded: embedded.procurement },
      { source: registry, embedded: embedded.registry },
      { source: eiti, embedded: embedded.eiti },
      { source: eitiMongolia, embedded: embedded.eitiMongolia },
      { source: tenderMn, embedded: embedded.tenderMn },
      { source: investment, embedded: embedded.investment },
    ];
  }

  #refresh: NodeJS.Timeout | null = null;

  /**
   * Starts loading the bulk data (the register index) without waiting for the first query, and looks at
   * it again every max-age, so the daily dump is refreshed on a schedule rather than only when a query
   * happens to find it old (the refresh itself runs in the background; queries keep the old index).
   */
  warm(): void {
    this.registry.client.warm();
    const every = Math.min(this.config.sources.registry.maxAgeSeconds * 1000 + 1000, MAX_TIMER_MS);
    this.#refresh ??= setInterval(() => {
      this.registry.client.index().catch(() => undefined);
    }, every);
    this.#refresh.unref();
  }

  /**
   * Starts one client request's scope: its upstream waits end when the whole-operation budget
   * (`OPERATION_BUDGET_MS`) runs out, the fields still waiting becoming null with UPSTREAM_TIMEOUT, or
   * when the client goes away; an upstream call no other request waits for is then aborted.
   */
  beginRequest(): OperationScope {
    const stop = new AbortController();
    const budgetMs = this.config.operationBudgetMs;
    const timer = setTimeout(() => stop.abort(new RequestAborted('budget', budgetMs)), budgetMs);
    return {
      signal: stop.signal,
      run: (fn) => inRequest(stop.signal, fn),
      clientGone: () => stop.abort(new RequestAborted('client-gone', budgetMs)),
      end: () => clearTimeout(timer),
    };
  }

  /** A fresh request context: new loaders (per-request dedup) and a new freshness collector. */
  context(): GatewayContext {
    return {
      loaders: {
        procurement: createProcurementLoaders(this.procurement.client, this.tenderMn.client),
        registry: createRegistryLoaders(this.registry.client),
        eiti: createEitiLoaders(this.eiti.client, this.eitiMongolia.client),
        investment: createInvestmentLoaders(this.investment.client),
      },
      freshness: new FreshnessCollector(),
      sources: () => this.sources(),
    };
  }

  /** Health of every upstream. */
  sources(): readonly SourceStatusView[] {
    return this.#upstreams.map(({ source, embedded }) => ({
      ...source.health(),
      embedded,
      maxAgeSeconds: source.policy.maxAgeSeconds,
    }));
  }

  /**
   * Ready when every source can serve its bulk data, from the upstream or from the cache: the
   * procurement listings, the register index, the EITI organisation index, EITI Mongolia's lists and
   * the investment projects.
   */
  async ready(): Promise<{ ready: boolean; sources: Record<string, string> }> {
    const probes: Record<SourceName, () => Promise<unknown>> = {
      // tender.gov.mn is polled at one request a second: readiness must not crawl it, so it counts as
      // ready unless its last call failed after its last success.
      TENDER_MN: () => healthy(this.tenderMn.source),
      INVESTMENT: () => this.investment.client.projects(),
      PROCUREMENT: () => this.procurement.client.processes(),
      REGISTRY: () => this.registry.client.index(),
      EITI: () => this.eiti.client.organisationsByIdentification(),
      EITI_MONGOLIA: () => this.eitiMongolia.client.reportsByRegisterNumber(),
    };
    const results = await Promise.all(
      Object.entries(probes).map(async ([name, probe]) => {
        try {
          await probe();
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

  async close(): Promise<void> {
    if (this.#refresh !== null) clearInterval(this.#refresh);
    this.cache.clear();
    await this.http.close();
  }
}

/** Resolves when the source's last call did not fail after its last success; rejects with its code otherwise. */
function healthy(source: UpstreamSource): Promise<void> {
  const h = source.health();
  if (h.lastErrorAt !== null && (h.lastSuccessAt === null || h.lastErrorAt > h.lastSuccessAt)) {
    return Promise.reject(
      Object.assign(new Error('last call failed'), { code: h.lastErrorCode ?? 'UNKNOWN' }),
    );
  }
  return Promise.resolve();
}

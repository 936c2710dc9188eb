import type { Config } from './config.js';
import type { GatewayContext, SourceStatusView } from './context.js';
import { FreshnessCollector } from './freshness/index.js';
import type { Logger } from './log.js';
import { ProcurementClient, createProcurementLoaders } from './sources/procurement/index.js';
import { HttpClient, UpstreamCache, UpstreamSource } from './upstream/index.js';

/**
 * Everything below the HTTP server: the shared cache, the HTTP client and one `UpstreamSource` plus
 * client per upstream. Long-lived; `context()` makes the per-request part.
 */
export class Gateway {
  readonly http: HttpClient;
  readonly cache: UpstreamCache;
  readonly procurement: { readonly source: UpstreamSource; readonly client: ProcurementClient };

  constructor(
    readonly config: Config,
    /** Base URLs actually used, after the embedded replay server filled in unset ones. */
    urls: { readonly procurement: string },
    private readonly embedded: { readonly procurement: boolean },
    readonly log: Logger,
  ) {
    this.http = new HttpClient(config.http);
    this.cache = new UpstreamCache(config.cache);
    const policy = config.sources.procurement;
    const source = new UpstreamSource(
      'PROCUREMENT',
      new URL(urls.procurement),
      policy,
      this.http,
      this.cache,
      config.http,
    );
    this.procurement = { source, client: new ProcurementClient(source, policy.pageSize) };
  }

  /** A fresh request context: new loaders (per-request dedup) and a new freshness collector. */
  context(): GatewayContext {
    return {
      loaders: { procurement: createProcurementLoaders(this.procurement.client) },
      freshness: new FreshnessCollector(),
      sources: () => this.sources(),
    };
  }

  /** Health of every upstream. */
  sources(): readonly SourceStatusView[] {
    return [
      {
        ...this.procurement.source.health(),
        embedded: this.embedded.procurement,
        maxAgeSeconds: this.config.sources.procurement.maxAgeSeconds,
      },
    ];
  }

  /** Ready when every source can serve its listing, from the upstream or from the cache. */
  async ready(): Promise<{ ready: boolean; sources: Record<string, string> }> {
    try {
      await this.procurement.client.processes();
      return { ready: true, sources: { PROCUREMENT: 'ok' } };
    } catch (thrown: unknown) {
      const code =
        typeof thrown === 'object' && thrown !== null && 'code' in thrown ? String(thrown.code) : 'UNKNOWN';
      return { ready: false, sources: { PROCUREMENT: code } };
    }
  }

  async close(): Promise<void> {
    this.cache.clear();
    await this.http.close();
  }
}

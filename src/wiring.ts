import type { SourceKey } from './catalog.js';
import type { Config } from './config.js';
import type { GatewayContext } from './context.js';
import { EitiClient, EitiMongoliaClient, createEitiLoaders } from './sources/eiti/index.js';
import { InvestmentClient, createInvestmentLoaders } from './sources/investment/index.js';
import { ProcurementClient, createProcurementLoaders } from './sources/procurement/index.js';
import { RegistrySource, createRegistryLoaders } from './sources/registry/index.js';
import { TenderMnClient } from './sources/tender-mn/index.js';
import type { UpstreamSource } from './upstream/index.js';

/**
 * How each source of the catalog (`catalog.ts`) is built on its `UpstreamSource`, and how readiness asks it
 * whether it can serve: the code half of a catalog entry, kept here because the catalog sits below the
 * source modules. The compiler asks for one entry per catalog key. See docs/architecture.md.
 */

/** How one source's client is built and probed. */
interface Wiring<K extends SourceKey, C> {
  client(upstream: UpstreamSource, config: Config['sources'][K]): C;
  /** Settles when the source can (fulfilled) or cannot (rejected, with a `code`) serve its bulk data. */
  ready(client: C, upstream: UpstreamSource): Promise<unknown>;
}

export const WIRING = {
  procurement: {
    client: (upstream, c) => new ProcurementClient(upstream, c.pageSize),
    ready: (client) => client.processes(),
  } satisfies Wiring<'procurement', ProcurementClient>,
  // tender.gov.mn is polled at one request a second: readiness must not crawl it, so it counts as ready
  // unless its last call failed after its last success.
  tenderMn: {
    client: (upstream, c) => new TenderMnClient(upstream, c),
    ready: (_client, upstream) => healthy(upstream),
  } satisfies Wiring<'tenderMn', TenderMnClient>,
  registry: {
    client: (upstream, c) => new RegistrySource(upstream, c),
    ready: (client) => client.index(),
  } satisfies Wiring<'registry', RegistrySource>,
  eiti: {
    client: (upstream) => new EitiClient(upstream),
    ready: (client) => client.organisationsByIdentification(),
  } satisfies Wiring<'eiti', EitiClient>,
  eitiMongolia: {
    client: (upstream) => new EitiMongoliaClient(upstream),
    ready: (client) => client.reportsByRegisterNumber(),
  } satisfies Wiring<'eitiMongolia', EitiMongoliaClient>,
  investment: {
    client: (upstream) => new InvestmentClient(upstream),
    ready: (client) => client.projects(),
  } satisfies Wiring<'investment', InvestmentClient>,
} as const satisfies { readonly [K in SourceKey]: Wiring<K, unknown> };

/** The client type of source `K`. */
export type ClientOf<K extends SourceKey> = ReturnType<(typeof WIRING)[K]['client']>;

/** One wired source: its upstream (policies, cache, health) and its client. */
export interface WiredSource<K extends SourceKey> {
  readonly source: UpstreamSource;
  readonly client: ClientOf<K>;
  /** True when the embedded replay server serves it. */
  readonly embedded: boolean;
}

/** Every wired source, by catalog key. */
export type WiredSources = { readonly [K in SourceKey]: WiredSource<K> };

/** Builds source `key`'s client on its upstream. */
export function buildClient<K extends SourceKey>(
  key: K,
  upstream: UpstreamSource,
  config: Config['sources'][K],
): ClientOf<K> {
  const wiring = WIRING[key] as unknown as Wiring<K, ClientOf<K>>;
  return wiring.client(upstream, config);
}

/** Settles as source `key`'s readiness probe does. */
export function probe<K extends SourceKey>(key: K, wired: WiredSource<K>): Promise<unknown> {
  const wiring = WIRING[key] as unknown as Wiring<K, ClientOf<K>>;
  return wiring.ready(wired.client, wired.source);
}

/** One request's loaders: per-request batching and dedup over the long-lived clients. */
export function createLoaders(w: WiredSources): GatewayContext['loaders'] {
  return {
    procurement: createProcurementLoaders(w.procurement.client, w.tenderMn.client),
    registry: createRegistryLoaders(w.registry.client),
    eiti: createEitiLoaders(w.eiti.client, w.eitiMongolia.client),
    investment: createInvestmentLoaders(w.investment.client),
  };
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

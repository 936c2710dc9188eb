import type { Config } from './config.js';
import type { GatewayContext } from './context.js';
import type { Logger } from './log.js';
import { createLoaders, type WiredClients } from './loaders.js';
import { ProcessStore, type Store } from './store/index.js';
import { HarvestScheduler, ProcessReads, feedHarvester, type Harvester } from './sync/index.js';
import type { UpstreamSource } from './upstream/index.js';

/** What the data plane is built on: every source's upstream and client, the store, the settings. */
export interface PlaneInputs {
  readonly config: Config;
  readonly store: Store;
  readonly log: Logger;
  readonly sources: WiredClients & {
    readonly [K in keyof WiredClients]: { readonly source: UpstreamSource };
  };
}

/**
 * The data plane, assembled: which sources are harvested into the store and by which harvester, the
 * scheduler that runs them, and the reads (store-backed) the request loaders are built on. Adding a
 * harvested source: its harvester in `src/sync/`, one entry in `harvesters` below, and its reads handed
 * to `createLoaders`. See docs/store.md.
 */
export class DataPlane {
  readonly harvests: HarvestScheduler;
  /** The OCDS processes as the store serves them. */
  readonly processes: ProcessReads;

  constructor(private readonly inputs: PlaneInputs) {
    const { config, store, log, sources } = inputs;
    const ocds = sources.procurement;
    const processes = new ProcessStore(store.db, 'OCDS', ocds.source.name);
    const harvesters: Harvester[] = [
      feedHarvester({
        upstream: ocds.source,
        processes,
        pageSize: config.sources.procurement.pageSize,
        http: config.http,
        log,
      }),
    ];
    this.harvests = new HarvestScheduler(store, harvesters, config.store, log);
    this.processes = new ProcessReads({
      upstream: ocds.source,
      processes,
      scheduler: this.harvests,
      live: (ocid) => ocds.client.process(ocid),
      log,
    });
  }

  /** One request's loaders over the store-backed reads and the live clients. */
  loaders(): GatewayContext['loaders'] {
    return createLoaders(this.inputs.sources, { processes: this.processes });
  }
}

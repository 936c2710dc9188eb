import type { Config } from './config.js';
import type { GatewayContext } from './context.js';
import type { Logger } from './log.js';
import { createLoaders, type StoredReads, type WiredClients } from './loaders.js';
import { ProcessStore, QuarantineStore, type Store } from './store/index.js';
import { HarvestScheduler, ProcessReads, feedHarvester, type Harvester } from './sync/index.js';
import { ProjectStore } from './store/index.js';
import { ProjectReads, projectHarvester } from './sync/index.js';
import type { UpstreamSource } from './upstream/index.js';
import { invitationHarvester, invitationLookup, invitationReads } from './sync/index.js';
import { EitiReads, eitiApiHarvester, eitiMongoliaHarvester } from './sync/index.js';
import { EntityStore } from './store/index.js';
import { REGISTER_KIND, RegistryReads, registryHarvester, type RegistryHarvester } from './sync/index.js';

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
  /** The public investment projects as the store serves them. */
  readonly projects: ProjectReads;
  /** The processes of the minted procurement feed (tender.gov.mn's invitations) as the store serves them. */
  readonly mintedProcesses: StoredReads['mintedProcesses'];
  /** The EITI API's and EITI Mongolia's records as the store serves them. */
  readonly eiti: EitiReads;
  /** The register index, built from the harvested register (the live dump where nothing is harvested). */
  readonly registry: RegistryReads;
  /** The register's harvester (what its last pass did). */
  readonly registerHarvester: RegistryHarvester;
  /** The OCDS feed's data quality: releases in quarantine, values coerced. */
  readonly quarantine: QuarantineStore;

  /** What a harvested feed left out and read differently now; `null` for a source without such checks. */
  readonly dataQuality: GatewayContext['dataQuality'] = async (source) => {
    if (source !== this.quarantine.source) return null;
    const status = await this.harvests.status(source);
    return status === null ? null : this.quarantine.quality(status.revision);
  };

  constructor(private readonly inputs: PlaneInputs) {
    const { config, store, log, sources } = inputs;
    const ocds = sources.procurement;
    const processes = new ProcessStore(store.db, 'OCDS', ocds.source.name);
    this.quarantine = new QuarantineStore(store.db, 'OCDS', ocds.source.name);
    const harvesters: Harvester[] = [
      feedHarvester({
        upstream: ocds.source,
        processes,
        quarantine: this.quarantine,
        pageSize: config.sources.procurement.pageSize,
        collection: config.sources.procurement.feed ?? 'releases',
        http: config.http,
        log,
      }),
    ];
    // Public investment projects: one package, harvested with a conditional GET.
    const investment = sources.investment;
    const projects = new ProjectStore(store.db, investment.source.name);
    harvesters.push(projectHarvester({ upstream: investment.source, projects, http: config.http, log }));
    // tender.gov.mn's invitations: read by tender-year window at the source's politeness.
    const tender = sources.tenderMn;
    const invitations = new ProcessStore(store.db, tender.client.feed, tender.source.name);
    harvesters.push(
      invitationHarvester({
        client: tender.client,
        upstream: tender.source,
        processes: invitations,
        db: store.db,
        log,
      }),
    );
    // The EITI API (organisation index, payments per organisation-year) and EITI Mongolia (report list,
    // licence map): each its own harvester and harvest state.
    const eiti = sources.eiti;
    const portal = sources.eitiMongolia;
    harvesters.push(
      eitiApiHarvester({ upstream: eiti.source, store, http: config.http, log }),
      eitiMongoliaHarvester({ upstream: portal.source, store, http: config.http }),
    );
    // The legal-entity register: the daily dump, streamed into entities with a conditional GET; the
    // index the graph searches is rebuilt from the store after a pass that changed it.
    const register = sources.registry;
    this.registerHarvester = registryHarvester({
      upstream: register.source,
      db: store.db,
      entities: new EntityStore(store.db, register.source.name, REGISTER_KIND),
      dump: register.client.dump,
      log,
      onChanged: () => this.registry.refresh(),
    });
    harvesters.push(this.registerHarvester);
    this.harvests = new HarvestScheduler(store, harvesters, config.store, log);
    this.registry = new RegistryReads({
      upstream: register.source,
      db: store.db,
      scheduler: this.harvests,
      dumpUrl: register.client.dump.url,
      live: () => register.client.index(),
      lastFailure: () => this.registerHarvester.lastFailure,
      log,
    });
    this.processes = new ProcessReads({
      upstream: ocds.source,
      processes,
      quarantine: this.quarantine,
      scheduler: this.harvests,
      live: (ocid) => ocds.client.process(ocid),
      liveReleases: (ocid) => ocds.client.recordReleases(ocid),
      log,
    });
    this.projects = new ProjectReads({
      upstream: investment.source,
      projects,
      scheduler: this.harvests,
      // Only for an id the store cannot yet answer (no pass completed): the package through the cache.
      live: async (id) => {
        const { value, freshness } = await investment.client.byId();
        return { value: value.get(id) ?? null, freshness };
      },
    });
    this.eiti = new EitiReads({
      api: eiti.source,
      portal: portal.source,
      store,
      scheduler: this.harvests,
      // Only for what the store cannot answer (see EitiReads): the clients, through their cache.
      live: {
        organisations: () => eiti.client.organisationsByIdentification(),
        payments: (id) => eiti.client.payments(id),
        reports: () => portal.client.reportsByRegisterNumber(),
        licences: () => portal.client.licencesByRegisterNumber(),
      },
    });
    this.mintedProcesses = invitationReads({
      upstream: tender.source,
      reads: new ProcessReads({
        upstream: tender.source,
        processes: invitations,
        scheduler: this.harvests,
        live: invitationLookup(tender.client),
        log,
        // Years before the high-water mark are not read again: a pass vouches only for what it saw.
        confirmsAll: false,
      }),
    });
  }

  /**
   * The readiness of a source that is more than its harvest's: the register is ready once its index is
   * built from a completed harvest (or, where nothing is harvested, loaded live). `null` for the others.
   */
  readiness(name: UpstreamSource['name']): (() => Promise<void>) | null {
    return name === this.inputs.sources.registry.source.name ? () => this.registry.ready() : null;
  }

  /** Starts, without waiting, what is built at start: the register index from the store. */
  warm(): void {
    this.registry.warm();
  }

  /** One request's loaders over the store-backed reads and the live clients. */
  loaders(): GatewayContext['loaders'] {
    return createLoaders(this.inputs.sources, {
      processes: this.processes,
      projects: this.projects,
      mintedProcesses: this.mintedProcesses,
      eiti: this.eiti,
      registry: this.registry,
    });
  }
}

/**
 * Reading the EITI sources from the store: organisation-years, reports and licences by register number,
 * payments by organisation id, each with the harvest's freshness (`upstream.storedFreshness`).
 *
 * Why in-memory indexes, rebuilt from the store once per harvest revision: every EITI lookup is "all
 * records of one register number", and the records are few (the whole Mongolian slice is about 2,000
 * organisation-years, 10,000 reports, a few thousand licences). Grouping them once, with the very
 * functions the live clients group with (`groupOrganisations`, `groupReports`, `groupLicences`), keeps a
 * lookup a map read and keeps the joins exact: the keys are the normalised register numbers the harvest
 * stored, the groups are ordered as the live clients order them. The harvest bumps the revision only when
 * a record changed or was withdrawn, so the rebuild happens once per change of the data, never per
 * request; a replica that does not harvest sees the revision another one wrote and rebuilds likewise.
 *
 * What the store cannot answer is read live, through the clients and their cache, and never written back
 * (the harvest decides what the store holds):
 *
 * - a register number the store does not hold while no pass has completed (the store may just not have
 *   reached it yet); once a pass has completed, the store holds the whole published list as of its
 *   confirmation, so a number it does not hold is answered as absent (an empty list, with the harvest's
 *   freshness): a live read would be a crawl of the same whole list the harvest just read;
 * - the payments of an organisation id the store does not hold: one cheap request, as an ocid is for
 *   procurement.
 *
 * Values served from the store while the first pass runs are partial and say so
 * (`freshness.harvest.complete: false`, a stale `MISS`).
 */
import type {
  EitiOrganisation,
  EitiPayment,
  EitiReport,
  Fetched,
  Freshness,
  HarvestStatus,
  MineralLicence,
} from '../domain/index.js';
import {
  groupLicences,
  groupOrganisations,
  groupReports,
  type BatchRead,
  type KeyedOrganisation,
  type StoredEiti,
} from '../sources/eiti/index.js';
import type { EntityRow, Store } from '../store/index.js';
import { asError, type UpstreamSource } from '../upstream/index.js';
import { eitiStores } from './eiti-store.js';
import type { HarvestScheduler } from './scheduler.js';

type Groups<T> = ReadonlyMap<string, readonly T[]>;

/** The live reads, for what the store cannot answer (the clients, through their cache). */
export interface EitiLive {
  organisations(): Promise<Fetched<Groups<EitiOrganisation>>>;
  payments(organisationId: string): Promise<Fetched<readonly EitiPayment[]>>;
  reports(): Promise<Fetched<Groups<EitiReport>>>;
  licences(): Promise<Fetched<Groups<MineralLicence>>>;
}

/** What the reads need. */
export interface EitiReadsOptions {
  /** The EITI API and EITI Mongolia sources. */
  readonly api: UpstreamSource;
  readonly portal: UpstreamSource;
  readonly store: Store;
  readonly scheduler: HarvestScheduler;
  readonly live: EitiLive;
  readonly now?: () => number;
}

/** The EITI API's records as indexed for lookups. */
interface ApiIndex {
  readonly organisations: Groups<EitiOrganisation>;
  readonly payments: ReadonlyMap<string, readonly EitiPayment[]>;
}

/** EITI Mongolia's records as indexed for lookups. */
interface PortalIndex {
  readonly reports: Groups<EitiReport>;
  readonly licences: Groups<MineralLicence>;
}

/** A source's index as of a harvest revision, and that harvest's status. */
interface Indexed<I> {
  readonly status: HarvestStatus;
  readonly index: I;
}

/**
 * One source's in-memory index over its stored records: built at the first lookup after the source's
 * harvest revision changed, shared by every lookup until it changes again.
 */
class RevisionIndex<I> {
  #built: { readonly revision: number; readonly index: Promise<I> } | null = null;

  constructor(
    private readonly source: UpstreamSource,
    private readonly scheduler: HarvestScheduler,
    private readonly build: () => Promise<I>,
  ) {}

  async read(): Promise<Indexed<I>> {
    const read = await this.scheduler.status(this.source.name);
    if (read === null) throw new Error(`${this.source.name} is not harvested.`);
    let built = this.#built;
    if (built === null || built.revision !== read.revision) {
      const index = this.build();
      const fresh = { revision: read.revision, index };
      this.#built = built = fresh;
      // A failed build is not kept: the next lookup tries again.
      index.catch(() => {
        if (this.#built === fresh) this.#built = null;
      });
    }
    return { status: read.status, index: await built.index };
  }
}

const docs = <T>(rows: readonly EntityRow[]): T[] => rows.map((r) => JSON.parse(r.doc) as T);

/** The EITI lookups, served from the store (see the file's comment). */
export class EitiReads implements StoredEiti {
  readonly #o: EitiReadsOptions;
  readonly #now: () => number;
  readonly #api: RevisionIndex<ApiIndex>;
  readonly #portal: RevisionIndex<PortalIndex>;

  constructor(options: EitiReadsOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    const { store, scheduler, api, portal } = options;
    const apiRows = eitiStores(store, api.name);
    const portalRows = eitiStores(store, portal.name);
    this.#api = new RevisionIndex(api, scheduler, async () => {
      const [organisations, payments] = await Promise.all([
        apiRows.organisations.current(),
        apiRows.payments.current(),
      ]);
      return {
        organisations: groupOrganisations(docs<KeyedOrganisation>(organisations)),
        payments: new Map(payments.map((r) => [r.key, JSON.parse(r.doc) as EitiPayment[]])),
      };
    });
    this.#portal = new RevisionIndex(portal, scheduler, async () => {
      const [reports, licences] = await Promise.all([
        portalRows.reports.current(),
        portalRows.licences.current(),
      ]);
      return {
        reports: groupReports(docs<EitiReport>(reports)),
        licences: groupLicences(docs<MineralLicence>(licences)),
      };
    });
  }

  readonly organisations: BatchRead<readonly EitiOrganisation[]> = (keys) =>
    this.#groups(
      this.#api,
      this.#o.api,
      'organisation',
      (i) => i.organisations,
      keys,
      () => this.#o.live.organisations(),
    );

  readonly reports: BatchRead<readonly EitiReport[]> = (keys) =>
    this.#groups(
      this.#portal,
      this.#o.portal,
      'reportListAppend/',
      (i) => i.reports,
      keys,
      () => this.#o.live.reports(),
    );

  readonly licences: BatchRead<readonly MineralLicence[]> = (keys) =>
    this.#groups(
      this.#portal,
      this.#o.portal,
      'portalMap',
      (i) => i.licences,
      keys,
      () => this.#o.live.licences(),
    );

  readonly payments: BatchRead<readonly EitiPayment[]> = async (ids) => {
    const { api, live } = this.#o;
    const { status, index } = await this.#api.read();
    return Promise.all(
      ids.map(async (id) => {
        const held = index.payments.get(id.trim());
        if (held !== undefined) {
          const url = api.url('revenue', { organisation: id.trim() });
          return { value: held, freshness: this.#freshness(api, url, status) };
        }
        return live.payments(id).catch(asError);
      }),
    );
  };

  /** Groups by register number: from the store, or live for what it cannot answer (one bulk read). */
  async #groups<I, T>(
    indexed: RevisionIndex<I>,
    source: UpstreamSource,
    path: string,
    pick: (index: I) => Groups<T>,
    keys: readonly string[],
    live: () => Promise<Fetched<Groups<T>>>,
  ): Promise<(Fetched<readonly T[]> | Error)[]> {
    const { status, index } = await indexed.read();
    const groups = pick(index);
    const freshness = this.#freshness(source, source.url(path), status);
    let read: Promise<Fetched<Groups<T>> | Error> | null = null;
    return Promise.all(
      keys.map(async (key) => {
        const held = groups.get(key);
        if (held !== undefined || status.complete) return { value: held ?? [], freshness };
        read ??= live().catch(asError);
        const got = await read;
        return got instanceof Error ? got : { value: got.value.get(key) ?? [], freshness: got.freshness };
      }),
    );
  }

  /** A stored value's freshness: confirmed when the harvest last completed, partial before. */
  #freshness(source: UpstreamSource, url: URL, status: HarvestStatus): Freshness {
    const now = this.#now();
    return source.storedFreshness(
      url,
      {
        fetchedAt: status.confirmedAt ?? status.startedAt ?? now,
        sourceUpdatedAt: status.datasetDate,
        harvest: status,
      },
      now,
    );
  }
}

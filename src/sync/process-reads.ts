/**
 * Reading contracting processes from the store. Lists are filtered, ordered and counted in SQL and
 * carry the harvest's freshness (complete or partial, confirmed when). A process by ocid reads through:
 * served from the store while its harvest confirmation is within max-age, otherwise fetched live (through
 * the upstream's cache, with its stale-while-revalidate and stale-if-error) and written back; when the live
 * read fails, the stored copy is served as a fallback within the stale-if-error window. A live read of an
 * ocid the store does not hold is served as it is and not written: the harvest decides what lists hold.
 */
import {
  ErrorCode,
  GatewayError,
  SOURCE_LABEL,
  type ContractingProcess,
  type Fetched,
  type HarvestStatus,
  type ProcessPage,
  type ProcessQuery,
} from '../domain/index.js';
import type { Logger } from '../log.js';
import type { ProcessStore, QuarantineStore } from '../store/index.js';
import type { UpstreamSource } from '../upstream/index.js';
import type { HarvestScheduler } from './scheduler.js';

/** What the reads need. */
export interface ProcessReadsOptions {
  readonly upstream: UpstreamSource;
  readonly processes: ProcessStore;
  /** The feed's quarantine, when its releases are checked one by one: answers say what it left out. */
  readonly quarantine?: QuarantineStore;
  readonly scheduler: HarvestScheduler;
  /** The live read of one process by ocid (the source's record endpoint, through its cache). */
  readonly live: (ocid: string) => Promise<Fetched<ContractingProcess>>;
  /**
   * The full releases of the record `live` reads (the same read, through its cache), for the OCDS JSON of a
   * process read live; absent for a feed not published as OCDS releases.
   */
  readonly liveReleases?: (ocid: string) => Promise<readonly unknown[]>;
  readonly log: Logger;
  readonly now?: () => number;
  /**
   * False when a completed pass does not re-read every stored process (tender.gov.mn's windows before its
   * high-water mark): a stored process's freshness is then only when a pass last saw it. Default true.
   */
  readonly confirmsAll?: boolean;
}

/** Lists and lookups of one feed's processes. */
export class ProcessReads {
  readonly #o: ProcessReadsOptions;
  readonly #now: () => number;

  constructor(options: ProcessReadsOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /** One page of a list, with the freshness of the harvest it was read from. */
  async page(query: ProcessQuery): Promise<Fetched<ProcessPage>> {
    const { status, revision } = await this.#status();
    const [page, quality] = await Promise.all([
      this.#o.processes.page(query, revision),
      this.#o.quarantine?.quality(revision),
    ]);
    const withQuarantine = quality === undefined ? status : { ...status, quarantined: quality.quarantined };
    return { value: page, freshness: this.#listFreshness(withQuarantine) };
  }

  /** The freshness a list of this feed has now (for a facet that pages lazily). */
  async freshness(): Promise<Fetched<null>['freshness']> {
    const { status, revision } = await this.#status();
    const quality = await this.#o.quarantine?.quality(revision);
    return this.#listFreshness(
      quality === undefined ? status : { ...status, quarantined: quality.quarantined },
    );
  }

  /** Processes by ocid (one store read for the batch; live reads for those missing or stale). */
  async byOcids(ocids: readonly string[]): Promise<(Fetched<ContractingProcess> | Error)[]> {
    const { upstream, processes, scheduler, quarantine } = this.#o;
    const [stored, quarantined] = await Promise.all([
      processes.byOcids(ocids),
      quarantine?.of(ocids) ?? Promise.resolve(null),
    ]);
    const lastStatus = scheduler.lastStatus(upstream.name);
    const now = this.#now();
    return Promise.all(
      ocids.map(async (ocid) => {
        const held = stored.get(ocid);
        // A release of this process left out (in quarantine) is said on its answer.
        const harvest =
          lastStatus === null || quarantined === null
            ? lastStatus
            : { ...lastStatus, quarantined: quarantined.get(ocid)?.length ?? 0 };
        // A completed pass confirms every stored process only when it reads the whole publication
        // (`confirmsAll`); otherwise a record is as old as the last time a pass saw it.
        const confirmed = this.#o.confirmsAll === false ? 0 : (harvest?.confirmedAt ?? 0);
        const seenAt = held === undefined ? null : Math.max(held.seenAt, confirmed);
        const fresh = seenAt !== null && now - seenAt <= upstream.policy.maxAgeSeconds * 1000;
        if (held !== undefined && seenAt !== null && harvest !== null && fresh) {
          return {
            value: held.process,
            freshness: this.#recordFreshness(ocid, seenAt, held.process, harvest),
          };
        }
        try {
          const live = await this.#o.live(ocid);
          // A stored copy that changed is refreshed; an ocid the store does not hold is left to the harvest,
          // which decides what the lists hold (so a list never shows a process its feed does not).
          if (held !== undefined && JSON.stringify(held.process) !== JSON.stringify(live.value)) {
            processes.put([live.value], live.freshness.fetchedAt).catch((thrown: unknown) => {
              this.#o.log.warn('a process read live could not be written to the store', {
                source: upstream.name,
                error: String(thrown),
              });
            });
          }
          return live;
        } catch (thrown) {
          const window = (upstream.policy.maxAgeSeconds + upstream.policy.staleIfErrorSeconds) * 1000;
          if (held !== undefined && seenAt !== null && harvest !== null && now - seenAt <= window) {
            const failed: HarvestStatus = { ...harvest, state: 'FAILED' };
            return {
              value: held.process,
              freshness: this.#recordFreshness(ocid, seenAt, held.process, failed),
            };
          }
          return thrown instanceof Error ? thrown : new Error(String(thrown));
        }
      }),
    );
  }

  /** The stored releases of each of `ocids` (JSON text as published): one store read for the batch. */
  releasesOf(ocids: readonly string[]): Promise<ReadonlyMap<string, readonly string[]>> {
    return this.#o.processes.releasesOf(ocids);
  }

  /** The full releases of the record a process was read live from; none for a feed without records. */
  async recordReleases(ocid: string): Promise<readonly unknown[]> {
    return (await this.#o.liveReleases?.(ocid)) ?? [];
  }

  /** The stored ocids that differ from each of `ocids` only in case (the store's folded-ocid index). */
  otherCase(ocids: readonly string[]): Promise<ReadonlyMap<string, readonly string[]>> {
    return this.#o.processes.otherCase(ocids);
  }

  async #status(): Promise<{ status: HarvestStatus; revision: number }> {
    const { scheduler, upstream } = this.#o;
    const read = await scheduler.status(upstream.name);
    if (read === null) throw new Error(`${upstream.name} is not harvested.`);
    const { status } = read;
    if (!status.complete && status.records === 0 && status.state === 'FAILED') {
      throw new GatewayError(
        ErrorCode.UPSTREAM_UNAVAILABLE,
        `Nothing is stored to list yet: the first harvest of the ${SOURCE_LABEL[upstream.name]} ` +
          `upstream failed (${status.lastError ?? 'unknown error'}); it is tried again shortly.`,
        { source: upstream.name },
      );
    }
    return read;
  }

  #listFreshness(status: HarvestStatus) {
    const { upstream } = this.#o;
    const now = this.#now();
    return upstream.storedFreshness(
      upstream.url('releases'),
      {
        fetchedAt: status.confirmedAt ?? status.startedAt ?? now,
        sourceUpdatedAt: status.datasetDate,
        harvest: status,
      },
      now,
    );
  }

  #recordFreshness(ocid: string, seenAt: number, process: ContractingProcess, harvest: HarvestStatus) {
    const { upstream } = this.#o;
    return upstream.storedFreshness(
      upstream.url(`records/${encodeURIComponent(ocid)}`),
      // One record is whole whatever the harvest's progress: it was seen (or confirmed) at `seenAt`.
      { fetchedAt: seenAt, sourceUpdatedAt: process.date, harvest: { ...harvest, complete: true } },
      this.#now(),
    );
  }
}

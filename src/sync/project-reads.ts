/**
 * Reading investment projects from the store. Lists (`investmentProjects`, a process's projects, an
 * organisation's projects) are read in SQL and carry the harvest's freshness: complete or partial,
 * confirmed when. A project by id is served from the store, withdrawn ones included (saying since when);
 * its freshness is when a harvest last saw it or confirmed the package, whichever is later. A stored
 * project is not read live when it is old: the package is one document, and reading it is the harvest's
 * job (its freshness says how old it is and that a pass is due). Only an id the store does not hold while
 * no pass has completed (the store cannot yet say there is no such project) is read live, through the
 * upstream's cache, and served as it is, not written: the harvest decides what the store holds.
 */
import {
  ErrorCode,
  GatewayError,
  SOURCE_LABEL,
  type Fetched,
  type Freshness,
  type HarvestStatus,
  type InvestmentProject,
  type ProjectPage,
  type ProjectQuery,
} from '../domain/index.js';
import { PROJECTS_PATH } from '../sources/investment/index.js';
import type { ProjectStore, StoredProject } from '../store/index.js';
import { asError, type UpstreamSource } from '../upstream/index.js';
import type { HarvestScheduler } from './scheduler.js';

/** What the reads need. */
export interface ProjectReadsOptions {
  readonly upstream: UpstreamSource;
  readonly projects: ProjectStore;
  readonly scheduler: HarvestScheduler;
  /** The live read of one project by id (the package, through the upstream's cache); `null`: not listed. */
  readonly live: (id: string) => Promise<Fetched<InvestmentProject | null>>;
  readonly now?: () => number;
}

/** Lists and lookups of the investment projects. */
export class ProjectReads {
  readonly #o: ProjectReadsOptions;
  readonly #now: () => number;

  constructor(options: ProjectReadsOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /** One page of `investmentProjects`, with the freshness of the harvest it was read from. */
  async page(query: ProjectQuery): Promise<Fetched<ProjectPage>> {
    const { status, revision } = await this.#listable();
    const page = await this.#o.projects.page(query, revision);
    return { value: page, freshness: this.#listFreshness(status) };
  }

  /** Projects by id: from the store (withdrawn ones too); an id it lacks is `null` once a pass completed. */
  async byIds(ids: readonly string[]): Promise<(Fetched<InvestmentProject | null> | Error)[]> {
    const status = await this.#status();
    const stored = await this.#o.projects.byIds(ids);
    return Promise.all(
      ids.map(async (id) => {
        const held = stored.get(id);
        if (held !== undefined)
          return { value: held.project, freshness: this.#recordFreshness(held, status) };
        if (status.complete) return { value: null, freshness: this.#listFreshness(status) };
        return this.#o.live(id).catch(asError);
      }),
    );
  }

  /** The listed projects that link each ocid, with the list's freshness. */
  async byOcids(ocids: readonly string[]): Promise<Fetched<readonly InvestmentProject[]>[]> {
    const { status } = await this.#listable();
    const found = await this.#o.projects.byOcids(ocids);
    const freshness = this.#listFreshness(status);
    return ocids.map((ocid) => ({ value: found.get(ocid) ?? [], freshness }));
  }

  /** The listed projects in which each register number is a party, with the list's freshness. */
  async byRegisterNumbers(numbers: readonly string[]): Promise<Fetched<readonly InvestmentProject[]>[]> {
    const { status } = await this.#listable();
    const found = await this.#o.projects.byRegisterNumbers(numbers);
    const freshness = this.#listFreshness(status);
    return numbers.map((n) => ({ value: found.get(n) ?? [], freshness }));
  }

  async #read(): Promise<{ status: HarvestStatus; revision: number }> {
    const { scheduler, upstream } = this.#o;
    const read = await scheduler.status(upstream.name);
    if (read === null) throw new Error(`${upstream.name} is not harvested.`);
    return read;
  }

  async #status(): Promise<HarvestStatus> {
    return (await this.#read()).status;
  }

  /** The harvest's status, when the store has something to list (or may say it has nothing). */
  async #listable(): Promise<{ status: HarvestStatus; revision: number }> {
    const read = await this.#read();
    const { status } = read;
    if (!status.complete && status.records === 0 && status.state === 'FAILED') {
      const { upstream } = this.#o;
      throw new GatewayError(
        ErrorCode.UPSTREAM_UNAVAILABLE,
        `Nothing is stored to list yet: the first harvest of the ${SOURCE_LABEL[upstream.name]} ` +
          `upstream failed (${status.lastError ?? 'unknown error'}); it is tried again shortly.`,
        { source: upstream.name },
      );
    }
    return read;
  }

  #listFreshness(status: HarvestStatus): Freshness {
    const { upstream } = this.#o;
    const now = this.#now();
    return upstream.storedFreshness(
      upstream.url(PROJECTS_PATH),
      {
        fetchedAt: status.confirmedAt ?? status.startedAt ?? now,
        sourceUpdatedAt: status.datasetDate,
        harvest: status,
      },
      now,
    );
  }

  #recordFreshness(held: StoredProject, status: HarvestStatus): Freshness {
    const { upstream } = this.#o;
    return upstream.storedFreshness(
      upstream.url(PROJECTS_PATH),
      // One project is whole whatever the harvest's progress: it was seen (or confirmed) at this time. A
      // withdrawn one was last confirmed withdrawn by the last completed pass.
      {
        fetchedAt: Math.max(held.seenAt, status.confirmedAt ?? 0),
        sourceUpdatedAt: held.project.updated,
        harvest: { ...status, complete: true },
      },
      this.#now(),
    );
  }
}

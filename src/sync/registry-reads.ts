/**
 * The register index the graph searches, built from the entities the harvest stored rather than from a
 * download: at start when the store holds a completed harvest (so a restart with nothing changed needs
 * no download at all), and again after a pass that changed the store (the old index serves meanwhile).
 * Search stays in memory; lookups by register number read the same index, withdrawn entities included.
 *
 * Its freshness is the harvest's: complete once a pass has completed, `confirmedAt` the start of the last
 * completed pass. While the first pass runs the index is built from what is stored so far, flagged
 * partial (at most once per `PARTIAL_REBUILD_MS`, and only when asked). Where this replica does not
 * harvest and the store holds nothing yet, the register is read live, from the dump, as before the store.
 */
import { ErrorCode, GatewayError, SOURCE_LABEL, type Fetched, type HarvestStatus } from '../domain/index.js';
import type { Logger } from '../log.js';
import {
  RegisterIndexBuilder,
  type RegistryIndexView,
  type StoredRegister,
} from '../sources/registry/index.js';
import type { Store } from '../store/index.js';
import type { UpstreamSource } from '../upstream/index.js';
import { REGISTER_KIND } from './registry.js';
import type { HarvestScheduler } from './scheduler.js';
import { slicer } from './slices.js';

/** Least time between two rebuilds of a partial index while the first pass runs. */
export const PARTIAL_REBUILD_MS = 10_000;

/** Entities read per store query while building the index. */
const PAGE = 5000;

/** What the reads need. */
export interface RegistryReadsOptions {
  readonly upstream: UpstreamSource;
  readonly db: Store['db'];
  readonly scheduler: HarvestScheduler;
  /** The dump's address: the resource a stored index stands for. */
  readonly dumpUrl: URL;
  /** The live index (the dump held in memory), for a replica that does not harvest while nothing is stored. */
  readonly live: () => Promise<Fetched<RegistryIndexView>>;
  /** The harvester's last failure here, to answer with when a first pass failed before storing anything. */
  readonly lastFailure: () => Error | null;
  readonly log: Logger;
  readonly now?: () => number;
}

/** An index built from the store, and what the store was when it was built. */
interface Held {
  readonly index: RegistryIndexView;
  readonly revision: number;
  readonly complete: boolean;
  readonly confirmedAt: number | null;
  readonly builtAt: number;
}

/** The register index from the store, with the harvest's freshness. */
export class RegistryReads implements StoredRegister {
  readonly #o: RegistryReadsOptions;
  readonly #now: () => number;
  #held: Held | null = null;
  #building: { readonly complete: boolean; readonly done: Promise<Held> } | null = null;

  constructor(options: RegistryReadsOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /** The index with its freshness; see the file comment for which index that is. */
  async index(): Promise<Fetched<RegistryIndexView>> {
    const { status, revision } = await this.#status();
    if (!status.complete && status.state === 'OFF') return this.#o.live();
    if (!status.complete && status.records === 0 && failing(status)) throw this.#nothingStored(status);
    let held = this.#held;
    if (!this.#current(held, status, revision)) {
      const building = this.#build(status.complete);
      if (held === null) held = await building;
      else building.catch(() => undefined); // logged by #build; the held index goes on serving
    }
    return { value: held.index, freshness: this.#freshness(held, status, revision) };
  }

  /**
   * Ready once an index is built from a completed harvest (the live index where nothing is harvested);
   * otherwise throws with a code saying why (`HARVEST_PENDING`, `HARVEST_RUNNING`, `HARVEST_FAILED`,
   * `HARVEST_STORE_FULL`).
   */
  async ready(): Promise<void> {
    const { status } = await this.#status();
    if (!status.complete) {
      if (status.state === 'OFF') {
        await this.#o.live();
        return;
      }
      const code = `HARVEST_${status.state}`;
      throw Object.assign(new Error(status.lastError ?? code), { code });
    }
    if (this.#held?.complete !== true) await this.#build(true);
  }

  /**
   * At start: builds the index when the store holds a completed harvest, or starts loading the live
   * index where nothing is harvested; never waits, never throws.
   */
  warm(): void {
    const start = async (): Promise<void> => {
      const { status } = await this.#status();
      // `sources { datasetDate }` says the stored dump's date before any query reads it.
      this.#o.upstream.noteDatasetDate(status.datasetDate);
      if (status.complete) await this.#build(true);
      else if (status.state === 'OFF') await this.#o.live();
    };
    start().catch(() => undefined);
  }

  /**
   * A pass changed the store: rebuild in the background, serving the held index meanwhile. A build
   * already running may have read the store before the change, so this one follows it.
   */
  refresh(): void {
    this.#build(true, true).catch(() => undefined);
  }

  async #status(): Promise<{ status: HarvestStatus; revision: number }> {
    const { scheduler, upstream } = this.#o;
    const read = await scheduler.status(upstream.name);
    if (read === null) throw new Error(`${upstream.name} is not harvested.`);
    return read;
  }

  /** Whether the held index is what the store holds now (a partial one: recent enough). */
  #current(held: Held | null, status: HarvestStatus, revision: number): held is Held {
    if (held === null) return false;
    // While a later pass writes, the index of the last complete one serves until the pass ends (its end
    // rebuilds it): never a rebuild per batch.
    if (status.complete) return held.complete && (held.revision === revision || status.state === 'RUNNING');
    return held.revision === revision || this.#now() - held.builtAt < PARTIAL_REBUILD_MS;
  }

  /**
   * One build at a time: a caller joins the one running, unless it wants a complete index while a partial
   * one runs, or a read made after the running one started (`after`); then a new build follows it.
   */
  #build(complete: boolean, after = false): Promise<Held> {
    const running = this.#building;
    if (running !== null && !after && (running.complete || !complete)) return running.done;
    const done = (
      running === null
        ? Promise.resolve()
        : running.done.then(
            () => undefined,
            () => undefined,
          )
    )
      .then(() => this.#read(complete))
      .then(
        (held) => {
          // A partial index never replaces a complete one.
          if (held.complete || this.#held?.complete !== true) this.#held = held;
          return held;
        },
        (thrown: unknown) => {
          this.#o.log.warn('the register index could not be built from the store', {
            source: this.#o.upstream.name,
            error: String(thrown),
          });
          throw thrown;
        },
      )
      .finally(() => {
        if (this.#building?.done === done) this.#building = null;
      });
    this.#building = { complete, done };
    return done;
  }

  /**
   * Reads every stored entity (withdrawn ones included) page by page, in key order, into an index. The
   * event loop gets a turn between pages (src/sync/slices.ts); the name search over them is then built
   * in one task.
   */
  async #read(complete: boolean): Promise<Held> {
    const { db, upstream, log } = this.#o;
    const began = performance.now();
    const { status, revision } = await this.#status();
    const builder = new RegisterIndexBuilder();
    const pause = slicer();
    let after = '';
    for (;;) {
      await pause();
      const rows = await db
        .selectFrom('entities')
        .select(['key', 'doc', 'withdrawn_at'])
        .where('source', '=', upstream.name)
        .where('kind', '=', REGISTER_KIND)
        .where('key', '>', after)
        .orderBy('key')
        .limit(PAGE)
        .execute();
      if (rows.length === 0) break;
      builder.add(rows.map((r) => ({ key: r.key, doc: r.doc, withdrawnAt: r.withdrawn_at })));
      after = rows[rows.length - 1]?.key ?? after;
    }
    const index = builder.build(complete);
    log.info('register index built from the store', {
      source: upstream.name,
      entities: index.size,
      complete,
      ms: Math.round(performance.now() - began),
    });
    return { index, revision, complete, confirmedAt: status.confirmedAt, builtAt: this.#now() };
  }

  #freshness(held: Held, status: HarvestStatus, revision: number): Fetched<never>['freshness'] {
    const now = this.#now();
    // An index older than the store stands for the moment it was built from, not the latest pass.
    const confirmedAt = held.revision === revision ? status.confirmedAt : held.confirmedAt;
    return this.#o.upstream.storedFreshness(
      this.#o.dumpUrl,
      {
        fetchedAt: confirmedAt ?? status.startedAt ?? now,
        sourceUpdatedAt: status.datasetDate,
        harvest: held.complete ? status : { ...status, complete: false },
      },
      now,
    );
  }

  #nothingStored(status: HarvestStatus): Error {
    const failure = this.#o.lastFailure();
    if (failure instanceof GatewayError) return failure;
    const { upstream } = this.#o;
    return new GatewayError(
      ErrorCode.UPSTREAM_UNAVAILABLE,
      `Nothing is stored to answer from yet: the first harvest of the ${SOURCE_LABEL[upstream.name]} ` +
        `upstream failed (${status.lastError ?? 'unknown error'}); it is tried again shortly.`,
      { source: upstream.name },
    );
  }
}

function failing(status: HarvestStatus): boolean {
  return status.state === 'FAILED' || status.state === 'STORE_FULL';
}

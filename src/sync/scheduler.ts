/**
 * Runs every source's harvester in the background: one pass at a time per source, the next one a
 * max-age after the last completed (sooner after a failure), each under a lease so that replicas sharing
 * one PostgreSQL harvest a source once, not once each. A pass resumes where an interrupted one stopped
 * (its cursor is in the store). A full store stops harvesting that source; serving goes on.
 */
import { randomUUID } from 'node:crypto';
import type { HarvestStatus, SourceName } from '../domain/index.js';
import type { Logger } from '../log.js';
import { HarvestStates, Store, emptyHarvest, type HarvestRow } from '../store/index.js';

/** What a pass may change in its source's harvest state as it goes. */
export interface Progress {
  /** Pages (or files) and records read since the last call. */
  readonly pages?: number;
  readonly records?: number;
  /** Where an interrupted pass resumes; `null` once there is nothing left to resume. */
  readonly cursor?: string | null;
  /** Where the next incremental pass starts. */
  readonly highWater?: string | null;
  /** The upstream's validators of a bulk resource (JSON), for the next conditional GET. */
  readonly validators?: string | null;
  /** Newest date the upstream gave for its data. */
  readonly datasetDate?: string | null;
}

/** What a pass is given. */
export interface PassContext {
  /** Aborted when the gateway stops; the pass ends at its next await, its cursor kept for next time. */
  readonly signal: AbortSignal;
  /** The clock (epoch ms). */
  readonly now: () => number;
  /** The source's harvest state as the pass starts (`cursor` set: resume an interrupted pass). */
  readonly state: HarvestRow;
  /** When this pass started (an interrupted pass keeps its first start). */
  readonly startedAt: number;
  /** Records progress and renews the lease; throws when the lease was lost or the gateway is stopping. */
  progress(change: Progress): Promise<void>;
}

/** What a completed pass may say beyond "done". */
export interface PassOutcome {
  /**
   * When the store's copy of the source was last confirmed as a whole, when that is earlier than the
   * pass's start: a pass that did not need to ask again for part of the source (EITI Mongolia's report
   * list, read once per max-age) vouches for that part only as of its last reading.
   */
  readonly confirmedAt?: number;
  /**
   * What the pass has to say about the upstream though it completed, in words (a walk that ended before
   * the feed's end, and why): the harvest status's `note` until the next pass completes.
   */
  readonly note?: string;
}

/** One source's harvester: reads what changed upstream into the store, one pass at a time. */
export interface Harvester {
  readonly source: SourceName;
  /** How long after a completed pass the next one starts (the source's max-age). */
  readonly intervalMs: number;
  /** One pass, to the end of what the upstream publishes; throws on a failure (the cursor is kept). */
  pass(ctx: PassContext): Promise<PassOutcome | void>;
}

/** Settings of the scheduler (docs/store.md says what each means). */
export interface SchedulerOptions {
  /** False: never harvest here; only read the status the store holds (a query-only replica). */
  readonly harvest: boolean;
  /** After a failed pass, how long until the next try. */
  readonly retryMs: number;
  /** How long a lease lasts unless renewed. A pass renews it with every page. */
  readonly leaseTtlMs: number;
  /** How often a replica without the lease looks whether it has lapsed (and re-reads the status). */
  readonly standbyMs: number;
  readonly now?: () => number;
}

/** Thrown into a pass whose lease another replica took (after it lapsed). */
export class LeaseLost extends Error {
  override readonly name = 'LeaseLost';
}

/** The scheduler's view of one source. */
interface Slot {
  readonly harvester: Harvester;
  row: HarvestRow;
  running: boolean;
  /** Another replica held a live lease when the status was last read. */
  elsewhere: boolean;
  /** A pass was asked for (`poke`), due or not. */
  forced: boolean;
  full: boolean;
  /** Resolves the current wait early (a poke, or stop). */
  wake: (() => void) | null;
  /** Settles when the loop has ended. */
  loop: Promise<void> | null;
  completions: (() => void)[];
}

/** Every harvester's loop, their leases and their status. */
export class HarvestScheduler {
  readonly holder = `${process.pid}-${randomUUID()}`;
  readonly states: HarvestStates;
  readonly #slots = new Map<SourceName, Slot>();
  readonly #stop = new AbortController();
  readonly #now: () => number;

  constructor(
    readonly store: Store,
    harvesters: readonly Harvester[],
    private readonly options: SchedulerOptions,
    private readonly log: Logger,
  ) {
    this.states = new HarvestStates(store.db);
    this.#now = options.now ?? Date.now;
    for (const h of harvesters) {
      this.#slots.set(h.source, {
        harvester: h,
        row: emptyHarvest(h.source),
        running: false,
        elsewhere: false,
        forced: false,
        full: false,
        wake: null,
        loop: null,
        completions: [],
      });
    }
  }

  /** Whether `source` is harvested into the store. */
  harvests(source: SourceName): boolean {
    return this.#slots.has(source);
  }

  /** Starts every loop (idempotent). */
  start(): void {
    if (!this.options.harvest) return;
    for (const slot of this.#slots.values()) slot.loop ??= this.#run(slot);
  }

  /** Starts the next pass of `source` now, due or not (when this replica holds, or can take, its lease). */
  poke(source: SourceName): void {
    const slot = this.#slots.get(source);
    if (slot === undefined) return;
    slot.forced = true;
    slot.wake?.();
  }

  /** Resolves once a pass of `source` has completed (at once when one already has). */
  async complete(source: SourceName): Promise<void> {
    const slot = this.#slot(source);
    slot.row = await this.states.get(source);
    if (slot.row.completed_at !== null) return;
    await new Promise<void>((resolve) => slot.completions.push(resolve));
  }

  /** Stops every loop; a pass in progress ends at its next await and keeps its cursor. */
  async stop(): Promise<void> {
    this.#stop.abort();
    for (const slot of this.#slots.values()) slot.wake?.();
    await Promise.all([...this.#slots.values()].map((s) => s.loop ?? Promise.resolve()));
    await Promise.all(
      [...this.#slots.keys()].map((source) =>
        this.states.release(leaseName(source), this.holder).catch(() => undefined),
      ),
    );
  }

  /**
   * The harvest status of `source`, read from the store (so a replica that does not harvest reports what
   * the one that does has written), or `null` when it is not harvested.
   */
  async status(source: SourceName): Promise<{ status: HarvestStatus; revision: number } | null> {
    const slot = this.#slots.get(source);
    if (slot === undefined) return null;
    const [row, lease] = await Promise.all([this.states.get(source), this.states.holder(leaseName(source))]);
    slot.row = row;
    slot.elsewhere = lease !== null && lease.holder !== this.holder && lease.expires_at > this.#now();
    return { status: this.#describe(slot, row), revision: row.revision };
  }

  /** The last status read of `source` (without a store read), or `null` when it is not harvested. */
  lastStatus(source: SourceName): HarvestStatus | null {
    const slot = this.#slots.get(source);
    return slot === undefined ? null : this.#describe(slot, slot.row);
  }

  #describe(slot: Slot, row: HarvestRow): HarvestStatus {
    // Another replica is running a pass only while it holds a live lease (a cursor alone may be left by
    // a replica that stopped or died).
    const runningElsewhere =
      slot.elsewhere && (row.cursor !== null || (row.pass_started_at ?? -1) > (row.completed_at ?? -1));
    const state = slot.full
      ? 'STORE_FULL'
      : slot.running || (runningElsewhere && row.last_error === null)
        ? 'RUNNING'
        : row.last_error !== null
          ? 'FAILED'
          : row.completed_at !== null
            ? 'IDLE'
            : this.options.harvest
              ? 'PENDING'
              : 'OFF';
    return {
      source: slot.harvester.source,
      state,
      complete: row.completed_at !== null,
      startedAt: row.pass_started_at,
      completedAt: row.completed_at,
      confirmedAt: row.confirmed_at,
      pages: row.pages,
      records: row.records,
      datasetDate: row.dataset_date,
      lastError: row.last_error,
      lastErrorAt: row.last_error_at,
      note: row.note,
    };
  }

  #slot(source: SourceName): Slot {
    const slot = this.#slots.get(source);
    if (slot === undefined) throw new Error(`${source} is not harvested.`);
    return slot;
  }

  async #run(slot: Slot): Promise<void> {
    const { source } = slot.harvester;
    const signal = this.#stop.signal;
    let first = true;
    while (!signal.aborted) {
      let delay = this.options.standbyMs;
      try {
        const row = await this.states.get(source);
        slot.row = row;
        // A pass runs on start (it costs one request when nothing changed), then only when one is due,
        // whichever replica ran the last: N replicas make one pass per interval between them, not N.
        const wait = first || slot.forced ? 0 : this.#dueAt(slot, row) - this.#now();
        first = false;
        slot.forced = false;
        if (wait > 0) delay = Math.min(wait, this.options.standbyMs);
        else if (
          !slot.full &&
          (await this.states.lease(leaseName(source), this.holder, this.#now(), this.options.leaseTtlMs))
        ) {
          delay = (await this.#pass(slot)) ? slot.harvester.intervalMs : this.options.retryMs;
        }
      } catch (thrown) {
        if (signal.aborted) break;
        this.log.warn('harvest scheduler could not reach the store', { source, error: String(thrown) });
        delay = this.options.retryMs;
      }
      await this.#sleep(slot, delay);
    }
  }

  /** When the next pass of `slot` is due, by the state any replica wrote: at once to resume or begin. */
  #dueAt(slot: Slot, row: HarvestRow): number {
    if (row.cursor !== null || row.completed_at === null) return 0;
    if (row.last_error_at !== null && row.last_error_at > row.completed_at)
      return row.last_error_at + this.options.retryMs;
    return row.completed_at + slot.harvester.intervalMs;
  }

  /** One pass of `slot`'s harvester; true when it completed. */
  async #pass(slot: Slot): Promise<boolean> {
    const { harvester } = slot;
    const { source } = harvester;
    const signal = this.#stop.signal;
    const state = await this.states.get(source);
    const resuming = state.cursor !== null && state.pass_started_at !== null;
    const startedAt = resuming ? (state.pass_started_at as number) : this.#now();
    if (!resuming) await this.states.update(source, { pass_started_at: startedAt, pages: 0, records: 0 });
    slot.row = await this.states.get(source);
    slot.running = true;
    // The lease is renewed on a timer as well as with every progress, so that a slow page (a polite
    // upstream at one request a second) never lets it lapse while this replica still harvests; losing it
    // stops the pass at its next await.
    const lost = new AbortController();
    const passSignal = AbortSignal.any([signal, lost.signal]);
    const renew = async () => {
      if (!(await this.states.lease(leaseName(source), this.holder, this.#now(), this.options.leaseTtlMs)))
        lost.abort(new LeaseLost(`another replica took the ${source} harvest lease`));
    };
    const beat = setInterval(
      () => void renew().catch(() => undefined),
      Math.max(1000, this.options.leaseTtlMs / 3),
    );
    beat.unref();
    const ctx: PassContext = {
      signal: passSignal,
      now: this.#now,
      state: slot.row,
      startedAt,
      progress: async (change) => {
        if (passSignal.aborted) throw passSignal.reason ?? new Error('stopping');
        // Checked before writing: a replica that lost the lease never overwrites the holder's cursor.
        await renew();
        if (lost.signal.aborted) throw lost.signal.reason;
        const row = slot.row;
        const next: Partial<HarvestRow> = {
          pages: row.pages + (change.pages ?? 0),
          records: row.records + (change.records ?? 0),
        };
        if (change.cursor !== undefined) next.cursor = change.cursor;
        if (change.highWater !== undefined) next.high_water = change.highWater;
        if (change.validators !== undefined) next.validators = change.validators;
        if (
          change.datasetDate != null &&
          (row.dataset_date === null || change.datasetDate > row.dataset_date)
        )
          next.dataset_date = change.datasetDate;
        await this.states.update(source, next);
        slot.row = { ...row, ...next };
      },
    };
    try {
      const outcome = await harvester.pass(ctx);
      const done = this.#now();
      await this.states.update(source, {
        cursor: null,
        completed_at: done,
        confirmed_at: Math.min(startedAt, outcome?.confirmedAt ?? startedAt),
        last_error: null,
        last_error_at: null,
        note: outcome?.note ?? null,
      });
      slot.row = await this.states.get(source);
      this.log.info('harvest pass completed', {
        source,
        pages: slot.row.pages,
        records: slot.row.records,
        ms: done - startedAt,
      });
      for (const resolve of slot.completions.splice(0)) resolve();
      return true;
    } catch (thrown) {
      if (signal.aborted) return false;
      const message = describe(thrown);
      if (Store.isFull(thrown)) {
        slot.full = true;
        this.log.error('store full: harvesting stopped, serving goes on', { source, error: message });
      } else {
        this.log.warn('harvest pass failed', { source, error: message });
      }
      await this.states
        .update(source, { last_error: message, last_error_at: this.#now() })
        .catch(() => undefined); // a full store may refuse this too; the status says STORE_FULL
      slot.row = { ...slot.row, last_error: message, last_error_at: this.#now() };
      return false;
    } finally {
      clearInterval(beat);
      slot.running = false;
    }
  }

  #sleep(slot: Slot, ms: number): Promise<void> {
    if (this.#stop.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        slot.wake = null;
        resolve();
      }
      slot.wake = done;
    });
  }
}

function leaseName(source: SourceName): string {
  return `harvest:${source}`;
}

/** A failure in words, for the harvest status (never a stack). */
function describe(thrown: unknown): string {
  if (thrown instanceof Error) {
    const code = (thrown as { code?: unknown }).code;
    return typeof code === 'string' && !thrown.message.includes(code)
      ? `${code}: ${thrown.message}`
      : thrown.message;
  }
  return String(thrown);
}

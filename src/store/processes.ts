/**
 * Contracting processes in the store: raw releases as published, one compiled process per ocid with the
 * columns lists filter and sort on, and the parties joins look up. Lists are filtered, ordered (newest
 * first, ties by ocid) and counted in SQL, with keyset cursors; counts and totals are cached per store
 * revision, so they are computed once per change of the data, never per page.
 */
import { sql, type Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import {
  fromKeyCursor,
  toKeyCursor,
  type ContractingProcess,
  type Money,
  type ProcessPage,
  type ProcessQuery,
  type ProcurementFeed,
} from '../domain/index.js';
import { applyFilter, type Q } from './process-filter.js';
import { bumpRevision, chunks, setNew, writeProcesses } from './process-rows.js';
import { CountCache, totalsOf } from './count-cache.js';
import type { Tables } from './tables.js';

export { NO_DATE, foldName } from './process-rows.js';

/** A release as a harvester hands it over: its keys, its raw JSON, and what `compile` needs of its package. */
export interface RawRelease<M = unknown> {
  readonly ocid: string;
  readonly id: string;
  readonly date: string | null;
  readonly raw: string;
  readonly meta?: M;
}

/**
 * Compiles every release of one ocid (raw JSON, any order) into a process; null when none is usable.
 * `meta` is that of the ocid's changed release handed over last in the batch.
 */
export type Compile<M = unknown> = (
  ocid: string,
  raws: readonly string[],
  meta?: M,
) => ContractingProcess | null;

/**
 * Bytes of stored JSON kept parsed, per revision. Reading a page is mostly parsing its documents: a
 * process shown again before the data changes (the revision), on any page of any list, is not read again.
 */
const PARSED_BYTES = 32 * 1024 * 1024;
/** Pages kept by query and revision: their keys only (ocids), the processes being kept above. */
const PAGES_KEPT = 2000;

/** One page's keys as the store chose them, and whether more follow. */
interface PageKeys {
  readonly rows: readonly { readonly ocid: string; readonly sort_ms: number }[];
  readonly hasNextPage: boolean;
}

/** The processes of one feed, stored under one source's harvest revision. */
export class ProcessStore {
  readonly #counts = new CountCache();
  /**
   * Page keys by revision and query, and processes parsed by revision and ocid. Exact while the revision
   * stands: every write bumps it in its own transaction. Processes are shared read-only, as upstream
   * cache entries are.
   */
  readonly #pages = new LRUCache<string, PageKeys>({ max: PAGES_KEPT });
  readonly #parsed = new LRUCache<string, ContractingProcess>({ maxSize: PARSED_BYTES });

  constructor(
    private readonly db: Kysely<Tables>,
    readonly feed: ProcurementFeed,
    /** The source whose harvest revision the feed's writes bump. */
    readonly source: string,
  ) {}

  /**
   * Writes a batch of releases as one transaction: releases whose raw JSON is unchanged only mark their
   * process as seen; every ocid with a new or changed release is compiled again from all its stored
   * releases. Returns how many processes changed.
   */
  async applyReleases<M>(
    releases: readonly RawRelease<M>[],
    compile: Compile<M>,
    now: number,
  ): Promise<number> {
    if (releases.length === 0) return 0;
    const ocids = [...new Set(releases.map((r) => r.ocid))];
    return this.db.transaction().execute(async (trx) => {
      const stored = new Map<string, Map<string, string>>();
      for (const part of chunks(ocids)) {
        const rows = await trx
          .selectFrom('releases')
          .select(['ocid', 'release_id', 'raw'])
          .where('feed', '=', this.feed)
          .where('ocid', 'in', part)
          .execute();
        for (const r of rows) (stored.get(r.ocid) ?? setNew(stored, r.ocid)).set(r.release_id, r.raw);
      }
      const changed = new Map<string, M | undefined>();
      const writes: RawRelease<M>[] = [];
      const latest = new Map<string, RawRelease<M>>(); // a batch may repeat a release: the last one wins
      for (const r of releases) latest.set(`${r.ocid}\u0000${r.id}`, r);
      for (const r of latest.values()) {
        const own = stored.get(r.ocid) ?? setNew(stored, r.ocid);
        if (own.get(r.id) === r.raw) continue;
        own.set(r.id, r.raw);
        writes.push(r);
        changed.set(r.ocid, r.meta);
      }
      for (const part of chunks(writes)) {
        await trx
          .insertInto('releases')
          .values(
            part.map((r) => ({
              feed: this.feed,
              ocid: r.ocid,
              release_id: r.id,
              date: r.date,
              raw: r.raw,
              seen_at: now,
            })),
          )
          .onConflict((c) =>
            c.columns(['feed', 'ocid', 'release_id']).doUpdateSet((eb) => ({
              raw: eb.ref('excluded.raw'),
              date: eb.ref('excluded.date'),
              seen_at: eb.ref('excluded.seen_at'),
            })),
          )
          .execute();
      }
      const compiled: ContractingProcess[] = [];
      for (const [ocid, meta] of changed) {
        const p = compile(ocid, [...(stored.get(ocid)?.values() ?? [])], meta);
        if (p !== null) compiled.push(p);
      }
      await writeProcesses(trx, this.feed, compiled, now);
      const unchanged = ocids.filter((o) => !changed.has(o));
      for (const part of chunks(unchanged)) {
        await trx
          .updateTable('processes')
          .set({ seen_at: now })
          .where('feed', '=', this.feed)
          .where('ocid', 'in', part)
          .execute();
      }
      if (compiled.length > 0) await bumpRevision(trx, this.source);
      return compiled.length;
    });
  }

  /** Writes processes read live (a record fetched by ocid), replacing what the store held. */
  async put(processes: readonly ContractingProcess[], now: number): Promise<void> {
    if (processes.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      await writeProcesses(trx, this.feed, processes, now);
      await bumpRevision(trx, this.source);
    });
  }

  /**
   * Marks processes a harvest found unchanged upstream as seen at `now`, and as published again if they
   * had been withdrawn (listed once more).
   */
  async seen(ocids: readonly string[], now: number): Promise<void> {
    if (ocids.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      let republished = 0;
      for (const part of chunks(ocids)) {
        const mine = trx.updateTable('processes').where('feed', '=', this.feed).where('ocid', 'in', part);
        await mine.set({ seen_at: now }).execute();
        const back = await mine
          .set({ withdrawn_at: null })
          .where('withdrawn_at', 'is not', null)
          .executeTakeFirst();
        republished += Number(back.numUpdatedRows);
      }
      if (republished > 0) await bumpRevision(trx, this.source);
    });
  }

  /**
   * Marks as withdrawn at `now` those of `ocids` not seen since `before` (the start of the pass that found
   * them gone upstream): kept, no longer listed. A process seen since (listed elsewhere in the same pass)
   * is left alone. Returns how many were newly marked.
   */
  async withdraw(ocids: readonly string[], before: number, now: number): Promise<number> {
    if (ocids.length === 0) return 0;
    return this.db.transaction().execute(async (trx) => {
      let marked = 0;
      for (const part of chunks(ocids)) {
        const result = await trx
          .updateTable('processes')
          .set({ withdrawn_at: now })
          .where('feed', '=', this.feed)
          .where('ocid', 'in', part)
          .where('seen_at', '<', before)
          .where('withdrawn_at', 'is', null)
          .executeTakeFirst();
        marked += Number(result.numUpdatedRows);
      }
      if (marked > 0) await bumpRevision(trx, this.source);
      return marked;
    });
  }

  /** Stored processes by ocid, with when they were last seen. */
  async byOcids(
    ocids: readonly string[],
  ): Promise<Map<string, { process: ContractingProcess; seenAt: number }>> {
    const out = new Map<string, { process: ContractingProcess; seenAt: number }>();
    for (const part of chunks(ocids)) {
      const rows = await this.db
        .selectFrom('processes')
        .select(['ocid', 'doc', 'seen_at'])
        .where('feed', '=', this.feed)
        .where('ocid', 'in', part)
        .execute();
      for (const r of rows)
        out.set(r.ocid, { process: JSON.parse(r.doc) as ContractingProcess, seenAt: r.seen_at });
    }
    return out;
  }

  /**
   * For each of `ocids` the store does not hold, the stored ocids of this feed that differ from it only in
   * case (at most `max` each, in ocid order): the near misses a NOT_FOUND names. One look-up per ocid in
   * the folded-ocid index (migration 0004), never a scan; an ocid with none is left out of the map.
   */
  async otherCase(ocids: readonly string[], max = 3): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const ocid of new Set(ocids)) {
      const rows = await this.db
        .selectFrom('processes')
        .select('ocid')
        .where('feed', '=', this.feed)
        .where(sql<boolean>`lower(ocid) = lower(${ocid})`)
        .where('ocid', '<>', ocid)
        .orderBy('ocid')
        .limit(max)
        .execute();
      const found = rows.map((r) => r.ocid);
      if (found.length > 0) out.set(ocid, found);
    }
    return out;
  }

  /**
   * The stored releases of each of `ocids`, as published (JSON text), in release id order (by code unit,
   * the same on both databases, whatever their collation): one query for up to 400 ocids. An ocid the
   * feed holds no release of is missing from the map.
   */
  async releasesOf(ocids: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const part of chunks([...new Set(ocids)])) {
      const rows = await this.db
        .selectFrom('releases')
        .select(['ocid', 'release_id', 'raw'])
        .where('feed', '=', this.feed)
        .where('ocid', 'in', part)
        .execute();
      rows.sort((a, b) => (a.release_id < b.release_id ? -1 : a.release_id > b.release_id ? 1 : 0));
      for (const r of rows) {
        const own = out.get(r.ocid);
        if (own === undefined) out.set(r.ocid, [r.raw]);
        else own.push(r.raw);
      }
    }
    return out;
  }

  /**
   * One page of `query`, newest first, after its cursor. `revision` is the source's current harvest
   * revision: counts and totals computed at it are reused until it changes.
   */
  async page(query: ProcessQuery, revision: number): Promise<ProcessPage> {
    const key = JSON.stringify([revision, query.filter, query.party ?? null, query.after, query.first]);
    const keys = this.#pages.get(key) ?? (await this.#pageKeys(query, key));
    const found = await this.#parsedAt(
      revision,
      keys.rows.map((r) => r.ocid),
    );
    return {
      // Processes are never deleted: a key the index chose always has its document.
      edges: keys.rows.map((r) => ({ cursor: toKeyCursor(r.sort_ms, r.ocid), node: found.get(r.ocid)! })),
      hasNextPage: keys.hasNextPage,
      hasPreviousPage: query.after !== null,
      totalCount: () => this.#counted('n', query, revision, () => this.#count(query)),
      valueTotals: () => this.#counted('totals', query, revision, () => this.#totals(query)),
    };
  }

  /** The keys of one page of `query`, newest first, after its cursor. */
  async #pageKeys(query: ProcessQuery, key: string): Promise<PageKeys> {
    let q = this.#matching(query);
    if (query.after !== null) {
      const { sort, key } = fromKeyCursor(query.after);
      // `sort_ms <= sort` first: an index range both databases use; the rest breaks the tie.
      q = q
        .where('p.sort_ms', '<=', sort)
        .where((eb) => eb.or([eb('p.sort_ms', '<', sort), eb('p.ocid', '>', key)]));
    }
    // The page's keys are chosen first, from an index, and only the documents not already parsed at this
    // revision are read (`#parsedAt`): ordering rows with their documents would copy every candidate's
    // JSON into the sort (seconds for a wide filter).
    const rows = await q
      .select(['p.ocid', 'p.sort_ms'])
      .orderBy('p.sort_ms', 'desc')
      .orderBy('p.ocid', 'asc')
      .limit(query.first + 1)
      .execute();
    const keys: PageKeys = { rows: rows.slice(0, query.first), hasNextPage: rows.length > query.first };
    this.#pages.set(key, keys);
    return keys;
  }

  /** The processes `ocids` as parsed at `revision`, reading and parsing those not already kept. */
  async #parsedAt(revision: number, ocids: readonly string[]): Promise<Map<string, ContractingProcess>> {
    const parsedKey = (ocid: string) => `${revision}\n${ocid}`;
    // Taken out first: parsing the others may evict some of them from the memo.
    const found = new Map<string, ContractingProcess>();
    const missing: string[] = [];
    for (const ocid of ocids) {
      const hit = this.#parsed.get(parsedKey(ocid));
      if (hit === undefined) missing.push(ocid);
      else found.set(ocid, hit);
    }
    for (const part of chunks(missing)) {
      const docs = await this.db
        .selectFrom('processes')
        .select(['ocid', 'doc'])
        .where('feed', '=', this.feed)
        .where('ocid', 'in', part)
        .execute();
      for (const d of docs) {
        const process = JSON.parse(d.doc) as ContractingProcess;
        found.set(d.ocid, process);
        this.#parsed.set(parsedKey(d.ocid), process, { size: d.doc.length * 2 + 64 });
      }
    }
    return found;
  }

  /** How many processes the feed holds (withdrawn ones included). */
  async size(): Promise<number> {
    const row = await this.db
      .selectFrom('processes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('feed', '=', this.feed)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  #counted<T>(
    what: 'n' | 'totals',
    query: ProcessQuery,
    revision: number,
    run: () => Promise<T>,
  ): Promise<T> {
    return this.#counts.get([what, revision, query.filter, query.party ?? null], run);
  }

  async #count(query: ProcessQuery): Promise<number> {
    const row = await this.#matching(query)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async #totals(query: ProcessQuery): Promise<Money[]> {
    const rows = await this.#matching(query)
      .where('p.value_currency', 'is not', null)
      .select((eb) => ['p.value_currency', eb.fn.sum<number | null>('p.value_amount').as('amount')])
      .groupBy('p.value_currency')
      .execute();
    return totalsOf(rows.map((r) => ({ currency: r.value_currency, amount: r.amount })));
  }

  #matching(query: ProcessQuery): Q {
    let q: Q = this.db
      .selectFrom('processes as p')
      .where('p.feed', '=', this.feed)
      .where('p.withdrawn_at', 'is', null);
    q = applyFilter(q, query.filter);
    const party = query.party;
    if (party !== undefined) {
      q = q.where('p.ocid', 'in', (eb) =>
        eb
          .selectFrom('process_parties')
          .select('process_parties.ocid')
          .where('process_parties.identifier', '=', party.id)
          .where('process_parties.scheme', '=', party.scheme)
          .where('process_parties.role', '=', party.role)
          .where('process_parties.feed', '=', this.feed),
      );
    }
    return q;
  }
}

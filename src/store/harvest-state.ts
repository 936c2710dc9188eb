/**
 * Harvest state and leases. Each source's harvester keeps one `harvest_state` row: the cursor an
 * unfinished pass resumes from, the high-water mark the next incremental pass starts at, the upstream's
 * validators for a conditional GET, and the figures `sources` and a list's freshness report. A lease row
 * says which replica harvests a source: it is taken only when free or lapsed, renewed while the pass runs,
 * and lapses by itself when its holder dies, so exactly one replica on a shared PostgreSQL harvests at a time.
 */
import type { Kysely, Selectable } from 'kysely';
import type { HarvestStateTable, Tables } from './tables.js';

/** A harvest state row as read. */
export type HarvestRow = Selectable<HarvestStateTable>;

/** The row of a source never harvested. */
export function emptyHarvest(source: string): HarvestRow {
  return {
    source,
    cursor: null,
    high_water: null,
    validators: null,
    pass_started_at: null,
    completed_at: null,
    confirmed_at: null,
    pages: 0,
    records: 0,
    last_error: null,
    last_error_at: null,
    note: null,
    dataset_date: null,
    revision: 0,
  };
}

/** Reads and writes `harvest_state` and `leases`. */
export class HarvestStates {
  constructor(private readonly db: Kysely<Tables>) {}

  /** The row of `source` (an empty one when it has never been harvested). */
  async get(source: string): Promise<HarvestRow> {
    const row = await this.db
      .selectFrom('harvest_state')
      .selectAll()
      .where('source', '=', source)
      .executeTakeFirst();
    return row ?? emptyHarvest(source);
  }

  /** Every source's row. */
  async all(): Promise<HarvestRow[]> {
    return this.db.selectFrom('harvest_state').selectAll().execute();
  }

  /** Writes the given columns of `source`'s row (creating it). */
  async update(source: string, change: Partial<Omit<HarvestRow, 'source'>>): Promise<void> {
    const row = { ...emptyHarvest(source), ...change, source };
    await this.db
      .insertInto('harvest_state')
      .values(row)
      .onConflict((c) => c.column('source').doUpdateSet(change))
      .execute();
  }

  /**
   * Takes or renews the lease `name` for `holder` until `now + ttlMs`; true when `holder` has it. A
   * lease held by another replica is taken only once it has lapsed.
   */
  async lease(name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
    await this.db
      .insertInto('leases')
      .values({ name, holder, expires_at: now + ttlMs })
      .onConflict((c) =>
        c
          .column('name')
          .doUpdateSet({ holder, expires_at: now + ttlMs })
          .where((eb) => eb.or([eb('leases.expires_at', '<', now), eb('leases.holder', '=', holder)])),
      )
      .execute();
    const row = await this.db
      .selectFrom('leases')
      .select('holder')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.holder === holder;
  }

  /** Who holds lease `name`, until when; `null` when nobody does. */
  async holder(name: string): Promise<{ holder: string; expires_at: number } | null> {
    const row = await this.db
      .selectFrom('leases')
      .select(['holder', 'expires_at'])
      .where('name', '=', name)
      .executeTakeFirst();
    return row ?? null;
  }

  /** Gives the lease up (when `holder` has it), so another replica need not wait for it to lapse. */
  async release(name: string, holder: string): Promise<void> {
    await this.db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
  }
}

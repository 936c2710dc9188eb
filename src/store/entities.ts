/**
 * Harvested records of the sources other than procurement, one row per (source, kind, key): the raw
 * upstream document, the domain object as JSON and the columns lists order by. A harvest writes only the
 * rows whose raw document changed (compared by digest), marks the rest as seen, and after a complete pass
 * marks every row it did not see as withdrawn: kept, flagged, never silently dropped.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { EntityTable, Tables } from './tables.js';

/** Rows per multi-row statement, well under both databases' limits on bound parameters. */
const CHUNK = 300;

/** One record as a harvester hands it over. */
export interface EntityInput {
  readonly key: string;
  /** The upstream's document for this record, as JSON text. */
  readonly raw: string;
  /** The domain object, as JSON text. */
  readonly doc: string;
  readonly sortText?: string | null;
  readonly sortMs?: number | null;
  readonly sourceUpdatedAt?: string | null;
}

/** A stored record as read. */
export type EntityRow = Selectable<EntityTable>;

/** What one batch changed. */
export interface EntityWrite {
  /** Rows new or whose raw document changed. */
  readonly changed: number;
  /** Rows as stored before (of which `relisted` had been withdrawn and are published again). */
  readonly unchanged: number;
  readonly relisted: number;
}

/** The digest a row is compared by. */
export function digestOf(raw: string): string {
  return createHash('sha256').update(raw).digest('base64url');
}

/** Reads and writes `entities` for one source and kind. */
export class EntityStore {
  constructor(
    private readonly db: Kysely<Tables>,
    readonly source: string,
    readonly kind: string,
  ) {}

  /**
   * Writes a batch in one transaction: changed rows replaced, unchanged ones marked seen (and no longer
   * withdrawn). `pause`, when given, is awaited before each statement: SQLite's statements run
   * synchronously and settle at once, so a large batch would otherwise hold the event loop from its
   * first statement to its commit; the caller decides when it gets a turn.
   */
  async write(
    items: readonly EntityInput[],
    now: number,
    pause: () => Promise<void> = () => Promise.resolve(),
  ): Promise<EntityWrite> {
    if (items.length === 0) return { changed: 0, unchanged: 0, relisted: 0 };
    return this.db.transaction().execute(async (trx) => {
      const latest = new Map(items.map((i) => [i.key, i]));
      const keys = [...latest.keys()];
      const known = new Map<string, { digest: string; withdrawn: boolean }>();
      for (let i = 0; i < keys.length; i += CHUNK) {
        await pause();
        const rows = await trx
          .selectFrom('entities')
          .select(['key', 'digest', 'withdrawn_at'])
          .where('source', '=', this.source)
          .where('kind', '=', this.kind)
          .where('key', 'in', keys.slice(i, i + CHUNK))
          .execute();
        for (const r of rows) known.set(r.key, { digest: r.digest, withdrawn: r.withdrawn_at !== null });
      }
      const changed: EntityTable[] = [];
      const same: string[] = [];
      let relisted = 0;
      for (const item of latest.values()) {
        const digest = digestOf(item.raw);
        const held = known.get(item.key);
        if (held?.digest === digest) {
          same.push(item.key);
          if (held.withdrawn) relisted += 1;
        } else
          changed.push({
            source: this.source,
            kind: this.kind,
            key: item.key,
            digest,
            raw: item.raw,
            doc: item.doc,
            sort_text: item.sortText ?? null,
            sort_ms: item.sortMs ?? null,
            seen_at: now,
            source_updated_at: item.sourceUpdatedAt ?? null,
            withdrawn_at: null,
          });
      }
      for (let i = 0; i < changed.length; i += CHUNK) {
        await pause();
        await trx
          .insertInto('entities')
          .values(changed.slice(i, i + CHUNK))
          .onConflict((c) =>
            c.columns(['source', 'kind', 'key']).doUpdateSet((eb) => ({
              digest: eb.ref('excluded.digest'),
              raw: eb.ref('excluded.raw'),
              doc: eb.ref('excluded.doc'),
              sort_text: eb.ref('excluded.sort_text'),
              sort_ms: eb.ref('excluded.sort_ms'),
              seen_at: eb.ref('excluded.seen_at'),
              source_updated_at: eb.ref('excluded.source_updated_at'),
              withdrawn_at: null,
            })),
          )
          .execute();
      }
      for (let i = 0; i < same.length; i += CHUNK) {
        await pause();
        await trx
          .updateTable('entities')
          .set({ seen_at: now, withdrawn_at: null })
          .where('source', '=', this.source)
          .where('kind', '=', this.kind)
          .where('key', 'in', same.slice(i, i + CHUNK))
          .execute();
      }
      return { changed: changed.length, unchanged: same.length, relisted };
    });
  }

  /**
   * After a complete pass that started at `passStartedAt`: every row not seen since is marked withdrawn
   * at `now` (the upstream no longer publishes it). Returns how many rows were newly marked.
   */
  async withdrawUnseen(passStartedAt: number, now: number): Promise<number> {
    const seen = await this.db
      .selectFrom('entities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source', '=', this.source)
      .where('kind', '=', this.kind)
      .where('seen_at', '>=', passStartedAt)
      .executeTakeFirstOrThrow();
    const { current } = await this.counts();
    if (Number(seen.n) === 0 && current > 0) {
      // A snapshot that lists nothing while the store holds records is an upstream fault, not news.
      throw new Error(
        `the upstream listed no ${this.kind} of the ${current} stored: refused, nothing was marked withdrawn`,
      );
    }
    const result = await this.db
      .updateTable('entities')
      .set({ withdrawn_at: now })
      .where('source', '=', this.source)
      .where('kind', '=', this.kind)
      .where('seen_at', '<', passStartedAt)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Marks every row as seen at `now` (a conditional GET said nothing changed). */
  async confirm(now: number): Promise<void> {
    await this.db
      .updateTable('entities')
      .set({ seen_at: now })
      .where('source', '=', this.source)
      .where('kind', '=', this.kind)
      .where('withdrawn_at', 'is', null)
      .execute();
  }

  /** Stored rows by key (withdrawn ones included: callers decide what a withdrawn row means). */
  async get(keys: readonly string[]): Promise<Map<string, EntityRow>> {
    const out = new Map<string, EntityRow>();
    for (let i = 0; i < keys.length; i += CHUNK) {
      const rows = await this.db
        .selectFrom('entities')
        .selectAll()
        .where('source', '=', this.source)
        .where('kind', '=', this.kind)
        .where('key', 'in', keys.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) out.set(r.key, r);
    }
    return out;
  }

  /** Every row still published, ordered by `sort_text` then key. */
  async current(): Promise<EntityRow[]> {
    return this.db
      .selectFrom('entities')
      .selectAll()
      .where('source', '=', this.source)
      .where('kind', '=', this.kind)
      .where('withdrawn_at', 'is', null)
      .orderBy('sort_text')
      .orderBy('key')
      .execute();
  }

  /** How many rows are published and how many withdrawn. */
  async counts(): Promise<{ current: number; withdrawn: number }> {
    const rows = await this.db
      .selectFrom('entities')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.case().when('withdrawn_at', 'is', null).then(0).else(1).end().as('w'),
      ])
      .where('source', '=', this.source)
      .where('kind', '=', this.kind)
      .groupBy('w')
      .execute();
    let current = 0;
    let withdrawn = 0;
    for (const r of rows) {
      if (Number(r.w) === 0) current += Number(r.n);
      else withdrawn += Number(r.n);
    }
    return { current, withdrawn };
  }
}

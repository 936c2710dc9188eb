/**
 * Data quality of one OCDS feed in the store: the releases a harvest could not use, kept as published
 * with why (`quarantine`), and how many values of the listed processes were coerced from a publisher's
 * quirk (`processes.coerced`). Counts are cached per store revision, like a list's.
 */
import { sql, type Kysely } from 'kysely';
import type { DataQuality, ProcurementFeed, QuarantineExample, QuarantineReason } from '../domain/index.js';
import { CountCache } from './count-cache.js';
import { digestOf } from './entities.js';
import { bumpRevision, chunks } from './process-rows.js';
import type { Tables } from './tables.js';

/** A release to keep in quarantine: its keys as published, why, and its JSON. */
export interface QuarantineEntry {
  readonly ocid: string;
  readonly releaseId: string;
  readonly reasons: readonly QuarantineReason[];
  readonly raw: string;
}

/** Examples `sources` shows at most. */
export const QUARANTINE_EXAMPLES = 5;

/** The quarantine and coercion counts of one feed. */
export class QuarantineStore {
  readonly #counts = new CountCache();

  constructor(
    private readonly db: Kysely<Tables>,
    readonly feed: ProcurementFeed,
    /** The source whose harvest revision the feed's writes bump. */
    readonly source: string,
  ) {}

  /**
   * Keeps `entries` (a release read again replaces its row: within one batch too, the last one wins);
   * bumps the revision. A release without an ocid or id, or with one too long for an index key, is kept
   * under a digest of its JSON.
   */
  async keep(entries: readonly QuarantineEntry[], now: number): Promise<void> {
    if (entries.length === 0) return;
    const unique = new Map<string, QuarantineEntry>();
    for (const e of entries) {
      const keyed = { ...e, ocid: keyPart(e.ocid, e.raw), releaseId: keyPart(e.releaseId, e.raw) };
      unique.set(`${keyed.ocid}\u0000${keyed.releaseId}`, keyed);
    }
    await this.db.transaction().execute(async (trx) => {
      for (const part of chunks([...unique.values()])) {
        await trx
          .insertInto('quarantine')
          .values(
            part.map((e) => ({
              feed: this.feed,
              ocid: e.ocid,
              release_id: e.releaseId,
              reasons: JSON.stringify(e.reasons),
              raw: e.raw,
              seen_at: now,
            })),
          )
          .onConflict((c) =>
            c.columns(['feed', 'ocid', 'release_id']).doUpdateSet((eb) => ({
              reasons: eb.ref('excluded.reasons'),
              raw: eb.ref('excluded.raw'),
              seen_at: eb.ref('excluded.seen_at'),
            })),
          )
          .execute();
      }
      await bumpRevision(trx, this.source);
    });
  }

  /**
   * Lets out of quarantine the releases that are now usable (a later version of each was stored). Reads
   * nothing more than one index probe when the feed has none in quarantine, the usual case.
   */
  async release(keys: readonly { readonly ocid: string; readonly id: string }[]): Promise<void> {
    if (keys.length === 0) return;
    const any = await this.db
      .selectFrom('quarantine')
      .select(sql<number>`1`.as('one'))
      .where('feed', '=', this.feed)
      .limit(1)
      .executeTakeFirst();
    if (any === undefined) return;
    let freed = 0;
    for (const part of chunks(keys)) {
      const result = await this.db
        .deleteFrom('quarantine')
        .where('feed', '=', this.feed)
        .where((eb) => eb.or(part.map((k) => eb.and([eb('ocid', '=', k.ocid), eb('release_id', '=', k.id)]))))
        .executeTakeFirst();
      freed += Number(result.numDeletedRows);
    }
    if (freed > 0) await bumpRevision(this.db, this.source);
  }

  /** The feed's data quality at `revision` (the source's harvest revision), computed once per revision. */
  quality(revision: number): Promise<DataQuality> {
    return this.#counts.get(['quality', this.feed, revision], async () => {
      const [quarantined, coerced, rows] = await Promise.all([
        this.db
          .selectFrom('quarantine')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('feed', '=', this.feed)
          .executeTakeFirstOrThrow(),
        this.db
          .selectFrom('processes')
          .select((eb) => eb.fn.sum<number | null>('coerced').as('n'))
          .where('feed', '=', this.feed)
          .where('coerced', '>', 0)
          .executeTakeFirstOrThrow(),
        this.db
          .selectFrom('quarantine')
          .select(['ocid', 'release_id', 'reasons', 'seen_at'])
          .where('feed', '=', this.feed)
          .orderBy('seen_at', 'desc')
          .orderBy('ocid')
          .orderBy('release_id')
          .limit(QUARANTINE_EXAMPLES)
          .execute(),
      ]);
      return {
        quarantined: Number(quarantined.n),
        coercions: Number(coerced.n ?? 0),
        examples: rows.map((r) => ({
          ocid: r.ocid,
          releaseId: r.release_id,
          reasons: JSON.parse(r.reasons) as QuarantineReason[],
          seenAt: Number(r.seen_at),
        })),
      };
    });
  }

  /** The quarantined releases of `ocids` (for answers they would have changed), by ocid. */
  async of(ocids: readonly string[]): Promise<Map<string, QuarantineExample[]>> {
    const out = new Map<string, QuarantineExample[]>();
    for (const part of chunks(ocids)) {
      const rows = await this.db
        .selectFrom('quarantine')
        .select(['ocid', 'release_id', 'reasons', 'seen_at'])
        .where('feed', '=', this.feed)
        .where('ocid', 'in', part)
        .execute();
      for (const r of rows) {
        const list = out.get(r.ocid) ?? [];
        list.push({
          ocid: r.ocid,
          releaseId: r.release_id,
          reasons: JSON.parse(r.reasons) as QuarantineReason[],
          seenAt: Number(r.seen_at),
        });
        out.set(r.ocid, list);
      }
    }
    return out;
  }
}

/** Longest ocid or release id kept as it is in the quarantine's key (an index entry has a size limit). */
const MAX_KEY_PART = 512;

/** An ocid or release id as the quarantine's key holds it: as given, or a digest when empty or too long. */
function keyPart(value: string, raw: string): string {
  if (value !== '' && value.length <= MAX_KEY_PART) return value;
  const digest = digestOf(value === '' ? raw : value).slice(0, 16);
  return value === '' ? `(none: ${digest})` : `${value.slice(0, 64)}… (${digest})`;
}

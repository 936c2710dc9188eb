/**
 * The harvester of the legal-entity register's daily dump (one JSON array of some 190,000 records, tens
 * to hundreds of megabytes). Each pass is one conditional GET with the validators of the last dump
 * written (`If-None-Match` / `If-Modified-Since`): a `304` confirms the whole store in one request (the
 * scheduler records the pass's start as `confirmed_at`; rows are not rewritten for it), so a restart with
 * nothing changed upstream costs one request and no download.
 *
 * A new dump is streamed, never held: the source's reader hands over batches of a few thousand records,
 * each written in one transaction through `EntityStore` (kind `entity`, key = the register number, raw =
 * the record's JSON as it stood in the dump, doc = the domain entity), which rewrites only the records
 * whose raw JSON changed (digest compare) and marks the rest as seen. Only after the whole dump has been
 * read are the stored entities it no longer lists marked withdrawn (kept, never dropped), and only then
 * are its validators stored: a pass interrupted midway asks for the dump whole again, never takes a
 * `304` for a half-written store. A record that breaks the schema fails the pass (drift) with nothing
 * withdrawn; what was written before it is what the upstream published. A dump listing no entity at all
 * while the store holds some is refused the same way (a publishing fault would otherwise withdraw the
 * whole register).
 *
 * The ownership statements (`ownership.jsonl`) are not harvested: see docs/store.md.
 */
import type { Logger } from '../log.js';
import { readDumpInBatches, type DumpEntry } from '../sources/registry/index.js';
import type { EntityStore, Store } from '../store/index.js';
import { isoDate, type UpstreamSource } from '../upstream/index.js';
import type { Harvester, PassContext } from './scheduler.js';
import { slicer } from './slices.js';

/** The `entities` kind of the register's entities (one row per register number). */
export const REGISTER_KIND = 'entity';

/** Records per write transaction: large enough that 190,000 records take a few dozen transactions. */
export const REGISTER_BATCH = 5000;

/** Where the dump is and the limits of one download of it. */
export interface DumpLocation {
  readonly url: URL;
  readonly deadlineMs: number;
  readonly maxBytes: number;
}

/** What the register harvester needs. */
export interface RegistryHarvesterOptions {
  readonly upstream: UpstreamSource;
  readonly db: Store['db'];
  /** The register's entities (kind `entity`). */
  readonly entities: EntityStore;
  readonly dump: DumpLocation;
  readonly log: Logger;
  /** Records per write transaction (default `REGISTER_BATCH`). */
  readonly batchSize?: number;
  /** Called after a completed dump changed the store, once its withdrawals are written. */
  readonly onChanged?: () => void;
}

/** What the last pass did. */
export interface RegisterPass {
  /** The upstream answered `304`: nothing was read or written. */
  readonly notModified: boolean;
  readonly read: number;
  /** Entities written because they were new or their JSON changed. */
  readonly changed: number;
  readonly unchanged: number;
  /** Stored entities the dump no longer lists, newly marked withdrawn. */
  readonly withdrawn: number;
  readonly ms: number;
}

/** The register's harvester, with what its last pass did and why the last one failed. */
export interface RegistryHarvester extends Harvester {
  readonly last: RegisterPass | null;
  /** The error of the last pass when it failed (an upstream error keeps its code); null after a success. */
  readonly lastFailure: Error | null;
}

/** Validators as stored in `harvest_state.validators`. */
interface StoredValidators {
  readonly etag: string | null;
  readonly lastModified: string | null;
}

function validatorsOf(stored: string | null): StoredValidators | null {
  if (stored === null) return null;
  try {
    const v = JSON.parse(stored) as Partial<StoredValidators>;
    return { etag: v.etag ?? null, lastModified: v.lastModified ?? null };
  } catch {
    return null; // unreadable: ask for the whole dump
  }
}

/** Bumps the source's revision: an index built at the old one is rebuilt from the store. */
async function bumpRevision(db: Store['db'], source: string): Promise<void> {
  await db
    .insertInto('harvest_state')
    .values({ source, pages: 0, records: 0, revision: 1 })
    .onConflict((c) =>
      c.column('source').doUpdateSet((eb) => ({ revision: eb('harvest_state.revision', '+', 1) })),
    )
    .execute();
}

/** A harvester of the register's dump into `entities`. */
export function registryHarvester(options: RegistryHarvesterOptions): RegistryHarvester {
  const { upstream, db, entities, dump, log } = options;
  const batchSize = options.batchSize ?? REGISTER_BATCH;
  const source = upstream.name;

  async function pass(ctx: PassContext): Promise<Omit<RegisterPass, 'ms'>> {
    // Validators are kept only for a dump written whole (see the file comment).
    const previous = ctx.state.completed_at === null ? null : validatorsOf(ctx.state.validators);
    let read = 0;
    let changed = 0;
    let unchanged = 0;
    // A failure of the store (or a lost lease) inside the reader is rethrown as itself, not as drift.
    let sinkError: unknown = null;
    // Parsing, comparing and writing the dump is CPU work: the loop gets a turn every slice of it, so
    // the other harvests' answers (the feed's next page) are handled meanwhile (src/sync/slices.ts).
    const pause = slicer();
    const write = async (batch: readonly DumpEntry[]): Promise<void> => {
      try {
        if (read === 0 && ctx.state.validators !== null) await ctx.progress({ validators: null });
        const now = ctx.now();
        // In key order: the rows land near each other in the key's index, about a tenth faster than in
        // the dump's order (the sort is stable, so a number listed twice keeps its later record).
        const rows = [...batch]
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
          .map((e) => ({ key: e.key, raw: e.raw, doc: JSON.stringify(e.entity) }));
        const done = await entities.write(rows, now, pause);
        read += batch.length;
        changed += done.changed + done.relisted;
        unchanged += done.unchanged;
        if (done.changed + done.relisted > 0) await bumpRevision(db, source);
        await ctx.progress({ records: batch.length });
      } catch (thrown) {
        sinkError = thrown;
        throw thrown;
      }
    };
    let downloaded;
    try {
      downloaded = await upstream.download(
        {
          ...dump,
          previous,
          parse: (body) => {
            // A retried attempt reads the dump from its start again (its writes are idempotent).
            read = changed = unchanged = 0;
            return readDumpInBatches(body, batchSize, write, pause);
          },
        },
        ctx.signal,
      );
    } catch (thrown) {
      throw sinkError ?? thrown;
    }
    const validators = JSON.stringify({
      etag: downloaded.etag ?? previous?.etag ?? null,
      lastModified: downloaded.lastModified ?? previous?.lastModified ?? null,
    });
    const datasetDate = isoDate(downloaded.lastModified ?? previous?.lastModified);
    if (downloaded.value === null) {
      await ctx.progress({ pages: 1, validators, datasetDate });
      return { notModified: true, read: 0, changed: 0, unchanged: 0, withdrawn: 0 };
    }
    if (read === 0) {
      // An empty dump is a publishing fault, not the end of every legal entity: nothing is withdrawn.
      const { current } = await entities.counts();
      if (current > 0)
        throw new Error(
          `the dump lists no entity while the store holds ${current}: refused, nothing was withdrawn`,
        );
    }
    const withdrawn = await entities.withdrawUnseen(ctx.startedAt, ctx.now());
    if (withdrawn > 0) await bumpRevision(db, source);
    await ctx.progress({ pages: 1, validators, datasetDate });
    return { notModified: false, read, changed, unchanged, withdrawn };
  }

  const harvester: RegistryHarvester & { last: RegisterPass | null; lastFailure: Error | null } = {
    source,
    intervalMs: upstream.policy.maxAgeSeconds * 1000,
    last: null,
    lastFailure: null,
    async pass(ctx: PassContext) {
      const began = performance.now();
      try {
        const done = await pass(ctx);
        const summary = { ...done, ms: Math.round(performance.now() - began) };
        harvester.last = summary;
        harvester.lastFailure = null;
        log.info('register dump harvested', { source, ...summary });
        if (summary.changed > 0 || summary.withdrawn > 0) options.onChanged?.();
      } catch (thrown) {
        harvester.lastFailure = thrown instanceof Error ? thrown : new Error(String(thrown));
        throw thrown;
      }
    },
  };
  return harvester;
}

/**
 * The harvesters of the two EITI upstreams, one `Harvester` (and one harvest state) each, into the store's
 * `entities` rows (`EntityStore`, kinds in `EITI_KINDS`). See docs/store.md "How the EITI sources are
 * harvested".
 *
 * The EITI API has no change filter (`identification=`, country and date filters are ignored; the one
 * server-side filter is `revenue?organisation=`), so what changed is found this way:
 *
 * - **Has anything changed?** One conditional GET of the index's first page with `If-Modified-Since` set
 *   to the `Last-Modified` of the last complete walk, trusted only when every page of that walk gave the
 *   same `Last-Modified` (so it dates the data set, not the page). A `304` confirms every record: a
 *   restart with nothing changed is one request. Without such a date, every pass walks the index.
 * - **The walk**: every page of the index, one after another (the next page's address is the cursor, so an
 *   interrupted walk resumes there); a page's rows are compared by digest, and the payments are read only
 *   for organisation-years that are new or changed (or have none stored). At least once per stale-if-error
 *   window the walk is a full one, reading every organisation's payments again: a payment corrected under
 *   an unchanged organisation row is otherwise invisible, since revenue rows carry no change date.
 * - After a complete walk, the rows it did not see are marked withdrawn (kept).
 */
import type { Logger } from '../log.js';
import type { HttpPolicy } from '../policy.js';
import {
  DEFAULT_EITI_MAX_PAGES,
  DEFAULT_EITI_PAGE_SIZE,
  paymentsRecord,
  readOrganisationPage,
  readRevenuePage,
  type HarvestRecord,
  type OrganisationHarvestPage,
  type RevenueRow,
} from '../sources/eiti/index.js';
import { digestOf, type Store } from '../store/index.js';
import { invalidError, isoDate, type Downloaded, type UpstreamSource } from '../upstream/index.js';
import { bumpRevision, eitiStores, inParallel, objectOf, relative, resume } from './eiti-store.js';
import { readJson } from './json.js';
import type { Harvester, PassContext } from './scheduler.js';

export { eitiMongoliaHarvester } from './eiti-mongolia.js';

/** What an EITI harvester needs. */
export interface EitiHarvesterOptions {
  readonly upstream: UpstreamSource;
  readonly store: Store;
  readonly http: HttpPolicy;
  readonly log: Logger;
  /** Rows per page of `/organisation` and `/revenue`; default the client's (50). */
  readonly pageSize?: number;
}

/** What the EITI API harvest keeps between passes (`harvest_state.validators`). */
interface ApiValidators {
  /** The `Last-Modified` every page of the last complete walk gave; `null` when they differed or had none. */
  readonly lastModified: string | null;
  /** When the last full walk (every organisation's payments read) started. */
  readonly fullAt: number | null;
}

/** Where a walk of the index stands (`harvest_state.cursor`, JSON). */
interface Walk {
  /** The next page, relative to the origin; `null` once every page is read. */
  readonly next: string | null;
  /** The first page's `Last-Modified`, and whether every page read so far gave the same. */
  readonly lastModified: string | null;
  readonly uniform: boolean;
  /** Whether every organisation's payments are read again in this walk. */
  readonly full: boolean;
  readonly fullAt: number;
}

function validatorsOf(text: string | null): ApiValidators {
  const o = objectOf(text);
  return {
    lastModified: typeof o['lastModified'] === 'string' ? o['lastModified'] : null,
    fullAt: typeof o['fullAt'] === 'number' ? o['fullAt'] : null,
  };
}

function walkOf(cursor: string | null): Walk | null {
  if (cursor === null) return null;
  const o = objectOf(cursor);
  if (typeof o['full'] !== 'boolean' || typeof o['fullAt'] !== 'number') return null;
  return {
    next: typeof o['next'] === 'string' ? o['next'] : null,
    lastModified: typeof o['lastModified'] === 'string' ? o['lastModified'] : null,
    uniform: o['uniform'] === true,
    full: o['full'],
    fullAt: o['fullAt'],
  };
}

/** The harvester of the EITI API: the organisation index and the payments of each organisation-year. */
export function eitiApiHarvester(options: EitiHarvesterOptions): Harvester {
  const { upstream, store, http, log } = options;
  const pageSize = options.pageSize ?? DEFAULT_EITI_PAGE_SIZE;
  const { organisations, payments } = eitiStores(store, upstream.name);
  const base = upstream.baseUrl;
  const fullEveryMs = upstream.policy.staleIfErrorSeconds * 1000;

  const indexPage = (url: URL, previous: ApiValidators | null, signal: AbortSignal) =>
    upstream.download(
      {
        url,
        deadlineMs: http.attemptDeadlineMs,
        maxBytes: http.maxResponseBytes,
        parse: async (body) => readOrganisationPage(await readJson(body), url, base),
        previous: previous === null ? null : { etag: null, lastModified: previous.lastModified },
      },
      signal,
    );

  /** Every revenue row of one organisation-year, all pages (a looping or endless chain is refused). */
  const paymentsOf = async (id: string, signal: AbortSignal): Promise<HarvestRecord> => {
    const rows: RevenueRow[] = [];
    const seen = new Set<string>();
    for (
      let url: URL | null = upstream.url('revenue', { organisation: id, limit: pageSize });
      url !== null;
    ) {
      if (seen.has(url.href) || seen.size >= DEFAULT_EITI_MAX_PAGES) {
        throw invalidError(upstream.name, `a revenue listing of organisation ${id} that loops or never ends`);
      }
      seen.add(url.href);
      const at: URL = url;
      const { value } = await upstream.download(
        {
          url: at,
          deadlineMs: http.attemptDeadlineMs,
          maxBytes: http.maxResponseBytes,
          parse: async (body) => readRevenuePage(await readJson(body), at, base, id),
        },
        signal,
      );
      if (value === null) throw invalidError(upstream.name, 'a 304 to an unconditional request');
      rows.push(...value.rows);
      url = value.next;
    }
    return paymentsRecord(id, rows);
  };

  /**
   * Writes one page: the payments of its new or changed organisation-years first (read from the upstream),
   * then the organisation rows. In that order an interrupted page is done again on resume, its changed
   * rows still changed, so no organisation is ever stored without the payments it had when read.
   */
  const apply = async (page: OrganisationHarvestPage, full: boolean, ctx: PassContext): Promise<number> => {
    const records = [...new Map(page.records.map((r) => [r.key, r])).values()];
    const ids = records.map((r) => r.key);
    const [heldOrgs, heldPayments] = await Promise.all([organisations.get(ids), payments.get(ids)]);
    const stale = (r: HarvestRecord): boolean => {
      const o = heldOrgs.get(r.key);
      const p = heldPayments.get(r.key);
      return (
        full ||
        o === undefined ||
        o.withdrawn_at !== null ||
        o.digest !== digestOf(r.raw) ||
        p === undefined ||
        p.withdrawn_at !== null
      );
    };
    const need = records.filter(stale);
    const needIds = new Set(need.map((r) => r.key));
    const read = await inParallel(need, upstream.policy.concurrency, (r) => paymentsOf(r.key, ctx.signal));
    const kept = [...heldPayments.values()]
      .filter((p) => !needIds.has(p.key))
      .map((p) => ({ key: p.key, raw: p.raw, doc: p.doc, sortText: p.sort_text }));
    const now = ctx.now();
    const wrote = await payments.write([...read, ...kept], now);
    const listed = await organisations.write(records, now);
    if (wrote.changed + wrote.relisted + listed.changed + listed.relisted > 0)
      await bumpRevision(store, upstream.name);
    return read.length;
  };

  return {
    source: upstream.name,
    intervalMs: upstream.policy.maxAgeSeconds * 1000,
    async pass(ctx: PassContext) {
      const saved = validatorsOf(ctx.state.validators);
      let walk = walkOf(ctx.state.cursor);
      let head: Downloaded<OrganisationHarvestPage> | null = null;
      if (walk === null) {
        const full = saved.fullAt === null || ctx.now() - saved.fullAt > fullEveryMs;
        const first = upstream.url('organisation', { limit: pageSize });
        head = await indexPage(first, full || saved.lastModified === null ? null : saved, ctx.signal);
        if (head.value === null) {
          // Not modified since the last complete walk: every record stands as stored.
          const now = ctx.now();
          await organisations.confirm(now);
          await payments.confirm(now);
          await ctx.progress({ pages: 1 });
          return;
        }
        const fullAt = full ? ctx.startedAt : (saved.fullAt ?? ctx.startedAt);
        const lastModified = head.lastModified;
        walk = { next: relative(first), lastModified, uniform: lastModified !== null, full, fullAt };
      }
      while (walk.next !== null) {
        const got: Downloaded<OrganisationHarvestPage> =
          head ?? (await indexPage(resume(base, walk.next), null, ctx.signal));
        head = null;
        const page: OrganisationHarvestPage | null = got.value;
        if (page === null) throw invalidError(upstream.name, 'a 304 to an unconditional request');
        const paid = await apply(page, walk.full, ctx);
        walk = {
          ...walk,
          next: page.next === null ? null : relative(page.next),
          uniform: walk.uniform && got.lastModified === walk.lastModified,
        };
        await ctx.progress({ pages: 1, records: page.records.length + paid, cursor: JSON.stringify(walk) });
      }
      const now = ctx.now();
      const gone =
        (await organisations.withdrawUnseen(ctx.startedAt, now)) +
        (await payments.withdrawUnseen(ctx.startedAt, now));
      if (gone > 0) {
        await bumpRevision(store, upstream.name);
        log.info('records no longer published were marked withdrawn', { source: upstream.name, gone });
      }
      const lastModified = walk.uniform ? walk.lastModified : null;
      const next: ApiValidators = { lastModified, fullAt: walk.fullAt };
      await ctx.progress({ validators: JSON.stringify(next), datasetDate: isoDate(lastModified) });
    },
  };
}

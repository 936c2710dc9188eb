/**
 * The harvester of tender.gov.mn's invitation list, read by tender-year window (`tenderYear` is the only
 * date filter the API has), page by page, at the source's politeness (every request goes through its one
 * `UpstreamSource`, whose pipeline spaces them):
 *
 * - the first pass asks the unfiltered list for its oldest invitation (one row), then reads every window
 *   from that invitation's year to the current one;
 * - every later pass reads only the windows from the high-water mark (the newest window a completed pass
 *   read) to the current one: the last window again, since it may have grown or changed;
 * - a bidder list is asked for only when the mapping needs it (`needsBidders`): an invitation new or
 *   changed, or past its bid opening since the list was read; an unchanged window costs its pages alone;
 * - each page is written as it arrives (processes first, then the audit copies), and the cursor (window
 *   and page) is stored with it, so an interrupted pass resumes at that page;
 * - a window read completely, with the same `total` on every page, that no longer lists an invitation
 *   stored under it marks that invitation's process withdrawn: kept, no longer listed.
 *
 * The raw rows are kept as `entities` of kind `invitation:<year>` (one kind per window, so a window's
 * count and its unseen rows are one query each); `processes` holds the mapped process under its minted ocid.
 */
import {
  ErrorCode,
  GatewayError,
  quoteInput,
  type ContractingProcess,
  type Fetched,
} from '../domain/index.js';
import type { Logger } from '../log.js';
import type { StoredProcesses } from '../sources/procurement/index.js';
import {
  TENDER_MN_MAX_PAGES,
  cursorText,
  mintOcid,
  needsBidders,
  publicationYear,
  readCursor,
  readHighWater,
  readRecord,
  recordText,
  ulaanbaatarYear,
  windowStart,
  type HarvestCursor,
  type ListedPage,
  type TenderMnClient,
} from '../sources/tender-mn/index.js';
import { EntityStore, type EntityInput, type ProcessStore, type Store } from '../store/index.js';
import { inRequest, invalidError, type UpstreamSource } from '../upstream/index.js';
import type { ProcessReads } from './process-reads.js';
import type { Harvester, PassContext } from './scheduler.js';

/** What the invitation harvester needs. */
export interface InvitationHarvesterOptions {
  readonly client: TenderMnClient;
  readonly upstream: UpstreamSource;
  readonly processes: ProcessStore;
  /** The store's query layer, for the audit copies (`entities`). */
  readonly db: Store['db'];
  readonly log: Logger;
}

/** The `entities` kind of the invitations listed under tender year `year`. */
export function invitationKind(year: number): string {
  return `invitation:${year}`;
}

/** A harvester of the invitation list into `processes`. */
export function invitationHarvester(options: InvitationHarvesterOptions): Harvester {
  const { client, upstream, processes, db, log } = options;
  const kinds = new Map<number, EntityStore>();
  const kind = (year: number): EntityStore => {
    let store = kinds.get(year);
    if (store === undefined) {
      store = new EntityStore(db, upstream.name, invitationKind(year));
      kinds.set(year, store);
    }
    return store;
  };

  /** The first pass's start: the year of the oldest invitation (one row of the unfiltered list). */
  async function firstWindow(ctx: PassContext, thisYear: number): Promise<HarvestCursor> {
    const probe = await inRequest(ctx.signal, () => client.listPage(1, { perPage: 1 }));
    const oldest = probe.value.data[0];
    const year = oldest === undefined ? thisYear : Math.min(thisYear, publicationYear(oldest));
    const cursor = windowStart(year, { expected: probe.value.total, listed: 0 });
    await ctx.progress({ pages: 1, cursor: cursorText(cursor) });
    return cursor;
  }

  /** Writes one page of window `year`: new and changed invitations mapped, the rest marked seen. */
  async function writePage(ctx: PassContext, year: number, page: ListedPage): Promise<void> {
    const rows = page.data;
    const store = kind(year);
    const stored = await store.get(rows.map((r) => String(r.invitationId)));
    const readAt = ctx.now();
    const before = rows.map((row, i) => {
      const held = stored.get(String(row.invitationId));
      return { row, raw: page.raw[i] ?? '', held, record: held === undefined ? null : readRecord(held.raw) };
    });
    const asked = before.filter((r) => needsBidders(r.row, r.raw, r.record, readAt));
    const bidders = await inRequest(ctx.signal, () => client.listBidders(asked.map((r) => r.row)));
    const fresh = new Map(asked.map((r, i) => [r.row.invitationId, bidders[i] ?? null]));

    const now = ctx.now();
    const changed: ContractingProcess[] = [];
    const unchanged: string[] = [];
    const items: EntityInput[] = before.map(({ row, raw, held, record }) => {
      const got = fresh.get(row.invitationId);
      const text = recordText({
        window: year,
        invitation: raw,
        bidders: got === undefined ? (record?.bidders ?? null) : (got?.value.raw ?? null),
        biddersReadAt:
          got === undefined ? (record?.biddersReadAt ?? null) : (got?.freshness.fetchedAt ?? null),
      });
      const ocid = mintOcid(client.ocidPrefix, row.invitationId);
      // A new or changed row has had its bidder list asked for (`needsBidders`) unless it has no tenderId.
      if (held?.raw === text) unchanged.push(ocid);
      else changed.push(client.toProcess(row, got?.value.rows ?? null));
      return {
        key: String(row.invitationId),
        raw: text,
        // The domain object is the `processes` row; this copy only points at it.
        doc: JSON.stringify({ ocid }),
        sortText: ocid,
        sortMs: row.publishDate === null ? null : Date.parse(row.publishDate),
        sourceUpdatedAt: row.publishDate,
      };
    });
    // Processes first: a crash before the audit copies makes the next pass see these rows as new again.
    await processes.put(changed, now);
    await processes.seen(unchanged, now);
    await store.write(items, now);
  }

  /**
   * After window `year` was read completely with one `total` on every page: invitations stored under it
   * but not listed in this pass are withdrawn (their processes kept, no longer listed).
   */
  async function withdrawGone(ctx: PassContext, year: number, total: number): Promise<void> {
    const store = kind(year);
    if ((await store.counts()).current <= total) return;
    const gone = (await store.current()).filter((r) => r.seen_at < ctx.startedAt);
    const ocids = gone.map((r) => (JSON.parse(r.doc) as { ocid: string }).ocid);
    const now = ctx.now();
    const marked = await processes.withdraw(ocids, ctx.startedAt, now);
    await store.withdrawUnseen(ctx.startedAt, now);
    log.info('invitations no longer listed were marked withdrawn', {
      source: upstream.name,
      tenderYear: year,
      withdrawn: marked,
    });
  }

  return {
    source: upstream.name,
    intervalMs: upstream.policy.maxAgeSeconds * 1000,
    async pass(ctx: PassContext) {
      const thisYear = ulaanbaatarYear(ctx.now());
      const highWater = readHighWater(ctx.state.high_water);
      let cursor =
        readCursor(ctx.state.cursor) ??
        (highWater === null ? await firstWindow(ctx, thisYear) : windowStart(Math.min(highWater, thisYear)));
      let newest = ctx.state.dataset_date === null ? null : Date.parse(ctx.state.dataset_date);
      let pagesOfWindow = 0;
      for (;;) {
        const { year, page } = cursor;
        if (++pagesOfWindow > TENDER_MN_MAX_PAGES) {
          throw invalidError(upstream.name, `more than ${TENDER_MN_MAX_PAGES} pages in tender year ${year}`);
        }
        const { value } = await inRequest(ctx.signal, () => client.listPage(page, { tenderYear: year }));
        await writePage(ctx, year, value);
        for (const row of value.data) {
          const at = row.publishDate === null ? NaN : Date.parse(row.publishDate);
          if (!Number.isNaN(at) && (newest === null || at > newest)) newest = at;
        }
        const shifted = cursor.shifted || (cursor.total !== null && cursor.total !== value.total);
        const last = value.data.length === 0 || page >= Math.ceil(value.total / value.perPage);
        let next: HarvestCursor | null;
        if (!last) {
          next = { ...cursor, page: page + 1, total: cursor.total ?? value.total, shifted };
        } else {
          if (!shifted) await withdrawGone(ctx, year, value.total);
          const listed = cursor.listed + value.total;
          next = year < thisYear ? windowStart(year + 1, { expected: cursor.expected, listed }) : null;
          pagesOfWindow = 0;
          if (next === null && cursor.expected !== null && listed < cursor.expected) {
            log.warn('the tender-year windows list fewer invitations than the unfiltered list', {
              source: upstream.name,
              listed,
              unfiltered: cursor.expected,
            });
          }
        }
        await ctx.progress({
          pages: 1,
          records: value.data.length,
          cursor: next === null ? null : cursorText(next),
          datasetDate: newest === null ? null : new Date(newest).toISOString(),
          // The next pass starts at the last window read, which may still grow.
          ...(next === null ? { highWater: String(year) } : {}),
        });
        if (next === null) return;
        cursor = next;
      }
    },
  };
}

/** What the invitation reads need. */
export interface InvitationReadsOptions {
  /** The reads of the invitation processes (a `ProcessReads` over their `ProcessStore`). */
  readonly reads: ProcessReads;
  readonly upstream: UpstreamSource;
}

/**
 * The invitation processes as the store serves them: `reads`, with the invitation list named as the
 * resource of what the store serves (the harvest read it there; `ProcessReads` names the OCDS paths).
 */
export function invitationReads(options: InvitationReadsOptions): StoredProcesses {
  const { reads, upstream } = options;
  const url = upstream.url('invitation').href;
  const named = <T>(f: Fetched<T>): Fetched<T> =>
    f.freshness.harvest == null ? f : { value: f.value, freshness: { ...f.freshness, url } };
  return {
    page: async (query) => named(await reads.page(query)),
    freshness: async () => ({ ...(await reads.freshness()), url }),
    byOcids: async (ocids) => (await reads.byOcids(ocids)).map((r) => (r instanceof Error ? r : named(r))),
    otherCase: (ocids) => reads.otherCase(ocids),
  };
}

/** The live read of one invitation process by its minted ocid; NOT_FOUND when no invitation has it. */
export function invitationLookup(
  client: TenderMnClient,
): (ocid: string) => Promise<Fetched<ContractingProcess>> {
  return async (ocid) => {
    const found = await client.process(ocid);
    if (found === null) {
      throw new GatewayError(ErrorCode.NOT_FOUND, `No contracting process has ocid ${quoteInput(ocid)}.`, {
        source: client.source,
      });
    }
    return found;
  };
}

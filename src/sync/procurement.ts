/**
 * The harvester of an OCDS release feed (`releases?since=…&limit=…`, followed through `links.next`), or
 * of a record feed (`records?since=…&limit=…`, when the source is set to read records: each record's releases are
 * stored, and its `compiledRelease`, when given, is written as the process): the first pass walks the whole feed; every later pass asks only for releases dated at or after the
 * newest one already stored (`since`), so with nothing new upstream a pass is one request. Each page is
 * written in batches as it arrives and the next page's address is stored after each, so a pass
 * interrupted by a restart resumes where it stopped. A release that fails validation is counted, logged
 * and skipped; it never blanks the rest. A `links.next` to another origin is never requested: the walk
 * ends there, the pass completes with what it read, and its harvest status says why (`note`).
 */
import type { ProcurementFeed } from '../domain/index.js';
import type { Logger } from '../log.js';
import type { HttpPolicy } from '../policy.js';
import {
  compileStored,
  compiledReleaseId,
  feedNextLink,
  readFeedPage,
  type FeedPage,
  type PackageMeta,
} from '../sources/procurement/index.js';
import { Store, type ProcessStore, type QuarantineStore } from '../store/index.js';
import type { UpstreamSource } from '../upstream/index.js';
import { readJson } from './json.js';
import type { Harvester, PassContext } from './scheduler.js';

/** A page as read, with its own address (where a pass resumes to write it again). */
type ReadPage = FeedPage & { readonly self: URL };

/** Releases written in one transaction at most (about 1.5 MB of JSON for typical releases). */
const BATCH_RELEASES = 2000;
/** Longest time read pages wait to be written: a list during a slow first pass grows at least this often. */
const BATCH_MS = 1000;

/** Package metadata of a release the batch does not carry (never the case for releases read from a page). */
const NO_PACKAGE: PackageMeta = {
  publisher: null,
  license: null,
  packageUri: null,
  publishedDate: null,
  version: null,
};

/** What the feed harvester needs. */
export interface FeedHarvesterOptions {
  readonly upstream: UpstreamSource;
  readonly processes: ProcessStore;
  /** Where releases that cannot be used are kept, with why. */
  readonly quarantine: QuarantineStore;
  readonly pageSize: number;
  /**
   * The listing walked (the source's feed setting): `releases`, or `records` for a publisher of records, whose
   * records' full releases are stored and whose `compiledRelease`, when given, is the process as listed.
   */
  readonly collection: 'releases' | 'records';
  readonly http: HttpPolicy;
  readonly log: Logger;
}

/** A harvester of the OCDS release feed into `processes`. */
export function feedHarvester(options: FeedHarvesterOptions): Harvester & { readonly feed: ProcurementFeed } {
  const { upstream, processes, quarantine, pageSize, collection, http, log } = options;
  return {
    source: upstream.name,
    feed: processes.feed,
    intervalMs: upstream.policy.maxAgeSeconds * 1000,
    async pass(ctx: PassContext) {
      const base = upstream.baseUrl;
      let url: URL | null =
        ctx.state.cursor !== null
          ? resume(base, ctx.state.cursor)
          : upstream.url(collection, { limit: pageSize, since: ctx.state.high_water ?? undefined });
      let newest = ctx.state.dataset_date === null ? null : Date.parse(ctx.state.dataset_date);
      /** A page as downloaded (parsed JSON, not yet validated) with its own address. */
      const fetchPage = async (at: URL): Promise<{ readonly json: unknown; readonly self: URL }> => {
        const { value } = await upstream.download(
          { url: at, deadlineMs: http.attemptDeadlineMs, maxBytes: http.maxResponseBytes, parse: readJson },
          ctx.signal,
        );
        return { json: value, self: at };
      };
      // The next page is asked for as soon as this one's link is read, before this page is validated or
      // written, so that the upstream's answer overlaps both; never more than one page ahead (memory
      // stays one page).
      let fetching: Promise<{ readonly json: unknown; readonly self: URL }> | null =
        url === null ? null : fetchPage(url);
      // Pages are written in batches (one transaction each): a B-tree page several pages of releases
      // touch is written once, not once per page. A batch is written at BATCH_RELEASES releases, after
      // BATCH_MS, or at the end of the feed, with the address of the page after it as the cursor.
      let batch: ReadPage[] = [];
      let batched = 0;
      let since = ctx.now();
      /** Writes `pages` in one transaction and records the progress up to `cursor`. */
      const write = async (pages: readonly FeedPage[], cursor: URL | null) => {
        const now = ctx.now();
        const releases = pages.flatMap((p) => p.releases.map((r) => ({ ...r, meta: p.meta })));
        await processes.applyReleases(
          releases,
          (_ocid, raws, meta) => compileStored(raws, meta ?? NO_PACKAGE),
          now,
        );
        // What is usable now leaves the quarantine: releases, and records' compiled releases.
        await quarantine.release([
          ...releases,
          ...pages.flatMap((p) => p.compiled.map((c) => ({ ocid: c.ocid, id: compiledReleaseId(c.ocid) }))),
        ]);
        await quarantine.keep(
          pages.flatMap((p) => p.quarantined),
          now,
        );
        await processes.put(
          pages.flatMap((p) => p.compiled),
          now,
        );
        let newestMs: number | null = null;
        for (const p of pages)
          if (p.newestMs !== null && (newestMs === null || p.newestMs > newestMs)) newestMs = p.newestMs;
        if (newestMs !== null && (newest === null || newestMs > newest)) newest = newestMs;
        await ctx.progress({
          pages: pages.length,
          records: pages.reduce((n, p) => n + p.releases.length + p.compiled.length, 0),
          cursor: cursor === null ? null : relative(cursor),
          datasetDate: newest === null ? null : new Date(newest).toISOString(),
        });
      };
      /**
       * Writes the batch read so far; `after` is the address of the page after it. A store too full for
       * the whole batch takes it page by page, as far as it can (nothing read is dropped that fits).
       */
      const flush = async (after: URL | null) => {
        const pages = batch;
        batch = [];
        batched = 0;
        since = ctx.now();
        // One line per release left out, with where and why (paths and zod's messages, never values).
        for (const page of pages) {
          for (const q of page.quarantined) {
            log.warn('release quarantined: it cannot be used, it is kept in the store with why', {
              source: upstream.name,
              ocid: q.ocid,
              releaseId: q.releaseId,
              where: q.where,
              path: q.reasons[0]?.path ?? null,
              reason: q.reasons[0]?.reason ?? null,
              reasons: q.reasons,
            });
          }
        }
        if (pages.length === 0) return;
        try {
          await write(pages, after);
        } catch (thrown) {
          if (!Store.isFull(thrown) || pages.length === 1) throw thrown;
          for (const [i, page] of pages.entries()) await write([page], pages[i + 1]?.self ?? after);
        }
      };
      /** Where `links.next` pointed when it left the configured origin: the walk ended there. */
      let offOrigin: string | null = null;
      while (url !== null && fetching !== null) {
        let page: ReadPage;
        try {
          const read = await fetching;
          const link = feedNextLink(read.json, base.origin);
          fetching = link.next === null ? null : fetchPage(link.next);
          fetching?.catch(() => undefined); // awaited on the next turn, or dropped when this one fails
          page = { ...readFeedPage(read.json, base.origin), self: read.self };
          offOrigin = link.offOrigin;
        } catch (thrown) {
          await flush(url); // what was read before the failing page is kept; the pass resumes at it
          throw thrown;
        }
        if (offOrigin !== null) {
          // Never requested (SSRF guard): the pass completes with the pages read, and says why it stopped.
          // The origin only: the link's path and query are the other host's and are not repeated.
          log.warn('links.next points to another origin: not followed, the walk ends with the pages read', {
            source: upstream.name,
            origin: offOrigin,
          });
        }
        const next = page.next;
        batch.push(page);
        batched += page.releases.length + page.compiled.length;
        url = next;
        if (url === null || batched >= BATCH_RELEASES || ctx.now() - since >= BATCH_MS) await flush(url);
      }
      // The next pass asks from the newest release date seen (inclusive: releases of that same instant
      // published later are not missed; the ones already stored are recognised as unchanged).
      // Never past the clock: one release dated in the future must not make every later `since` ask
      // for nothing.
      if (newest !== null)
        await ctx.progress({ highWater: new Date(Math.min(newest, ctx.now())).toISOString() });
      return offOrigin === null ? {} : { note: offOriginNote(offOrigin) };
    },
  };
}

/** Characters of a foreign origin a note repeats at most (a host name is at most 253). */
const MAX_NOTED_ORIGIN = 120;

/** The harvest status's note for a walk that ended at a `links.next` to another origin. */
function offOriginNote(origin: string): string {
  const named = origin.length > MAX_NOTED_ORIGIN ? `${origin.slice(0, MAX_NOTED_ORIGIN)}…` : origin;
  return `the feed's links.next pointed to another origin (${named}), which is never followed: the pass ended there with the pages read`;
}

/**
 * A stored cursor is kept relative to the source's base URL, so that it survives the upstream's address
 * changing port (the embedded replay listens on a new port every start).
 */
function relative(url: URL): string {
  return url.pathname + url.search;
}

function resume(base: URL, cursor: string): URL {
  return new URL(cursor, base.origin);
}

/**
 * The harvester of an OCDS release feed (`releases?since=…&limit=…`, followed through `links.next`):
 * the first pass walks the whole feed; every later pass asks only for releases dated at or after the
 * newest one already stored (`since`), so with nothing new upstream a pass is one request. Each page is
 * written in batches as it arrives and the next page's address is stored after each, so a pass
 * interrupted by a restart resumes where it stopped. A release that fails validation is counted, logged
 * and skipped; it never blanks the rest.
 */
import type { ProcurementFeed } from '../domain/index.js';
import type { Logger } from '../log.js';
import type { HttpPolicy } from '../policy.js';
import {
  compileStored,
  feedNextLink,
  readFeedPage,
  type FeedPage,
  type PackageMeta,
} from '../sources/procurement/index.js';
import { Store, type ProcessStore } from '../store/index.js';
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
const NO_PACKAGE: PackageMeta = { publisher: null, license: null, packageUri: null, publishedDate: null };

/** What the feed harvester needs. */
export interface FeedHarvesterOptions {
  readonly upstream: UpstreamSource;
  readonly processes: ProcessStore;
  readonly pageSize: number;
  readonly http: HttpPolicy;
  readonly log: Logger;
}

/** A harvester of the OCDS release feed into `processes`. */
export function feedHarvester(options: FeedHarvesterOptions): Harvester & { readonly feed: ProcurementFeed } {
  const { upstream, processes, pageSize, http, log } = options;
  return {
    source: upstream.name,
    feed: processes.feed,
    intervalMs: upstream.policy.maxAgeSeconds * 1000,
    async pass(ctx: PassContext) {
      const base = upstream.baseUrl;
      let url: URL | null =
        ctx.state.cursor !== null
          ? resume(base, ctx.state.cursor)
          : upstream.url('releases', { limit: pageSize, since: ctx.state.high_water ?? undefined });
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
        await processes.applyReleases(
          pages.flatMap((p) => p.releases.map((r) => ({ ...r, meta: p.meta }))),
          (_ocid, raws, meta) => compileStored(raws, meta ?? NO_PACKAGE),
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
        for (const page of pages) {
          if (page.rejected === 0) continue;
          log.warn('releases that fail validation were skipped', {
            source: upstream.name,
            rejected: page.rejected,
            reasons: page.reasons,
          });
        }
        if (pages.length === 0) return;
        try {
          await write(pages, after);
        } catch (thrown) {
          if (!Store.isFull(thrown) || pages.length === 1) throw thrown;
          for (const [i, page] of pages.entries()) await write([page], pages[i + 1]?.self ?? after);
        }
      };
      while (url !== null && fetching !== null) {
        let page: ReadPage;
        try {
          const read = await fetching;
          const next = feedNextLink(read.json, base.origin);
          fetching = next === null ? null : fetchPage(next);
          fetching?.catch(() => undefined); // awaited on the next turn, or dropped when this one fails
          page = { ...readFeedPage(read.json, base.origin), self: read.self };
        } catch (thrown) {
          await flush(url); // what was read before the failing page is kept; the pass resumes at it
          throw thrown;
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
    },
  };
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

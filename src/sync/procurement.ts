/**
 * The harvester of an OCDS release feed (`releases?since=…&limit=…`, followed through `links.next`):
 * the first pass walks the whole feed; every later pass asks only for releases dated at or after the
 * newest one already stored (`since`), so with nothing new upstream a pass is one request. Each page is
 * written as it arrives (one transaction) and the next page's address is stored with it, so a pass
 * interrupted by a restart resumes where it stopped. A release that fails validation is counted, logged
 * and skipped; it never blanks the rest.
 */
import type { ProcurementFeed } from '../domain/index.js';
import type { Logger } from '../log.js';
import type { HttpPolicy } from '../policy.js';
import { compileStored, readFeedPage, type FeedPage } from '../sources/procurement/index.js';
import type { ProcessStore } from '../store/index.js';
import type { UpstreamSource } from '../upstream/index.js';
import { readJson } from './json.js';
import type { Harvester, PassContext } from './scheduler.js';

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
      while (url !== null) {
        const { value } = await upstream.download(
          { url, deadlineMs: http.attemptDeadlineMs, maxBytes: http.maxResponseBytes, parse: readJson },
          ctx.signal,
        );
        const page: FeedPage = readFeedPage(value, base.origin);
        if (page.rejected > 0) {
          log.warn('releases that fail validation were skipped', {
            source: upstream.name,
            url: url.pathname + url.search,
            rejected: page.rejected,
            reasons: page.reasons,
          });
        }
        const now = ctx.now();
        await processes.applyReleases(page.releases, (_ocid, raws) => compileStored(raws, page.meta), now);
        await processes.put(page.compiled, now);
        if (page.newestMs !== null && (newest === null || page.newestMs > newest)) newest = page.newestMs;
        url = page.next;
        await ctx.progress({
          pages: 1,
          records: page.releases.length + page.compiled.length,
          cursor: url === null ? null : relative(url),
          datasetDate: newest === null ? null : new Date(newest).toISOString(),
        });
      }
      // The next pass asks from the newest release date seen (inclusive: releases of that same instant
      // published later are not missed; the ones already stored are recognised as unchanged).
      if (newest !== null) await ctx.progress({ highWater: new Date(newest).toISOString() });
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

/**
 * The harvester of EITI Mongolia's e-reporting portal: its two lists, each one request, into `entities`
 * rows (kinds `licence` and `report`). See docs/store.md "How the EITI sources are harvested".
 *
 * - The licence map (`GET portalMap`) is asked for conditionally, with the validators of the copy stored
 *   (`304`: every licence confirmed as stored).
 * - The report list is a form `POST` (`reportListAppend/`): no conditional request applies to it and the
 *   portal publishes no change date, so it is read whole, once per max-age (a pass that comes sooner, on
 *   a restart, leaves it as last read); a digest of its rows tells whether anything changed, and an
 *   unchanged list only confirms the stored reports.
 *
 * So a restart with nothing changed is one request, the licence map's `304`; a pass a max-age after the
 * last reading of the report list is two. Such a pass vouches for the reports only as of that reading
 * (its outcome's `confirmedAt`), never as of its own start. Each list is written in one transaction,
 * then its rows not in it are marked withdrawn (kept).
 */
import type { HttpPolicy } from '../policy.js';
import {
  harvestReportListForm,
  readLicenceMap,
  readReportList,
  type HarvestRecord,
} from '../sources/eiti/index.js';
import { digestOf, type EntityStore, type Store } from '../store/index.js';
import type { UpstreamSource } from '../upstream/index.js';
import { abortable, bumpRevision, eitiStores, objectOf } from './eiti-store.js';
import { readJson } from './json.js';
import type { Harvester, PassContext, PassOutcome } from './scheduler.js';

/** What the EITI Mongolia harvester needs. */
export interface EitiMongoliaHarvesterOptions {
  readonly upstream: UpstreamSource;
  readonly store: Store;
  readonly http: HttpPolicy;
}

/** The cursor of a pass whose licence map is stored and whose report list is next. */
const REPORTS_NEXT = 'reports';

/** What the EITI Mongolia harvest keeps between passes (`harvest_state.validators`). */
interface PortalValidators {
  /** The licence map's validators, for the next conditional GET. */
  readonly licences: { readonly etag: string | null; readonly lastModified: string | null } | null;
  /** The digest of the report list's rows as last stored. */
  readonly reports: string | null;
  /** When the report list was last read (epoch ms, just before its request). */
  readonly reportsReadAt: number | null;
}

function validatorsOf(text: string | null): PortalValidators {
  const o = objectOf(text);
  const l = o['licences'];
  const held =
    typeof l === 'object' && l !== null && !Array.isArray(l) ? (l as Record<string, unknown>) : null;
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    licences: held === null ? null : { etag: str(held['etag']), lastModified: str(held['lastModified']) },
    reports: str(o['reports']),
    reportsReadAt: typeof o['reportsReadAt'] === 'number' ? o['reportsReadAt'] : null,
  };
}

/** The harvester of EITI Mongolia's licence map and report list. */
export function eitiMongoliaHarvester(options: EitiMongoliaHarvesterOptions): Harvester {
  const { upstream, store, http } = options;
  const { reports, licences } = eitiStores(store, upstream.name);

  /** A whole list's records: written (changed ones replaced), then the rows not in it marked withdrawn. */
  const replace = async (rows: EntityStore, records: readonly HarvestRecord[], ctx: PassContext) => {
    const now = ctx.now();
    const wrote = await rows.write(records, now);
    const gone = await rows.withdrawUnseen(ctx.startedAt, now);
    if (wrote.changed + wrote.relisted + gone > 0) await bumpRevision(store, upstream.name);
  };

  const intervalMs = upstream.policy.maxAgeSeconds * 1000;
  return {
    source: upstream.name,
    intervalMs,
    async pass(ctx: PassContext): Promise<PassOutcome | void> {
      let saved = validatorsOf(ctx.state.validators);
      if (ctx.state.cursor !== REPORTS_NEXT) {
        const got = await upstream.download(
          {
            url: upstream.url('portalMap'),
            deadlineMs: http.attemptDeadlineMs,
            maxBytes: http.maxResponseBytes,
            parse: async (body) => readLicenceMap(await readJson(body)),
            previous: saved.licences,
          },
          ctx.signal,
        );
        if (got.value === null) await licences.confirm(ctx.now());
        else await replace(licences, got.value, ctx);
        saved = { ...saved, licences: { etag: got.etag, lastModified: got.lastModified } };
        await ctx.progress({
          pages: 1,
          records: got.value?.length ?? 0,
          cursor: REPORTS_NEXT,
          validators: JSON.stringify(saved),
        });
      }
      // The report list is read once per max-age: a pass sooner than that (on a restart) leaves it as
      // last read, and vouches for the reports only as of that reading. A pass resuming at the list
      // (its licence map stored) reads it.
      const readAt = saved.reportsReadAt;
      if (ctx.state.cursor !== REPORTS_NEXT && readAt !== null && ctx.now() - readAt < intervalMs) {
        return { confirmedAt: readAt };
      }
      const asked = ctx.now();
      // Through the source's cache layer (the download path has no form POST), asking every time; a value
      // the cache would serve in place of a failed request is a failure here, never a confirmation.
      const list = await abortable(
        upstream.fetch({
          url: upstream.url('reportListAppend/'),
          method: 'POST',
          form: harvestReportListForm(),
          alwaysRevalidate: true,
          decode: readReportList,
        }),
        ctx.signal,
      );
      if (list.freshness.staleReason !== null) {
        throw new Error(`the report list could not be read (${list.freshness.staleReason})`);
      }
      const digest = digestOf(list.value.map((r) => r.raw).join('\n'));
      if (digest === saved.reports) await reports.confirm(ctx.now());
      else await replace(reports, list.value, ctx);
      saved = { ...saved, reports: digest, reportsReadAt: asked };
      await ctx.progress({ pages: 1, records: list.value.length, validators: JSON.stringify(saved) });
    },
  };
}

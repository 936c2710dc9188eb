/**
 * The harvester of an OC4IDS project package (one JSON document listing every project). Each pass is one
 * conditional GET with the validators of the last package read (`If-None-Match` / `If-Modified-Since`):
 * a `304` confirms every stored project, so a restart with nothing changed upstream costs one request.
 * A changed package is decoded with the source's own schema and mapping, project by project, and written
 * in batches (one transaction each) of which only the projects whose JSON (or mapped form) changed are
 * rewritten. After the whole package, every stored project it no longer lists is marked withdrawn: kept,
 * never dropped. The package is read whole before it is written (it is one JSON document, bounded by the
 * download's byte cap; a project package is megabytes, not gigabytes), but never written whole: batches.
 * The new validators are stored only once the package is fully written, so an interrupted pass asks for
 * the package again rather than taking a `304` for a half-written store.
 */
import type { Logger } from '../log.js';
import type { HttpPolicy } from '../policy.js';
import { PROJECTS_PATH, readProject, readProjectPackage } from '../sources/investment/index.js';
import type { ProjectInput, ProjectStore } from '../store/index.js';
import type { UpstreamSource } from '../upstream/index.js';
import { readJson } from './json.js';
import type { Harvester, PassContext } from './scheduler.js';

/** Projects per write transaction. */
const BATCH = 200;
/** Reasons of rejected projects logged per pass, at most. */
const MAX_REASONS = 5;

/** What the project harvester needs. */
export interface ProjectHarvesterOptions {
  readonly upstream: UpstreamSource;
  readonly projects: ProjectStore;
  readonly http: HttpPolicy;
  readonly log: Logger;
  /** Projects per write transaction (default 200). */
  readonly batchSize?: number;
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
    return null; // unreadable: ask for the whole package
  }
}

/** A harvester of the OC4IDS project package into `projects`. */
export function projectHarvester(options: ProjectHarvesterOptions): Harvester {
  const { upstream, projects, http, log } = options;
  const batchSize = options.batchSize ?? BATCH;
  return {
    source: upstream.name,
    intervalMs: upstream.policy.maxAgeSeconds * 1000,
    async pass(ctx: PassContext) {
      const downloaded = await upstream.download(
        {
          url: upstream.url(PROJECTS_PATH),
          deadlineMs: http.attemptDeadlineMs,
          maxBytes: http.maxResponseBytes,
          parse: readJson,
          previous: validatorsOf(ctx.state.validators),
        },
        ctx.signal,
      );
      if (downloaded.value === null) {
        // 304: the package is the one stored; every listed project is confirmed as of now.
        await projects.confirm(ctx.now());
        await ctx.progress({ pages: 1 });
        return;
      }
      const envelope = readProjectPackage(downloaded.value);
      const reasons: string[] = [];
      let rejected = 0;
      let unidentified = 0;
      let changed = 0;
      for (let start = 0; start < envelope.items.length; start += batchSize) {
        const batch: ProjectInput[] = [];
        const kept: string[] = [];
        const end = Math.min(start + batchSize, envelope.items.length);
        for (let i = start; i < end; i++) {
          const read = readProject(envelope, i);
          if (read.ok) {
            batch.push({ project: read.project, raw: read.raw });
            continue;
          }
          rejected += 1;
          if (read.id === null) unidentified += 1;
          else kept.push(read.id);
          if (reasons.length < MAX_REASONS) reasons.push(read.reason);
        }
        const now = ctx.now();
        changed += (await projects.write(batch, now)).changed;
        await projects.keep(kept, now);
        await ctx.progress({ records: end - start });
      }
      if (rejected > 0) {
        if (rejected === envelope.items.length) {
          throw new Error(
            `every project of the package failed validation (schema drift), e.g. ${reasons.join('; ')}`,
          );
        }
        log.warn('projects that fail validation were skipped; their stored copies are kept', {
          source: upstream.name,
          rejected,
          reasons,
        });
      }
      // Withdrawn means "no longer listed": only sure when every listed project could be identified.
      const withdrawn = unidentified === 0 ? await projects.withdrawUnseen(ctx.startedAt, ctx.now()) : 0;
      if (unidentified > 0) {
        log.warn('projects without a readable id: none is marked withdrawn this pass', {
          source: upstream.name,
          unidentified,
        });
      }
      log.info('project package harvested', {
        source: upstream.name,
        projects: envelope.items.length,
        changed,
        withdrawn,
        rejected,
      });
      await ctx.progress({
        pages: 1,
        datasetDate: envelope.updatedAt,
        validators: JSON.stringify({ etag: downloaded.etag, lastModified: downloaded.lastModified }),
      });
    },
  };
}

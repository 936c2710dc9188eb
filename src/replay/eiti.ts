/**
 * The EITI upstreams: the eiti.org API v2.0 (`/eiti`, module in `eiti-api.ts`) and EITI Mongolia's
 * e-reporting portal (`/eitim`, module in `eiti-mongolia.ts`), over the data of `data/eiti/` (loaded by
 * `eiti-data.ts`; provenance in `data/eiti/SOURCES.md`).
 */
import { createEitiApiModule } from './eiti-api.js';
import { EMBEDDED_EITI_DIR, loadEitiData } from './eiti-data.js';
import { createEitiMongoliaModule } from './eiti-mongolia.js';
import type { RouteModule } from './router.js';

export {
  EITI_API_ROOT,
  EITI_DEFAULT_LIMIT,
  EITI_MAX_AGE_SECONDS,
  EITI_MAX_LIMIT,
  EITI_PREFIX,
  driftEitiApi,
} from './eiti-api.js';
export {
  EITIM_DEFAULT_PAGE_SIZE,
  EITIM_MAX_AGE_SECONDS,
  EITIM_MAX_PAGE_SIZE,
  EITIM_PREFIX,
  EITIM_REPORT_LIST_FIELDS,
  driftEitiMongolia,
} from './eiti-mongolia.js';
export { EITI_FILES, EMBEDDED_EITI_DIR, SUMMARY_DATA_NOTICE } from './eiti-data.js';

/** Options of the EITI modules. */
export interface EitiReplayOptions {
  /**
   * Directory holding the files named in `EITI_FILES`, in their formats; default `EMBEDDED_EITI_DIR`
   * (the repository's `data/eiti/`).
   */
  readonly dataDir?: string;
}

/** The EITI route modules (one per upstream host), with their data loaded. */
export async function createEitiModule(options?: EitiReplayOptions): Promise<readonly RouteModule[]> {
  const dir = options?.dataDir ?? EMBEDDED_EITI_DIR;
  if (typeof dir !== 'string' || dir.trim() === '') {
    throw new Error(
      `ReplayOptions.eiti.dataDir must be a non-empty directory path, but got ${JSON.stringify(dir)}.`,
    );
  }
  const data = await loadEitiData(dir);
  return [createEitiApiModule(data.api), createEitiMongoliaModule(data.mongolia)];
}

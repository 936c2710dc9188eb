import { z } from 'zod';
import { GENERATED_SCENARIO, defineSource } from '../../descriptor.js';
import { int } from '../../env.js';
import { DEFAULT_RECORD_PATH, ProcurementClient } from './client.js';

/** The listings of an OCDS API a harvest can walk (`PROCUREMENT_FEED`). */
export type ProcurementFeedKind = 'releases' | 'records';

/** The procurement source's own settings. */
export interface ProcurementExtras {
  /** Releases (or records) asked for per page (`PROCUREMENT_PAGE_SIZE`). */
  readonly pageSize: number;
  /**
   * The listing the harvester walks (`PROCUREMENT_FEED`): `releases` (the default) or `records` (a record
   * package feed, for a publisher of records: their `compiledRelease` is used as published). Unset until
   * the embedded replay server fills it (`records` for `REPLAY_OCDS_FILES`) or the harvester takes the
   * default.
   */
  readonly feed: ProcurementFeedKind | undefined;
  /** Where one process's record is, relative to `PROCUREMENT_URL`, `{ocid}` standing for the ocid. */
  readonly recordPath: string;
}

/**
 * Why a record path template cannot be used, or null: it must hold `{ocid}` once and stay on the
 * configured upstream (a relative path, no scheme or host of its own).
 */
export function recordPathProblem(template: string): string | null {
  if (template.split('{ocid}').length !== 2) return 'it must contain {ocid} exactly once';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(template) || /^[/\\]{2}/.test(template))
    return 'it must be a path relative to PROCUREMENT_URL, without a scheme or host';
  // eslint-disable-next-line no-control-regex -- control characters are what it looks for
  if (/[\u0000-\u001f\u007f\\#\s]/.test(template))
    return 'it must not contain spaces, control characters, backslashes or #';
  return null;
}

/** The procurement source (an OCDS 1.1 API) as the catalog lists it. See README.md beside this file. */
export const procurementSource = defineSource({
  name: 'PROCUREMENT',
  key: 'procurement',
  envPrefix: 'PROCUREMENT_',
  embeddedPath: '/ocds',
  defaults: {
    maxAgeSeconds: 300,
    swrSeconds: 60,
    sieSeconds: 86_400,
    concurrency: 4,
    queue: 32,
    ratePerSecond: 0,
  },
  extras: z
    .object({
      PROCUREMENT_PAGE_SIZE: int(1, 500).default(100),
      PROCUREMENT_FEED: z.enum(['releases', 'records']).optional(),
      PROCUREMENT_RECORD_PATH: z
        .string()
        .default(DEFAULT_RECORD_PATH)
        .superRefine((template, ctx) => {
          const problem = recordPathProblem(template);
          if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
        }),
    })
    .transform((e): ProcurementExtras => ({
      pageSize: e.PROCUREMENT_PAGE_SIZE,
      feed: e.PROCUREMENT_FEED,
      recordPath: e.PROCUREMENT_RECORD_PATH,
    })),
  recording: {
    url: null,
    takenAt: null,
    title:
      "Fictional: the OCDS standard's example contracting process (open-contracting/sample-data) and 300 " +
      `Mongolian processes ${GENERATED_SCENARIO}; no public Mongolian OCDS publication exists.`,
    fictional: true,
  },
  client: (upstream, settings) => new ProcurementClient(upstream, settings.pageSize, settings.recordPath),
  // Readiness is the harvest's (the gateway asks the store); a lookup by ocid proves nothing more.
  ready: () => Promise.resolve(),
});

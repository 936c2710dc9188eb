import { z } from 'zod';
import { GENERATED_SCENARIO, defineSource } from '../../descriptor.js';
import { int } from '../../env.js';
import { ProcurementClient } from './client.js';

/** The procurement source's own settings. */
export interface ProcurementExtras {
  /** Releases asked for per page (`PROCUREMENT_PAGE_SIZE`). */
  readonly pageSize: number;
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
    .object({ PROCUREMENT_PAGE_SIZE: int(1, 500).default(100) })
    .transform((e): ProcurementExtras => ({ pageSize: e.PROCUREMENT_PAGE_SIZE })),
  recording: {
    url: null,
    takenAt: null,
    title:
      "Fictional: the OCDS standard's example contracting process (open-contracting/sample-data) and 300 " +
      `Mongolian processes ${GENERATED_SCENARIO}; no public Mongolian OCDS publication exists.`,
    fictional: true,
  },
  client: (upstream, settings) => new ProcurementClient(upstream, settings.pageSize),
  // Readiness is the harvest's (the gateway asks the store); a lookup by ocid proves nothing more.
  ready: () => Promise.resolve(),
});

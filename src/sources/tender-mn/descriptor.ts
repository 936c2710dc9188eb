import { z } from 'zod';
import { GENERATED_SCENARIO, defineSource } from '../../descriptor.js';
import { int, text } from '../../env.js';
import { TenderMnClient, type TenderMnExtras } from './client.js';

/** tender.gov.mn as the catalog lists it. See README.md beside this file. */
export const tenderMnSource = defineSource({
  name: 'TENDER_MN',
  key: 'tenderMn',
  envPrefix: 'TENDER_MN_',
  embeddedPath: '/tender-mn/api',
  defaults: {
    maxAgeSeconds: 1800,
    swrSeconds: 300,
    sieSeconds: 86_400,
    concurrency: 1,
    queue: 64,
    ratePerSecond: 1,
  },
  extras: z
    .object({
      PROCUREMENT_OCID_PREFIX: z
        .string()
        .trim()
        .regex(
          /^ocds-[a-z0-9]{6}-[A-Za-z0-9-]*$/,
          'an ocid prefix: "ocds-" + 6 characters + "-" + optional letters, e.g. "ocds-xxxxxx-mn-tender-"',
        )
        .default('ocds-xxxxxx-mn-tender-'),
      TENDER_MN_TOKEN: text.optional(),
      TENDER_MN_PER_PAGE: int(1, 100).default(100),
    })
    .transform((e): TenderMnExtras => ({
      ocidPrefix: e.PROCUREMENT_OCID_PREFIX,
      token: e.TENDER_MN_TOKEN,
      perPage: e.TENDER_MN_PER_PAGE,
    })),
  // The embedded replay asks for a Bearer token like the real API, and accepts any.
  embeddedExtras: { token: 'embedded-replay' },
  recording: {
    url: null,
    takenAt: null,
    title:
      'Fictional: invitations and bidders derived from the procurement scenario ' +
      `${GENERATED_SCENARIO}; tender.gov.mn never published them.`,
    fictional: true,
  },
  client: (upstream, settings) => new TenderMnClient(upstream, settings),
  // Readiness is the harvest's (the gateway asks the store): the invitation list is harvested by tender-year
  // window, and a probe of its own would only crawl an upstream polled at one request a second.
  ready: () => Promise.resolve(),
});

import { z } from 'zod';
import { DAILY_DEFAULTS, defineSource } from '../../descriptor.js';
import { int, text } from '../../env.js';
import { RegistrySource, type RegistryExtras } from './source.js';

/** The legal-entity registry as the catalog lists it. See README.md beside this file. */
export const registrySource = defineSource({
  name: 'REGISTRY',
  key: 'registry',
  envPrefix: 'REGISTRY_',
  embeddedPath: '/registry',
  // One request a second: the register's per-entity pages are served by a fragile government site.
  defaults: { ...DAILY_DEFAULTS, ratePerSecond: 1 },
  extras: z
    .object({
      REGISTRY_DUMP_PATH: text.default('dump.json'),
      REGISTRY_OWNERSHIP_PATH: text.default('ownership.jsonl'),
      REGISTRY_DUMP_DEADLINE_MS: int(1000, 3_600_000).default(600_000),
      REGISTRY_DUMP_MAX_BYTES: int(1024, 16 * 1024 * 1024 * 1024).default(2 * 1024 * 1024 * 1024),
    })
    .transform((e): RegistryExtras => ({
      dumpPath: e.REGISTRY_DUMP_PATH,
      ownershipPath: e.REGISTRY_OWNERSHIP_PATH,
      dumpDeadlineMs: e.REGISTRY_DUMP_DEADLINE_MS,
      dumpMaxBytes: e.REGISTRY_DUMP_MAX_BYTES,
    })),
  recording: {
    url: 'https://github.com/tugstugi/mongolian-nlp/blob/c6564411064f39b10ceda7d15912fc766c843bc7/datasets/mongolian_company_names.csv.gz',
    takenAt: '2019-03-27',
    title:
      'An extract of the Mongolian legal-entity register (names, legal forms and register numbers only, ' +
      'credited to opendata.burtgel.gov.mn) as published in tugstugi/mongolian-nlp on 2019-03-27; the ' +
      'extract itself is undated (about 2018-19). The companies whose register numbers begin with 09, ' +
      'their owners and their ownership statements are fictional and say so in x_fictional; the ownership ' +
      "file also serves the BODS 0.4 standard's illustrative examples, which are not register records.",
    fictional: false,
  },
  client: (upstream, settings) => new RegistrySource(upstream, settings),
  ready: (client) => client.index(),
});

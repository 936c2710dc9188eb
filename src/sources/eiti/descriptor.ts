import { DAILY_DEFAULTS, defineSource, noExtras } from '../../descriptor.js';
import { EitiClient } from './client.js';
import { EitiMongoliaClient } from './mongolia-client.js';

/** The EITI API v2.0 as the catalog lists it. See README.md beside this file. */
export const eitiSource = defineSource({
  name: 'EITI',
  key: 'eiti',
  envPrefix: 'EITI_',
  embeddedPath: '/eiti/api/v2.0',
  defaults: DAILY_DEFAULTS,
  extras: noExtras,
  recording: {
    url: 'https://eiti.org/api/v2.0/organisation',
    takenAt: '2026-07-07',
    title:
      "The EITI API's organisation index, Mongolian identifications only (crawled in " +
      'StephenAbbott/opencheck); organisations 9000001 to 9000011, every revenue row and the summary_data ' +
      'rows (rebuilt from the index, none was recorded) are fictional and say so in x_fictional; GFS ' +
      "codes and labels are the EITI summary data template's (via NRGI/eiti-parser).",
    fictional: false,
  },
  client: (upstream) => new EitiClient(upstream),
  // Readiness is the harvest's (the gateway asks the store); crawling the index to prove it would cost
  // what the harvest already does.
  ready: () => Promise.resolve(),
});

/** EITI Mongolia's e-reporting portal as the catalog lists it. See README.md beside this file. */
export const eitiMongoliaSource = defineSource({
  name: 'EITI_MONGOLIA',
  key: 'eitiMongolia',
  envPrefix: 'EITI_MONGOLIA_',
  embeddedPath: '/eitim',
  defaults: {
    maxAgeSeconds: 604_800,
    swrSeconds: 3600,
    sieSeconds: 2_592_000,
    concurrency: 1,
    queue: 64,
    ratePerSecond: 1,
  },
  extras: noExtras,
  recording: {
    url: 'https://e-reporting.eitimongolia.mn/',
    takenAt: '2020-02',
    title:
      "EITI Mongolia's e-reporting portal: the report list (POST /reportListAppend/) and the first 1,000 " +
      'mineral licences of its map (GET /portalMap), as captured in knapply/bluesky.',
    fictional: false,
  },
  client: (upstream) => new EitiMongoliaClient(upstream),
  // Readiness is the harvest's (the gateway asks the store).
  ready: () => Promise.resolve(),
});

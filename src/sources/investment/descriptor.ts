import { DAILY_DEFAULTS, GENERATED_SCENARIO, defineSource, noExtras } from '../../descriptor.js';
import { InvestmentClient } from './client.js';

/** The public investment source (an OC4IDS package) as the catalog lists it. See README.md beside this file. */
export const investmentSource = defineSource({
  name: 'INVESTMENT',
  key: 'investment',
  envPrefix: 'INVESTMENT_',
  embeddedPath: '/investment',
  defaults: DAILY_DEFAULTS,
  extras: noExtras,
  recording: {
    url: null,
    takenAt: null,
    title:
      `Fictional: an OC4IDS 0.9.4 package of 40 Mongolian public investment projects ${GENERATED_SCENARIO} over ` +
      'the procurement scenario; no Mongolian project data is published in a machine-readable form.',
    fictional: true,
  },
  client: (upstream) => new InvestmentClient(upstream),
  // Readiness is the harvest's (the gateway asks the store); reading the package live proves nothing more.
  ready: () => Promise.resolve(),
});

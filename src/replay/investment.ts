/**
 * Placeholder route module (/investment): answers 404 until its module lands.
 */
import { errorResponse } from './http.js';
import type { RouteModule } from './router.js';

/** Options of the module. */
export interface InvestmentReplayOptions {
  readonly dataFile?: string;
}

/** The route modules, with their data loaded. */
export function createInvestmentModule(_options?: InvestmentReplayOptions): Promise<readonly RouteModule[]> {
  return Promise.resolve([
    {
      name: 'investment',
      prefix: '/investment',
      handle: (request) => errorResponse(404, `No resource at ${request.path} on the replay server.`),
    },
  ]);
}

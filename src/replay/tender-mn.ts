/**
 * Placeholder route module (/tender-mn): answers 404 until its module lands.
 */
import { errorResponse } from './http.js';
import type { RouteModule } from './router.js';

/** Options of the module. */
export interface TenderMnReplayOptions {
  readonly dataFile?: string;
}

/** The route modules, with their data loaded. */
export function createTenderMnModule(_options?: TenderMnReplayOptions): Promise<readonly RouteModule[]> {
  return Promise.resolve([
    {
      name: 'tender-mn',
      prefix: '/tender-mn',
      handle: (request) => errorResponse(404, `No resource at ${request.path} on the replay server.`),
    },
  ]);
}

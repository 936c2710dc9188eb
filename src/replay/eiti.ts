/**
 * The EITI upstreams (eiti.org API v2.0 and EITI Mongolia) (placeholder: answers 404 until the EITI module lands).
 */
import { errorResponse } from './http.js';
import type { RouteModule } from './router.js';

/** Options of the EITI module. */
export interface EitiReplayOptions {
  readonly dataDir?: string;
}

/** The EITI route modules (one per upstream host), with their data loaded. */
export function createEitiModule(_options?: EitiReplayOptions): Promise<readonly RouteModule[]> {
  return Promise.resolve([
    {
      name: 'eiti',
      prefix: '/eiti',
      handle: (request) => errorResponse(404, `No resource at ${request.path} on the replay server.`),
    },
  ]);
}

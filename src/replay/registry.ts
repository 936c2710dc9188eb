/**
 * The legal-entity registry upstream (placeholder: answers 404 until the registry module lands).
 */
import { errorResponse } from './http.js';
import type { RouteModule } from './router.js';

/** Options of the registry module. */
export interface RegistryReplayOptions {
  readonly registerFile?: string;
}

/** The registry route modules (one per upstream host), with their data loaded. */
export function createRegistryModule(_options?: RegistryReplayOptions): Promise<readonly RouteModule[]> {
  return Promise.resolve([
    {
      name: 'registry',
      prefix: '/registry',
      handle: (request) => errorResponse(404, `No resource at ${request.path} on the replay server.`),
    },
  ]);
}

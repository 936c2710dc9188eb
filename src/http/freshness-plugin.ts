import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';

/** A response path an upstream could not fill: in `extensions.freshness.failed`. */
export interface FailedPath {
  readonly path: string;
  readonly source: string;
  readonly code: string;
}

/** The paths whose errors name an upstream source (upstream failures, not bad input). */
function failedPaths(
  errors:
    readonly { path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[] | undefined,
): FailedPath[] {
  const out: FailedPath[] = [];
  for (const e of errors ?? []) {
    const source = e.extensions?.['source'];
    if (typeof source !== 'string' || e.path === undefined) continue;
    const code = e.extensions?.['code'];
    out.push({ path: e.path.join('.'), source, code: typeof code === 'string' ? code : 'UNKNOWN' });
  }
  return out;
}

/**
 * Writes `extensions.freshness` (per-source summary, each response path backed by a distinct upstream
 * record, and `failed`: each path an upstream could not fill, with its source and code) and sets `Cache-Control` like Apollo's cache policy folds: the smallest remaining
 * lifetime among the records used, `no-store` when something was stale, uncacheable, failed, or
 * nothing upstream was used (docs/architecture.md "extensions.freshness and Cache-Control").
 */
export function freshnessPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        willSendResponse: ({ response, contextValue }) => {
          const now = Date.now();
          const collector = contextValue.freshness;
          const body = response.body;
          let maxAge: number | null = null;
          if (body.kind === 'single') {
            const result = body.singleResult;
            const failed = failedPaths(result.errors);
            if (!collector.empty || failed.length > 0) {
              result.extensions = {
                ...result.extensions,
                freshness: { ...collector.summary(now), ...(failed.length > 0 ? { failed } : {}) },
              };
            }
            maxAge = result.errors === undefined || result.errors.length === 0 ? collector.maxAge(now) : null;
          }
          response.http.headers.set(
            'cache-control',
            maxAge === null || maxAge <= 0 ? 'no-store' : `max-age=${maxAge}`,
          );
          return Promise.resolve();
        },
      }),
  };
}

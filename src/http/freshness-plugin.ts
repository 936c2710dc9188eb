import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';

/**
 * Writes `extensions.freshness` (per-source summary and each response path backed by a distinct
 * upstream record) and sets `Cache-Control` like Apollo's cache policy folds: the smallest remaining
 * lifetime among the records used, `no-store` when something was stale, uncacheable, failed, or
 * nothing upstream was used (DESIGN.md step 7).
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
            if (!collector.empty) {
              result.extensions = { ...result.extensions, freshness: collector.summary(now) };
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

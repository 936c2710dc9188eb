import { loadConfig, type SourcePolicy } from '../../src/config.js';

/** Fast timeouts and retries for source-client tests, so fault tests take milliseconds. */
export const config = loadConfig({
  UPSTREAM_ATTEMPT_DEADLINE_MS: '5000',
  UPSTREAM_HEADERS_TIMEOUT_MS: '4000',
  UPSTREAM_BODY_TIMEOUT_MS: '4000',
  UPSTREAM_RETRIES: '2',
  UPSTREAM_RETRY_BASE_MS: '5',
  UPSTREAM_RETRY_MAX_MS: '10',
});

/** A source policy for tests: one day fresh, no stale serving unless a test asks for it. */
export function policy(overrides: Partial<SourcePolicy> = {}): SourcePolicy {
  return {
    url: undefined,
    maxAgeSeconds: 86_400,
    staleWhileRevalidateSeconds: 0,
    staleIfErrorSeconds: 0,
    concurrency: 2,
    queue: 1000,
    ratePerSecond: 0,
    ...overrides,
  };
}

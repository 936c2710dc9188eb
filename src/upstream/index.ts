/**
 * The only way the gateway reaches an upstream: HTTP pools with timeouts and deadlines, retries,
 * politeness limits and the shared cache with freshness. See README.md beside this file.
 */
export { HttpClient, type RawResponse } from './http.js';
export { UpstreamCache, type CacheEntry } from './cache.js';
export { UpstreamSource, fullJitter, type FetchSpec, type SourceHealth } from './source.js';
export { UpstreamError, invalidError, parseRetryAfter } from './errors.js';

/**
 * The only way the gateway reaches an upstream: HTTP pools with timeouts and deadlines, retries,
 * politeness limits and the shared cache with freshness. See README.md beside this file.
 */
export { HttpClient, type OutgoingRequest, type RawResponse } from './http.js';
export { UpstreamCache, type CacheEntry } from './cache.js';
export {
  DECODED_SIZE_FACTOR,
  UpstreamSource,
  fullJitter,
  type DownloadSpec,
  type Downloaded,
  type FetchSpec,
  type SourceHealth,
} from './source.js';
export {
  UpstreamError,
  abortedError,
  invalidError,
  parseRetryAfter,
  sourceLabel,
  staleReasonOf,
} from './errors.js';
export { RequestAborted, inRequest, outsideRequest, requestSignal, untilAborted } from './scope.js';

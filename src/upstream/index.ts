/**
 * The only way the gateway reaches an upstream: HTTP pools with timeouts and deadlines, one pipeline of
 * policies (retries, politeness, breaker), the shared cache and bulk snapshots, and the one way of
 * building freshness. See README.md beside this file.
 */
export {
  HttpClient,
  type AttemptReport,
  type OutgoingRequest,
  type RawResponse,
  type StreamedResponse,
} from './http.js';
export { UpstreamCache, type CacheEntry } from './cache.js';
export { UpstreamSource, type SourceHealth, type UpstreamSourceOptions } from './source.js';
export { DECODED_SIZE_FACTOR, type FetchSpec } from './fetch-spec.js';
export { type DownloadSpec, type Downloaded } from './download.js';
export { REFRESH_RETRY_INTERVAL_MS, Snapshot, type SnapshotSpec } from './snapshot.js';
export { fullJitter } from './policy.js';
export { isoDate, type Stored } from './freshness.js';
export { text, type BodyParser, type Headers } from './response.js';
export { BodyDecoder, charsetLabel, decodeBody, utf8Body } from './charset.js';
export {
  UpstreamError,
  abortedError,
  invalidError,
  isAborted,
  parseRetryAfter,
  sourceLabel,
  staleReasonOf,
} from './errors.js';
export { MAX_DESCRIBED_ISSUES, describeIssues } from './issues.js';
export { asError, bulkLoader, eachLoader } from './loaders.js';
export {
  RequestAborted,
  budgetOf,
  inRequest,
  monotonicNow,
  outsideRequest,
  requestSignal,
  untilAborted,
  type RequestBudget,
} from './scope.js';
export { asClient, asTraced, currentClient, currentTrace, type RequestTrace } from './client-id.js';
export { type QueueState } from './fair-queue.js';
export type { SharedBudget, SharedLoad, SharedTurn, SharedUpstream, SharedWait } from './shared.js';

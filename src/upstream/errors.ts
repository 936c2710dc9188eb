import { ErrorCode, GatewayError, type GatewayErrorDetails } from '../domain/errors.js';
import { SOURCE_LABEL, type SourceName, type StaleReason } from '../domain/freshness.js';
import { RequestAborted } from './scope.js';

/** Statuses worth another try of an idempotent GET (docs/reliability.md). 501/505 are not. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** undici / Node error codes that mean the connection failed and a retry may succeed. */
const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Each source's name as messages say it. */
const LABEL = SOURCE_LABEL;

/** The source's name as messages say it ("The <label> upstream …"). */
export function sourceLabel(name: SourceName): string {
  return LABEL[name];
}

/**
 * A failed upstream call, with a client-safe message. `retryable` and `retryAfterMs` steer the retry
 * policy; neither reaches the client.
 */
export class UpstreamError extends GatewayError {
  constructor(
    code: ErrorCode,
    message: string,
    details: GatewayErrorDetails & { source: SourceName },
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
    options?: ErrorOptions,
  ) {
    super(code, message, details, options);
  }
}

/** The error for an upstream HTTP status other than 2xx / 304. */
export function statusError(
  source: SourceName,
  status: number,
  retryAfterMs: number | null,
  retryAfterMaxMs: number,
): UpstreamError {
  const label = LABEL[source];
  if (status === 404) {
    return new UpstreamError(
      ErrorCode.NOT_FOUND,
      `The ${label} upstream has no such record.`,
      { source, upstreamStatus: status },
      false,
    );
  }
  if (status === 429) {
    const fits = retryAfterMs === null || retryAfterMs <= retryAfterMaxMs;
    return new UpstreamError(
      ErrorCode.RATE_LIMITED,
      `The ${label} upstream is rate limiting the gateway.`,
      {
        source,
        upstreamStatus: status,
        ...(retryAfterMs === null ? {} : { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) }),
      },
      fits,
      retryAfterMs,
    );
  }
  if (status === 304) {
    return invalidError(source, 'a 304 Not Modified to a request that was not conditional');
  }
  if (status >= 300 && status < 400) {
    // Redirects are never followed (undici's pool does not): a government portal that starts sending
    // the gateway elsewhere, or round in circles, is a changed upstream, not a place to go (SSRF guard).
    return invalidError(source, `a redirect (HTTP ${status}), which the gateway does not follow`);
  }
  if (status === 408) {
    return new UpstreamError(
      ErrorCode.UPSTREAM_TIMEOUT,
      `The ${label} upstream timed out (HTTP 408).`,
      { source, upstreamStatus: status },
      true,
    );
  }
  if (status === 401 || status === 403) {
    return new UpstreamError(
      ErrorCode.UPSTREAM_AUTH,
      `The ${label} upstream refused the gateway's credentials (HTTP ${status}).`,
      { source, upstreamStatus: status },
      false,
    );
  }
  if (status >= 400 && status < 500) {
    return new UpstreamError(
      ErrorCode.UPSTREAM_BAD_REQUEST,
      `The ${label} upstream refused the gateway's request (HTTP ${status}).`,
      { source, upstreamStatus: status },
      false,
    );
  }
  const retryable =
    RETRYABLE_STATUSES.has(status) && (retryAfterMs === null || retryAfterMs <= retryAfterMaxMs);
  return new UpstreamError(
    ErrorCode.UPSTREAM_UNAVAILABLE,
    `The ${label} upstream answered with HTTP ${status}.`,
    {
      source,
      upstreamStatus: status,
      ...(retryAfterMs === null ? {} : { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) }),
    },
    retryable,
    retryAfterMs,
  );
}

/**
 * A body that was read (valid JSON, within its size) but whose data does not match the source's published
 * format: the publisher's data problem, not an outage. `UPSTREAM_INVALID` like any unusable body, but
 * never counted by the circuit breaker (a run of bad records must not stop the gateway asking for good
 * ones).
 */
export class UpstreamDataError extends UpstreamError {}

/** The error for data that does not match the source's published format (schema drift). */
export function dataError(source: SourceName, what: string, cause?: unknown): UpstreamDataError {
  return unusable(UpstreamDataError, source, what, cause);
}

/** The error for a body that is not what the source expects (bad JSON, HTML, too big). */
export function invalidError(source: SourceName, what: string, cause?: unknown): UpstreamError {
  return unusable(UpstreamError, source, what, cause);
}

function unusable<E extends UpstreamError>(
  Kind: new (...args: ConstructorParameters<typeof UpstreamError>) => E,
  source: SourceName,
  what: string,
  cause: unknown,
): E {
  return new Kind(
    ErrorCode.UPSTREAM_INVALID,
    `The ${LABEL[source]} upstream sent ${what}.`,
    { source },
    false,
    null,
    cause === undefined ? undefined : { cause },
  );
}

/** The error for an attempt that ran past its deadline. */
export function deadlineError(source: SourceName, deadlineMs: number): UpstreamError {
  return new UpstreamError(
    ErrorCode.UPSTREAM_TIMEOUT,
    `The ${LABEL[source]} upstream did not answer within ${deadlineMs} ms.`,
    { source },
    true,
  );
}

/**
 * The error for a request that stopped waiting for an upstream: its operation budget ran out
 * (`UPSTREAM_TIMEOUT`, what the client sees for the fields still waiting) or its client went away
 * (nobody sees it). Says nothing about the upstream's health: never retried, never counted.
 */
export function abortedError(source: SourceName, reason: unknown): UpstreamError {
  const budget = reason instanceof RequestAborted && reason.why === 'budget';
  return new UpstreamError(
    ErrorCode.UPSTREAM_TIMEOUT,
    budget
      ? `The request's time budget of ${reason.budgetMs} ms ran out before the ${LABEL[source]} upstream answered.`
      : `The request ended before the ${LABEL[source]} upstream answered.`,
    { source },
    false,
    null,
    { cause: reason },
  );
}

/** Whether `e` only says that the waiting request went away (see `abortedError`). */
export function isAborted(e: unknown): boolean {
  return e instanceof UpstreamError && e.cause instanceof RequestAborted;
}

/** Why a held value is served stale after a failed refresh, from the refresh's failure. */
export function staleReasonOf(failure: unknown): StaleReason {
  const code = failure instanceof UpstreamError ? failure.code : null;
  if (code === ErrorCode.CIRCUIT_OPEN) return 'CIRCUIT_OPEN';
  return code === ErrorCode.RATE_LIMITED ? 'RATE_LIMITED' : 'UPSTREAM_ERROR';
}

/** Classifies a thrown transport error (undici or Node) into an `UpstreamError`. */
export function transportError(source: SourceName, thrown: unknown): UpstreamError {
  if (thrown instanceof UpstreamError) return thrown;
  if (thrown instanceof RequestAborted) return abortedError(source, thrown);
  const code = errorCode(thrown);
  const label = LABEL[source];
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
    return invalidError(source, 'a response larger than the configured maximum', thrown);
  }
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new UpstreamError(
      ErrorCode.UPSTREAM_TIMEOUT,
      `The ${label} upstream timed out.`,
      { source },
      true,
      null,
      { cause: thrown },
    );
  }
  const retryable = code !== undefined && RETRYABLE_NETWORK_CODES.has(code);
  return new UpstreamError(
    ErrorCode.UPSTREAM_UNAVAILABLE,
    `The ${label} upstream could not be reached.`,
    { source },
    retryable,
    null,
    { cause: thrown },
  );
}

function errorCode(thrown: unknown): string | undefined {
  if (typeof thrown !== 'object' || thrown === null) return undefined;
  const own = (thrown as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const cause = (thrown as { cause?: unknown }).cause;
  return cause === undefined ? undefined : errorCode(cause);
}

/**
 * Parses `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Returns milliseconds from
 * `now`, or `null` when absent or malformed (the caller then falls back to its own backoff).
 */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/[a-z]/i.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

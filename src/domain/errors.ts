import type { SourceName } from './freshness.js';

/**
 * Every error code a client can see, in one enum (docs/errors.md). Apollo's own codes
 * (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_REQUEST, ...) pass through unchanged.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  UPSTREAM_TIMEOUT: 'UPSTREAM_TIMEOUT',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  UPSTREAM_INVALID: 'UPSTREAM_INVALID',
  /** Too many calls were waiting for the upstream (the gateway's own queue): no request was made. */
  UPSTREAM_BUSY: 'UPSTREAM_BUSY',
  /** The upstream refused the gateway's request (HTTP 400 and other 4xx): a bug on our side to fix. */
  UPSTREAM_BAD_REQUEST: 'UPSTREAM_BAD_REQUEST',
  /** The upstream refused the gateway's credentials (HTTP 401/403): a key to rotate, not an outage. */
  UPSTREAM_AUTH: 'UPSTREAM_AUTH',
  RATE_LIMITED: 'RATE_LIMITED',
  CIRCUIT_OPEN: 'CIRCUIT_OPEN',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Extra, client-safe facts an error may carry. Never upstream URLs, headers or bodies. */
export interface GatewayErrorDetails {
  readonly source?: SourceName;
  /** HTTP status the upstream answered with, when there was one. */
  readonly upstreamStatus?: number;
  /** Seconds until the upstream said it would accept requests again. */
  readonly retryAfterSeconds?: number;
}

/**
 * An error whose message is safe to show to a client as it is. Anything else reaching the client is
 * masked as `Unexpected error.` and logged in full on the server.
 */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: GatewayErrorDetails = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Normalises anything thrown into an `Error` (after graphql-js `toError`). */
export function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(`Non-error thrown: ${String(thrown)}`);
}

/** For exhaustive switches over closed unions. */
export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`Unreachable case: ${JSON.stringify(value)}`);
  }
}

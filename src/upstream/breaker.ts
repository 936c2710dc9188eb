import {
  CircuitState,
  SamplingBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { ErrorCode } from '../domain/errors.js';
import { UpstreamError, isAborted } from './errors.js';

/** Tuning of one source's circuit breaker (RELIABILITY.md §11); the defaults are the proposal's. */
export interface BreakerOptions {
  /** How long the breaker stays open before one half-open probe may go out. Default 30 s. */
  readonly halfOpenAfterMs?: number;
  /** The sliding window over which failures are sampled. Default 10 s. */
  readonly samplingDurationMs?: number;
}

export const HALF_OPEN_AFTER_MS = 30_000;
export const SAMPLING_DURATION_MS = 10_000;
/** The breaker opens when at least this share of the sampled calls failed. */
export const FAILURE_THRESHOLD = 0.5;
/**
 * cockatiel's `SamplingBreaker` opens when `failures > threshold × total`, i.e. at *more* than the
 * threshold; RELIABILITY.md §11 asks for *at least* 50 %. Failures and totals are whole calls, so a
 * threshold a hair below 0.5 opens at exactly half (5 of 10) and at nothing less (for windows below
 * ten million calls).
 */
const COCKATIEL_THRESHOLD = FAILURE_THRESHOLD - 1e-7;
/** Calls needed within the sampling window before the breaker may open at all. */
export const MINIMUM_CALLS = 10;

export type BreakerState = 'closed' | 'open' | 'halfOpen';

/**
 * `minimumRps` for cockatiel's `SamplingBreaker`, so that at least `MINIMUM_CALLS` calls within the
 * window are needed. The breaker stays closed while `total < duration × minimumRps / 1000`, so
 * `minimumRps = calls × 1000 / duration` gives exactly `calls` (1 rps for 10 calls in 10 s). Half a
 * call is taken off so that floating-point error in `duration × minimumRps / 1000` (which could give
 * 10.000000001) cannot make the 10th call insufficient: the bar is 9.5, the first integer above is 10.
 */
export function minimumRps(durationMs: number, calls = MINIMUM_CALLS): number {
  return ((calls - 0.5) * 1000) / durationMs;
}

/**
 * Whether a failure says something about the upstream's health: transport errors, timeouts (408
 * included), 5xx and unusable bodies count. An answer does not: 404, 400/401/403 and the other 4xx
 * (our request or our key is wrong), nor 429, which feeds the `Retry-After` cool-down instead.
 */
export function countsAgainstUpstream(e: unknown): boolean {
  if (!(e instanceof UpstreamError) || isAborted(e)) return false;
  if (e.code === ErrorCode.UPSTREAM_TIMEOUT || e.code === ErrorCode.UPSTREAM_INVALID) return true;
  if (e.code !== ErrorCode.UPSTREAM_UNAVAILABLE) return false;
  const status = e.details.upstreamStatus;
  return status === undefined || status < 400 || status >= 500;
}

/** A per-source breaker: half or more of ≥ 10 calls failing within the window opens it. */
export function sourceBreaker(options: BreakerOptions = {}): CircuitBreakerPolicy {
  const duration = options.samplingDurationMs ?? SAMPLING_DURATION_MS;
  return circuitBreaker(handleWhen(countsAgainstUpstream), {
    halfOpenAfter: options.halfOpenAfterMs ?? HALF_OPEN_AFTER_MS,
    breaker: new SamplingBreaker({
      threshold: COCKATIEL_THRESHOLD,
      duration,
      minimumRps: minimumRps(duration),
    }),
  });
}

/** The breaker's state as health reports it (an isolated breaker counts as open). */
export function breakerState(policy: CircuitBreakerPolicy): BreakerState {
  const state = policy.state;
  if (state === CircuitState.Closed) return 'closed';
  return state === CircuitState.HalfOpen ? 'halfOpen' : 'open';
}

import {
  CircuitState,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
  type IBreaker,
} from 'cockatiel';
import { ErrorCode } from '../domain/errors.js';
import { UpstreamDataError, UpstreamError, isAborted } from './errors.js';

/** Tuning of one source's circuit breaker (docs/reliability.md); the defaults are the ones documented there. */
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

/** Calls needed within the sampling window before the breaker may open at all. */
export const MINIMUM_CALLS = 10;

export type BreakerState = 'closed' | 'open' | 'halfOpen';

/** One second of calls. */
interface Bucket {
  /** `Math.floor(time / BUCKET_MS)`. */
  readonly second: number;
  failures: number;
  successes: number;
}

const BUCKET_MS = 1000;

/**
 * When to open (cockatiel's `IBreaker`; cockatiel's policy keeps the closed / open / half-open state
 * machine): at `threshold` or more failures among at least `minimumCalls` calls made within the last
 * `durationMs`, counted in one-second buckets by the clock. cockatiel's own `SamplingBreaker` moves on
 * one bucket per call, however long ago the last call was, so calls far older than its window kept
 * counting (twenty successes a minute ago outweighed ten failures now); it also opens only *above*
 * its threshold, where docs/reliability.md asks for "at least 50 %".
 */
export class SlidingWindowBreaker implements IBreaker {
  #buckets: Bucket[] = [];

  constructor(
    private readonly threshold: number,
    private readonly durationMs: number,
    private readonly minimumCalls: number,
  ) {}

  get state(): unknown {
    return { buckets: this.#buckets.map((b) => ({ ...b })) };
  }

  set state(value: unknown) {
    const buckets = (value as { buckets?: Bucket[] } | null)?.buckets;
    this.#buckets = Array.isArray(buckets) ? buckets.map((b) => ({ ...b })) : [];
  }

  success(state: CircuitState): void {
    if (state === CircuitState.HalfOpen) this.#buckets = []; // a good probe starts a new window
    this.#push(true);
  }

  failure(state: CircuitState): boolean {
    this.#push(false);
    if (state !== CircuitState.Closed) return true; // a failed probe re-opens
    let failures = 0;
    let total = 0;
    for (const b of this.#buckets) {
      failures += b.failures;
      total += b.failures + b.successes;
    }
    return total >= this.minimumCalls && failures >= this.threshold * total;
  }

  #push(success: boolean): void {
    const second = Math.floor(Date.now() / BUCKET_MS);
    // Forget the buckets that left the window (all of them after a long quiet spell).
    const oldest = second - Math.ceil(this.durationMs / BUCKET_MS) + 1;
    if (this.#buckets.length > 0 && (this.#buckets[0]?.second ?? oldest) < oldest) {
      this.#buckets = this.#buckets.filter((b) => b.second >= oldest);
    }
    let bucket = this.#buckets.at(-1);
    if (bucket === undefined || bucket.second !== second) {
      bucket = { second, failures: 0, successes: 0 };
      this.#buckets.push(bucket);
    }
    if (success) bucket.successes += 1;
    else bucket.failures += 1;
  }
}

/**
 * Whether a failure says something about the upstream's health: transport errors, timeouts (408
 * included), 5xx and unreadable bodies (not JSON, an HTML page, too large) count. An answer does not:
 * 404, 400/401/403 and the other 4xx (our request or our key is wrong), nor 429, which feeds the
 * `Retry-After` cool-down instead; nor data that was read but does not match the published format (the
 * publisher's data problem, `UpstreamDataError`).
 */
export function countsAgainstUpstream(e: unknown): boolean {
  if (!(e instanceof UpstreamError) || isAborted(e) || e instanceof UpstreamDataError) return false;
  if (e.code === ErrorCode.UPSTREAM_TIMEOUT || e.code === ErrorCode.UPSTREAM_INVALID) return true;
  if (e.code !== ErrorCode.UPSTREAM_UNAVAILABLE) return false;
  const status = e.details.upstreamStatus;
  return status === undefined || status < 400 || status >= 500;
}

/** A per-source breaker: half or more of ≥ 10 calls failing within the window opens it. */
export function sourceBreaker(options: BreakerOptions = {}): CircuitBreakerPolicy {
  return circuitBreaker(handleWhen(countsAgainstUpstream), {
    halfOpenAfter: options.halfOpenAfterMs ?? HALF_OPEN_AFTER_MS,
    breaker: new SlidingWindowBreaker(
      FAILURE_THRESHOLD,
      options.samplingDurationMs ?? SAMPLING_DURATION_MS,
      MINIMUM_CALLS,
    ),
  });
}

/** The breaker's state as health reports it (an isolated breaker counts as open). */
export function breakerState(policy: CircuitBreakerPolicy): BreakerState {
  const state = policy.state;
  if (state === CircuitState.Closed) return 'closed';
  return state === CircuitState.HalfOpen ? 'halfOpen' : 'open';
}

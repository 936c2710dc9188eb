/**
 * The policies every upstream call passes, composed once per source as one pipeline the way undici
 * composes interceptors: each stage wraps the rest. Fetches and downloads run through the same one, so
 * they agree on retries, politeness, the breaker and on what counts as a failure. Outside in:
 *
 * 1. **health**: records the outcome (`SourceHealth`) and reports anything thrown as an `UpstreamError`;
 *    an answer (a 404) and a request that went away are not failures of the upstream;
 * 2. **cool-down gate**: after a `Retry-After` beyond `UPSTREAM_RETRY_AFTER_MAX_MS`, `RATE_LIMITED` at once;
 * 3. **circuit breaker**: counts a call with its retries as one; open: `CIRCUIT_OPEN` at once (breaker.ts);
 * 4. **retry**: bounded, full-jitter backoff honouring a short `Retry-After`; a half-open probe is not
 *    retried; retries wait outside the bulkhead, so a request waiting out its backoff holds no slot;
 * 5. **cool-down**: checked again before every attempt, and started by a 429 / 503 asking for too long;
 * 6. **bulkhead**: at most `concurrency` attempts in flight, `queue` waiting;
 * 7. **spacing**: attempts `1000 / ratePerSecond` ms apart (politeness towards fragile servers).
 */
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  DelegateBackoff,
  IsolatedCircuitError,
  bulkhead,
  handleWhen,
  retry,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import type { HttpPolicy, SourcePolicy } from '../policy.js';
import { ErrorCode } from '../domain/errors.js';
import type { SourceName } from '../domain/freshness.js';
import {
  HALF_OPEN_AFTER_MS,
  breakerState,
  sourceBreaker,
  type BreakerOptions,
  type BreakerState,
} from './breaker.js';
import { UpstreamError, abortedError, invalidError, isAborted, sourceLabel } from './errors.js';

/** One attempt at the upstream, stopping when `signal` aborts. */
export type Attempt<R> = (signal: AbortSignal | undefined) => Promise<R>;

/** Runs an attempt through the stages that follow. */
export type Call = <R>(attempt: Attempt<R>, signal: AbortSignal | undefined) => Promise<R>;

/** One policy: wraps the rest of the pipeline. */
export type Stage = (next: Call) => Call;

/** The stages, outermost first, around the attempt itself. */
export function compose(stages: readonly Stage[]): Call {
  return stages.reduceRight<Call>(
    (next, stage) => stage(next),
    (attempt, signal) => attempt(signal),
  );
}

/** What one source's pipeline needs. */
export interface PipelineOptions {
  readonly name: SourceName;
  readonly policy: SourcePolicy;
  readonly httpPolicy: HttpPolicy;
  readonly breaker?: BreakerOptions | undefined;
  /** Called whenever a call ends, however it ends (the cache's generation counter). */
  readonly onSettled: () => void;
}

/** The outcome of the calls so far, as `SourceHealth` reports it. */
export interface Outcomes {
  readonly lastSuccessAt: number | null;
  readonly lastErrorAt: number | null;
  readonly lastErrorCode: string | null;
}

/** One source's policies, built once; `run` is the pipeline. */
export class Pipeline {
  readonly run: Call;
  readonly #outcomes: {
    lastSuccessAt: number | null;
    lastErrorAt: number | null;
    lastErrorCode: string | null;
  } = { lastSuccessAt: null, lastErrorAt: null, lastErrorCode: null };
  readonly #breaker: CircuitBreakerPolicy;
  /** Until when (epoch ms) the upstream asked not to be called (`Retry-After` beyond the budget). */
  #coolDownUntil = 0;
  /** When the next attempt may start, for `ratePerSecond` politeness. */
  #nextSlotAt = 0;

  constructor(private readonly options: PipelineOptions) {
    const { name, policy, httpPolicy } = options;
    const breakerOptions = options.breaker ?? {};
    const breaker = sourceBreaker(breakerOptions);
    this.#breaker = breaker;
    const halfOpenAfterMs = breakerOptions.halfOpenAfterMs ?? HALF_OPEN_AFTER_MS;
    let openedAt = 0;
    breaker.onBreak(() => {
      openedAt = Date.now();
    });
    const retries = retry(
      // A half-open probe is one request: not retried, so a still-failing upstream gets one call.
      handleWhen((e) => e instanceof UpstreamError && e.retryable && breaker.state !== CircuitState.HalfOpen),
      {
        maxAttempts: httpPolicy.retries,
        backoff: new DelegateBackoff((ctx) => {
          const failed = 'error' in ctx.result ? ctx.result.error : undefined;
          if (failed instanceof UpstreamError && failed.retryAfterMs !== null) return failed.retryAfterMs;
          return fullJitter(ctx.attempt, httpPolicy.retryBaseMs, httpPolicy.retryMaxMs);
        }),
      },
    );
    const slots = bulkhead(policy.concurrency, policy.queue);

    const health: Stage = (next) => async (attempt, signal) => {
      try {
        const result = await next(attempt, signal);
        this.#outcomes.lastSuccessAt = Date.now();
        return result;
      } catch (thrown: unknown) {
        const failure = asUpstreamError(name, thrown, signal);
        // An answer (404) or a request that went away says nothing about the upstream's health.
        if (failure.code !== ErrorCode.NOT_FOUND && !isAborted(failure)) {
          this.#outcomes.lastErrorAt = Date.now();
          this.#outcomes.lastErrorCode = failure.code;
        }
        throw failure;
      } finally {
        options.onSettled();
      }
    };
    const gate: Stage = (next) => (attempt, signal) => {
      this.#checkCoolDown();
      return next(attempt, signal);
    };
    const circuit: Stage = (next) => async (attempt, signal) => {
      try {
        return await breaker.execute(() => next(attempt, signal), signal);
      } catch (thrown: unknown) {
        if (!(thrown instanceof BrokenCircuitError || thrown instanceof IsolatedCircuitError)) throw thrown;
        const remainingMs = Math.max(0, openedAt + halfOpenAfterMs - Date.now());
        throw new UpstreamError(
          ErrorCode.CIRCUIT_OPEN,
          `The ${sourceLabel(name)} upstream is failing; the gateway stopped calling it for a while.`,
          { source: name, retryAfterSeconds: Math.ceil(remainingMs / 1000) },
          false,
          null,
          { cause: thrown },
        );
      }
    };
    const retrying: Stage = (next) => (attempt, signal) =>
      retries.execute(() => next(attempt, signal), signal);
    const coolDown: Stage = (next) => async (attempt, signal) => {
      this.#checkCoolDown();
      try {
        return await next(attempt, signal);
      } catch (thrown: unknown) {
        this.#noteRetryAfter(thrown);
        throw thrown;
      }
    };
    const limited: Stage = (next) => (attempt, signal) => slots.execute(() => next(attempt, signal), signal);
    const spaced: Stage = (next) => async (attempt, signal) => {
      await this.#spacing();
      return next(attempt, signal);
    };
    this.run = compose([health, gate, circuit, retrying, coolDown, limited, spaced]);
  }

  /** Outcomes so far. */
  get outcomes(): Outcomes {
    return { ...this.#outcomes };
  }

  get breaker(): BreakerState {
    return breakerState(this.#breaker);
  }

  /** Throws `RATE_LIMITED` while the upstream's `Retry-After` cool-down runs. */
  #checkCoolDown(): void {
    const coolingMs = this.#coolDownUntil - Date.now();
    if (coolingMs <= 0) return;
    const { name } = this.options;
    throw new UpstreamError(
      ErrorCode.RATE_LIMITED,
      `The ${sourceLabel(name)} upstream asked the gateway to wait before calling it again.`,
      { source: name, retryAfterSeconds: Math.ceil(coolingMs / 1000) },
      false,
      coolingMs,
    );
  }

  /** A 429 or 503 whose `Retry-After` is beyond what a retry may wait starts the source's cool-down. */
  #noteRetryAfter(thrown: unknown): void {
    if (!(thrown instanceof UpstreamError) || thrown.retryAfterMs === null) return;
    const status = thrown.details.upstreamStatus;
    if (status !== 429 && status !== 503) return;
    if (thrown.retryAfterMs <= this.options.httpPolicy.retryAfterMaxMs) return;
    this.#coolDownUntil = Math.max(this.#coolDownUntil, Date.now() + thrown.retryAfterMs);
  }

  /** Spaces attempts `1000 / ratePerSecond` ms apart. */
  async #spacing(): Promise<void> {
    const rate = this.options.policy.ratePerSecond;
    if (rate <= 0) return;
    const now = performance.now();
    const at = Math.max(now, this.#nextSlotAt);
    this.#nextSlotAt = at + 1000 / rate;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}

/** Anything a call threw, as the `UpstreamError` the caller sees. */
function asUpstreamError(name: SourceName, thrown: unknown, signal: AbortSignal | undefined): UpstreamError {
  if (thrown instanceof UpstreamError) return thrown;
  if (signal?.aborted === true) return abortedError(name, signal.reason);
  if (thrown instanceof BulkheadRejectedError) {
    return new UpstreamError(
      ErrorCode.UPSTREAM_UNAVAILABLE,
      `Too many requests are waiting for the ${sourceLabel(name)} upstream; try again shortly.`,
      { source: name },
      false,
    );
  }
  return invalidError(name, 'a response the gateway could not handle', thrown);
}

/** "Full jitter" backoff: uniform in [0, min(cap, base * 2^(attempt-1))]. */
export function fullJitter(attempt: number, baseMs: number, capMs: number): number {
  return Math.floor(Math.random() * Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1)));
}

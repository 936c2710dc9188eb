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
 *    retried; retries wait outside the bulkhead, so a request waiting out its backoff holds no slot; a
 *    retry whose backoff and whole attempt could not end before the call's answer is due (`planned`) is
 *    not started, so the failure comes while its callers can still serve a held value;
 * 5. **cool-down**: checked again before every attempt, and started by a 429 / 503 asking for too long,
 *    which also refuses every call waiting in the queue at once (`RATE_LIMITED`);
 * 6. **fair queue** (fair-queue.ts): at most `concurrency` attempts in flight, started `1000 / ratePerSecond`
 *    ms apart (politeness towards fragile servers); the `queue` calls waiting are kept per client
 *    (client-id.ts) and started in rotation, each client holding at most half the places; no place is
 *    `UPSTREAM_BUSY`; with replicas sharing Redis (`shared.ts`), the call then takes its turn among all of
 *    them, and a cool-down another replica was told refuses it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  BrokenCircuitError,
  CircuitState,
  DelegateBackoff,
  IsolatedCircuitError,
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
import { currentClient } from './client-id.js';
import { UpstreamError, abortedError, invalidError, isAborted, sourceLabel } from './errors.js';
import { FairQueue, QueueFull, type QueueState, type Release } from './fair-queue.js';
import { monotonicNow } from './scope.js';
import type { SharedUpstream } from './shared.js';

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

/**
 * What a call's retries are planned against: when its answer is due, as its callers now stand (on
 * `monotonicNow`; `Infinity` when nobody waits with a budget), and how long one attempt may run
 * (`UPSTREAM_ATTEMPT_DEADLINE_MS` unless given).
 */
export interface Plan {
  readonly until: () => number;
  readonly attemptMs?: number | undefined;
}

const plans = new AsyncLocalStorage<Plan>();

/**
 * Runs `fn`, a call through a pipeline, planned against `plan`: no retry is started that could not end
 * by `plan.until()`. Held implicitly so that the stages need not pass it along.
 */
export function planned<T>(plan: Plan, fn: () => T): T {
  return plans.run(plan, fn);
}

/**
 * Runs `fn` with attempts of up to `attemptMs` (a bulk download's own deadline), keeping the plan's `until`
 * if one is in force: the shared turn an attempt holds lasts as long as the attempt may.
 */
export function withAttemptDeadline<T>(attemptMs: number, fn: () => T): T {
  const outer = plans.getStore();
  return plans.run({ until: outer?.until ?? (() => Infinity), attemptMs }, fn);
}

/** What one source's pipeline needs. */
export interface PipelineOptions {
  readonly name: SourceName;
  readonly policy: SourcePolicy;
  readonly httpPolicy: HttpPolicy;
  readonly breaker?: BreakerOptions | undefined;
  /** Called whenever a call ends, however it ends (the cache's generation counter). */
  readonly onSettled: () => void;
  /** The politeness budget and cool-down shared by replicas (`REDIS_URL`), if any. */
  readonly shared?: SharedUpstream | null | undefined;
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
  /** Attempts in flight and waiting, per client (the bulkhead and the spacing). */
  readonly #queue: FairQueue;

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
    /** The retry policy of one call: its own, since whether a retry fits depends on the call's plan. */
    const retries = (plan: Plan | undefined) => {
      let failures = 0;
      let waitMs = 0;
      return retry(
        handleWhen((e) => {
          // A half-open probe is one request: not retried, so a still-failing upstream gets one call.
          if (!(e instanceof UpstreamError && e.retryable && breaker.state !== CircuitState.HalfOpen))
            return false;
          failures += 1;
          waitMs = e.retryAfterMs ?? fullJitter(failures, httpPolicy.retryBaseMs, httpPolicy.retryMaxMs);
          if (plan === undefined) return true;
          // Not started when it could not end in time: its callers then get this failure (or their held
          // value) while they can still answer, rather than their budget's end.
          const attemptMs = plan.attemptMs ?? httpPolicy.attemptDeadlineMs;
          return monotonicNow() + waitMs + attemptMs <= plan.until();
        }),
        { maxAttempts: httpPolicy.retries, backoff: new DelegateBackoff(() => waitMs) },
      );
    };
    this.#queue = new FairQueue({
      concurrency: policy.concurrency,
      capacity: policy.queue,
      perClient: clientShare(policy.queue),
      ratePerSecond: policy.ratePerSecond,
    });

    const health: Stage = (next) => async (attempt, signal) => {
      try {
        const result = await next(attempt, signal);
        this.#outcomes.lastSuccessAt = Date.now();
        return result;
      } catch (thrown: unknown) {
        const failure = asUpstreamError(name, thrown, signal);
        // An answer (404), a request that went away or a full queue (the gateway's own limit) says
        // nothing about the upstream's health.
        if (
          failure.code !== ErrorCode.NOT_FOUND &&
          failure.code !== ErrorCode.UPSTREAM_BUSY &&
          !isAborted(failure)
        ) {
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
      retries(plans.getStore()).execute(() => next(attempt, signal), signal);
    const coolDown: Stage = (next) => (attempt, signal) => {
      this.#checkCoolDown();
      return next(attempt, signal);
    };
    const queued: Stage = (next) => async (attempt, signal) => {
      let release: Release;
      try {
        release = await this.#queue.acquire(currentClient() ?? BACKGROUND, signal);
      } catch (refused: unknown) {
        throw this.#busy(refused);
      }
      let releaseShared = (): void => {};
      try {
        this.#checkCoolDown(); // one may have started while this call waited for its turn
        releaseShared = await this.#sharedTurn(signal);
        return await next(attempt, signal);
      } catch (thrown: unknown) {
        // Before the slot passes on: a cool-down this answer starts must stop the next call too.
        this.#noteRetryAfter(thrown);
        throw thrown;
      } finally {
        releaseShared();
        release();
      }
    };
    this.run = compose([health, gate, circuit, retrying, coolDown, queued]);
  }

  /** Outcomes so far. */
  get outcomes(): Outcomes {
    return { ...this.#outcomes };
  }

  get breaker(): BreakerState {
    return breakerState(this.#breaker);
  }

  /** Attempts in flight and waiting in the source's queue. */
  get queue(): QueueState {
    return this.#queue.state;
  }

  /**
   * With replicas sharing a budget (`REDIS_URL`), waits for this source's turn among all of them (the
   * local queue's place is already held) and gives its release; a cool-down another replica started
   * becomes this process's too, and the call is refused with it.
   */
  async #sharedTurn(signal: AbortSignal | undefined): Promise<() => void> {
    const { shared, policy, httpPolicy } = this.options;
    if (shared == null) return () => {};
    const attemptMs = plans.getStore()?.attemptMs ?? httpPolicy.attemptDeadlineMs;
    const turn = await shared.turn(
      this.options.name,
      {
        concurrency: policy.concurrency,
        intervalMs: policy.ratePerSecond > 0 ? Math.ceil(1000 / policy.ratePerSecond) : 0,
        leaseMs: attemptMs + 1000,
      },
      signal,
    );
    if ('release' in turn) return turn.release;
    this.#coolDownUntil = Math.max(this.#coolDownUntil, Date.now() + turn.coolingMs);
    this.#checkCoolDown();
    return () => {};
  }

  /** Throws `RATE_LIMITED` while the upstream's `Retry-After` cool-down runs. */
  #checkCoolDown(): void {
    const cooling = this.#coolingError();
    if (cooling !== null) throw cooling;
  }

  #coolingError(): UpstreamError | null {
    const coolingMs = this.#coolDownUntil - Date.now();
    if (coolingMs <= 0) return null;
    const { name } = this.options;
    return new UpstreamError(
      ErrorCode.RATE_LIMITED,
      `The ${sourceLabel(name)} upstream asked the gateway to wait before calling it again.`,
      { source: name, retryAfterSeconds: Math.ceil(coolingMs / 1000) },
      false,
      coolingMs,
    );
  }

  /**
   * A 429 or 503 whose `Retry-After` is beyond what a retry may wait starts the source's cool-down, and
   * every call waiting for its turn is refused with it at once rather than sent into it.
   */
  #noteRetryAfter(thrown: unknown): void {
    if (!(thrown instanceof UpstreamError) || thrown.retryAfterMs === null) return;
    const status = thrown.details.upstreamStatus;
    if (status !== 429 && status !== 503) return;
    if (thrown.retryAfterMs <= this.options.httpPolicy.retryAfterMaxMs) return;
    this.#coolDownUntil = Math.max(this.#coolDownUntil, Date.now() + thrown.retryAfterMs);
    void this.options.shared?.coolDown(this.options.name, thrown.retryAfterMs);
    this.#queue.refuseWaiting(() => this.#coolingError() ?? thrown);
  }

  /** A call the queue had no place for, as `UPSTREAM_BUSY`; anything else (its request left) as it is. */
  #busy(refused: unknown): Error {
    if (!(refused instanceof QueueFull))
      return refused instanceof Error ? refused : new Error(String(refused));
    const { name } = this.options;
    const message =
      refused.why === 'client'
        ? `This client already has ${refused.limit} calls waiting for the ${sourceLabel(name)} upstream; try again once they are answered.`
        : `Too many calls are waiting for the ${sourceLabel(name)} upstream; try again shortly.`;
    return new UpstreamError(ErrorCode.UPSTREAM_BUSY, message, { source: name }, false, null, {
      cause: refused,
    });
  }
}

/** The queue of calls nobody's request is waiting for (harvests, warm-up): a client of its own. */
const BACKGROUND = '';

/** How many of a queue's waiting places one client may hold: half, so it can never fill the queue alone. */
export function clientShare(queue: number): number {
  return Math.max(1, Math.ceil(queue / 2));
}

/** Anything a call threw, as the `UpstreamError` the caller sees. */
function asUpstreamError(name: SourceName, thrown: unknown, signal: AbortSignal | undefined): UpstreamError {
  if (thrown instanceof UpstreamError) return thrown;
  if (signal?.aborted === true) return abortedError(name, signal.reason);
  return invalidError(name, 'a response the gateway could not handle', thrown);
}

/** "Full jitter" backoff: uniform in [0, min(cap, base * 2^(attempt-1))]. */
export function fullJitter(attempt: number, baseMs: number, capMs: number): number {
  return Math.floor(Math.random() * Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1)));
}

import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Why a request stopped waiting: its whole-operation budget ran out, or its client went away.
 * Carried as the `reason` of the request's `AbortSignal`.
 */
export class RequestAborted extends Error {
  override readonly name = 'RequestAborted';
  constructor(
    readonly why: 'budget' | 'client-gone',
    /** The budget, for the message of `budget`. */
    readonly budgetMs: number,
  ) {
    super(why === 'budget' ? `operation budget of ${budgetMs} ms exhausted` : 'client disconnected');
  }
}

/**
 * The clock of every deadline: monotonic, so that a step of the wall clock neither stretches nor cuts a
 * budget. Timers (`setTimeout`) run on the same clock, and so do fake timers that fake `performance`.
 */
export function monotonicNow(): number {
  return performance.now();
}

/** A request's whole-operation budget: when it runs out (on `monotonicNow`), and how long it was. */
export interface RequestBudget {
  readonly deadline: number;
  readonly ms: number;
}

/** The budget of `ms` from now. */
export function budgetOf(ms: number): RequestBudget {
  return { deadline: monotonicNow() + ms, ms };
}

interface RequestScope {
  readonly signal: AbortSignal;
  readonly budget: RequestBudget | undefined;
}

const scope = new AsyncLocalStorage<RequestScope>();

/**
 * Runs `fn` as one client request: every upstream wait started inside it (through promises, timers and
 * DataLoader batches alike) stops when `signal` aborts, and an upstream call nobody else waits for is
 * aborted with it. With a `budget`, upstream work is planned to end before it (no retry that could not
 * finish in time; a held value served as stale-if-error while there is still time to answer). Held
 * implicitly so that the source clients, shared by all requests, need not pass them through every method.
 */
export function inRequest<T>(signal: AbortSignal, fn: () => T, budget?: RequestBudget): T {
  return scope.run({ signal, budget }, fn);
}

/** The signal of the request being served, if any (none for background refreshes). */
export function requestSignal(): AbortSignal | undefined {
  return scope.getStore()?.signal;
}

/** The budget of the request being served, if it has one. */
export function requestBudget(): RequestBudget | undefined {
  return scope.getStore()?.budget;
}

/**
 * When the current request must have an upstream answer in hand to still answer its client: its deadline
 * less a reserve of a tenth of its budget, at most a second, for what it still has to do with the value.
 * `Infinity` outside a request with a budget (a harvest, a background refresh).
 */
export function answerBy(): number {
  const budget = requestBudget();
  return budget === undefined ? Infinity : budget.deadline - Math.min(ANSWER_RESERVE_MS, budget.ms / 10);
}

/** The most of a budget kept back for answering once an upstream value is in hand (`answerBy`). */
export const ANSWER_RESERVE_MS = 1000;

/** Runs `fn` outside any request: for work shared by several requests, which one leaving must not stop. */
export function outsideRequest<T>(fn: () => T): T {
  return scope.exit(fn);
}

/**
 * Waits for `work`, but no longer than the current request is willing to: rejects with `onAbort(reason)`
 * as soon as the request's signal aborts. `work` itself goes on (others may be waiting for it).
 */
export function untilAborted<T>(work: Promise<T>, onAbort: (reason: unknown) => Error): Promise<T> {
  const signal = requestSignal();
  if (signal === undefined) return work;
  if (signal.aborted) return Promise.reject(onAbort(signal.reason));
  let stop = (): void => {};
  const aborted = new Promise<never>((_, reject) => {
    stop = () => reject(onAbort(signal.reason));
    signal.addEventListener('abort', stop, { once: true });
  });
  aborted.catch(() => undefined); // only ever observed through the race
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', stop));
}

/** Starts one piece of shared work: it must stop when `signal` aborts, and plan to end by `until()`. */
export type StartWork<T> = (signal: AbortSignal, until: () => number) => Promise<T>;

/** One caller waiting for shared work (see `SharedWaits`). */
export interface Waiter<T> {
  /** The work's outcome. */
  readonly work: Promise<T>;
  /** Stops waiting: early with the caller's `reason`, or with none once the answer came. Once only. */
  leave(reason?: unknown): void;
}

interface Shared<T> {
  readonly work: Promise<T>;
  readonly controller: AbortController;
  /** When each caller still waiting must have its answer (on `monotonicNow`; `Infinity`: no bound). */
  readonly ends: Set<{ readonly end: number }>;
  /** Started for nobody in particular (a stale-while-revalidate refresh): runs to its end. */
  readonly background: boolean;
}

/**
 * Upstream work shared by everyone who asks for the same key while it runs (one cache fill), with its
 * callers counted, so that it stops only when nobody waits for it any more: one request's budget running
 * out, or its client leaving, never aborts work another still waits for. Work that was aborted is
 * forgotten at once, so a caller that comes after starts work of its own and never receives the abort of
 * someone else. Retries are planned against the latest end among the callers still waiting (`until`).
 */
export class SharedWaits<T = unknown> {
  readonly #under = new Map<string, Shared<T>>();

  /** Waits for the work under way for `key`, or starts it; `end` is when this caller needs its answer. */
  join(key: string, end: number, start: StartWork<T>): Waiter<T> {
    const shared = this.#under.get(key) ?? this.#start(key, start, false);
    const mine = { end };
    shared.ends.add(mine);
    let left = false;
    return {
      work: shared.work,
      leave: (reason?: unknown) => {
        if (left) return;
        left = true;
        shared.ends.delete(mine);
        if (reason === undefined || shared.ends.size > 0 || shared.background) return;
        if (this.#under.get(key) === shared) this.#under.delete(key);
        shared.controller.abort(reason);
      },
    };
  }

  /** Starts work for `key` that nobody waits for, unless some is under way. */
  background(key: string, start: StartWork<T>): void {
    if (!this.#under.has(key)) this.#start(key, start, true);
  }

  #start(key: string, start: StartWork<T>, background: boolean): Shared<T> {
    const controller = new AbortController();
    const ends = new Set<{ readonly end: number }>();
    const until = (): number => {
      if (background) return Infinity;
      let latest = -Infinity;
      for (const { end } of ends) latest = Math.max(latest, end);
      return latest;
    };
    // Shared by every request that joins: no one request's scope may leak into it.
    const work = outsideRequest(() => start(controller.signal, until));
    const shared: Shared<T> = { work, controller, ends, background };
    this.#under.set(key, shared);
    const done = (): void => {
      if (this.#under.get(key) === shared) this.#under.delete(key);
    };
    work.then(done, done);
    return shared;
  }
}

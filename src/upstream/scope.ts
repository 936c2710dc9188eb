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

const scope = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs `fn` as one client request: every upstream wait started inside it (through promises, timers and
 * DataLoader batches alike) stops when `signal` aborts, and an upstream call nobody else waits for is
 * aborted with it. Held implicitly so that the source clients, shared by all requests, need not pass a
 * signal through every method.
 */
export function inRequest<T>(signal: AbortSignal, fn: () => T): T {
  return scope.run(signal, fn);
}

/** The signal of the request being served, if any (none for background refreshes). */
export function requestSignal(): AbortSignal | undefined {
  return scope.getStore();
}

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

/** One request waiting for shared work (see `SharedWaits`). */
export interface Waiter {
  /** Aborts when every request waiting for the work has stopped waiting early. */
  readonly signal: AbortSignal;
  /** Stops waiting: early with the request's `reason`, or with none once the answer came. Once only. */
  leave(reason?: unknown): void;
}

/**
 * The requests waiting for each piece of shared upstream work (one cache fill), so that the work stops
 * only when nobody waits for it any more: one request's budget running out, or its client leaving, never
 * aborts work another request still waits for.
 */
export class SharedWaits {
  readonly #waiting = new Map<string, { waiters: number; readonly controller: AbortController }>();

  /** Counts one more request waiting for `key`. */
  join(key: string): Waiter {
    let waiting = this.#waiting.get(key);
    if (waiting === undefined) {
      waiting = { waiters: 0, controller: new AbortController() };
      this.#waiting.set(key, waiting);
    }
    waiting.waiters += 1;
    const record = waiting;
    let left = false;
    return {
      signal: record.controller.signal,
      leave: (reason?: unknown) => {
        if (left) return;
        left = true;
        record.waiters -= 1;
        if (record.waiters > 0) return;
        if (this.#waiting.get(key) === record) this.#waiting.delete(key);
        if (reason !== undefined) record.controller.abort(reason);
      },
    };
  }
}

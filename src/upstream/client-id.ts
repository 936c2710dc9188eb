import { AsyncLocalStorage } from 'node:async_hooks';

const clients = new AsyncLocalStorage<string>();

/**
 * Runs `fn` on behalf of `client`, an opaque id the layer above chooses (who sent the request), so that
 * each upstream's queue takes turns between clients (fair-queue.ts). Held implicitly, like the request's
 * signal (scope.ts), so that the source clients, shared by all requests, need not pass it along.
 */
export function asClient<T>(client: string, fn: () => T): T {
  return clients.run(client, fn);
}

/** The client the current upstream work is for; `undefined` for background work (harvests, warm-up). */
export function currentClient(): string | undefined {
  return clients.getStore();
}

/**
 * The request an upstream call is made for, as the upstream should hear of it: the request id (sent as
 * `x-request-id`) and the W3C trace the call joins (sent as `traceparent`, with a span id of its own).
 */
export interface RequestTrace {
  readonly requestId: string;
  /** 32 lower-case hex digits. */
  readonly traceId: string;
  /** The trace flags, as two hex digits (`01`: sampled). */
  readonly flags: string;
}

const traces = new AsyncLocalStorage<RequestTrace>();

/** Runs `fn` on behalf of the request `trace` names, so that its upstream calls carry it (http.ts). */
export function asTraced<T>(trace: RequestTrace, fn: () => T): T {
  return traces.run(trace, fn);
}

/** The request the current upstream work is for; `undefined` for background work (harvests). */
export function currentTrace(): RequestTrace | undefined {
  return traces.getStore();
}

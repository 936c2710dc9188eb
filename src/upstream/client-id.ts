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

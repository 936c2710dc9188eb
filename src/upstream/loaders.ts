import DataLoader from 'dataloader';
import type { Fetched } from '../domain/freshness.js';

/** A thrown value as an Error: DataLoader tells a key's failure from its value by `instanceof Error`. */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}

/**
 * A per-request loader over one bulk, cached upstream read (an index, a listing, a package): a batch of
 * keys costs one read, whatever its size, and each key picks its value out of it with the read's
 * freshness. A failed read fails every key of the batch with the same error.
 */
export function bulkLoader<B, V, K = string>(
  read: () => Promise<Fetched<B>>,
  pick: (bulk: B, key: K) => V,
): DataLoader<K, Fetched<V>> {
  return new DataLoader<K, Fetched<V>>(async (keys) => {
    const bulk = await read().catch(asError);
    if (bulk instanceof Error) return keys.map(() => bulk);
    return keys.map((key) => ({ value: pick(bulk.value, key), freshness: bulk.freshness }));
  });
}

/**
 * A per-request loader for an upstream with no batch endpoint: a batch becomes parallel reads, bounded
 * by the source's bulkhead, and each key gets its own value or its own error (`failed` may restate it).
 */
export function eachLoader<V, K = string>(
  read: (key: K) => Promise<Fetched<V>>,
  failed: (thrown: unknown, key: K) => Error = asError,
): DataLoader<K, Fetched<V>> {
  return new DataLoader<K, Fetched<V>>((keys) =>
    Promise.all(keys.map((key) => read(key).catch((e: unknown) => failed(e, key)))),
  );
}

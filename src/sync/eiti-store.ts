/**
 * What the EITI harvesters and reads share: the `entities` rows each source's records live in, the revision
 * bump that tells the reads to rebuild their indexes, and small helpers for cursors and bounded parallel
 * reads.
 */
import { EntityStore, type Store } from '../store/index.js';

/** The kinds of `entities` rows of the EITI sources. */
export const EITI_KINDS = {
  /** EITI API: one organisation-year (a Mongolian company row of the index), keyed by its EITI id. */
  organisation: 'organisation',
  /** EITI API: every revenue row of one organisation-year, keyed by its EITI id. */
  payments: 'payments',
  /** EITI Mongolia: one filed e-report (company-year). */
  report: 'report',
  /** EITI Mongolia: one licence of the licence map, keyed by its published number. */
  licence: 'licence',
} as const;

/** The `entities` rows of one EITI source, by kind. */
export function eitiStores(store: Store, source: string) {
  return {
    organisations: new EntityStore(store.db, source, EITI_KINDS.organisation),
    payments: new EntityStore(store.db, source, EITI_KINDS.payments),
    reports: new EntityStore(store.db, source, EITI_KINDS.report),
    licences: new EntityStore(store.db, source, EITI_KINDS.licence),
  };
}

/**
 * Bumps `source`'s harvest revision: the reads rebuild their in-memory indexes at the next lookup. Called
 * after a write that changed a record or marked one withdrawn, never after one that only confirmed them.
 */
export async function bumpRevision(store: Store, source: string): Promise<void> {
  await store.db
    .updateTable('harvest_state')
    .set((eb) => ({ revision: eb('revision', '+', 1) }))
    .where('source', '=', source)
    .execute();
}

/** A JSON object stored as text (a cursor, validators), or `{}` when it is absent or not an object. */
export function objectOf(text: string | null): Record<string, unknown> {
  if (text === null) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/**
 * A page's address as stored in a cursor: relative to the origin, so that it survives the upstream's
 * address changing port (the embedded replay listens on a new port every start).
 */
export function relative(url: URL): string {
  return url.pathname + url.search;
}

/** A stored relative address on the configured origin again. */
export function resume(base: URL, cursor: string): URL {
  return new URL(cursor, base.origin);
}

/**
 * `fn` over `items`, at most `limit` at a time, results in the order of `items`. The first failure stops
 * every worker from taking another item and is what the call rejects with.
 */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i] as T);
      } catch (thrown) {
        failed = true;
        throw thrown;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
  return out;
}

/** Waits for `work`, but rejects as soon as `signal` aborts (the work itself is left to finish or fail). */
export function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('stopping'));
  }
  return new Promise<T>((resolve, reject) => {
    const stop = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error('stopping'));
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

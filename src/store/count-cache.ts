/**
 * Counts and per-currency totals of a list, cached per store revision: computed once per change of the
 * data and per filter, never per page. Shared by every store that answers lists.
 */
import { LRUCache } from 'lru-cache';
import type { Money } from '../domain/index.js';

/** A memo of count and total queries keyed by what they count, the filter and the revision. */
export class CountCache {
  readonly #memo = new LRUCache<string, Promise<unknown>>({ max: 2000 });

  /** `run`'s answer for `key` (JSON-serialisable), computed once while it stays cached; a failure is not kept. */
  get<T>(key: unknown, run: () => Promise<T>): Promise<T> {
    const k = JSON.stringify(key);
    let hit = this.#memo.get(k) as Promise<T> | undefined;
    if (hit === undefined) {
      hit = run();
      hit.catch(() => this.#memo.delete(k));
      this.#memo.set(k, hit);
    }
    return hit;
  }
}

/** Summed rows `{ currency, amount }` as Money, one per currency, sorted by currency (never added across). */
export function totalsOf(
  rows: readonly { currency: string | null; amount: number | string | null }[],
): Money[] {
  const totals: Money[] = [];
  for (const r of rows)
    if (r.currency !== null && r.amount !== null)
      totals.push({ amount: Number(r.amount), currency: r.currency });
  return totals.sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}

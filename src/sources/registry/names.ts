/**
 * The one place the registry imports the name search (`./search/`, its own module). Everything else in
 * the registry codes against `NameSearch`.
 */
import type { LegalForm, SearchHit } from '../../domain/organization.js';
import { NameIndex, type IndexedName } from './search/index.js';

/** A built name search over the register. */
export interface NameSearch {
  readonly size: number;
  search(
    query: string,
    options: { limit: number; offset?: number; legalForm?: LegalForm },
  ): { total: number; hits: readonly SearchHit[] };
}

/** Builds the name search over `entries` (each read once, while building). */
export function buildNameSearch(entries: Iterable<IndexedName>): NameSearch {
  return new NameIndex(entries);
}

/** The shapes the name index takes and gives (`name-index.ts`). */
import type { LegalForm, SearchHit } from '../../../domain/organization.js';

/** One register entry to index. */
export interface IndexedName {
  readonly registerNumber: string;
  readonly name: string;
  readonly legalForm: LegalForm;
}

/**
 * Paging and filtering of one search. `limit` is 0 (the total only) to `MAX_SEARCH_LIMIT`; `offset`
 * defaults to 0; `legalForm` keeps only entries of that form.
 */
export interface SearchOptions {
  readonly limit: number;
  readonly offset?: number;
  readonly legalForm?: LegalForm;
}

/**
 * One page of a search. `total` counts every match (after the legal-form filter), `hits` is the page,
 * best first, then by name, then by register number: a total order, so pages never overlap or skip.
 */
export interface SearchResult {
  readonly total: number;
  readonly hits: readonly SearchHit[];
}

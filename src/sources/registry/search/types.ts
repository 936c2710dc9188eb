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

/** The work bounds of each search of an index (README.md, "Work bounds"). */
export interface SearchBounds {
  /** Entry ids one search may read from posting lists: a query that needs more is refused. */
  readonly maxPostings: number;
  /** Steps one search may spend lining a Latin query up with its hits (`matchedVariant`). */
  readonly alignSteps: number;
}

/**
 * What one search did, counted as it runs (README.md, "Work bounds"): a caller that passes one to
 * `NameIndex.search` reads it afterwards. Counts, not times, so that tests can assert the bounds.
 */
export interface SearchWork {
  /** Distinct words matched together (`ParsedQuery.words`), at most `MAX_QUERY_WORDS`. */
  words: number;
  /** Entry ids read from posting lists (or run lists), at most `SearchBounds.maxPostings`. */
  postings: number;
  /** Entries scored: verified matches, never more than `postings`. */
  candidates: number;
  /** Word checks against candidates' tokens, at most `postings` × `words`. */
  wordChecks: number;
  /** Steps taken lining a Latin query up with the page's names (`matchedVariant`). */
  alignSteps: number;
}

/** A new set of zero counts. */
export function newSearchWork(): SearchWork {
  return { words: 0, postings: 0, candidates: 0, wordChecks: 0, alignSteps: 0 };
}

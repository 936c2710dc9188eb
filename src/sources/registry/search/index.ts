/**
 * Name search over the legal-entity register by Cyrillic or Latin input: text normalisation,
 * romanisation of Mongolian Cyrillic, a script-independent search key and an in-memory index.
 * Pure code, no I/O. README.md has the folding table and the ranking.
 */
export {
  NameIndex,
  DEFAULT_BOUNDS,
  MAX_ALIGN_STEPS,
  type IndexedName,
  type SearchBounds,
  type SearchOptions,
  type SearchResult,
  type SearchWork,
} from './name-index.js';
export { MAX_SEARCH_POSTINGS } from './plan.js';
export { newSearchWork } from './types.js';
export { normaliseText } from './normalise.js';
export { romanise, MAX_ROMANISATIONS } from './romanise.js';
export { searchKey } from './key.js';
export { MAX_QUERY_CODE_POINTS, MAX_QUERY_WORDS, MAX_SEARCH_LIMIT } from './query.js';

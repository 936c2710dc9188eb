/**
 * The one place the registry imports the name search (`./search/`, its own module). Everything else in
 * the registry codes against `NameSearch`.
 */
import type { LegalForm, SearchHit } from '../../domain/organization.js';

/** What an index entry gives the name search. */
export interface NameEntry {
  readonly registerNumber: string;
  readonly name: string;
  readonly legalForm: LegalForm;
}

/** A built name search over the register. */
export interface NameSearch {
  readonly size: number;
  search(
    query: string,
    options: { limit: number; offset?: number; legalForm?: LegalForm },
  ): { total: number; hits: readonly SearchHit[] };
}

/** Builds the name search over `entries` (each read once, while building). */
export function buildNameSearch(entries: Iterable<NameEntry>): NameSearch {
  return new NameIndex(entries);
}

// STAND-IN until `./search/index.js` lands (then: `import { NameIndex } from './search/index.js';` above
// and delete this class): a case-insensitive substring scan with the search module's API.
class NameIndex implements NameSearch {
  readonly #entries: { readonly registerNumber: string; readonly key: string; readonly legalForm: LegalForm }[] =
    [];
  constructor(entries: Iterable<NameEntry>) {
    for (const e of entries)
      this.#entries.push({ registerNumber: e.registerNumber, key: e.name.toLowerCase(), legalForm: e.legalForm });
  }
  get size(): number {
    return this.#entries.length;
  }
  search(
    query: string,
    options: { limit: number; offset?: number; legalForm?: LegalForm },
  ): { total: number; hits: readonly SearchHit[] } {
    const q = query.trim().toLowerCase();
    const all = this.#entries.filter(
      (e) => q !== '' && e.key.includes(q) && (options.legalForm === undefined || e.legalForm === options.legalForm),
    );
    const offset = options.offset ?? 0;
    const hits = all
      .slice(offset, offset + options.limit)
      .map((e) => ({ registerNumber: e.registerNumber, score: e.key === q ? 1 : 0.5, matchedVariant: q }));
    return { total: all.length, hits };
  }
}

/**
 * OCDS merge rules, derived from the release schema data/procurement/schema-1.1.5/release-schema.json
 * (`id` https://standard.open-contracting.org/schema/1__1__5/release-schema.json)
 * by `npx tsx scripts/ocds-merge-rules.ts`, once, at build time. Do not edit by hand: regenerate.
 * Paths are field names joined by `/`, with array indices left out (`awards/items/additionalClassifications`).
 */

/** Arrays replaced whole when merging: `"wholeListMerge": true`, or items that are objects without an `id`. */
export const WHOLE_LIST_MERGE_PATHS: ReadonlySet<string> = new Set([
  'awards/amendment/changes',
  'awards/amendments/changes',
  'awards/items/additionalClassifications',
  'awards/suppliers/additionalIdentifiers',
  'buyer/additionalIdentifiers',
  'contracts/amendment/changes',
  'contracts/amendments/changes',
  'contracts/implementation/transactions/payee/additionalIdentifiers',
  'contracts/implementation/transactions/payer/additionalIdentifiers',
  'contracts/items/additionalClassifications',
  'parties/additionalIdentifiers',
  'tender/amendment/changes',
  'tender/amendments/changes',
  'tender/items/additionalClassifications',
  'tender/procuringEntity/additionalIdentifiers',
  'tender/tenderers/additionalIdentifiers',
]);

/** Fields discarded when merging (`"omitWhenMerged": true`); the compiled release sets its own. */
export const OMIT_WHEN_MERGED_PATHS: ReadonlySet<string> = new Set(['date', 'id', 'tag']);

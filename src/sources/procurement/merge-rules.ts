/**
 * OCDS merge rules, derived from the release schema of each OCDS version
 * by `npx tsx scripts/ocds-merge-rules.ts`, once, at build time. Do not edit by hand: regenerate.
 * Paths are field names joined by `/`, with array indices left out (`awards/items/additionalClassifications`).
 */

/** The rules of one OCDS version. */
export interface MergeRules {
  /** Arrays replaced whole: `wholeListMerge`, items that may be non-objects, or item objects without an `id`. */
  readonly wholeListMerge: ReadonlySet<string>;
  /** Fields discarded when merging (`omitWhenMerged`); the compiled release sets its own. */
  readonly omitWhenMerged: ReadonlySet<string>;
}

/** OCDS 1.0: derived from data/procurement/schema-1.0.3/release-schema.json (`id` http://standard.open-contracting.org/schema/1__0__3/release-schema.json). */
export const MERGE_RULES_1_0: MergeRules = {
  wholeListMerge: new Set([
    'awards/amendment/changes',
    'awards/items/additionalClassifications',
    'awards/suppliers',
    'buyer/additionalIdentifiers',
    'contracts/amendment/changes',
    'contracts/items/additionalClassifications',
    'tender/amendment/changes',
    'tender/items/additionalClassifications',
    'tender/procuringEntity/additionalIdentifiers',
    'tender/submissionMethod',
    'tender/tenderers',
  ]),
  omitWhenMerged: new Set(['date', 'id', 'ocid', 'tag']),
};

/** OCDS 1.1: derived from data/procurement/schema-1.1.5/release-schema.json (`id` https://standard.open-contracting.org/schema/1__1__5/release-schema.json). */
export const MERGE_RULES_1_1: MergeRules = {
  wholeListMerge: new Set([
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
    'contracts/relatedProcesses/relationship',
    'parties/additionalIdentifiers',
    'parties/roles',
    'relatedProcesses/relationship',
    'tender/additionalProcurementCategories',
    'tender/amendment/changes',
    'tender/amendments/changes',
    'tender/items/additionalClassifications',
    'tender/procuringEntity/additionalIdentifiers',
    'tender/submissionMethod',
    'tender/tenderers/additionalIdentifiers',
  ]),
  omitWhenMerged: new Set(['date', 'id', 'tag']),
};

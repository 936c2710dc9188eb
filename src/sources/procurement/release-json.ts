/**
 * The OCDS JSON of a contracting process whole, for `ContractingProcess.compiledRelease` and
 * `versionedRelease`: the graph maps only part of what publishers publish (extensions, lots, bids, ...), and
 * none of it may be lost. The compiled release is the one the process was built from: the publisher's, kept
 * with the process, or the gateway's merge of the releases. Releases are merged as the harvest merged them:
 * their quirks read as tolerate.ts reads them, with the rules of the OCDS version their package declared.
 * What the graph withholds (contact points, persons' register numbers: `withoutPersonalData`) is withheld
 * here too. Merging is not kept: each value is computed when first asked for, once per request.
 */
import type { ContractingProcess, JsonObject, ProcessJson } from '../../domain/procurement.js';
import { withoutPersonalData } from './map.js';
import { compileReleases, mergeRulesFor, versionReleases } from './merge.js';
import { MERGE_RULES_1_1, type MergeRules } from './merge-rules.js';
import type { Release } from './payload.js';
import { tolerateRelease } from './tolerate.js';

/** The releases of a process as the gateway holds them. */
export interface HeldReleases {
  /**
   * Where they were read: the store (the harvest's copy, which may be older than a process refreshed
   * live), or the record the process itself was read from.
   */
  readonly from: 'store' | 'record';
  /** The full releases as published (JSON text or parsed); a record's linked releases are not among them. */
  readonly releases: readonly unknown[];
}

/** The merge rules a process was compiled with: its package's version, 1.1's when it was not kept. */
function rulesOf(process: ContractingProcess): MergeRules {
  const version = process.provenance.version;
  // Processes stored before the version was kept were compiled with OCDS 1.1's rules.
  return version === undefined ? MERGE_RULES_1_1 : mergeRulesFor(version);
}

/** A value computed on first use. */
function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

/**
 * The OCDS JSON of `process`, from `held`, the releases the gateway holds of it (`null`: none). Stored
 * releases that are not those the process was compiled from (a different count: the stored process was
 * refreshed live since the harvest last wrote its releases) are not used: the values are then unknown.
 */
export function processJson(process: ContractingProcess, held: HeldReleases | null): ProcessJson {
  const usable =
    held !== null &&
    held.releases.length > 0 &&
    (held.from === 'record' || held.releases.length === process.releaseCount);
  const releases = once(() =>
    (usable ? held.releases : []).map((raw) => {
      const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
      // Validated when it was read (harvest or record); read with the same coercions as when compiled,
      // and without what the graph withholds.
      return withoutPersonalData(tolerateRelease(parsed).release) as Release;
    }),
  );
  const merged = once(() => (usable ? compileReleases(releases(), rulesOf(process)) : null));
  return {
    compiledRelease: once((): JsonObject | null =>
      process.compiledByGateway ? merged() : (process.publisherCompiledRelease ?? null),
    ),
    gatewayCompiledRelease: merged,
    versionedRelease: once(() => (usable ? versionReleases(releases(), rulesOf(process)) : null)),
  };
}

/**
 * Merges the releases of one contracting process into a compiled release (its current state) and a
 * versioned release (every value with the releases that set it), following the OCDS merge routine
 * (https://standard.open-contracting.org/1.1/en/schema/merging/) as its reference implementation,
 * ocds-merge, applies it: its conformance cases are tests/fixtures/ocds-merge/ (README there).
 *
 * How: each release is flattened into (path → value) pairs. A path is field names and, for an object in an
 * array, that object's `id`, so that objects with the same `id` in two releases share their paths (the
 * identifier merge); an object without an `id` gets a path of its own (it is appended, never merged).
 * Values that are merged whole (literals, arrays of non-objects, `wholeListMerge` arrays) end a path.
 * Releases are applied oldest first, each pair replacing the one at its path; the result is rebuilt from
 * the pairs in the order their paths first appeared. A `null` is kept as a pair (so it replaces an older
 * value at that path) and left out when rebuilding; empty objects and arrays add no pair at all.
 *
 * The rules (`wholeListMerge`, `omitWhenMerged`) come from the release schema of the data's OCDS version:
 * see merge-rules.ts and `mergeRulesFor`.
 */
import { MERGE_RULES_1_0, MERGE_RULES_1_1, type MergeRules } from './merge-rules.js';
import {
  Flattener,
  InconsistentTypeError,
  KindedPairs,
  partKey,
  same,
  setOwn,
  topPair,
  unflatten,
  type Flat,
  type JsonObject,
  type Pair,
} from './merge-pairs.js';
import type { CompiledRelease, Release } from './payload.js';

export type { MergeRules } from './merge-rules.js';
export { InconsistentTypeError } from './merge-pairs.js';

/**
 * The merge rules of an OCDS version as a package declares it (`version`): 1.0 when it declares none (the
 * package schema of 1.1 says so), 1.1 for any 1.1.x; a later 1.x is read with the newest rules known.
 */
export function mergeRulesFor(version: string | null | undefined): MergeRules {
  if (version === null || version === undefined || version.trim() === '') return MERGE_RULES_1_0;
  return /^1\.0(\.|$)/.test(version.trim()) ? MERGE_RULES_1_0 : MERGE_RULES_1_1;
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Milliseconds since the epoch of an ISO 8601 date-time, or null. A missing offset is read as UTC, so the
 * order never depends on the server's time zone (`Date.parse` would read it as local time).
 */
function instant(date: string): number | null {
  const match = ISO_DATE_TIME.exec(date.trim());
  if (match === null) return null;
  const [, y, mo, d, h, mi, s, frac, offset] = match;
  const ms = Number((frac ?? '0').padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
    ms,
  );
  if (offset === undefined || offset.toUpperCase() === 'Z') return utc;
  const digits = offset.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return utc - (digits.startsWith('-') ? -minutes : minutes) * 60_000;
}

/**
 * Chronological order by `date`. Dates that are not ISO 8601 sort after all others, among themselves by
 * their text, so the order stays total. Releases of the same instant are taken in the order of their
 * release `id` (text order), then in the order given (the sort is stable). The reference keeps the order
 * given for equal dates; the gateway cannot, since a harvest reads a process's releases from several
 * pages and passes and a lookup from a record, and the list and the lookup must agree (one publisher
 * stamps every release of a day with one timestamp).
 */
function byDate(a: Release, b: Release): number {
  const ta = instant(a.date) ?? Number.POSITIVE_INFINITY;
  const tb = instant(b.date) ?? Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (ta === Number.POSITIVE_INFINITY && a.date !== b.date) return a.date < b.date ? -1 : 1;
  const ia = String(a.id);
  const ib = String(b.id);
  return ia === ib ? 0 : ia < ib ? -1 : 1;
}

/** The releases oldest first, checked to be of one process; throws a RangeError otherwise. */
function chronological(releases: readonly Release[], what: string): Release[] {
  const ordered = [...releases].sort(byDate);
  const ocid = ordered.at(-1)?.ocid;
  if (ocid === undefined) throw new RangeError(`${what} needs at least one release.`);
  if (ordered.some((release) => release.ocid !== ocid)) {
    throw new RangeError(`${what} needs releases of one contracting process, but their ocids differ.`);
  }
  return ordered;
}

/** A release without its `tag` (the reference discards it before merging, whatever the schema says). */
function untagged(release: Release): JsonObject {
  const rest: JsonObject = {};
  for (const [key, value] of Object.entries(release)) if (key !== 'tag') setOwn(rest, key, value);
  return rest;
}

/** A release, flattened, with the pairs the merge sets itself before the release's own. */
interface Flattened {
  readonly release: Release;
  readonly flat: Flat;
  readonly top: readonly Pair[];
}

/**
 * How a merge takes one pair of a release: `skip` says whether it leaves the held pair as it is, `take`
 * gives the value to hold (`held` undefined when the path is new; its value may be changed in place).
 */
interface Step {
  skip(release: Release, pair: Pair, held: Pair): boolean;
  take(release: Release, pair: Pair, held: Pair | undefined): unknown;
}

/**
 * Merges flattened releases (oldest first) into one JSON object. The plain merge is the reference's; when
 * its result cannot be rebuilt (releases disagree on the kind of a value), the merge is made again with
 * kinds tracked (`KindedPairs`), the latest release winning.
 */
function mergeFlat(releases: readonly Flattened[], step: Step): JsonObject {
  const plain: Flat = new Map();
  for (const { release, flat, top } of releases) {
    for (const pairs of [top, flat.values()]) {
      for (const pair of pairs) {
        const held = plain.get(pair.key);
        if (held === undefined) {
          plain.set(pair.key, { ...pair, value: step.take(release, pair, undefined) });
        } else if (!step.skip(release, pair, held)) {
          held.value = step.take(release, pair, held);
        }
      }
    }
  }
  try {
    return unflatten(plain);
  } catch (thrown) {
    if (!(thrown instanceof InconsistentTypeError)) throw thrown;
  }
  const kinded = new KindedPairs();
  for (const { release, flat, top } of releases) {
    for (const pairs of [top, flat.values()]) {
      for (const pair of pairs) {
        const { held, created } = kinded.at(pair);
        if (!created && step.skip(release, pair, held)) continue;
        held.value = step.take(release, pair, created ? undefined : held);
      }
    }
  }
  return unflatten(kinded.pairs);
}

/**
 * Compiles the releases of one contracting process (one `ocid`, any order) into its compiled release,
 * with `rules` (default: OCDS 1.1's). The result carries `tag: ["compiled"]`, the latest release's `date`
 * and `ocid`, and `id` = `{ocid}-{date}`, as the reference does. Pure: the inputs are not changed and
 * share no objects with the result. Throws a RangeError when given no release or releases of different
 * `ocid`s.
 */
export function compileReleases(
  releases: readonly Release[],
  rules: MergeRules = MERGE_RULES_1_1,
): CompiledRelease {
  const flattener = new Flattener(rules);
  const flattened = chronological(releases, 'compileReleases').map((release, i) => ({
    release,
    flat: flattener.flatten(untagged(release)),
    top: [
      ...(i === 0 ? [topPair('tag', ['compiled'])] : []),
      topPair('id', `${release.ocid}-${release.date}`),
      topPair('date', release.date),
      // OCDS 1.0's schema marks `ocid` as omitted when merging; a compiled release has it all the same.
      topPair('ocid', release.ocid),
    ],
  }));
  const compiled = mergeFlat(flattened, {
    skip: () => false,
    take: (_release, pair) => pair.value,
  });
  // Each field of the result is a field of a parsed release, so it has the shape of a compiled release.
  return compiled as CompiledRelease;
}

/** One value of a versioned release, with the release that set it. */
export interface VersionedValue {
  readonly releaseID: string;
  readonly releaseDate: string;
  readonly releaseTag: unknown;
  readonly value: unknown;
}

/**
 * Merges the releases of one contracting process into its versioned release: every field a list of the
 * values it has had, each with the `id`, `date` and `tag` of the release that set it; a release repeating
 * the latest value adds nothing. `ocid` and the `id` of objects in identifier-merged arrays are plain.
 * Same rules, order and errors as `compileReleases`.
 */
export function versionReleases(
  releases: readonly Release[],
  rules: MergeRules = MERGE_RULES_1_1,
): JsonObject {
  const flattener = new Flattener(rules);
  const OCID = partKey('ocid');
  const flattened = chronological(releases, 'versionReleases').map((release) => {
    const flat = flattener.flatten(untagged(release));
    flat.delete(OCID);
    return { release, flat, top: [topPair('ocid', release.ocid, true)] };
  });
  return mergeFlat(flattened, {
    skip: (_release, pair, held) =>
      pair.plain !== true && same(pair.value, (held.value as VersionedValue[]).at(-1)?.value),
    take: (release, pair, held) => {
      if (pair.plain === true) return pair.value;
      const version: VersionedValue = {
        releaseID: release.id,
        releaseDate: release.date,
        releaseTag: release.tag ?? null,
        value: pair.value,
      };
      if (held === undefined) return [version];
      const versions = held.value as VersionedValue[];
      versions.push(version);
      return versions;
    },
  });
}

/** Drift of the OCDS API: valid JSON in a broken OCDS shape (see the table in `src/replay/README.md`). */
import { stringifyAmounts, type DriftVariant } from './drift.js';
import type { JsonObject } from './ocds-data.js';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectsIn(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** The release-shaped objects of a package: releases, records' releases and compiled releases. */
function releaseObjects(pkg: JsonObject): JsonObject[] {
  return [
    ...objectsIn(pkg['releases']),
    ...objectsIn(pkg['records']).flatMap((record) => [
      ...objectsIn(record['releases']),
      ...(isObject(record['compiledRelease']) ? [record['compiledRelease']] : []),
    ]),
  ];
}

/** An array turned into an object keyed by each item's `field` (its index when it has none). */
function keyedBy(value: unknown, field: string): unknown {
  if (!Array.isArray(value)) return value;
  return Object.fromEntries(
    value.map((item: unknown, i) => {
      const key = isObject(item) ? item[field] : undefined;
      return [typeof key === 'string' ? key : String(i), item];
    }),
  );
}

/** One mutation per variant; a `Record` over the union makes a missing variant a compile error. */
const DRIFTS: Readonly<Record<DriftVariant, (pkg: JsonObject, releases: readonly JsonObject[]) => void>> = {
  'number-as-string': (pkg) => stringifyAmounts(pkg),
  'missing-required': (pkg, releases) => {
    for (const r of [...releases, ...objectsIn(pkg['records'])]) delete r['ocid'];
  },
  'object-instead-of-array': (pkg, releases) => {
    for (const r of releases) if ('awards' in r) r['awards'] = keyedBy(r['awards'], 'id');
    if ('releases' in pkg) pkg['releases'] = keyedBy(pkg['releases'], 'id');
    if ('records' in pkg) pkg['records'] = keyedBy(pkg['records'], 'ocid');
  },
  'renamed-field': (_pkg, releases) => {
    for (const r of releases.filter((r) => 'date' in r)) {
      r['releaseDate'] = r['date'];
      delete r['date'];
    }
  },
  'wrong-type': (_pkg, releases) => {
    for (const r of releases) {
      if (Array.isArray(r['tag'])) r['tag'] = r['tag'].join(',');
      if (isObject(r['buyer'])) r['buyer'] = r['buyer']['name'] ?? '';
    }
  },
};

/**
 * Breaks a package the way upstreams drift (see the table in `src/replay/README.md`). Mutates `value`,
 * which the server has already copied.
 */
export function driftOcds(value: unknown, variant: DriftVariant): unknown {
  if (isObject(value)) DRIFTS[variant](value, releaseObjects(value));
  return value;
}

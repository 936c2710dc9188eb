/**
 * Compiles the releases of one contracting process into a compiled release, following the OCDS 1.1 merge
 * routine (https://standard.open-contracting.org/1.1/en/schema/merging/). The schema-derived rules
 * (`wholeListMerge`, `omitWhenMerged`) come from the generated `merge-rules.ts`.
 */
import { OMIT_WHEN_MERGED_PATHS, WHOLE_LIST_MERGE_PATHS } from './merge-rules.js';
import type { CompiledRelease, Release } from './payload.js';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is Readonly<JsonObject> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The identity of an object in an identifier-merged array. `1` and `"1"` match, as in the reference
 * implementation, which compares ids as strings. */
function idKey(value: unknown): string | null {
  if (!isObject(value)) return null;
  const id = value['id'];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

function hasIds(array: readonly unknown[]): boolean {
  return array.every((element) => idKey(element) !== null);
}

/**
 * Defines an own, enumerable property. Plain assignment of a key named `__proto__` would replace the
 * object's prototype instead (prototype pollution from an upstream payload).
 */
function setOwn(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A deep copy, for arrays replaced whole: `null`-valued fields are left out, `null` elements kept. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObject(value)) return value;
  const copy: JsonObject = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== null && field !== undefined) setOwn(copy, key, withoutNulls(field));
  }
  return copy;
}

/**
 * Merges `input` into `output` field by field ("Object values"): `null` removes the field, a new field is
 * added, an existing one is merged. `output` is owned by the compilation and is changed in place.
 */
function mergeObject(output: JsonObject, input: Readonly<JsonObject>, path: string): void {
  for (const [key, value] of Object.entries(input)) {
    const fieldPath = path === '' ? key : `${path}/${key}`;
    if (OMIT_WHEN_MERGED_PATHS.has(fieldPath) || value === undefined) continue;
    if (value === null) {
      Reflect.deleteProperty(output, key);
      continue;
    }
    const prior = Object.hasOwn(output, key) ? output[key] : undefined;
    setOwn(output, key, mergeValue(prior, value, fieldPath));
  }
}

function mergeValue(prior: unknown, input: unknown, path: string): unknown {
  if (isObject(input)) {
    // `prior` was built by this compilation (never an input object), so it may be changed in place. A new
    // object is merged into an empty one, so its own arrays follow the same rules as later updates.
    const output = isObject(prior) ? (prior as JsonObject) : {};
    mergeObject(output, input, path);
    return output;
  }
  if (Array.isArray(input)) return mergeArray(prior, input, path);
  // "Literal values": the input replaces the output.
  return input;
}

/**
 * "Array values": arrays of anything but objects, arrays marked `wholeListMerge` (or whose schema items
 * have no `id`), and arrays with an object lacking an `id` replace the output whole. Otherwise objects
 * merge by `id`: a match is merged recursively, a new id is appended in order. An empty input leaves an
 * identifier-merged output as it is ("If the array is empty in input, do nothing").
 */
function mergeArray(prior: unknown, input: readonly unknown[], path: string): unknown {
  if (WHOLE_LIST_MERGE_PATHS.has(path) || !hasIds(input)) return withoutNulls(input);
  const priorIsObjects = Array.isArray(prior) && prior.every(isObject);
  if (input.length === 0) return priorIsObjects && prior.length > 0 && hasIds(prior) ? prior : [];
  const output: unknown[] = priorIsObjects ? prior : [];
  const byId = new Map<string, JsonObject>();
  for (const element of output) {
    const key = idKey(element);
    if (key !== null && !byId.has(key)) byId.set(key, element as JsonObject);
  }
  for (const element of input) {
    const key = idKey(element);
    if (key === null || !isObject(element)) continue; // unreachable: hasIds(input) holds
    const match = byId.get(key);
    if (match === undefined) {
      const added: JsonObject = {};
      mergeObject(added, element, path);
      byId.set(key, added);
      output.push(added);
    } else {
      mergeObject(match, element, path);
    }
  }
  return output;
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
 * their text, so the order stays total; equal instants keep their input order (the sort is stable).
 */
function byDate(a: Release, b: Release): number {
  const ta = instant(a.date) ?? Number.POSITIVE_INFINITY;
  const tb = instant(b.date) ?? Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (ta === Number.POSITIVE_INFINITY && a.date !== b.date) return a.date < b.date ? -1 : 1;
  return 0;
}

/**
 * Compiles the releases of one contracting process (one `ocid`) into its compiled release. Releases are
 * merged in chronological order; the result carries `tag: ["compiled"]`, the latest release's `date`, and
 * `id` = `{ocid}-{date}`, as the spec and its reference implementation suggest. Pure: the inputs are not
 * changed and share no objects with the result. Throws a RangeError when given no release, or releases of
 * different `ocid`s.
 */
export function compileReleases(releases: readonly Release[]): CompiledRelease {
  const ordered = [...releases].sort(byDate);
  const latest = ordered.at(-1);
  if (latest === undefined) throw new RangeError('compileReleases needs at least one release.');
  const { ocid } = latest;
  if (ordered.some((release) => release.ocid !== ocid)) {
    throw new RangeError(
      'compileReleases needs releases of one contracting process, but their ocids differ.',
    );
  }
  const compiled: JsonObject = {};
  setOwn(compiled, 'tag', ['compiled']);
  setOwn(compiled, 'id', `${ocid}-${latest.date}`);
  setOwn(compiled, 'date', latest.date);
  for (const release of ordered) mergeObject(compiled, release, '');
  // Each field of the result is a field of a parsed release, or an object merged from objects parsed by the
  // same field schema (every field optional), so the result has the shape of a compiled release.
  return compiled as CompiledRelease;
}

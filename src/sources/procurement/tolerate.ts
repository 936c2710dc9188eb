/**
 * What real publishers do that the OCDS schema does not allow, brought back to the standard's shape before
 * a release is validated, each change noted beside it: the stored release stays as published, and the
 * notes say what the gateway read differently and why. Only quirks whose meaning is not in doubt are
 * coerced; anything else that breaks the schema quarantines the release (harvest.ts).
 *
 * | rule | published | read as |
 * | --- | --- | --- |
 * | `TAG_STRING` | `"tag": "tender"` | `["tender"]` |
 * | `EMPTY_STRING` | `""` for a number or a date | `null` (no value) |
 * | `OBJECT_FOR_LIST` | `{}` where a list belongs (`documents`, `changes`, …) | `[]` |
 * | `CURRENCY_CASE` | a currency code not in upper case (`"mdl"`) | its ISO 4217 spelling (`"MDL"`) |
 * | `INITIATION_TYPE_MISSING` | a release without `initiationType` | `"tender"`, the code list's only code |
 */

/** The kinds of coercion, as `DataNote.rule` names them. */
export type CoercionRule =
  'TAG_STRING' | 'EMPTY_STRING' | 'OBJECT_FOR_LIST' | 'CURRENCY_CASE' | 'INITIATION_TYPE_MISSING';

/** One coercion: where (a JSON path with array indices), which rule, and the value as published. */
export interface Coercion {
  readonly path: string;
  readonly rule: CoercionRule;
  /** The published value as JSON text (at most 80 characters); `absent` when the field was missing. */
  readonly original: string;
}

/**
 * Deepest nesting read: no OCDS field is more than about ten levels deep, and a release nested far deeper
 * would exhaust the stack of every recursive reader after this one (validation, merging).
 */
export const MAX_DEPTH = 64;

/** Notes kept per release at most; a release with more keeps the first ones and `coercions` counts all. */
export const MAX_NOTES_PER_RELEASE = 20;

/** Fields that hold a number in OCDS 1.1 (and its common extensions). */
const NUMBER_FIELDS: ReadonlySet<string> = new Set([
  'amount',
  'quantity',
  'durationInDays',
  'numberOfTenderers',
  'amountNet',
  'amountGross',
]);

/** Fields that hold a list of objects or strings in OCDS 1.1 (by name, wherever they appear). */
const LIST_FIELDS: ReadonlySet<string> = new Set([
  'parties',
  'awards',
  'contracts',
  'items',
  'documents',
  'milestones',
  'amendments',
  'changes',
  'tenderers',
  'suppliers',
  'additionalIdentifiers',
  'additionalClassifications',
  'transactions',
  'relatedProcesses',
  'roles',
  'submissionMethod',
  'additionalProcurementCategories',
  'lots',
  'lotGroups',
  'enquiries',
  'relatedLots',
]);

/** A date field: `date`, a name ending in `Date` (`startDate`) or beginning with it (`dateSigned`). */
function isDateField(key: string): boolean {
  return key === 'date' || key.endsWith('Date') || /^date[A-Z]/.test(key);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = JSON.stringify(value);
  return text.length <= 80 ? text : `${text.slice(0, 79)}…`;
}

/**
 * Whether a release's JSON text, as `JSON.stringify` writes it, may hold a quirk of the table above other
 * than a missing `initiationType` (which the caller checks on the parsed object): false means it holds
 * none. A `""` is an empty string, a `{}` an empty object (both also match inside text, which only costs
 * a walk), a `"tag":"` a tag given as text, and a currency code not in three capitals a case to read.
 */
export function mayHaveQuirks(raw: string): boolean {
  return raw.includes('""') || raw.includes('{}') || raw.includes('"tag":"') || CURRENCY_NOT_UPPER.test(raw);
}
const CURRENCY_NOT_UPPER = /"currency":"(?![A-Z]{3}")/;

/** The release read with its quirks coerced, and what was coerced. */
export interface Tolerated {
  /** The release to validate and merge: the published object itself when nothing was coerced. */
  readonly release: unknown;
  /** The coercions made, at most `MAX_NOTES_PER_RELEASE`. */
  readonly notes: readonly Coercion[];
  /** How many coercions were made (`notes` may hold fewer). */
  readonly coercions: number;
  /** Set (the path where it went too deep) when the release is nested deeper than `MAX_DEPTH`: unread. */
  readonly tooDeep?: string;
}

/**
 * Reads one release (parsed JSON, as published) with the quirks above coerced. Pure: the input is never
 * changed; objects on the way to a coerced value are copied, everything else is shared.
 */
export function tolerateRelease(release: unknown): Tolerated {
  if (!isObject(release)) return { release, notes: [], coercions: 0 };
  const notes: Coercion[] = [];
  let coercions = 0;
  let tooDeep: string | undefined;
  const note = (path: string, rule: CoercionRule, original: unknown) => {
    coercions += 1;
    if (notes.length < MAX_NOTES_PER_RELEASE) notes.push({ path, rule, original: shown(original) });
  };

  const visit = (value: unknown, key: string, path: string, depth = 0): unknown => {
    if (tooDeep !== undefined) return value;
    if (depth > MAX_DEPTH) {
      tooDeep = path.length > 120 ? `${path.slice(0, 119)}…` : path;
      return value;
    }
    if (value === '' && (NUMBER_FIELDS.has(key) || isDateField(key))) {
      note(path, 'EMPTY_STRING', value);
      return null;
    }
    if (key === 'currency' && typeof value === 'string' && /^[A-Za-z]{3}$/.test(value)) {
      const code = value.toUpperCase();
      if (code !== value) {
        note(path, 'CURRENCY_CASE', value);
        return code;
      }
      return value;
    }
    if (LIST_FIELDS.has(key) && isObject(value) && Object.keys(value).length === 0) {
      note(path, 'OBJECT_FOR_LIST', value);
      return [];
    }
    if (Array.isArray(value)) {
      const items = value as readonly unknown[];
      let copy: unknown[] | null = null;
      items.forEach((item, i) => {
        const read = visit(item, '', `${path}/${i}`, depth + 1);
        if (read !== item) (copy ??= [...items])[i] = read;
      });
      return copy ?? items;
    }
    if (isObject(value)) {
      let copy: Record<string, unknown> | null = null;
      for (const field of Object.keys(value)) {
        const read = visit(value[field], field, path === '' ? field : `${path}/${field}`, depth + 1);
        if (read !== value[field]) {
          copy ??= { ...value };
          Object.defineProperty(copy, field, {
            value: read,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
      }
      return copy ?? value;
    }
    return value;
  };

  let read = visit(release, '', '') as Record<string, unknown>;
  if (tooDeep !== undefined) return { release, notes: [], coercions: 0, tooDeep };
  if (typeof read['tag'] === 'string') {
    note('tag', 'TAG_STRING', read['tag']);
    read = { ...read, tag: [read['tag']] };
  }
  if (read['initiationType'] === undefined) {
    note('initiationType', 'INITIATION_TYPE_MISSING', undefined);
    read = { ...read, initiationType: 'tender' };
  }
  return { release: read, notes, coercions };
}

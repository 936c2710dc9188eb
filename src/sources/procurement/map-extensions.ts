/**
 * The mapping of what OCDS extensions and later OCDS fields add to a compiled release (lots, bids,
 * enquiries, amendments, related processes, party details, the lots of documents and milestones), for
 * `map.ts`. Pure: no I/O, no clock.
 *
 * These fields are not in payload.ts's schemas, so that no release is refused over them: they are read here
 * defensively, a value of another type than the standard's read as absent (it stays in `compiledRelease`),
 * and a list given in another shape as `null`, unknown, never as an empty list. What can name a person
 * among them goes through `withoutPersonalData` first, as the JSON fields do.
 */
import { ISO_8601 } from '../../domain/ids.js';
import type {
  Amendment,
  AmendmentChange,
  Bid,
  Bids,
  BidStatistic,
  Classification,
  Document,
  Enquiry,
  JsonObject,
  Lot,
  LotDetails,
  LotGroup,
  Milestone,
  Party,
  PartyRef,
  Period,
  RelatedProcess,
} from '../../domain/procurement.js';
import { moneyOf } from '../../domain/money.js';
import { PERSONAL_FIELDS, withoutPersonalData } from './personal.js';

/** A JSON object, or null for anything else (a list, a literal). */
const record = (value: unknown): JsonObject | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
export const string = (value: unknown): string | null => (typeof value === 'string' ? value : null);
/** An OCDS local identifier: a string, or an integer read as text. */
export const code = (value: unknown): string | null =>
  typeof value === 'string' ? value : Number.isSafeInteger(value) ? String(value) : null;

/**
 * An extension's list, each entry read by `read` (an entry it cannot read is left out): `[]` when the field
 * is absent (none published), `null` when it holds something else than a list: unknown, the value as
 * published is only in `compiledRelease`.
 */
function listOf<T>(value: unknown, read: (entry: unknown) => T | null): T[] | null {
  if (value == null) return [];
  if (!Array.isArray(value)) return null;
  const out: T[] = [];
  for (const entry of value) {
    const mapped = read(entry);
    if (mapped !== null) out.push(mapped);
  }
  return out;
}
/** An extension's list of objects, as `listOf` reads it; an entry that is not an object is left out. */
export const objectsOf = <T>(value: unknown, read: (entry: JsonObject) => T | null): T[] | null =>
  listOf(value, (entry) => {
    const object = record(entry);
    return object === null ? null : read(object);
  });
/** An extension's list of ids (`relatedLots`, ...), as `listOf` reads it. */
export const codes = (value: unknown): string[] | null => listOf(value, code);
const finite = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const integer = (value: unknown): number | null => (Number.isSafeInteger(value) ? (value as number) : null);
export const boolean = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);
/** An extension's date: ISO 8601 as the standard requires (payload.ts checks only the core's dates). */
export const isoDate = (value: unknown): string | null =>
  typeof value === 'string' && ISO_8601.test(value) ? value : null;
/** `withoutPersonalData` of a field that may be absent: nothing to walk then. */
export const withheld = (value: unknown): unknown => (value == null ? value : withoutPersonalData(value));

export { moneyOf };

/** A period of an extension object, its dates checked. */
function periodOf(value: unknown): Period | null {
  const entry = record(value);
  if (entry === null) return null;
  return {
    startDate: isoDate(entry.startDate),
    endDate: isoDate(entry.endDate),
    maxExtentDate: isoDate(entry.maxExtentDate),
    durationInDays: integer(entry.durationInDays),
  };
}

/** The process's parties by id, to resolve organisation references. */
export type PartyIndex = ReadonlyMap<string, Party>;

/** An organisation reference of an extension object (an enquiry's author, a bid's tenderer). */
function partyRefOf(value: unknown, parties: PartyIndex): PartyRef | null {
  const entry = record(value);
  if (entry === null) return null;
  const id = code(entry.id);
  return { id, name: string(entry.name), party: id === null ? null : (parties.get(id) ?? null) };
}

/** A classification of an extension object, its fields checked. */
function classificationOf(value: JsonObject): Classification {
  return {
    scheme: string(value.scheme),
    id: code(value.id),
    description: string(value.description),
    uri: string(value.uri),
  };
}

/**
 * A document of an extension object (a bid's), its fields checked. One without an id is left out here, as
 * the domain requires one; it stays in `compiledRelease`.
 */
function documentOf(value: JsonObject): Document | null {
  const id = code(value.id);
  if (id === null) return null;
  return {
    id,
    documentType: string(value.documentType),
    title: string(value.title),
    description: string(value.description),
    url: string(value.url),
    datePublished: isoDate(value.datePublished),
    dateModified: isoDate(value.dateModified),
    format: string(value.format),
    language: string(value.language),
    relatedLots: codes(value.relatedLots),
  };
}

/** A milestone of an object payload.ts does not type (a contract's), its fields checked. */
export function milestoneOf(value: JsonObject): Milestone | null {
  return {
    id: code(value.id),
    title: string(value.title),
    type: string(value.type),
    description: string(value.description),
    dueDate: isoDate(value.dueDate),
    dateMet: isoDate(value.dateMet),
    status: string(value.status),
    code: string(value.code),
    dateModified: isoDate(value.dateModified),
    relatedLots: codes(value.relatedLots),
  };
}

/** True when an amendment's `property` path names a field that can reach a person (`PERSONAL_FIELDS`). */
const personalPath = (property: string): boolean =>
  property.split(/[/.]/u).some((segment) => PERSONAL_FIELDS.has(segment));

function amendmentChange(value: JsonObject): AmendmentChange {
  const property = string(value.property);
  return {
    property,
    // A former contact point's value is withheld like the contact point itself.
    formerValue: property !== null && personalPath(property) ? null : (value.former_value ?? null),
  };
}

function amendment(value: JsonObject, publishedAs: Amendment['publishedAs']): Amendment {
  return {
    id: code(value.id),
    date: isoDate(value.date),
    rationale: string(value.rationale),
    description: string(value.description),
    amendsReleaseID: code(value.amendsReleaseID),
    releaseID: code(value.releaseID),
    changes: objectsOf(value.changes, amendmentChange),
    publishedAs,
  };
}

/**
 * The amendments of a tender, award or contract: OCDS 1.1's `amendments`, then OCDS 1.0's single
 * `amendment` (deprecated in 1.1) unless it is empty or repeats an entry of the list (same date and
 * rationale), as a 1.1 publisher that keeps the old field for old readers gives it.
 */
export function amendments(owner: JsonObject): Amendment[] | null {
  const out = objectsOf(withheld(owner.amendments), (entry) => amendment(entry, 'amendments'));
  const single = record(withheld(owner.amendment));
  // An `amendment` that is not an object is another shape: what it held is unknown.
  if (owner.amendment != null && single === null) return null;
  if (out !== null && single !== null && Object.keys(single).length > 0) {
    const old = amendment(single, 'amendment');
    if (!out.some((entry) => entry.date === old.date && entry.rationale === old.rationale)) out.push(old);
  }
  return out;
}

export function relatedProcess(value: JsonObject): RelatedProcess {
  return {
    id: code(value.id),
    relationship: codes(value.relationship),
    title: string(value.title),
    scheme: string(value.scheme),
    identifier: code(value.identifier),
    uri: string(value.uri),
  };
}

export function lot(value: JsonObject): Lot {
  return {
    id: code(value.id),
    title: string(value.title),
    description: string(value.description),
    status: string(value.status),
    value: moneyOf(value.value),
    contractPeriod: periodOf(value.contractPeriod),
  };
}

export function lotGroup(value: JsonObject): LotGroup {
  return {
    id: code(value.id),
    relatedLots: codes(value.relatedLots),
    optionToCombine: boolean(value.optionToCombine),
    maximumValue: moneyOf(value.maximumValue),
  };
}

export function lotDetails(value: unknown): LotDetails | null {
  const entry = record(value);
  if (entry === null) return null;
  return {
    maximumLotsBidPerSupplier: integer(entry.maximumLotsBidPerSupplier),
    maximumLotsAwardedPerSupplier: integer(entry.maximumLotsAwardedPerSupplier),
    awardCriteriaDetails: string(entry.awardCriteriaDetails),
  };
}

export function enquiry(value: JsonObject, parties: PartyIndex): Enquiry {
  return {
    id: code(value.id),
    date: isoDate(value.date),
    author: partyRefOf(value.author, parties),
    title: string(value.title),
    description: string(value.description),
    answer: string(value.answer),
    dateAnswered: isoDate(value.dateAnswered),
    relatedItem: code(value.relatedItem),
    relatedLot: code(value.relatedLot),
    threadID: code(value.threadID),
  };
}

function bidStatistic(value: JsonObject): BidStatistic {
  return {
    id: code(value.id),
    measure: string(value.measure),
    value: finite(value.value),
    currency: string(value.currency),
    date: isoDate(value.date),
    notes: string(value.notes),
    relatedLot: code(value.relatedLot),
  };
}

function bid(value: JsonObject, parties: PartyIndex): Bid {
  return {
    id: code(value.id),
    date: isoDate(value.date),
    status: string(value.status),
    description: string(value.description),
    tenderers: objectsOf(value.tenderers, (entry) => partyRefOf(entry, parties)),
    value: moneyOf(value.value),
    documents: objectsOf(value.documents, documentOf),
    relatedLots: codes(value.relatedLots),
  };
}

/**
 * `bids` (bids extension), tenderers that are persons withheld: empty lists when absent or an empty list (as
 * tolerate.ts reads a published `{}`), null (unknown) when it is anything else than an object.
 */
export function bids(value: unknown, parties: PartyIndex): Bids | null {
  if (value == null || (Array.isArray(value) && value.length === 0)) return { statistics: [], details: [] };
  const entry = record(withheld(value));
  if (entry === null) return null;
  return {
    statistics: objectsOf(entry.statistics, bidStatistic),
    details: objectsOf(entry.details, (detail) => bid(detail, parties)),
  };
}

/**
 * A party's `details`, given whole without what names persons (a sole trader's details may), with its
 * common extension fields typed beside it: `scale` (partyScale) and `classifications`.
 */
export function partyDetails(value: unknown): Pick<Party, 'details' | 'scale' | 'classifications'> {
  const details = record(withheld(value));
  return {
    details,
    scale: string(details?.scale),
    classifications: objectsOf(details?.classifications, classificationOf),
  };
}

/**
 * Native EITI rows → domain objects. Pure: no I/O, no clock. Values are kept as published (labels, names,
 * dates); only the keys the graph matches on are normalised, and only as `normalise.ts` documents.
 */
import type { EitiOrganisation, EitiPayment, EitiReport, MineralLicence } from '../../domain/organization.js';
import { normaliseIdentification, normaliseLicenceNumber } from './normalise.js';
import type { LicenceRecord, OrganisationRow, ReportRow, RevenueRow } from './payload.js';

/** A Mongolian organisation row with the register number it is grouped under. */
export interface KeyedOrganisation {
  /** The normalised identification (`normaliseIdentification`). */
  readonly key: string;
  readonly organisation: EitiOrganisation;
}

function year(value: string | number | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/**
 * The row as a Mongolian company's organisation record, or `null` when it is not one: another country
 * (`summary_data.iso2`), not `type: company` (government agencies are listed too, and their revenue rows
 * are receipts, not payments), an identification that is not a register number, or no reporting year.
 */
export function toKeyedOrganisation(row: OrganisationRow): KeyedOrganisation | null {
  if (row['summary_data.iso2']?.trim().toUpperCase() !== 'MN') return null;
  if (row.type?.trim().toLowerCase() !== 'company') return null;
  const key = row.identification === null ? null : normaliseIdentification(row.identification);
  const reportingYear = year(row['summary_data.year']);
  if (key === null || reportingYear === null) return null;
  return {
    key,
    organisation: {
      id: String(row.id),
      year: reportingYear,
      label: row.label ?? '',
      identification: row.identification ?? '',
    },
  };
}

/**
 * Groups organisation records by register number: each group by year, then id, duplicates (the same id
 * seen on two pages) dropped; keys in ascending order.
 */
export function groupOrganisations(
  records: Iterable<KeyedOrganisation>,
): ReadonlyMap<string, readonly EitiOrganisation[]> {
  const groups = new Map<string, Map<string, EitiOrganisation>>();
  for (const { key, organisation } of records) {
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = new Map<string, EitiOrganisation>()));
    if (!group.has(organisation.id)) group.set(organisation.id, organisation);
  }
  const byYearThenId = (a: EitiOrganisation, b: EitiOrganisation): number =>
    a.year - b.year || Number(a.id) - Number(b.id) || a.id.localeCompare(b.id);
  return new Map(
    [...groups.keys()].sort().map((key) => [key, [...(groups.get(key)?.values() ?? [])].sort(byYearThenId)]),
  );
}

/** ISO 4217 alphabetic codes are three upper-case letters. */
const CURRENCY = /^[A-Z]{3}$/;

/** "Yes"/"No" as the summary data template writes them, or a boolean. */
function yesNo(value: string | boolean | null | undefined): boolean | null {
  if (typeof value === 'boolean') return value;
  const v = value?.trim().toLowerCase();
  if (v === 'yes' || v === 'y' || v === 'true') return true;
  if (v === 'no' || v === 'n' || v === 'false') return false;
  return null;
}

/**
 * A revenue row as a payment. The amount travels with its own currency or not at all: a row without a
 * currency code (or with one that is not an ISO 4217 code) has `value: null`, since an amount of unknown
 * currency cannot be compared or added to anything.
 */
export function toPayment(row: RevenueRow): EitiPayment {
  const currency = row.currency?.trim().toUpperCase() ?? '';
  return {
    id: String(row.id),
    organisationId: String(row['organisation.id']),
    year: year(row['summary_data.year']),
    stream: row.label ?? null,
    gfsCode: row['gfs.code'] ?? null,
    gfsLabel: row['gfs.label'] ?? null,
    value: row.revenue !== null && CURRENCY.test(currency) ? { amount: row.revenue, currency } : null,
    governmentEntity: row.goverment_entity ?? null,
    paidInKind: yesNo(row.payment_made_in_kind),
  };
}

/** A report-list row as a report, keyed by its register number (`null` when the row has none usable). */
export function toReport(row: ReportRow): EitiReport | null {
  const registerNumber = normaliseIdentification(row.COMPANY_REGISTER_NUMBER);
  if (registerNumber === null) return null;
  return {
    year: row.YEAR,
    registerNumber,
    companyId: String(row.COMPANY_ID),
    companyName: row.COMPANY_NAME ?? null,
  };
}

/** An ISO 8601 calendar date from the start of `value`, or `null`. */
function isoDate(value: string | null | undefined): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(value?.trim() ?? '');
  return m?.[1] ?? null;
}

/** `AREA_M2` holds hectares as a decimal string (see `LicenceRecordSchema`). */
function hectares(value: string | null | undefined): number | null {
  const v = value?.trim() ?? '';
  return /^\d+(\.\d+)?$/.test(v) ? Number(v) : null;
}

/** A licence-map record as a licence (`null` when it names no usable register number). */
export function toLicence(record: LicenceRecord): MineralLicence | null {
  const c = record.cordinate;
  const registerNumber = normaliseIdentification(c.COMPANY_REGISTER_NUMBER);
  if (registerNumber === null) return null;
  return {
    number: c.LICENSE_NUMBER,
    normalisedNumber: normaliseLicenceNumber(c.LICENSE_NUMBER),
    registerNumber,
    holderName: c.company_name ?? null,
    mineral: c.MINERAL_NAME ?? null,
    mineralEn: c.MINERAL_NAME_EN ?? null,
    areaName: c.area_name ?? null,
    soum: c.sum_name ?? null,
    grantedOn: isoDate(c.GIVEN_DATE),
    expiresOn: isoDate(c.EXPIRED_DATE),
    areaHectares: hectares(c.AREA_M2),
  };
}

/** Groups values by a key, keys in ascending order, each group sorted by `compare`. */
export function groupBy<T>(
  values: Iterable<T>,
  keyOf: (value: T) => string,
  compare: (a: T, b: T) => number,
): ReadonlyMap<string, readonly T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const key = keyOf(value);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [value]);
    else group.push(value);
  }
  return new Map([...groups.keys()].sort().map((key) => [key, (groups.get(key) ?? []).sort(compare)]));
}

/**
 * Reports grouped by register number, each group by year then EITI Mongolia company id. The live client
 * and the index rebuilt from the store both group with this, so both answer in the same order.
 */
export function groupReports(reports: Iterable<EitiReport>): ReadonlyMap<string, readonly EitiReport[]> {
  return groupBy(
    reports,
    (r) => r.registerNumber,
    (a, b) => a.year - b.year || a.companyId.localeCompare(b.companyId),
  );
}

/** Licences grouped by holder register number, each group by normalised then published number. */
export function groupLicences(
  licences: Iterable<MineralLicence>,
): ReadonlyMap<string, readonly MineralLicence[]> {
  return groupBy(
    licences,
    (l) => l.registerNumber,
    (a, b) => a.normalisedNumber.localeCompare(b.normalisedNumber) || a.number.localeCompare(b.number),
  );
}

/** Payments of one organisation-year in the order the graph lists them: by year, GFS code, then id. */
export function byYearCodeId(a: EitiPayment, b: EitiPayment): number {
  return (
    (a.year ?? 0) - (b.year ?? 0) ||
    (a.gfsCode ?? '').localeCompare(b.gfsCode ?? '') ||
    Number(a.id) - Number(b.id) ||
    a.id.localeCompare(b.id)
  );
}

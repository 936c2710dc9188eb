/**
 * The hand-written fictional companies of the registry replay (`data/registry/fictional/companies.json`):
 * reading and checking the file, the BODS 0.4 statements of their ownership, and the shareholding rows of
 * their per-entity pages. Everything derived here carries the file's fictional notice.
 */
import { createHash } from 'node:crypto';

/** A fictional company of `companies.json`. */
export interface FictionalCompany {
  readonly registerNumber: string;
  readonly name: string;
  readonly legalForm: string;
  readonly type: string;
  readonly registeredOn: string;
  readonly address: string;
  readonly activity: string;
  readonly status: string;
  readonly scenarioSupplier: boolean;
}

interface FictionalPerson {
  readonly id: string;
  readonly name: string;
  readonly nationality: { readonly code: string; readonly name: string };
}

interface FictionalForeignEntity {
  readonly id: string;
  readonly name: string;
  readonly jurisdiction: { readonly code: string; readonly name: string };
  readonly foundingDate: string;
}

interface FictionalInterest {
  readonly type: string;
  readonly share: number;
  readonly startDate: string;
}

/** One holding: `holder` (a register number, a person id or a foreign entity id) in `subject`. */
export interface FictionalHolding {
  readonly subject: string;
  readonly holder: string;
  readonly interests: readonly FictionalInterest[];
  /** When the holder was removed from the register ("(хасагдсан)"). */
  readonly closedOn?: string;
  /** An indirect holding through the companies in `via`. */
  readonly indirect?: boolean;
  readonly via?: readonly string[];
}

/** The parsed `companies.json`. */
export interface FictionalData {
  readonly notice: string;
  readonly snapshotDate: string;
  readonly companies: readonly FictionalCompany[];
  readonly persons: readonly FictionalPerson[];
  readonly foreignEntities: readonly FictionalForeignEntity[];
  readonly holdings: readonly FictionalHolding[];
}

/** One row of a lesinfo page's shareholding table (Хувь эзэмшил). */
export interface ShareholdingRow {
  readonly kind: 'Иргэн' | 'Хуулийн этгээд';
  readonly country: string;
  readonly name: string;
  readonly date: string;
  readonly removed: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function fail(path: string, message: string): never {
  throw new Error(`${path}: ${message}`);
}

function str(value: unknown, path: string, where: string): string {
  if (typeof value !== 'string' || value === '') fail(path, `${where} must be a non-empty string.`);
  return value;
}

function date(value: unknown, path: string, where: string): string {
  const s = str(value, path, where);
  if (!DATE.test(s)) fail(path, `${where} must be a YYYY-MM-DD date, but got ${JSON.stringify(s)}.`);
  return s;
}

function array(value: unknown, path: string, where: string): unknown[] {
  if (!Array.isArray(value)) fail(path, `${where} must be an array.`);
  return value as unknown[];
}

export function record(value: unknown, path: string, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(path, `${where} must be an object.`);
  return value as Record<string, unknown>;
}

/** A country `{code, name}` with an ISO 3166-1 alpha-2 code. */
function country(value: unknown, path: string, where: string): { code: string; name: string } {
  const c = record(value, path, where);
  const code = str(c.code, path, `${where}.code`);
  if (!/^[A-Z]{2}$/.test(code)) fail(path, `${where}.code must be an ISO 3166-1 alpha-2 code.`);
  return { code, name: str(c.name, path, `${where}.name`) };
}

/**
 * Reads and checks `companies.json`: fictional register numbers are 7 digits beginning with 09, names end
 * in ХХК or ХК, every holding points at known parties, and dates are ISO dates.
 */
export function parseFictional(json: unknown, path: string): FictionalData {
  const root = record(json, path, 'the file');
  const companies = array(root.companies, path, 'companies').map((raw, i): FictionalCompany => {
    const c = record(raw, path, `companies[${i}]`);
    const registerNumber = str(c.registerNumber, path, `companies[${i}].registerNumber`);
    if (!/^09\d{5}$/.test(registerNumber))
      fail(path, `companies[${i}].registerNumber must be 7 digits beginning with 09 (fictional).`);
    const name = str(c.name, path, `companies[${i}].name`);
    if (!/ (ХХК|ХК)$/.test(name)) fail(path, `companies[${i}].name must end in ХХК or ХК.`);
    return {
      registerNumber,
      name,
      legalForm: str(c.legalForm, path, `companies[${i}].legalForm`),
      type: str(c.type, path, `companies[${i}].type`),
      registeredOn: date(c.registeredOn, path, `companies[${i}].registeredOn`),
      address: str(c.address, path, `companies[${i}].address`),
      activity: str(c.activity, path, `companies[${i}].activity`),
      status: str(c.status, path, `companies[${i}].status`),
      scenarioSupplier: c.scenarioSupplier === true,
    };
  });
  const persons = array(root.persons, path, 'persons').map((raw, i): FictionalPerson => {
    const p = record(raw, path, `persons[${i}]`);
    // Persons carry a name and a nationality only: no identifier, address or birth date, ever.
    const extra = Object.keys(p).filter((k) => !['id', 'name', 'nationality'].includes(k));
    if (extra.length > 0)
      fail(path, `persons[${i}] may only have id, name and nationality; remove ${extra.join(', ')}.`);
    return {
      id: str(p.id, path, `persons[${i}].id`),
      name: str(p.name, path, `persons[${i}].name`),
      nationality: country(p.nationality, path, `persons[${i}].nationality`),
    };
  });
  const foreignEntities = array(root.foreignEntities, path, 'foreignEntities').map(
    (raw, i): FictionalForeignEntity => {
      const f = record(raw, path, `foreignEntities[${i}]`);
      return {
        id: str(f.id, path, `foreignEntities[${i}].id`),
        name: str(f.name, path, `foreignEntities[${i}].name`),
        jurisdiction: country(f.jurisdiction, path, `foreignEntities[${i}].jurisdiction`),
        foundingDate: date(f.foundingDate, path, `foreignEntities[${i}].foundingDate`),
      };
    },
  );
  const known = new Set([
    ...companies.map((c) => c.registerNumber),
    ...persons.map((p) => p.id),
    ...foreignEntities.map((f) => f.id),
  ]);
  const numbers = new Set(companies.map((c) => c.registerNumber));
  const holdings = array(root.holdings, path, 'holdings').map((raw, i): FictionalHolding => {
    const h = record(raw, path, `holdings[${i}]`);
    const subject = str(h.subject, path, `holdings[${i}].subject`);
    const holder = str(h.holder, path, `holdings[${i}].holder`);
    if (!numbers.has(subject)) fail(path, `holdings[${i}].subject must be a fictional company's number.`);
    if (!known.has(holder)) fail(path, `holdings[${i}].holder must be a company, person or foreign entity.`);
    const interests = array(h.interests, path, `holdings[${i}].interests`).map((r, j) => {
      const it = record(r, path, `holdings[${i}].interests[${j}]`);
      const share = it.share;
      if (typeof share !== 'number' || share < 0 || share > 100)
        fail(path, `holdings[${i}].interests[${j}].share must be a percentage.`);
      return {
        type: str(it.type, path, `holdings[${i}].interests[${j}].type`),
        share,
        startDate: date(it.startDate, path, `holdings[${i}].interests[${j}].startDate`),
      };
    });
    const via = h.via === undefined ? undefined : array(h.via, path, `holdings[${i}].via`).map(String);
    if (via?.some((n) => !numbers.has(n))) fail(path, `holdings[${i}].via must list fictional companies.`);
    return {
      subject,
      holder,
      interests,
      ...(h.closedOn === undefined ? {} : { closedOn: date(h.closedOn, path, `holdings[${i}].closedOn`) }),
      ...(h.indirect === true ? { indirect: true } : {}),
      ...(via === undefined ? {} : { via }),
    };
  });
  return {
    notice: str(root.x_fictional, path, 'x_fictional'),
    snapshotDate: date(root.snapshotDate, path, 'snapshotDate'),
    companies,
    persons,
    foreignEntities,
    holdings,
  };
}

/** A statement id in UUID form derived from `seed`, so the data is byte-identical on every start. */
function statementId(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const MONGOLIA = { name: 'Mongolia', code: 'MN' } as const;
const PUBLISHER = 'Transparency Graph replay server (fictional sample data)';

const companyRecordId = (n: string): string => `mn-cr-${n}`;

/**
 * The BODS 0.4 statements of the fictional data: one entity statement per company and foreign entity,
 * one person statement per person (name and nationality only), and per holding a relationship statement,
 * followed by a `closed` statement for holdings that ended. Every statement carries the file's notice as
 * `x_fictional`.
 */
export function fictionalStatements(data: FictionalData): Record<string, unknown>[] {
  const recordIdOf = (holder: string): string => (/^\d{7}$/.test(holder) ? companyRecordId(holder) : holder);
  const base = (recordId: string, subject: string, statementDate: string, status: 'new' | 'closed') => ({
    statementId: statementId(`fictional:${recordId}:${statementDate}:${status}`),
    declarationSubject: subject,
    statementDate,
    publicationDetails: {
      publicationDate: data.snapshotDate,
      bodsVersion: '0.4',
      publisher: { name: PUBLISHER },
    },
    source: { description: 'Fictional sample data of the replay server; not taken from any register.' },
    recordId,
    recordStatus: status,
  });
  const out: Record<string, unknown>[] = [];
  for (const c of data.companies) {
    const id = companyRecordId(c.registerNumber);
    out.push({
      ...base(id, id, c.registeredOn, 'new'),
      recordType: 'entity',
      recordDetails: {
        isComponent: false,
        entityType: { type: 'registeredEntity' },
        name: c.name,
        jurisdiction: MONGOLIA,
        identifiers: [
          { scheme: 'MN-CR', schemeName: 'Mongolian State Registry Agency', id: c.registerNumber },
        ],
        foundingDate: c.registeredOn,
        addresses: [{ type: 'registered', address: c.address, country: MONGOLIA }],
      },
      x_fictional: data.notice,
    });
  }
  const firstSubject = (holder: string): FictionalHolding | undefined =>
    data.holdings.find((h) => h.holder === holder);
  for (const f of data.foreignEntities) {
    out.push({
      ...base(f.id, companyRecordId(firstSubject(f.id)?.subject ?? ''), f.foundingDate, 'new'),
      recordType: 'entity',
      recordDetails: {
        isComponent: false,
        entityType: { type: 'registeredEntity' },
        name: f.name,
        jurisdiction: f.jurisdiction,
        foundingDate: f.foundingDate,
      },
      x_fictional: data.notice,
    });
  }
  for (const p of data.persons) {
    const first = firstSubject(p.id);
    out.push({
      ...base(
        p.id,
        companyRecordId(first?.subject ?? ''),
        first?.interests[0]?.startDate ?? data.snapshotDate,
        'new',
      ),
      recordType: 'person',
      recordDetails: {
        isComponent: false,
        personType: 'knownPerson',
        names: [{ type: 'legal', fullName: p.name }],
        nationalities: [p.nationality],
      },
      x_fictional: data.notice,
    });
  }
  const persons = new Set(data.persons.map((p) => p.id));
  const closings: Record<string, unknown>[] = [];
  for (const h of data.holdings) {
    const subject = companyRecordId(h.subject);
    const recordId = `rel-${h.subject}-${h.holder}`;
    const interests = (endDate?: string) =>
      h.interests.map((i) => ({
        type: i.type,
        directOrIndirect: h.indirect === true ? 'indirect' : 'direct',
        // A natural person with at least a quarter of the shares or votes is a beneficial owner here.
        beneficialOwnershipOrControl: persons.has(h.holder) && i.share >= 25,
        share: { exact: i.share },
        startDate: i.startDate,
        ...(endDate === undefined ? {} : { endDate }),
      }));
    const details = (endDate?: string) => ({
      isComponent: false,
      subject,
      interestedParty: recordIdOf(h.holder),
      interests: interests(endDate),
    });
    out.push({
      ...base(recordId, subject, h.interests[0]?.startDate ?? data.snapshotDate, 'new'),
      recordType: 'relationship',
      recordDetails: details(),
      x_fictional: data.notice,
    });
    if (h.closedOn !== undefined) {
      closings.push({
        ...base(recordId, subject, h.closedOn, 'closed'),
        recordType: 'relationship',
        recordDetails: details(h.closedOn),
        x_fictional: data.notice,
      });
    }
  }
  return [...out, ...closings];
}

/** The shareholding rows of each fictional company's page: direct holders, removed ones marked. */
export function shareholdingRows(data: FictionalData): Map<string, ShareholdingRow[]> {
  const persons = new Map(data.persons.map((p) => [p.id, p]));
  const foreign = new Map(data.foreignEntities.map((f) => [f.id, f]));
  const companies = new Map(data.companies.map((c) => [c.registerNumber, c]));
  const rows = new Map<string, ShareholdingRow[]>();
  for (const h of data.holdings) {
    if (h.indirect === true) continue;
    const person = persons.get(h.holder);
    const entity = foreign.get(h.holder);
    const company = companies.get(h.holder);
    const row: ShareholdingRow = {
      kind: person ? 'Иргэн' : 'Хуулийн этгээд',
      country: person?.nationality.name ?? entity?.jurisdiction.name ?? MONGOLIA.name,
      name: person?.name ?? entity?.name ?? company?.name ?? h.holder,
      date: h.closedOn ?? h.interests[0]?.startDate ?? '',
      removed: h.closedOn !== undefined,
    };
    rows.set(h.subject, [...(rows.get(h.subject) ?? []), row]);
  }
  return rows;
}

/**
 * Data of the registry replay module: the real register extract (name, legal form and number only),
 * the hand-written fictional companies with their owners, and BODS 0.4 statements, loaded once and
 * turned into the bytes each route serves. Nothing here invents a fact about a real entity: real rows
 * get exactly the three columns the extract has, and fictional register numbers (09…) are checked never
 * to collide with a real one.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** Resolved from this module's location, so the data is found from any working directory. */
function dataFile(relative: string): string {
  return fileURLToPath(new URL(`../../data/registry/${relative}`, import.meta.url));
}

/** The real register extract: `name|legal form|register number` lines, gzip (UPSTREAMS.md §3.1). */
export const EMBEDDED_REGISTER_FILE = dataFile('mongolian_company_names.full.psv.gz');

/** The hand-written fictional companies, persons, foreign entity and holdings. */
export const EMBEDDED_FICTIONAL_FILE = dataFile('fictional/companies.json');

/** The official BODS 0.4 example packages, served before the fictional statements. */
export const EMBEDDED_BODS_EXAMPLES: readonly string[] = Object.freeze(
  [
    'bods-package.json',
    'bods-package-entity-owning-entity.json',
    'bods-package-fi-soe.json',
    'indirect-ownership.json',
    'joint-ownership.json',
    'listed-company-exempt-from-disclosure.json',
    'mixed-direct-and-indirect-ownership.json',
    'simple-pep-declaration.json',
  ].map((name) => dataFile(`bods-0.4/examples/${name}`)),
);

/**
 * When the extract was taken: the date of the commit that added it to its source repository
 * (tugstugi/mongolian-nlp, 2019-03-27). Served as the dump's and the pages' `Last-Modified`.
 */
export const EXTRACT_SNAPSHOT_DATE = '2019-03-27';

/** Injected as `x_fictional` into the official BODS examples, which carry no notice of their own. */
export const BODS_EXAMPLE_NOTICE =
  'Official example from the Beneficial Ownership Data Standard 0.4 (openownership/data-standard, ' +
  'Apache-2.0): illustrative statements, not records of any register.';

/** The dump's column names, as a third-party note gives them for dataset 6686 (UPSTREAMS.md §3.1) [unverified]. */
export const DUMP_COLUMNS = {
  registerNumber: 'Регистрийн дугаар',
  name: 'Оноосон нэр',
  registeredOn: 'Бүртгэсэн огноо',
  legalForm: 'Хэлбэр',
  type: 'Төрөл',
  address: 'Хуулийн этгээдийн хаяг',
  activity: 'Үйл ажиллагааны чиглэл',
  status: 'Төлөв',
} as const;

/** One legal entity as the replay server knows it; optional facts exist only for fictional companies. */
export interface ReplayEntity {
  readonly registerNumber: string;
  readonly name: string;
  readonly legalForm: string;
  readonly fictional: FictionalCompany | null;
}

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

/** Everything the registry routes serve, built once. */
export interface RegistryData {
  readonly entities: ReadonlyMap<string, ReplayEntity>;
  /** Direct holders per fictional register number, for the lesinfo pages. */
  readonly shareholders: ReadonlyMap<string, readonly ShareholdingRow[]>;
  readonly fictionalNotice: string | null;
  /** `GET /registry/dump.json`: a JSON array, one record per line. */
  readonly dumpText: string;
  readonly dumpLastModified: number;
  /** `GET /registry/ownership.jsonl`: one BODS 0.4 statement per line. */
  readonly ownershipText: string;
  readonly ownershipLastModified: number | null;
  readonly realCount: number;
  readonly fictionalCount: number;
  readonly statementCount: number;
}

/** One BODS file to serve, with the notice to inject into statements that carry no `x_fictional`. */
export interface BodsFileSpec {
  readonly path: string;
  readonly fictionalNotice?: string;
}

/** What to load; see `RegistryReplayOptions`. */
export interface RegistryDataSpec {
  readonly registerFile: string;
  readonly fictionalFile: string | null;
  readonly ownershipFiles: readonly BodsFileSpec[];
  readonly lastModified: number | null;
}

/** Reads a file, gunzipping it when it starts with the gzip magic bytes. */
async function readMaybeGzip(path: string): Promise<string> {
  const raw = await readFile(path);
  const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  return bytes.toString('utf8');
}

/** Parses `name|legal form|number` lines; a line of another shape stops start-up with its number. */
export function parseExtract(text: string, path: string): ReplayEntity[] {
  const out: ReplayEntity[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.replace(/\r$/, '') ?? '';
    if (line === '') continue;
    const fields = line.split('|');
    const [name, legalForm, registerNumber] = fields;
    if (fields.length !== 3 || !name || !registerNumber || legalForm === undefined) {
      throw new Error(
        `${path}:${i + 1}: expected "name|legal form|register number", but got ${JSON.stringify(line.slice(0, 80))}.`,
      );
    }
    out.push({ registerNumber, name, legalForm, fictional: null });
  }
  return out;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function fail(path: string, message: string): never {
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

function record(value: unknown, path: string, where: string): Record<string, unknown> {
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
function shareholdingRows(data: FictionalData): Map<string, ShareholdingRow[]> {
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

/** Reads one BODS file (a JSON array of statements, or JSON Lines) and injects its notice. */
async function readBods(spec: BodsFileSpec): Promise<Record<string, unknown>[]> {
  const text = await readMaybeGzip(spec.path);
  const trimmed = text.trimStart();
  let statements: unknown[];
  try {
    statements = trimmed.startsWith('[')
      ? (JSON.parse(trimmed) as unknown[])
      : trimmed
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as unknown);
  } catch (e: unknown) {
    throw new Error(`${spec.path}: not JSON or JSON Lines (${e instanceof Error ? e.message : String(e)}).`);
  }
  return statements.map((s, i) => {
    const statement = record(s, spec.path, `statement ${i}`);
    return spec.fictionalNotice !== undefined && statement.x_fictional === undefined
      ? { ...statement, x_fictional: spec.fictionalNotice }
      : statement;
  });
}

/** One dump record: real rows get the three columns the extract has; fictional rows get every column. */
function dumpRecord(e: ReplayEntity, notice: string | null): Record<string, string> {
  const c = DUMP_COLUMNS;
  const f = e.fictional;
  if (f === null)
    return { [c.registerNumber]: e.registerNumber, [c.name]: e.name, [c.legalForm]: e.legalForm };
  return {
    [c.registerNumber]: f.registerNumber,
    [c.name]: f.name,
    [c.registeredOn]: f.registeredOn,
    [c.legalForm]: f.legalForm,
    [c.type]: f.type,
    [c.address]: f.address,
    [c.activity]: f.activity,
    [c.status]: f.status,
    ...(notice === null ? {} : { x_fictional: notice }),
  };
}

/** Loads and builds everything the registry routes serve. Throws a sentence naming the file on bad data. */
export async function loadRegistryData(spec: RegistryDataSpec): Promise<RegistryData> {
  const real = parseExtract(await readMaybeGzip(spec.registerFile), spec.registerFile);
  const entities = new Map<string, ReplayEntity>();
  for (const e of real) entities.set(e.registerNumber, e);

  let fictional: FictionalData | null = null;
  if (spec.fictionalFile !== null) {
    const path = spec.fictionalFile;
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path, 'utf8'));
    } catch (e: unknown) {
      throw new Error(`${path}: not JSON (${e instanceof Error ? e.message : String(e)}).`);
    }
    fictional = parseFictional(json, path);
    for (const c of fictional.companies) {
      // Never attach an invented fact to a real entity.
      if (entities.has(c.registerNumber))
        fail(path, `fictional register number ${c.registerNumber} belongs to an entity of the real extract.`);
      entities.set(c.registerNumber, { ...c, fictional: c });
    }
  }

  const notice = fictional?.notice ?? null;
  const lines: string[] = [];
  for (const e of entities.values()) lines.push(JSON.stringify(dumpRecord(e, notice)));
  const dumpText = lines.length === 0 ? '[]\n' : `[\n${lines.join(',\n')}\n]\n`;

  const statements: Record<string, unknown>[] = [];
  for (const file of spec.ownershipFiles) statements.push(...(await readBods(file)));
  if (fictional !== null) statements.push(...fictionalStatements(fictional));
  let newest: string | null = null;
  for (const s of statements) {
    const d = s.statementDate;
    if (typeof d === 'string' && (newest === null || d > newest)) newest = d;
  }
  const ownershipText = statements.map((s) => `${JSON.stringify(s)}\n`).join('');

  const lastModified =
    spec.lastModified ??
    (spec.registerFile === EMBEDDED_REGISTER_FILE
      ? Date.parse(`${EXTRACT_SNAPSHOT_DATE}T00:00:00Z`)
      : (await stat(spec.registerFile)).mtimeMs);

  return {
    entities,
    shareholders: fictional === null ? new Map() : shareholdingRows(fictional),
    fictionalNotice: notice,
    dumpText,
    dumpLastModified: lastModified,
    ownershipText,
    ownershipLastModified: newest === null ? null : Date.parse(newest),
    realCount: real.length,
    fictionalCount: fictional?.companies.length ?? 0,
    statementCount: statements.length,
  };
}

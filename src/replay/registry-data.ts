/**
 * Data of the registry replay module: the real register extract (name, legal form and number only),
 * the hand-written fictional companies with their owners, and BODS 0.4 statements, loaded once and
 * turned into the bytes each route serves. Nothing here invents a fact about a real entity: real rows
 * get exactly the three columns the extract has, and fictional register numbers (09…) are checked never
 * to collide with a real one.
 */
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import {
  fail,
  fictionalStatements,
  parseFictional,
  record,
  shareholdingRows,
  type FictionalCompany,
  type FictionalData,
  type ShareholdingRow,
} from './registry-fictional.js';

export type { ShareholdingRow } from './registry-fictional.js';

/** Resolved from this module's location, so the data is found from any working directory. */
function dataFile(relative: string): string {
  return fileURLToPath(new URL(`../../data/registry/${relative}`, import.meta.url));
}

/** The real register extract: `name|legal form|register number` lines, gzip (docs/upstreams.md "Bulk dump"). */
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

/** The dump's column names, as a third-party note gives them for dataset 6686 (docs/upstreams.md "Bulk dump") [unverified]. */
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

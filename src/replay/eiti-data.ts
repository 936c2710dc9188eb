/**
 * Loading the EITI data sets the replay server serves: the real Mongolian slice of the EITI API's
 * organisation table, fictional organisations and their revenue rows, the GFS code list, and the two EITI
 * Mongolia captures (report list, licence map). Provenance of every file: `data/eiti/SOURCES.md`.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** A JSON object as loaded. */
export type JsonObject = Record<string, unknown>;

/** The embedded EITI data directory (absolute), found from this module's location. */
export const EMBEDDED_EITI_DIR = fileURLToPath(new URL('../../data/eiti/', import.meta.url));

/** File names inside the data directory. */
export const EITI_FILES = {
  organisationIndex: 'mn_eiti_organisations_index.json',
  fictional: 'fictional/eiti_fictional.json',
  gfsCodes: 'gfs_codes.json',
  reportList: 'eitim_reportlist_companies.json',
  portalMap: 'eitim_portalmap_licenses.sample.json',
} as const;

/** The eiti.org API v2.0 data, indexed for the routes. */
export interface EitiApiDataset {
  /** Organisation rows in the API's flattened shape, by ascending numeric id. */
  readonly organisations: readonly JsonObject[];
  readonly organisationById: ReadonlyMap<string, JsonObject>;
  /** Revenue rows (fictional organisations only), by ascending id; without `self`, added per request. */
  readonly revenue: readonly JsonObject[];
  readonly revenueById: ReadonlyMap<string, JsonObject>;
  readonly revenueByOrganisation: ReadonlyMap<string, readonly JsonObject[]>;
  /** One row per Mongolian reporting year of the index, reconstructed (see `summaryRows`). */
  readonly summaryData: readonly JsonObject[];
  readonly summaryById: ReadonlyMap<string, JsonObject>;
  readonly gfsCodes: readonly JsonObject[];
  readonly gfsByCode: ReadonlyMap<string, JsonObject>;
  /** When the organisation index was built (its `upstream_meta.generated`), epoch ms: `Last-Modified`. */
  readonly dataDate: number;
}

/** The EITI Mongolia e-reporting data. */
export interface EitimDataset {
  /** `portalMap` records exactly as captured: `{ cordinate: {...}, array: 14 }`. */
  readonly licences: readonly JsonObject[];
  /** Report-list rows with the upstream's upper-case keys restored (the capture lower-cased them). */
  readonly reports: readonly JsonObject[];
}

/** Both data sets. */
export interface EitiData {
  readonly api: EitiApiDataset;
  readonly mongolia: EitimDataset;
}

/** The notice on the reconstructed summary_data rows (a field the real API does not have). */
export const SUMMARY_DATA_NOTICE =
  'Reconstructed by the Transparency Graph replay server from the reporting years of the organisation ' +
  'index: the id follows the documented "AF2009" pattern and the period is the calendar year; no ' +
  'summary_data response was captured.';

async function readJson(dir: string, name: string): Promise<unknown> {
  const path = `${dir.endsWith('/') ? dir : `${dir}/`}${name}`;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e: unknown) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(`ReplayOptions.eiti.dataDir: cannot read ${path} (${reason}).`);
  }
  try {
    return JSON.parse(text);
  } catch (e: unknown) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(`ReplayOptions.eiti.dataDir: ${path} is not valid JSON (${reason}).`);
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objects(value: unknown, what: string): JsonObject[] {
  if (!Array.isArray(value) || !value.every(isObject))
    throw new Error(`${what} must be an array of objects.`);
  return value;
}

function text(row: JsonObject, key: string, what: string): string {
  const value = row[key];
  if (typeof value !== 'string' || value === '')
    throw new Error(`${what}: "${key}" must be a non-empty string.`);
  return value;
}

const byNumericId = (key: string) => (a: JsonObject, b: JsonObject) =>
  Number(a[key]) - Number(b[key]) || String(a[key]).localeCompare(String(b[key]));

/**
 * The index file maps identification → `[{id, year, label}]`; each record becomes one organisation row in
 * the API's shape. Only the fields the index kept exist; nothing is added but the shape.
 */
function organisationRows(index: unknown): { rows: JsonObject[]; generated: number } {
  const what = EITI_FILES.organisationIndex;
  if (!isObject(index) || !isObject(index['index']) || !isObject(index['meta'])) {
    throw new Error(`${what} must be an object with "meta" and "index".`);
  }
  const upstreamMeta = index['meta']['upstream_meta'];
  const generated = isObject(upstreamMeta) ? Date.parse(String(upstreamMeta['generated'])) : NaN;
  if (Number.isNaN(generated)) throw new Error(`${what}: meta.upstream_meta.generated must be a date.`);
  const rows: JsonObject[] = [];
  for (const [identification, records] of Object.entries(index['index'])) {
    for (const record of objects(records, `${what}: index[${JSON.stringify(identification)}]`)) {
      rows.push({
        id: text(record, 'id', what),
        label: text(record, 'label', what),
        type: 'company',
        identification,
        'summary_data.iso2': 'MN',
        'summary_data.year': text(record, 'year', what),
      });
    }
  }
  return { rows, generated };
}

/**
 * `summary_data` rows for the Mongolian years of the index. The real resource was not captured, so these
 * carry only what follows from the index (country, year) and say so in `x_fictional`.
 */
function summaryRows(organisations: readonly JsonObject[]): JsonObject[] {
  const years = new Set<string>();
  for (const row of organisations) {
    if (row['summary_data.iso2'] === 'MN' && row['x_fictional'] === undefined)
      years.add(String(row['summary_data.year']));
  }
  return [...years].sort().map((year) => ({
    id: `MN${year}`,
    label: `Mongolia: ${year}`,
    'country.iso2': 'MN',
    'country.iso3': 'MNG',
    year_start: `${year}-01-01`,
    year_end: `${year}-12-31`,
    x_fictional: SUMMARY_DATA_NOTICE,
  }));
}

function groupBy(rows: readonly JsonObject[], key: string): Map<string, JsonObject[]> {
  const groups = new Map<string, JsonObject[]>();
  for (const row of rows) {
    const k = String(row[key]);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [row]);
    else group.push(row);
  }
  return groups;
}

/** Unique by `key`, or a start-up error naming the file and the duplicate. */
function uniqueIndex(rows: readonly JsonObject[], key: string, what: string): Map<string, JsonObject> {
  const index = new Map<string, JsonObject>();
  for (const row of rows) {
    const k = String(row[key]);
    if (index.has(k)) throw new Error(`${what}: ${key} ${JSON.stringify(k)} appears twice.`);
    index.set(k, row);
  }
  return index;
}

async function loadApi(dir: string): Promise<EitiApiDataset> {
  const [index, fictional, gfs] = await Promise.all([
    readJson(dir, EITI_FILES.organisationIndex),
    readJson(dir, EITI_FILES.fictional),
    readJson(dir, EITI_FILES.gfsCodes),
  ]);
  const real = organisationRows(index);
  if (!isObject(fictional)) throw new Error(`${EITI_FILES.fictional} must be an object.`);
  const fictionalOrgs = objects(fictional['organisations'], `${EITI_FILES.fictional}: organisations`);
  const revenue = objects(fictional['revenue'], `${EITI_FILES.fictional}: revenue`);
  for (const row of [...fictionalOrgs, ...revenue]) {
    // The file's promise: every row it adds is marked, and revenue exists for fictional organisations only.
    text(row, 'x_fictional', EITI_FILES.fictional);
  }
  const organisations = [...real.rows, ...fictionalOrgs].sort(byNumericId('id'));
  const organisationById = uniqueIndex(organisations, 'id', 'organisations');
  for (const row of revenue) {
    const owner = organisationById.get(String(row['organisation.id']));
    if (owner?.['x_fictional'] === undefined) {
      throw new Error(
        `${EITI_FILES.fictional}: revenue ${String(row['id'])} belongs to no fictional organisation.`,
      );
    }
  }
  revenue.sort(byNumericId('id'));
  const summaryData = summaryRows(organisations);
  if (!isObject(gfs)) throw new Error(`${EITI_FILES.gfsCodes} must be an object.`);
  const gfsCodes = objects(gfs['data'], `${EITI_FILES.gfsCodes}: data`);
  for (const row of gfsCodes) text(row, 'code', EITI_FILES.gfsCodes);
  return {
    organisations,
    organisationById,
    revenue,
    revenueById: uniqueIndex(revenue, 'id', EITI_FILES.fictional),
    revenueByOrganisation: groupBy(revenue, 'organisation.id'),
    summaryData,
    summaryById: uniqueIndex(summaryData, 'id', 'summary_data'),
    gfsCodes,
    gfsByCode: uniqueIndex(gfsCodes, 'code', EITI_FILES.gfsCodes),
    dataDate: real.generated,
  };
}

async function loadMongolia(dir: string): Promise<EitimDataset> {
  const [reportList, portalMap] = await Promise.all([
    readJson(dir, EITI_FILES.reportList),
    readJson(dir, EITI_FILES.portalMap),
  ]);
  if (!isObject(reportList)) throw new Error(`${EITI_FILES.reportList} must be an object with "data".`);
  const reports = objects(reportList['data'], `${EITI_FILES.reportList}: data`).map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toUpperCase(), v])),
  );
  for (const row of reports) text(row, 'COMPANY_REGISTER_NUMBER', EITI_FILES.reportList);
  const licences = objects(portalMap, EITI_FILES.portalMap);
  for (const record of licences) {
    if (!isObject(record['cordinate']))
      throw new Error(`${EITI_FILES.portalMap}: every record needs "cordinate".`);
  }
  return { licences, reports };
}

/** Loads both data sets from `dir`; rejects with a sentence naming the file when one is unusable. */
export async function loadEitiData(dir: string): Promise<EitiData> {
  const [api, mongolia] = await Promise.all([loadApi(dir), loadMongolia(dir)]);
  return { api, mongolia };
}

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EitiOrganisation, EitiReport, MineralLicence } from '../../../src/domain/organization.js';
import { startReplayServer, type ReplayServer } from '../../../src/replay/index.js';
import {
  EitiClient,
  EitiMongoliaClient,
  normaliseIdentification,
  normaliseLicenceNumber,
} from '../../../src/sources/eiti/index.js';
import { upstreams, type EitiUpstreams } from './helpers.js';

/**
 * The golden entity-linking fixture (tests/fixtures/register_number_crosswalk.csv, provenance in
 * data/eiti/SOURCES.md): for every register number, what the EITI files say about it. The clients, reading
 * the same files through the replay server over HTTP, must agree row by row.
 */
const COLUMNS = [
  'register_number',
  'registry_name',
  'registry_legal_form',
  'in_registry_extract',
  'eiti_organisation_ids',
  'eiti_labels',
  'eiti_years',
  'eitim_company_ids',
  'eitim_report_years',
  'eitim_license_numbers',
] as const;
type Row = Record<(typeof COLUMNS)[number], string>;

/** The file has no quoted fields (checked here), so a plain split is a faithful parse. */
function readCrosswalk(): Row[] {
  const text = readFileSync(new URL('../../fixtures/register_number_crosswalk.csv', import.meta.url), 'utf8');
  expect(text.includes('"')).toBe(false);
  const [header, ...lines] = text.split(/\r?\n/).filter((line) => line !== '');
  expect(header?.split(',')).toEqual(COLUMNS);
  return lines.map((line) => {
    const cells = line.split(',');
    expect(cells).toHaveLength(COLUMNS.length);
    return Object.fromEntries(COLUMNS.map((c, i) => [c, cells[i] ?? ''])) as Row;
  });
}

const list = (cell: string): string[] => (cell === '' ? [] : cell.split(';'));
const rows = readCrosswalk();

let replay: ReplayServer;
let up: EitiUpstreams;
let organisations: ReadonlyMap<string, readonly EitiOrganisation[]>;
let reports: ReadonlyMap<string, readonly EitiReport[]>;
let licences: ReadonlyMap<string, readonly MineralLicence[]>;

beforeAll(async () => {
  replay = await startReplayServer({ rateLimit: false });
  up = upstreams(replay);
  const mongolia = new EitiMongoliaClient(up.eitim);
  [organisations, reports, licences] = await Promise.all([
    new EitiClient(up.eiti, { pageSize: 1000 }).organisationsByIdentification().then((r) => r.value),
    mongolia.reportsByRegisterNumber().then((r) => r.value),
    mongolia.licencesByRegisterNumber().then((r) => r.value),
  ]);
});
afterAll(async () => {
  await up.close();
  await replay.close();
});

describe('register number crosswalk', () => {
  it('has the 2,960 rows it documents', () => {
    expect(rows).toHaveLength(2960);
  });

  it('gives every register number exactly the EITI organisation ids the crosswalk lists', () => {
    const mismatches: string[] = [];
    for (const row of rows) {
      const key = normaliseIdentification(row.register_number);
      const expected = list(row.eiti_organisation_ids).sort();
      if (key === null) continue; // checked in the next test
      const actual = (organisations.get(key) ?? []).map((o) => o.id).sort();
      if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push(row.register_number);
      // The crosswalk lists distinct years; a company can have two ids in one year (5111625 in 2013).
      const years = [...new Set((organisations.get(key) ?? []).map((o) => String(o.year)))].sort();
      expect(years, row.register_number).toEqual(list(row.eiti_years).sort());
    }
    expect(mismatches).toEqual([]);
  });

  it('drops the one crosswalk key that is not a register number, and its record', () => {
    const noise = rows.filter((row) => normaliseIdentification(row.register_number) === null);
    expect(noise.map((row) => [row.register_number, row.eiti_organisation_ids])).toEqual([
      ['https://burtgel.gov.mn/', '190871'],
    ]);
    const ids = new Set([...organisations.values()].flat().map((o) => o.id));
    expect(ids.has('190871')).toBe(false);
  });

  it('gives every register number exactly the EITIM report years and company ids the crosswalk lists', () => {
    const mismatches: string[] = [];
    for (const row of rows) {
      const key = normaliseIdentification(row.register_number);
      if (key === null) continue;
      const found = reports.get(key) ?? [];
      const years = found.map((r) => String(r.year)).sort();
      const companies = [...new Set(found.map((r) => r.companyId))].sort();
      if (
        JSON.stringify(years) !== JSON.stringify(list(row.eitim_report_years).sort()) ||
        JSON.stringify(companies) !== JSON.stringify(list(row.eitim_company_ids).sort())
      )
        mismatches.push(row.register_number);
    }
    expect(mismatches).toEqual([]);
  });

  it('has no register number the crosswalk lacks, but the fictional ones (09…)', () => {
    const known = new Set(rows.map((row) => row.register_number));
    expect([...organisations.keys()].filter((k) => !known.has(k)).every((k) => k.startsWith('09'))).toBe(
      true,
    );
    // The fictional Mongolian companies, as the fixture lists them (noise rows: other country, agency, n/a).
    const fictional = JSON.parse(
      readFileSync(new URL('../../../data/eiti/fictional/eiti_fictional.json', import.meta.url), 'utf8'),
    ) as { organisations: { identification: string; type: string; 'summary_data.iso2': string }[] };
    const expected = [
      ...new Set(
        fictional.organisations
          .filter((o) => o.type === 'company' && o['summary_data.iso2'] === 'MN')
          .map((o) => o.identification.trim()),
      ),
    ]
      .filter((n) => /^09\d{5}$/.test(n))
      .sort();
    expect(expected.length).toBeGreaterThan(3);
    expect([...organisations.keys()].filter((k) => k.startsWith('09')).sort()).toEqual(expected);
    expect([...reports.keys()].filter((k) => !known.has(k))).toEqual([]);
    expect([...licences.keys()].filter((k) => !known.has(k))).toEqual([]);
  });

  it('lists every licence of the stored licence file under its holder in the crosswalk', () => {
    // The crosswalk was built from four licence files; one is stored, so ours are a subset of its lists.
    const byNumber = new Map(rows.map((row) => [row.register_number, row]));
    const missing: string[] = [];
    for (const [key, held] of licences) {
      const listed = new Set(
        list(byNumber.get(key)?.eitim_license_numbers ?? '').map(normaliseLicenceNumber),
      );
      for (const licence of held) if (!listed.has(licence.normalisedNumber)) missing.push(licence.number);
    }
    expect(missing).toEqual([]);
    expect([...licences.values()].flat()).toHaveLength(1000);
  });
});

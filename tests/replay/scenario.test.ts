import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ProjectPackage } from '../../scripts/investment-scenario.js';
import {
  FUNDING_SOURCES,
  encodeProjects,
  generateProjects,
  investmentNotice,
  investmentSeed,
} from '../../scripts/investment-scenario.js';
import type { Release, ScenarioParty } from '../../scripts/scenario.js';
import {
  FICTIONAL_BUYER_MARK,
  DEFAULT_SEED,
  OCID_PREFIX,
  encodeJsonLines,
  encodeScenario,
  fictionalNotice,
  generateScenario,
} from '../../scripts/scenario.js';

const root = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
const SCENARIO_FILE = root('data/procurement/mn-scenario/releases.jsonl.gz');
const MANIFEST_FILE = root('data/procurement/mn-scenario/manifest.json');
const REGISTER_FILE = root('data/registry/mongolian_company_names.full.psv.gz');

const committed = readFileSync(SCENARIO_FILE);
const manifest = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as {
  seed: number;
  zlib: string;
  releases: number;
};
const releases = gunzipSync(committed)
  .toString('utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as Release);

const byOcid = new Map<string, Release[]>();
for (const r of releases) byOcid.set(r.ocid, [...(byOcid.get(r.ocid) ?? []), r]);

const allParties: ScenarioParty[] = releases.flatMap((r) => r.parties ?? []);

/** Every string value under a key ending in `date`/`Date`, anywhere in a release. */
function dates(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => dates(v, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (/date$/i.test(k) && typeof v === 'string') out.push(v);
      else dates(v, out);
    }
  }
  return out;
}

describe('fictional Mongolian scenario', () => {
  it('was generated with the default seed', () => {
    expect(manifest.seed).toBe(DEFAULT_SEED);
    expect(manifest.releases).toBe(releases.length);
  });

  it('regenerates the committed JSON Lines byte for byte from the same seed', () => {
    const expected = gunzipSync(committed);
    expect(encodeJsonLines(generateScenario(manifest.seed)).equals(expected)).toBe(true);
  });

  it('encodes the same gzip bytes on every run', () => {
    expect(encodeScenario(generateScenario(7)).equals(encodeScenario(generateScenario(7)))).toBe(true);
  });

  // Deflate output is only stable for one zlib build (node bundles its own); another build may
  // compress the same JSON Lines differently, which the JSON Lines test above still checks.
  it.skipIf(process.versions.zlib !== manifest.zlib)(
    'regenerates the committed gzip file byte for byte with the zlib build that wrote it',
    () => {
      expect(encodeScenario(generateScenario(manifest.seed)).equals(committed)).toBe(true);
    },
  );

  it('gives different data for a different seed', () => {
    expect(encodeJsonLines(generateScenario(manifest.seed + 1)).equals(gunzipSync(committed))).toBe(false);
  });

  it('has 300 processes of 1 to 4 releases with distinct ids and ascending dates', () => {
    expect(byOcid.size).toBe(300);
    expect(new Set(releases.map((r) => r.id)).size).toBe(releases.length);
    for (const [ocid, list] of byOcid) {
      expect(ocid.startsWith(OCID_PREFIX)).toBe(true);
      expect(ocid).toMatch(/^ocds-xxxxxx-mn-fict-\d{6}$/);
      expect(list.length).toBeGreaterThanOrEqual(1);
      expect(list.length).toBeLessThanOrEqual(4);
      const ms = list.map((r) => Date.parse(r.date));
      expect(ms).toEqual([...ms].sort((a, b) => a - b));
      expect(new Set(ms).size).toBe(ms.length);
    }
    expect([...byOcid.values()].some((list) => list.length === 1)).toBe(true);
    expect([...byOcid.values()].some((list) => list.length === 4)).toBe(true);
  });

  it('marks every release as fictional in x_fictional', () => {
    const notice = fictionalNotice(manifest.seed);
    expect(notice).toContain(`seed ${manifest.seed}`);
    for (const r of releases) expect(r.x_fictional).toBe(notice);
  });

  it('uses MN-CR register numbers beginning with 09 for every buyer, tenderer and supplier', () => {
    expect(allParties.length).toBeGreaterThan(0);
    for (const p of allParties) {
      expect(p.identifier.scheme).toBe('MN-CR');
      expect(p.identifier.id).toMatch(/^09\d{5}$/);
      expect(p.id).toBe(`MN-CR-${p.identifier.id}`);
    }
    const partyIds = new Set(allParties.map((p) => p.id));
    const refs = releases.flatMap((r) => [
      r.buyer,
      ...(r.tender?.tenderers ?? []),
      ...(r.tender?.procuringEntity ? [r.tender.procuringEntity] : []),
      ...(r.awards ?? []).flatMap((a) => a.suppliers ?? []),
      ...(r.contracts ?? []).flatMap((c) =>
        (c.implementation?.transactions ?? []).flatMap((t) => [t.payer, t.payee]),
      ),
    ]);
    for (const ref of refs) expect(partyIds.has(ref.id)).toBe(true);
  });

  it('marks every buyer fictional in its name, so no real public body is shown with invented contracts', () => {
    const buyers = allParties.filter((p) => p.roles.includes('buyer'));
    expect(buyers.length).toBeGreaterThan(0);
    for (const b of buyers) expect(b.name.endsWith(FICTIONAL_BUYER_MARK)).toBe(true);
    for (const r of releases) expect(r.buyer.name.endsWith(FICTIONAL_BUYER_MARK)).toBe(true);
  });

  it('names suppliers and tenderers as companies ending in ХХК', () => {
    const companies = allParties.filter((p) => p.roles.includes('tenderer') || p.roles.includes('supplier'));
    expect(companies.length).toBeGreaterThan(0);
    for (const c of companies) expect(c.name).toMatch(/ ХХК$/);
  });

  it('shares no register number or company name with the real register extract', async () => {
    const numbers = new Set(allParties.map((p) => p.identifier.id));
    const companyNames = new Set(
      allParties
        .filter((p) => p.roles.includes('tenderer') || p.roles.includes('supplier'))
        .map((p) => p.name.replace(/ ХХК$/, '').toLowerCase()),
    );
    const lines = createInterface({
      input: createReadStream(REGISTER_FILE).pipe(createGunzip()),
      crlfDelay: Infinity,
    });
    let count = 0;
    const clashes: string[] = [];
    for await (const line of lines) {
      count++;
      const [name = '', , registerNumber = ''] = line.split('|');
      if (numbers.has(registerNumber.trim()) || companyNames.has(name.trim().toLowerCase()))
        clashes.push(line);
    }
    expect(count).toBe(192_771);
    expect(clashes).toEqual([]);
  });

  it('uses every procurement method, status and category', () => {
    const seen = (pick: (r: Release) => (string | undefined)[]): Set<string | undefined> =>
      new Set(releases.flatMap(pick));
    const methods = seen((r) => [r.tender?.procurementMethod]);
    expect(methods).toEqual(new Set(['open', 'selective', 'limited', 'direct', undefined]));
    const tenderStatuses = seen((r) => [r.tender?.status]);
    for (const s of ['planning', 'planned', 'active', 'cancelled', 'unsuccessful', 'complete', 'withdrawn']) {
      expect(tenderStatuses).toContain(s);
    }
    const awardStatuses = seen((r) => (r.awards ?? []).map((a) => a.status));
    expect(awardStatuses).toEqual(new Set(['pending', 'active', 'cancelled', 'unsuccessful']));
    const contractStatuses = seen((r) => (r.contracts ?? []).map((c) => c.status));
    expect(contractStatuses).toEqual(new Set(['pending', 'active', 'cancelled', 'terminated']));
    expect(seen((r) => [r.tender?.mainProcurementCategory])).toEqual(
      new Set(['goods', 'works', 'services', undefined]),
    );
    for (const tag of [
      'planning',
      'tender',
      'tenderUpdate',
      'tenderAmendment',
      'award',
      'contract',
      'implementation',
    ]) {
      expect(seen((r) => [...r.tag])).toContain(tag);
    }
    const details = releases.filter((r) => r.tender?.procurementMethod !== undefined);
    for (const r of details) expect(r.tender?.procurementMethodDetails).toMatch(/[А-Яа-яӨөҮү]/);
  });

  it('has later releases that change earlier values and update arrays of objects by id', () => {
    const amended = releases.filter((r) => r.tag.includes('tenderAmendment'));
    expect(amended.length).toBeGreaterThan(0);
    for (const a of amended) {
      const tender = byOcid.get(a.ocid)?.find((r) => r.tag.includes('tender'))?.tender;
      expect(a.tender?.value?.amount).not.toBe(tender?.value?.amount);
      expect(tender?.items?.some((item) => item.id === a.tender?.items?.[0]?.id)).toBe(true);
    }
    const awardUpdates = releases.filter((r) => r.tag.includes('awardUpdate'));
    expect(awardUpdates.length).toBeGreaterThan(0);
    for (const u of awardUpdates) {
      const first = byOcid.get(u.ocid)?.find((r) => r.tag.includes('award'))?.awards?.[0];
      expect(u.awards?.[0]?.id).toBe(first?.id);
      expect(u.awards?.[0]?.status).not.toBe(first?.status);
    }
    const completed = [...byOcid.values()].filter((list) =>
      list.some((r) => r.tender?.status === 'complete'),
    );
    for (const list of completed)
      expect(list.find((r) => r.tender?.status)?.tender?.status).not.toBe('complete');
  });

  it('writes every date between 2023-01-01 and 2026-10-31 with the +08:00 offset', () => {
    const all = releases.flatMap((r) => dates(r));
    expect(all.length).toBeGreaterThan(releases.length);
    const lo = Date.parse('2023-01-01T00:00:00+08:00');
    const hi = Date.parse('2026-10-31T23:59:59+08:00');
    for (const d of all) {
      expect(d).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      expect(Date.parse(d)).toBeGreaterThanOrEqual(lo);
      expect(Date.parse(d)).toBeLessThanOrEqual(hi);
    }
  });

  it('states every amount in MNT, with values from 10 million to 50 billion', () => {
    const values = releases.flatMap((r) => [
      ...(r.planning ? [r.planning.budget.amount] : []),
      ...(r.tender?.value ? [r.tender.value] : []),
      ...(r.awards ?? []).flatMap((a) => (a.value ? [a.value] : [])),
      ...(r.contracts ?? []).flatMap((c) => (c.value ? [c.value] : [])),
    ]);
    expect(values.length).toBeGreaterThan(releases.length / 2);
    for (const v of values) {
      expect(v.currency).toBe('MNT');
      expect(v.amount).toBeGreaterThanOrEqual(10_000_000);
      expect(v.amount).toBeLessThanOrEqual(50_000_000_000);
    }
    const payments = releases.flatMap((r) =>
      (r.contracts ?? []).flatMap((c) => c.implementation?.transactions ?? []),
    );
    expect(payments.length).toBeGreaterThan(0);
    for (const p of payments) {
      expect(p.value.currency).toBe('MNT');
      expect(p.value.amount).toBeGreaterThan(0);
    }
  });

  it('gives parties the roles buyer, procuringEntity, tenderer, supplier, payer and payee', () => {
    const roles = new Set(allParties.flatMap((p) => p.roles));
    for (const role of ['buyer', 'procuringEntity', 'tenderer', 'supplier', 'payer', 'payee']) {
      expect(roles).toContain(role);
    }
  });
});

describe('fictional Mongolian investment projects', () => {
  const PROJECTS_FILE = root('data/investment/mn-scenario/projects.json');
  const CODELISTS = root('data/investment/oc4ids-0.9.4/codelists');
  const committedProjects = readFileSync(PROJECTS_FILE);
  const pkg = JSON.parse(committedProjects.toString('utf8')) as ProjectPackage;
  const codes = (name: string): Set<string> =>
    new Set(
      readFileSync(`${CODELISTS}/${name}.csv`, 'utf8')
        .split('\n')
        .slice(1)
        .filter((line) => line !== '')
        .map((line) => line.split(',')[0] ?? ''),
    );

  /** Each process compiled as far as the links need: buyer, and suppliers of awards whose status is active. */
  const compiled = new Map<string, { buyer: string; suppliers: Set<string> }>();
  for (const [ocid, list] of byOcid) {
    const awards = new Map<string, { status: string; suppliers: string[] }>();
    for (const r of list)
      for (const a of r.awards ?? [])
        awards.set(a.id, {
          status: a.status,
          suppliers: a.suppliers?.map((s) => s.id) ?? awards.get(a.id)?.suppliers ?? [],
        });
    const active = [...awards.values()].filter((a) => a.status === 'active').flatMap((a) => a.suppliers);
    compiled.set(ocid, { buyer: list[0]!.buyer.id, suppliers: new Set(active) });
  }
  const scenarioParties = new Map(allParties.map((p) => [p.id, p]));

  it('regenerates the committed projects.json byte for byte from the same seed', () => {
    expect(encodeProjects(generateProjects(manifest.seed, releases)).equals(committedProjects)).toBe(true);
  });

  it('draws projects from their own stream, so the procurement releases do not depend on them', () => {
    expect(investmentSeed(manifest.seed)).not.toBe(manifest.seed);
    expect(encodeProjects(generateProjects(manifest.seed + 1)).equals(committedProjects)).toBe(false);
  });

  it('is an OC4IDS 0.9 package whose publisher and every project say the data is fictional', () => {
    const notice = investmentNotice(manifest.seed);
    expect(pkg.version).toBe('0.9');
    expect(pkg.publisher.name).toMatch(/fictional/);
    expect(pkg.x_fictional).toBe(notice);
    expect(pkg.projects).toHaveLength(40);
    expect(pkg.projects.map((p) => p.id)).toEqual(
      Array.from({ length: 40 }, (_, i) => `mn-pip-fict-${String(i + 1).padStart(4, '0')}`),
    );
    for (const p of pkg.projects) {
      expect(p.x_fictional).toBe(notice);
      expect(p.title.endsWith(FICTIONAL_BUYER_MARK)).toBe(true);
      expect(p.description).toMatch(/[А-Яа-яӨөҮү]/);
    }
  });

  it('uses OC4IDS codes for status, sector, type and roles, plus the documented supervisor role', () => {
    const roles = new Set([...codes('partyRole'), 'supervisor']);
    for (const p of pkg.projects) {
      expect(codes('projectStatus')).toContain(p.status);
      expect(codes('projectType')).toContain(p.type);
      for (const s of p.sector) expect(codes('projectSector')).toContain(s);
      for (const party of p.parties) for (const r of party.roles) expect(roles).toContain(r);
    }
    const statuses = new Set(pkg.projects.map((p) => p.status));
    for (const s of ['identification', 'preparation', 'implementation', 'completion', 'cancelled'])
      expect(statuses).toContain(s);
    const sectors = new Set(pkg.projects.flatMap((p) => p.sector));
    for (const s of ['transport.road', 'education', 'health', 'waterAndWaste', 'energy'])
      expect(sectors).toContain(s);
    expect(pkg.projects.some((p) => p.parties.some((x) => x.roles.includes('supervisor')))).toBe(true);
  });

  it('links 1 to 4 processes of the procurement scenario per project, none twice', () => {
    const linked = pkg.projects.flatMap((p) => p.contractingProcesses.map((c) => c.summary.ocid));
    expect(new Set(linked).size).toBe(linked.length);
    for (const p of pkg.projects) {
      expect(p.contractingProcesses.length).toBeGreaterThanOrEqual(1);
      expect(p.contractingProcesses.length).toBeLessThanOrEqual(4);
      for (const c of p.contractingProcesses) {
        expect(byOcid.has(c.summary.ocid)).toBe(true);
        expect(c.id).toBe(c.summary.ocid);
      }
    }
  });

  it("lists each linked process's buyer and active suppliers among the project's parties", () => {
    for (const p of pkg.projects) {
      const ids = new Set(p.parties.map((x) => x.id));
      for (const c of p.contractingProcesses) {
        const process = compiled.get(c.summary.ocid)!;
        expect(ids).toContain(process.buyer);
        for (const s of process.suppliers) expect(ids).toContain(s);
        expect(new Set(c.summary.suppliers?.map((s) => s.id) ?? [])).toEqual(process.suppliers);
      }
      const authority = p.parties.find((x) => x.roles.includes('publicAuthority'));
      expect(authority?.id).toBe(p.publicAuthority.id);
      const buyers = p.contractingProcesses.map((c) => compiled.get(c.summary.ocid)!.buyer);
      expect(buyers).toContain(p.publicAuthority.id);
    }
  });

  it('gives every MN-CR party the number and name it has in the procurement scenario', () => {
    let count = 0;
    for (const party of pkg.projects.flatMap((p) => p.parties)) {
      if (party.identifier === undefined) {
        // Only the invented foreign funders have no register number, and they say they are fictional.
        expect(party.roles).toEqual(['funder']);
        expect(party.name.endsWith(FICTIONAL_BUYER_MARK)).toBe(true);
        continue;
      }
      count++;
      const same = scenarioParties.get(party.id);
      expect(party.identifier).toEqual(same?.identifier);
      expect(party.name).toBe(same?.name);
      expect(party.identifier.id).toMatch(/^09\d{5}$/);
    }
    expect(count).toBeGreaterThan(60);
  });

  it('breaks each budget down by year and funding source, in MNT, adding up to the budget', () => {
    const sources = new Set<string>();
    for (const p of pkg.projects) {
      const lines = p.budget.budgetBreakdowns.flatMap((g) => g.budgetBreakdown);
      expect(p.budget.amount.currency).toBe('MNT');
      expect(lines.reduce((sum, l) => sum + l.amount.amount, 0)).toBe(p.budget.amount.amount);
      const funders = new Set(p.parties.filter((x) => x.roles.includes('funder')).map((x) => x.id));
      for (const l of lines) {
        sources.add(l.x_fundingSource);
        expect(l.amount.currency).toBe('MNT');
        expect(l.amount.amount).toBeGreaterThan(0);
        const year = l.period.startDate.slice(0, 4);
        expect(l.period.endDate.slice(0, 4)).toBe(year);
        expect(l.id).toBe(`${year}-${l.x_fundingSource}`);
        expect(l.description).toBe(`${FUNDING_SOURCES[l.x_fundingSource]}, ${year} он`);
        expect(funders).toContain(l.sourceParty.id);
      }
      // Foreign money is listed once more in US dollars, in budget.finance, with its financing party.
      for (const f of p.budget.finance ?? []) {
        expect(f.value.currency).toBe('USD');
        const code = f.type === 'loan' ? 'foreignLoan' : 'foreignAid';
        expect(
          lines.some((l) => l.x_fundingSource === code && l.sourceParty.id === f.financingParty.id),
        ).toBe(true);
      }
    }
    expect(sources).toEqual(new Set(Object.keys(FUNDING_SOURCES)));
  });

  it('places every project in an aimag and soum, or a capital district', () => {
    for (const p of pkg.projects) {
      const [location] = p.locations;
      expect(location?.address.countryName).toBe('Монгол Улс');
      const { region, locality } = location!.address;
      if (region === 'Улаанбаатар') expect(location?.description).toBe(`Улаанбаатар хот, ${locality} дүүрэг`);
      else expect(location?.description).toBe(`${region} аймаг, ${locality} сум`);
      expect(p.title).toContain(locality);
    }
  });

  it('writes every date with the +08:00 offset, none after the package date', () => {
    const all = pkg.projects.flatMap((p) => dates(p));
    expect(all.length).toBeGreaterThan(pkg.projects.length * 5);
    for (const d of all) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    for (const p of pkg.projects)
      expect(Date.parse(p.updated)).toBeLessThanOrEqual(Date.parse(pkg.publishedDate));
  });
});

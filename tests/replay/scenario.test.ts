import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
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

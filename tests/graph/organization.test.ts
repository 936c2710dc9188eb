import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers.js';

/**
 * The Organization node over the embedded data, checked against the golden crosswalk (register
 * number → registry entry, EITI organisation ids, EITI Mongolia report years), which is read here
 * independently of the gateway.
 */
interface Row {
  registerNumber: string;
  registryName: string;
  legalForm: string;
  inRegistry: boolean;
  eitiIds: string[];
  reportYears: number[];
}
const split = (v: string | undefined) => (v === undefined || v === '' ? [] : v.split(';'));
const rows: Row[] = readFileSync(
  new URL('../fixtures/register_number_crosswalk.csv', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const c = line.split(',');
    return {
      registerNumber: c[0]!,
      registryName: c[1]!,
      legalForm: c[2]!,
      inRegistry: c[3] === 'yes',
      eitiIds: split(c[4]),
      reportYears: split(c[8]).map(Number),
    };
  });
const valid = rows.filter((r) => /^\d{7}$/.test(r.registerNumber));
const invalid = rows.filter((r) => !/^\d{7}$/.test(r.registerNumber));

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const ORG_FIELDS = `registerNumber identifier { scheme id } registry { name legalFormRaw freshness { source } }
  eiti { organisations { id } reports { year } freshness { source } }`;

describe('organization(registerNumber:) against the golden crosswalk', () => {
  it('covers the crosswalk: 2,940 valid register numbers (18 not in the register) and 20 malformed ones', () => {
    expect(valid.length + invalid.length).toBe(rows.length);
    expect(valid.length).toBeGreaterThan(2900);
    expect(valid.filter((r) => !r.inRegistry).length).toBe(18);
  });

  it('links exactly the EITI organisation ids and EITI Mongolia report years the crosswalk lists', async () => {
    const mismatches: string[] = [];
    for (let i = 0; i < valid.length; i += 14) {
      const chunk = valid.slice(i, i + 14);
      const query = `{ ${chunk.map((r, j) => `o${j}: organization(registerNumber: "${r.registerNumber}") { ${ORG_FIELDS} }`).join(' ')} }`;
      const res = await h.query<Record<string, any>>(query);
      expect(res.status).toBe(200);
      chunk.forEach((r, j) => {
        const o = res.body.data?.[`o${j}`];
        const ids = (o?.eiti?.organisations ?? []).map((x: { id: string }) => x.id).sort();
        const years = [...new Set((o?.eiti?.reports ?? []).map((x: { year: number }) => x.year))].sort();
        if (JSON.stringify(ids) !== JSON.stringify([...r.eitiIds].sort()))
          mismatches.push(`${r.registerNumber} ids`);
        if (JSON.stringify(years) !== JSON.stringify([...new Set(r.reportYears)].sort()))
          mismatches.push(`${r.registerNumber} years`);
        if (r.inRegistry) {
          if (o?.registry?.name !== r.registryName || o.registry.legalFormRaw !== r.legalForm)
            mismatches.push(`${r.registerNumber} registry`);
        } else {
          const err = res.body.errors?.find((e) => e.path?.[0] === `o${j}` && e.path[1] === 'registry');
          if (o?.registry !== null || err?.extensions?.['code'] !== 'NOT_FOUND')
            mismatches.push(`${r.registerNumber} not-found`);
        }
      });
      // Only the NOT_FOUND explanations are errors; nothing else failed.
      expect(res.body.errors?.filter((e) => e.extensions?.['code'] !== 'NOT_FOUND') ?? []).toEqual([]);
    }
    expect(mismatches).toEqual([]);
  });

  it('answers each malformed register number with BAD_USER_INPUT naming the valid form', async () => {
    for (const n of [
      ...invalid.map((r) => r.registerNumber),
      '158607',
      '27',
      'УБ12345678',
      '2657457 OR 1=1',
    ]) {
      const res = await h.query(
        `query($n: String!) { organization(registerNumber: $n) { registerNumber } }`,
        { n },
      );
      expect(res.body.data).toEqual({ organization: null });
      expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
      expect(res.body.errors?.[0]?.message).toContain('7 digits');
    }
  });
});

describe('organizations(search:)', () => {
  it('finds Оюутолгой from Latin input with the matched variant, and from Cyrillic', async () => {
    for (const search of ['oyu tolgoi', 'Oyu Tolgoi LLC', 'Оюутолгой']) {
      const res = await h.query<{ organizations: any }>(
        `query($s: String!) { organizations(search: $s, first: 5) { totalCount edges { score matchedVariant node { registerNumber name } } freshness { source } } }`,
        { s: search },
      );
      expect(res.body.errors).toBeUndefined();
      const top = res.body.data!.organizations.edges[0];
      expect(top.node).toEqual({ registerNumber: '2657457', name: 'Оюутолгой' });
      expect(top.matchedVariant).toEqual(expect.any(String));
      expect(res.body.data!.organizations.freshness.source).toBe('REGISTRY');
    }
  });

  it('goes straight to the record for a register number', async () => {
    const res = await h.query<{ organizations: any }>(
      `{ organizations(search: "2657457") { totalCount edges { score node { name } } } }`,
    );
    expect(res.body.data!.organizations).toEqual({
      totalCount: 1,
      edges: [{ score: 1, node: { name: 'Оюутолгой' } }],
    });
  });

  it('filters by legal form', async () => {
    const res = await h.query<{ organizations: any }>(
      `{ organizations(search: "tavan tolgoi", legalForm: JOINT_STOCK_COMPANY, first: 10) { edges { node { registerNumber registry { legalForm } } } } }`,
    );
    const edges = res.body.data!.organizations.edges;
    expect(edges.map((e: any) => e.node.registerNumber)).toContain('2016656');
    for (const e of edges) expect(e.node.registry.legalForm).toBe('JOINT_STOCK_COMPANY');
  });
});

describe('changedSince and per-record revalidation', () => {
  it('compares changedSince with the date of the register data, the only change date it publishes', async () => {
    const q = (since: string) =>
      h.query<{ organizations: any }>(
        `{ organizations(search: "oyu tolgoi", first: 3, changedSince: "${since}") { totalCount freshness { sourceUpdatedAt } } }`,
      );
    const before = await q('2019-01-01');
    const dumpDate = before.body.data!.organizations.freshness.sourceUpdatedAt as string;
    expect(before.body.data!.organizations.totalCount).toBeGreaterThan(0);
    const after = await q(new Date(Date.parse(dumpDate) + 86_400_000).toISOString());
    expect(after.body.data!.organizations.totalCount).toBe(0);
  });

  it('keeps only the processes changed since a date in a procurement facet', async () => {
    const q = `query($since: DateTime) { organization(registerNumber: "0996811") { procurement {
      all: asSupplier(first: 100) { edges { node { date } } }
      recent: asSupplier(first: 100, changedSince: $since) { totalCount } } } }`;
    const all = await h.query<{ organization: any }>(q, { since: null });
    const dates = all.body
      .data!.organization.procurement.all.edges.map((e: any) => e.node.date as string)
      .sort();
    expect(dates.length).toBeGreaterThan(1);
    const since = dates[Math.floor(dates.length / 2)]!;
    const recent = await h.query<{ organization: any }>(q, { since });
    expect(recent.body.data!.organization.procurement.recent.totalCount).toBe(
      dates.filter((d: string) => Date.parse(d) >= Date.parse(since)).length,
    );
  });

  it('revalidates one record through the per-entity page on request', async () => {
    const before = h.replay.countRequests({ pathPrefix: '/registry/lesinfo/' });
    const res = await h.query<{ known: any; absent: any }>(
      `{ known: organization(registerNumber: "2657457") { registry(revalidate: true) { name legalFormRaw freshness { url } } }
         absent: organization(registerNumber: "1594826") { registry(revalidate: true) { name } } }`,
    );
    expect(res.body.data!.known.registry).toMatchObject({ name: 'Оюутолгой', legalFormRaw: 'ХХК /ГХО/' });
    expect(res.body.data!.known.registry.freshness.url).toContain('/registry/lesinfo/2657457');
    expect(res.body.data!.absent.registry).toBeNull();
    expect(res.body.errors?.[0]).toMatchObject({
      path: ['absent', 'registry'],
      extensions: { code: 'NOT_FOUND' },
    });
    expect(h.replay.countRequests({ pathPrefix: '/registry/lesinfo/' }) - before).toBe(2);
  });
});

describe('the Organization node', () => {
  it('is reachable through node(id:) and joins a fictional supplier to its contracts', async () => {
    const list = await h.query<{ contractingProcesses: any }>(
      `{ contractingProcesses(first: 50) { edges { node { awards { suppliers { party { organization { id registerNumber } } } } } } } }`,
    );
    const supplier = list.body
      .data!.contractingProcesses.edges.flatMap((e: any) => e.node.awards)
      .flatMap((a: any) => a.suppliers)
      .map((s: any) => s.party?.organization)
      .find((o: any) => o !== null && o !== undefined);
    expect(supplier.registerNumber).toMatch(/^09\d{5}$/);
    const res = await h.query<{ node: any }>(
      `query($id: ID!) { node(id: $id) { ... on Organization { registerNumber procurement { asSupplier { totalCount } freshness { source } } } } }`,
      { id: supplier.id },
    );
    expect(res.body.data!.node.registerNumber).toBe(supplier.registerNumber);
    expect(res.body.data!.node.procurement.asSupplier.totalCount).toBeGreaterThan(0);
    expect(res.body.data!.node.procurement.freshness.source).toBe('PROCUREMENT');
  });
});

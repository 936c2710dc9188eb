import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../src/replay/index.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { compileReleases } from '../../src/sources/procurement/merge.js';
import type { Release } from '../../src/sources/procurement/payload.js';
import { FAST_ENV, replayEnv } from '../helpers.js';

/**
 * The "follow the money" query of docs/queries on the embedded data: project → contracting processes →
 * suppliers → owners → EITI, with every expected value computed here from the fixture files.
 */
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url));
const projects = JSON.parse(read('data/investment/mn-scenario/projects.json').toString('utf8'))
  .projects as any[];
const releases = gunzipSync(read('data/procurement/mn-scenario/releases.jsonl.gz'))
  .toString('utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Release);
const registry = JSON.parse(read('data/registry/fictional/companies.json').toString('utf8'));
const eiti = JSON.parse(read('data/eiti/fictional/eiti_fictional.json').toString('utf8'));
const QUERY = read('docs/queries/09-follow-the-money.graphql').toString('utf8');

const PROJECT = 'mn-pip-fict-0007';
const project = projects.find((p) => p.id === PROJECT);
const ocids: string[] = project.contractingProcesses.map((c: any) => c.summary.ocid);

/** Supplier register numbers of a process, from its releases compiled with the OCDS merge rules. */
function suppliersOf(ocid: string): string[] {
  const compiled = compileReleases(releases.filter((r) => r.ocid === ocid)) as any;
  const parties = new Map<string, any>(compiled.parties.map((p: any) => [p.id, p]));
  return (compiled.awards ?? []).flatMap((a: any) =>
    (a.suppliers ?? []).map((s: any) => parties.get(s.id)?.identifier?.id),
  );
}

/** Sums per currency, computed independently of the gateway. */
function totals(values: { amount: number; currency: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v.currency] = (out[v.currency] ?? 0) + v.amount;
  return out;
}
const asRecord = (list: { amount: number; currency: string }[]) =>
  Object.fromEntries(list.map((m) => [m.currency, m.amount]));

let replay: ReplayServer;
let gateway: RunningGateway;
beforeAll(async () => {
  replay = await startReplayServer({ rateLimit: false });
  gateway = await startGateway({ env: { ...FAST_ENV, ...replayEnv(replay) } });
});
afterAll(async () => {
  await gateway.close();
  await replay.close();
});

async function run(): Promise<{ data: any; errors?: any[]; extensions?: any }> {
  const res = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: QUERY, variables: { project: PROJECT } }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { data: any; errors?: any[]; extensions?: any };
}

describe('follow the money', () => {
  it('answers project → processes → suppliers → owners → EITI with the fixtures’ values', async () => {
    const { data, errors, extensions } = await run();
    expect(errors).toBeUndefined();
    const p = data.investmentProject;
    expect(p.title).toBe(project.title);

    // Budget: per currency, never mixed.
    const lines = project.budget.budgetBreakdowns.flatMap((b: any) =>
      b.budgetBreakdown.map((l: any) => l.amount),
    );
    expect(asRecord(p.budgetTotals)).toEqual(totals(lines));

    // Processes, in the project's order, and their suppliers.
    expect(p.contractingProcesses.map((c: any) => c.ocid)).toEqual(ocids);
    for (const c of p.contractingProcesses) {
      const got = c.awards.flatMap((a: any) =>
        a.suppliers.map((s: any) => s.party?.organization?.registerNumber),
      );
      expect(got.sort()).toEqual(suppliersOf(c.ocid).sort());
    }

    // The contractor that the registry knows: its owners and its EITI payments.
    const orgs = p.contractingProcesses
      .flatMap((c: any) => c.awards)
      .flatMap((a: any) => a.suppliers)
      .map((s: any) => s.party.organization);
    const contractor = orgs.find((o: any) => o.registerNumber === '0996811');
    expect(contractor, 'the project’s contractor 0996811').toBeDefined();
    const holders = registry.holdings.filter((h: any) => h.subject === '0996811');
    const nameOf = (id: string) =>
      [...registry.companies, ...registry.persons, ...(registry.foreignEntities ?? [])].find(
        (x: any) => (x.registerNumber ?? x.id) === id,
      )?.name;
    expect(contractor.owners.map((o: any) => o.interestedParty.name).sort()).toEqual(
      holders.map((h: any) => nameOf(h.holder)).sort(),
    );
    expect(contractor.owners.map((o: any) => o.interests[0].shareExact).sort()).toEqual(
      holders.map((h: any) => h.interests[0].share).sort(),
    );
    const orgRows = eiti.organisations.filter((o: any) => o.identification.trim() === '0996811');
    expect(contractor.eiti.organisations.map((o: any) => o.id).sort()).toEqual(
      orgRows.map((o: any) => o.id).sort(),
    );
    const revenue = eiti.revenue.filter((r: any) => r['organisation.identification'] === '0996811');
    expect(totals(contractor.eiti.payments.map((x: any) => x.value))).toEqual(
      totals(revenue.map((r: any) => ({ amount: r.revenue, currency: r.currency }))),
    );

    // Provenance and freshness for every source the answer crossed.
    const sources = extensions.freshness.sources.map((s: any) => s.source).sort();
    // EITI Mongolia is read (the facet loads it) but no field of this query comes from it.
    expect(sources).toEqual(['EITI', 'INVESTMENT', 'PROCUREMENT', 'REGISTRY']);
    expect(p.freshness.source).toBe('INVESTMENT');
    for (const c of p.contractingProcesses) expect(c.freshness.source).toBe('PROCUREMENT');
    expect(contractor.owners[0].freshness.source).toBe('REGISTRY');
    expect(contractor.eiti.freshness.source).toBe('EITI');
  });

  it('keeps every other part when one upstream is down, that part null with its code', async () => {
    replay.faults.set('/eiti/', { kind: 'status', status: 503 });
    try {
      // A fresh gateway so nothing is cached yet.
      const fresh = await startGateway({ env: { ...FAST_ENV, ...replayEnv(replay) } });
      try {
        const res = await fetch(`${fresh.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: QUERY, variables: { project: PROJECT } }),
        });
        const body = (await res.json()) as { data: any; errors: any[] };
        expect(res.status).toBe(200);
        expect(body.errors.length).toBeGreaterThan(0);
        for (const e of body.errors) {
          expect(e.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'EITI' });
          expect(e.path.at(-2)).toBe('eiti');
          expect(['organisations', 'payments']).toContain(e.path.at(-1));
        }
        const p = body.data.investmentProject;
        expect(p.contractingProcesses.map((c: any) => c.ocid)).toEqual(ocids);
        const contractor = p.contractingProcesses
          .flatMap((c: any) => c.awards)
          .flatMap((a: any) => a.suppliers)
          .map((s: any) => s.party.organization)
          .find((o: any) => o.registerNumber === '0996811');
        expect(contractor.owners.length).toBeGreaterThan(0);
        expect(contractor.eiti.organisations).toBeNull();
        expect(contractor.eiti.freshness.source).toBe('EITI_MONGOLIA');
      } finally {
        await fresh.close();
      }
    } finally {
      replay.faults.clear();
    }
  });
});

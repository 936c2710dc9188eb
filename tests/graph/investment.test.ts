import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers.js';

/** Investment projects, list filters, per-currency totals and the tender.gov.mn feed, against the fixture files. */
const projects = JSON.parse(
  readFileSync(new URL('../../data/investment/mn-scenario/projects.json', import.meta.url), 'utf8'),
).projects as any[];
const fundingOf = (p: any) =>
  p.budget.budgetBreakdowns.flatMap((b: any) => b.budgetBreakdown.map((l: any) => l.x_fundingSource));

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const count = async (filter: string, query = 'investmentProjects') => {
  const res = await h.query<any>(`{ ${query}(first: 100, filter: ${filter}) { totalCount } }`);
  expect(res.body.errors).toBeUndefined();
  return res.body.data[query].totalCount as number;
};

describe('investmentProjects', () => {
  it('lists every project with per-currency budget totals', async () => {
    const res = await h.query<any>(
      `{ investmentProjects(first: 100) { totalCount budgetTotals { amount currency } edges { node { projectId } } freshness { source } } }`,
    );
    const c = res.body.data.investmentProjects;
    expect(c.totalCount).toBe(projects.length);
    const sums: Record<string, number> = {};
    for (const p of projects)
      sums[p.budget.amount.currency] = (sums[p.budget.amount.currency] ?? 0) + p.budget.amount.amount;
    expect(Object.fromEntries(c.budgetTotals.map((m: any) => [m.currency, m.amount]))).toEqual(sums);
    expect(c.freshness.source).toBe('INVESTMENT');
  });

  it('filters by aimag, sector prefix, status, funding source and update time as the fixture says', async () => {
    const aimag = projects[0].locations[0].address.region as string;
    expect(await count(`{ aimag: "${aimag}" }`)).toBe(
      projects.filter((p) => p.locations.some((l: any) => l.address.region === aimag)).length,
    );
    expect(await count(`{ sector: "transport" }`)).toBe(
      projects.filter((p) => p.sector.some((s: string) => s.startsWith('transport'))).length,
    );
    expect(await count(`{ status: "implementation" }`)).toBe(
      projects.filter((p) => p.status === 'implementation').length,
    );
    expect(await count(`{ fundingSource: FOREIGN_LOAN }`)).toBe(
      projects.filter((p) => fundingOf(p).includes('foreignLoan')).length,
    );
    const since = [...projects].map((p) => p.updated as string).sort()[Math.floor(projects.length / 2)]!;
    expect(await count(`{ changedSince: "${since}" }`)).toBe(
      projects.filter((p) => Date.parse(p.updated) >= Date.parse(since)).length,
    );
  });

  it('takes a budget range only with its currency and never compares across currencies', async () => {
    const min = 10_000_000_000;
    expect(await count(`{ budgetMin: ${min}, currency: "MNT" }`)).toBe(
      projects.filter((p) => p.budget.amount.currency === 'MNT' && p.budget.amount.amount >= min).length,
    );
    expect(await count(`{ budgetMin: 1, currency: "USD" }`)).toBe(
      projects.filter((p) => p.budget.amount.currency === 'USD').length,
    );
    const bad = await h.query(`{ investmentProjects(filter: { budgetMin: 1 }) { totalCount } }`);
    expect(bad.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(bad.body.errors?.[0]?.message).toContain('currency');
  });

  it('links projects and processes both ways, and organisations to their projects by role', async () => {
    const p = projects.find((x) => x.contractingProcesses.length > 1)!;
    const ocid = p.contractingProcesses[0].summary.ocid as string;
    const res = await h.query<any>(`{ contractingProcess(ocid: "${ocid}") { projects { projectId } } }`);
    expect(res.body.data.contractingProcess.projects.map((x: any) => x.projectId)).toContain(p.id);
    const contractor = p.parties.find(
      (x: any) => x.roles.includes('supplier') && x.identifier?.scheme === 'MN-CR',
    );
    const n = contractor.identifier.id as string;
    const org = await h.query<any>(
      `{ organization(registerNumber: "${n}") { investmentProjects(role: CONTRACTOR) { projectId } } }`,
    );
    const expected = projects
      .filter((x) => x.parties.some((y: any) => y.identifier?.id === n && y.roles.includes('supplier')))
      .map((x) => x.id);
    expect(org.body.data.organization.investmentProjects.map((x: any) => x.projectId).sort()).toEqual(
      expected.sort(),
    );
  });

  it('fetches a project by id and by node id, and answers an unknown id with NOT_FOUND', async () => {
    const one = await h.query<any>(
      `{ investmentProject(id: "${projects[1].id}") { id projectId fictional notice } }`,
    );
    const p = one.body.data.investmentProject;
    expect(p).toMatchObject({ projectId: projects[1].id, fictional: true });
    const node = await h.query<any>(
      `query($id: ID!) { node(id: $id) { ... on InvestmentProject { projectId } } }`,
      { id: p.id },
    );
    expect(node.body.data.node.projectId).toBe(projects[1].id);
    const missing = await h.query(`{ investmentProject(id: "mn-pip-none") { projectId } }`);
    expect(missing.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', source: 'INVESTMENT' });
  });
});

describe('contractingProcesses value filters and totals', () => {
  it('filters by a value range in one currency and totals per currency', async () => {
    const all = await h.query<any>(
      `{ contractingProcesses(first: 100) { totalCount valueTotals { amount currency } } }`,
    );
    const totals = all.body.data.contractingProcesses.valueTotals;
    expect(totals.map((m: any) => m.currency)).toEqual(
      [...new Set(totals.map((m: any) => m.currency))].sort(),
    );
    const big = await h.query<any>(
      `{ contractingProcesses(filter: { valueMin: 1000000000, currency: "MNT" }) { totalCount valueTotals { amount currency } } }`,
    );
    const c = big.body.data.contractingProcesses;
    expect(c.totalCount).toBeGreaterThan(0);
    expect(c.totalCount).toBeLessThan(all.body.data.contractingProcesses.totalCount);
    expect(c.valueTotals).toHaveLength(1);
    expect(c.valueTotals[0].currency).toBe('MNT');
    expect(c.valueTotals[0].amount).toBeGreaterThanOrEqual(1_000_000_000 * c.totalCount);
    const none = await h.query<any>(
      `{ contractingProcesses(filter: { valueMin: 1, currency: "EUR" }) { totalCount } }`,
    );
    expect(none.body.data.contractingProcesses.totalCount).toBe(0);
  });
});

describe('the tender.gov.mn feed', () => {
  it('lists tender.gov.mn invitations mapped to OCDS with its own freshness, and resolves their ocids', async () => {
    const res = await h.query<any>(
      `{ contractingProcesses(feed: TENDER_MN, first: 100) { totalCount edges { node { ocid tender { title } freshness { source } } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    const c = res.body.data.contractingProcesses;
    expect(c.totalCount).toBeGreaterThan(10);
    const first = c.edges[0].node;
    expect(first.ocid.startsWith('ocds-xxxxxx-mn-tender-')).toBe(true);
    expect(first.freshness.source).toBe('TENDER_MN');
    const one = await h.query<any>(
      `{ contractingProcess(ocid: "${first.ocid}") { ocid tender { title } freshness { source } } }`,
    );
    expect(one.body.data.contractingProcess).toEqual({
      ocid: first.ocid,
      tender: first.tender,
      freshness: { source: 'TENDER_MN' },
    });
  });
});

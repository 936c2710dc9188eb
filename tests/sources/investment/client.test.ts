import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FundingSource, InvestmentProject, ProjectRole } from '../../../src/domain/investment.js';
import { startReplayServer, type DriftVariant, type ReplayServer } from '../../../src/replay/index.js';
import { InvestmentClient } from '../../../src/sources/investment/index.js';
import {
  investmentUpstream,
  linesOf,
  mnCrOf,
  projectsFile,
  scenarioOcids,
  upstreamError,
  type TestLine,
} from './helpers.js';

const PACKAGE_PATH = '/investment/projects.json';

let replay: ReplayServer;
let up: ReturnType<typeof investmentUpstream>;

beforeAll(async () => {
  replay = await startReplayServer({ rateLimit: false });
});
afterAll(async () => {
  await replay.close();
});
beforeEach(() => {
  replay.clearLog();
  replay.faults.clear();
  up = investmentUpstream(replay);
});
afterEach(async () => {
  vi.useRealTimers();
  await up.close();
});

const calls = (): number => replay.countRequests({ pathPrefix: '/investment' });

/** The test's own reading of the `x_fundingSource` codes (README.md of the source). */
const FUNDING: Readonly<Record<string, FundingSource>> = {
  stateBudget: 'STATE_BUDGET',
  localDevelopmentFund: 'LOCAL_DEVELOPMENT_FUND',
  foreignLoan: 'FOREIGN_LOAN',
  foreignAid: 'FOREIGN_AID',
};

/** The test's own reading of the role codes the fictional data uses. */
const ROLES: Readonly<Record<string, ProjectRole>> = {
  publicAuthority: 'publicAuthority',
  buyer: 'implementer',
  procuringEntity: 'implementer',
  supplier: 'contractor',
  supervisor: 'supervisor',
  funder: 'funder',
};

/** Totals keyed `source|year|currency`: summed within one currency only. */
function totals(
  lines: readonly {
    source: string;
    year: number | null;
    amount: { amount: number; currency: string } | null;
  }[],
): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of lines) {
    if (l.amount === null) continue;
    const key = `${l.source}|${l.year}|${l.amount.currency}`;
    out.set(key, (out.get(key) ?? 0) + l.amount.amount);
  }
  return out;
}

function fileTotals(lines: readonly TestLine[]): Map<string, number> {
  return totals(
    lines.map((l) => ({
      source: FUNDING[l.x_fundingSource ?? ''] ?? 'OTHER',
      year: l.period?.startDate === undefined ? null : Number(l.period.startDate.slice(0, 4)),
      amount: l.amount ?? null,
    })),
  );
}

function clientTotals(project: InvestmentProject): Map<string, number> {
  return totals(
    project.budgetLines.map((l) => ({ source: l.fundingSource, year: l.year, amount: l.amount })),
  );
}

async function projects(): Promise<readonly InvestmentProject[]> {
  return (await new InvestmentClient(up.source).projects()).value;
}

describe('InvestmentClient.projects', () => {
  it('maps every project of the package, in file order, as fictional with the notice of the file', async () => {
    const { value, freshness } = await new InvestmentClient(up.source).projects();
    expect(value.map((p) => p.id)).toEqual(projectsFile.projects.map((p) => p.id));
    expect(value).toHaveLength(40);
    for (const [i, p] of value.entries()) {
      const file = projectsFile.projects[i]!;
      expect(p.title).toBe(file.title);
      expect(p.status).toBe(file.status);
      expect(p.updated).toBe(file.updated);
      expect(p.fictional).toBe(true);
      expect(p.notice).toBe(file.x_fictional);
      expect(p.locations.length).toBeGreaterThan(0);
    }
    expect(freshness).toMatchObject({
      source: 'INVESTMENT',
      url: `${replay.url}${PACKAGE_PATH}`,
      sourceUpdatedAt: projectsFile.publishedDate,
      cache: 'MISS',
    });
  });

  it('gives each project the budget lines of the file, per funding source and year', async () => {
    const mapped = await projects();
    for (const [i, p] of mapped.entries()) {
      const file = projectsFile.projects[i]!;
      expect(p.budgetLines.map((l) => l.id)).toEqual(linesOf(file).map((l) => l.id));
      expect(clientTotals(p)).toEqual(fileTotals(linesOf(file)));
      for (const [j, line] of p.budgetLines.entries()) {
        expect(line.sourcePartyId).toBe(linesOf(file)[j]!.sourceParty?.id);
        expect(line.sourcePartyName).toBe(linesOf(file)[j]!.sourceParty?.name);
      }
    }
    const sources = new Set(mapped.flatMap((p) => p.budgetLines.map((l) => l.fundingSource)));
    expect(sources).toEqual(
      new Set(['STATE_BUDGET', 'LOCAL_DEVELOPMENT_FUND', 'FOREIGN_LOAN', 'FOREIGN_AID', 'OTHER']),
    );
  });

  it('keeps the published budget and every line in its own currency, never summing', async () => {
    for (const [i, p] of (await projects()).entries()) {
      const file = projectsFile.projects[i]!;
      expect(p.budget).toEqual(file.budget?.amount);
      expect(p.budgetLines.map((l) => l.amount)).toEqual(linesOf(file).map((l) => l.amount));
    }
  });

  it('maps parties with their MN-CR register numbers, raw roles and project roles', async () => {
    for (const [i, p] of (await projects()).entries()) {
      const file = projectsFile.projects[i]!;
      expect(p.parties.map((x) => x.id)).toEqual(file.parties?.map((x) => x.id));
      for (const [j, party] of p.parties.entries()) {
        const raw = file.parties![j]!;
        expect(party.name).toBe(raw.name);
        expect(party.registerNumber).toBe(mnCrOf(raw));
        expect(party.rolesRaw).toEqual(raw.roles);
        expect(new Set(party.roles)).toEqual(new Set(raw.roles!.map((r) => ROLES[r] ?? 'other')));
      }
    }
  });

  it('links contracting processes by ocid, each of which exists in the procurement scenario', async () => {
    const ocids = scenarioOcids();
    const mapped = await projects();
    for (const [i, p] of mapped.entries()) {
      const file = projectsFile.projects[i]!;
      expect(p.contractingProcesses.map((c) => c.ocid)).toEqual(
        file.contractingProcesses?.map((c) => c.summary?.ocid),
      );
      expect(p.contractingProcesses.length).toBeGreaterThanOrEqual(1);
      expect(p.contractingProcesses.length).toBeLessThanOrEqual(4);
      for (const c of p.contractingProcesses) expect(ocids.has(c.ocid)).toBe(true);
    }
  });
});

describe('InvestmentClient indexes', () => {
  it('indexes projects by contracting-process ocid as the file links them', async () => {
    const expected = new Map<string, string[]>();
    for (const p of projectsFile.projects)
      for (const c of p.contractingProcesses ?? [])
        expected.set(c.summary!.ocid!, [...(expected.get(c.summary!.ocid!) ?? []), p.id]);
    const { value } = await new InvestmentClient(up.source).byOcid();
    expect(new Map([...value].map(([k, list]) => [k, list.map((p) => p.id)]))).toEqual(expected);
  });

  it('indexes projects by the MN-CR register number of any of their parties', async () => {
    const expected = new Map<string, string[]>();
    for (const p of projectsFile.projects)
      for (const number of new Set((p.parties ?? []).map(mnCrOf)))
        if (number !== null) expected.set(number, [...(expected.get(number) ?? []), p.id]);
    const { value } = await new InvestmentClient(up.source).byRegisterNumber();
    expect(new Map([...value].map(([k, list]) => [k, list.map((p) => p.id)]))).toEqual(expected);
    // Foreign funders carry no MN-CR identifier, so they are in no index entry.
    expect([...value.keys()].every((k) => /^09\d{5}$/.test(k))).toBe(true);
  });

  it('indexes projects by id', async () => {
    const { value } = await new InvestmentClient(up.source).byId();
    expect([...value.keys()]).toEqual(projectsFile.projects.map((p) => p.id));
  });

  it('asks the upstream once for repeated calls and builds each index once per cached body', async () => {
    const client = new InvestmentClient(up.source);
    const first = await client.projects();
    const ocid1 = await client.byOcid();
    const reg1 = await client.byRegisterNumber();
    const id1 = await client.byId();
    const second = await client.projects();
    const ocid2 = await client.byOcid();
    const reg2 = await client.byRegisterNumber();
    const id2 = await client.byId();
    expect(calls()).toBe(1);
    expect(replay.requests[0]).toMatchObject({ method: 'GET', path: PACKAGE_PATH, status: 200 });
    expect(second.value).toBe(first.value);
    expect(ocid2.value).toBe(ocid1.value);
    expect(reg2.value).toBe(reg1.value);
    expect(id2.value).toBe(id1.value);
    expect(second.freshness.cache).toBe('HIT');
  });

  it('shares one request between concurrent first calls', async () => {
    const client = new InvestmentClient(up.source);
    await Promise.all([client.projects(), client.byOcid(), client.byRegisterNumber(), client.byId()]);
    expect(calls()).toBe(1);
  });

  it('revalidates with a conditional request and keeps projects and indexes when the body is unchanged', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-08-01T00:00:00Z'));
    const client = new InvestmentClient(up.source);
    const first = await client.byOcid();
    vi.setSystemTime(new Date('2026-08-02T00:00:01Z'));
    const second = await client.byOcid();
    expect(calls()).toBe(2);
    const [, conditional] = replay.requests;
    expect(conditional?.headers['if-none-match']).toMatch(/^"/);
    expect(conditional?.status).toBe(304);
    expect(second.freshness.cache).toBe('REVALIDATED');
    expect(second.value).toBe(first.value);
  });
});

describe('InvestmentClient on a broken upstream', () => {
  it.each([
    'number-as-string',
    'missing-required',
    'object-instead-of-array',
    'renamed-field',
    'wrong-type',
  ] as const satisfies readonly DriftVariant[])(
    'fails with UPSTREAM_INVALID on %s drift, without retrying',
    async (variant) => {
      replay.faults.set(PACKAGE_PATH, { kind: 'drift', variant });
      const error = await upstreamError(new InvestmentClient(up.source).projects());
      expect(error.code).toBe('UPSTREAM_INVALID');
      expect(error.message).toBe(
        'The public investment upstream sent data that does not match its published format (schema drift).',
      );
      expect(calls()).toBe(1);
    },
  );

  it('names the paths that drifted, never the values', async () => {
    replay.faults.set(PACKAGE_PATH, { kind: 'drift', variant: 'number-as-string' });
    const error = await upstreamError(new InvestmentClient(up.source).projects());
    const cause = String((error.cause as Error).message);
    expect(cause).toMatch(/^project package: projects\.0\.budget\./);
    expect(cause).toContain('expected number');
    expect(cause).not.toContain(String(projectsFile.projects[0]!.budget!.amount!.amount));
  });

  it('retries a 503 and then maps the package', async () => {
    replay.faults.set(PACKAGE_PATH, { kind: 'status', status: 503 }, { times: 1 });
    expect(await projects()).toHaveLength(40);
    expect(calls()).toBe(2);
  });
});

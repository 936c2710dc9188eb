import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvestmentProject } from '../../../src/domain/investment.js';
import { startReplayServer } from '../../../src/replay/index.js';
import { InvestmentClient } from '../../../src/sources/investment/index.js';
import {
  EXAMPLE_FILE,
  investmentUpstream,
  linesOf,
  readPackage,
  tempJson,
  upstreamError,
} from './helpers.js';

/** Serves `dataFile` on its own replay server and maps it with a fresh client. */
async function served(
  dataFile: string,
  fictionalNotice?: string,
): Promise<{ client: InvestmentClient; close(): Promise<void> }> {
  const replay = await startReplayServer({
    rateLimit: false,
    investment: { dataFile, ...(fictionalNotice === undefined ? {} : { fictionalNotice }) },
  });
  const up = investmentUpstream(replay);
  return {
    client: new InvestmentClient(up.source),
    close: async () => {
      await up.close();
      await replay.close();
    },
  };
}

describe('the OC4IDS worked example', () => {
  const NOTICE = 'Official fictional example of the OC4IDS standard; it describes no real project.';
  const file = readPackage(EXAMPLE_FILE);
  const raw = file.projects[0]!;
  let server: Awaited<ReturnType<typeof served>>;
  let project: InvestmentProject;

  beforeAll(async () => {
    server = await served(fileURLToPath(EXAMPLE_FILE), NOTICE);
    const { value } = await server.client.projects();
    expect(value).toHaveLength(1);
    project = value[0]!;
  });
  afterAll(async () => {
    await server.close();
  });

  it('keeps every budget line, with its amount, currency and year', () => {
    const lines = linesOf(raw);
    expect(lines.length).toBeGreaterThan(0);
    expect(project.budgetLines.map((l) => l.id)).toEqual(lines.map((l) => l.id));
    expect(project.budgetLines.map((l) => l.amount)).toEqual(lines.map((l) => l.amount));
    expect(project.budgetLines.map((l) => l.year)).toEqual(
      lines.map((l) => Number(l.period!.startDate!.slice(0, 4))),
    );
    expect(project.budgetLines.map((l) => l.sourcePartyId)).toEqual(lines.map((l) => l.sourceParty?.id));
    // The example encodes no funding source: every line is OTHER rather than a guess.
    expect(new Set(project.budgetLines.map((l) => l.fundingSource))).toEqual(new Set(['OTHER']));
    expect(project.budget).toEqual(raw.budget?.amount);
  });

  it('keeps every party with its raw roles, and finds no MN-CR register number', () => {
    expect(project.parties.map((p) => p.id)).toEqual(raw.parties!.map((p) => p.id));
    expect(project.parties.map((p) => p.rolesRaw)).toEqual(raw.parties!.map((p) => p.roles));
    expect(project.parties.every((p) => p.registerNumber === null)).toBe(true);
    const authority = project.parties.find((p) => p.id === 'GB-GOR-XX1234');
    expect(authority?.roles).toEqual(['publicAuthority', 'implementer', 'funder', 'other']);
    expect(project.parties.find((p) => p.id === 'GB-GOR-XX9876')?.roles).toEqual(['implementer']);
    expect(project.parties.find((p) => p.id === 'GB-COH-22222222')?.roles).toEqual(['contractor', 'other']);
  });

  it('keeps every contracting process with its ocid, title and status', () => {
    expect(project.contractingProcesses.map((c) => c.ocid)).toEqual(
      raw.contractingProcesses!.map((c) => c.summary!.ocid),
    );
    expect(project.contractingProcesses.every((c) => c.status === 'closed' && c.title !== null)).toBe(true);
  });

  it('maps the project fields as published, status codes included', () => {
    expect(project).toMatchObject({
      id: 'oc4ids-bu3kcz-m75-junctions-4-to-5-smart-motorway',
      // Not a projectStatus code ("completion"), but the example's own word: kept, not corrected.
      status: 'completed',
      sectors: ['transport', 'transport.road'],
      type: 'expansion',
      updated: '2018-12-10T15:53:00Z',
      period: {
        startDate: '2016-01-01T00:00:00Z',
        endDate: '2018-12-10T00:00:00Z',
        maxExtentDate: null,
        durationInDays: 1074,
      },
      fictional: true,
      notice: NOTICE,
    });
    expect(project.locations[0]).toEqual({
      description: 'M75 J4 Patcham Interchange',
      aimag: 'Westshire',
      soum: 'Patcham',
    });
  });
});

describe('InvestmentClient mapping rules', () => {
  const period = (year: number) => ({
    startDate: `${year}-01-01T00:00:00+08:00`,
    endDate: `${year}-12-31T23:59:59+08:00`,
  });
  const pkg = {
    version: '0.9',
    uri: 'https://investment.example/test.json',
    publishedDate: '2026-01-01T00:00:00Z',
    publisher: { name: 'Test' },
    x_fictional: 'Package notice.',
    projects: [
      {
        id: 'edge-1',
        budget: {
          amount: { amount: 1000, currency: 'MNT' },
          budgetBreakdowns: [
            {
              id: 'by-year',
              budgetBreakdown: [
                {
                  id: 'loan-mnt',
                  amount: { amount: 300, currency: 'MNT' },
                  period: period(2024),
                  sourceParty: { id: 'L' },
                  x_fundingSource: 'foreignLoan',
                },
                {
                  id: 'loan-usd',
                  amount: { amount: 100, currency: 'USD' },
                  period: { startDate: '2024-03-01T00:00:00+08:00' },
                  sourceParty: { id: 'L', name: 'Lender as the line names it' },
                  x_fundingSource: 'foreignLoan',
                },
              ],
            },
            {
              id: 'other',
              budgetBreakdown: [
                {
                  id: 'two-years',
                  amount: { amount: 700, currency: 'MNT' },
                  period: { startDate: '2024-06-01T00:00:00Z', endDate: '2025-05-31T00:00:00Z' },
                  x_fundingSource: 'municipalBond',
                },
                { id: 'no-currency', amount: { amount: 5 }, period: { endDate: '2023-12-31T00:00:00Z' } },
                { id: 7, x_fundingSource: 'stateBudget' },
              ],
            },
          ],
        },
        parties: [
          { id: 'MN-CR-0912345', name: 'Id only', roles: ['supplier', 'tenderer'] },
          { id: 'L', name: 'Lender', identifier: { scheme: 'XI-FICT', id: '0912345' }, roles: ['funder'] },
          { name: 'No id', identifier: { scheme: 'MN-CR', id: ' 0954321 ' }, roles: ['supervisor'] },
          {
            id: 'extra',
            additionalIdentifiers: [
              { scheme: 'GB-COH', id: '1' },
              { scheme: 'MN-CR', id: '0911111' },
            ],
            roles: ['administrativeEntity', 'somethingNew'],
          },
          { id: 'not-digits', identifier: { scheme: 'MN-CR', id: 'n/a' } },
        ],
        contractingProcesses: [
          { id: 'ocds-abc123-1', summary: { title: 'Linked by id' } },
          { id: 'local-1', summary: { title: 'No ocid' } },
          { id: 'x', summary: { ocid: 'ocds-abc123-2', status: 'active' } },
          // An ocid as some publishers write it: upper case, an 8-character prefix.
          { id: 'OCDS-ABCD1234-3', summary: { title: 'Linked by an upper-case id' } },
        ],
      },
      { id: 'edge-2', x_fictional: false },
      { id: 'edge-3' },
    ],
  };
  let server: Awaited<ReturnType<typeof served>>;
  let edge: InvestmentProject;
  let all: readonly InvestmentProject[];

  beforeAll(async () => {
    server = await served(tempJson(pkg));
    all = (await server.client.projects()).value;
    edge = all[0]!;
  });
  afterAll(async () => {
    await server.close();
  });

  it('keeps the published budget and each line in its currency; totals exist only per currency', () => {
    expect(edge.budget).toEqual({ amount: 1000, currency: 'MNT' });
    expect(edge.budgetLines.map((l) => [l.id, l.amount])).toEqual([
      ['loan-mnt', { amount: 300, currency: 'MNT' }],
      ['loan-usd', { amount: 100, currency: 'USD' }],
      ['two-years', { amount: 700, currency: 'MNT' }],
      // An amount without a currency means nothing.
      ['no-currency', null],
      ['7', null],
    ]);
    const loan = new Map<string, number>();
    for (const l of edge.budgetLines)
      if (l.fundingSource === 'FOREIGN_LOAN' && l.amount)
        loan.set(l.amount.currency, (loan.get(l.amount.currency) ?? 0) + l.amount.amount);
    expect(loan).toEqual(
      new Map([
        ['MNT', 300],
        ['USD', 100],
      ]),
    );
  });

  it('reads the year of a line from its period, and none for a period spanning two years', () => {
    expect(edge.budgetLines.map((l) => l.year)).toEqual([2024, 2024, null, 2023, null]);
  });

  it('maps x_fundingSource codes, and any other code or none to OTHER', () => {
    expect(edge.budgetLines.map((l) => l.fundingSource)).toEqual([
      'FOREIGN_LOAN',
      'FOREIGN_LOAN',
      'OTHER',
      'OTHER',
      'STATE_BUDGET',
    ]);
  });

  it("names a line's source party by the line's reference, else by the referenced party", () => {
    expect(edge.budgetLines.map((l) => [l.sourcePartyId, l.sourcePartyName])).toEqual([
      ['L', 'Lender'],
      ['L', 'Lender as the line names it'],
      [null, null],
      [null, null],
      [null, null],
    ]);
  });

  it('takes register numbers only from MN-CR identifiers, never from a party id', () => {
    expect(edge.parties.map((p) => [p.id, p.registerNumber])).toEqual([
      ['MN-CR-0912345', null],
      ['L', null],
      // No id: the identifier gives one, as OC4IDS recommends.
      ['MN-CR-0954321', '0954321'],
      ['extra', '0911111'],
      ['not-digits', null],
    ]);
  });

  it('maps OC4IDS role codes to project roles and keeps the raw codes', () => {
    expect(edge.parties.map((p) => [p.roles, p.rolesRaw])).toEqual([
      [
        ['contractor', 'other'],
        ['supplier', 'tenderer'],
      ],
      [['funder'], ['funder']],
      [['supervisor'], ['supervisor']],
      [
        ['implementer', 'other'],
        ['administrativeEntity', 'somethingNew'],
      ],
      [[], []],
    ]);
  });

  it('links processes by summary.ocid, or by an id that is an ocid, and leaves out the rest', () => {
    expect(edge.contractingProcesses).toEqual([
      { ocid: 'ocds-abc123-1', title: 'Linked by id', status: null },
      { ocid: 'ocds-abc123-2', title: null, status: 'active' },
      { ocid: 'OCDS-ABCD1234-3', title: 'Linked by an upper-case id', status: null },
    ]);
  });

  it("inherits the package's x_fictional unless the project says otherwise", () => {
    expect(all.map((p) => [p.id, p.fictional, p.notice])).toEqual([
      ['edge-1', true, 'Package notice.'],
      ['edge-2', false, null],
      ['edge-3', true, 'Package notice.'],
    ]);
  });

  it('indexes register numbers found in additional identifiers too', async () => {
    const { value } = await server.client.byRegisterNumber();
    expect([...value.keys()].sort()).toEqual(['0911111', '0954321']);
    const { value: byOcid } = await server.client.byOcid();
    expect([...byOcid.keys()]).toEqual(['ocds-abc123-1', 'ocds-abc123-2', 'OCDS-ABCD1234-3']);
  });

  it('refuses an MN-CR identifier given as a number, which loses its leading zero, as schema drift', async () => {
    const broken = await served(
      tempJson({
        ...pkg,
        projects: [{ id: 'p', parties: [{ id: 'a', identifier: { scheme: 'MN-CR', id: 912345 } }] }],
      }),
    );
    try {
      const error = await upstreamError(broken.client.projects());
      expect(error.code).toBe('UPSTREAM_INVALID');
      expect((error.cause as Error).message).toBe(
        'project package: projects.0.parties.0.identifier.id: expected string',
      );
    } finally {
      await broken.close();
    }
  });
});

/**
 * The values of OCDS extensions and of fields mapped later, queried as typed fields through the whole
 * gateway over the replay server: the embedded data plus fictional packages (`ocds-xxxxxx-ext-…`) with
 * lots, bids, enquiries, amendments (OCDS 1.1 lists, and the 1.0 single object of a package without
 * `version`), every classification of an item, a contract's milestones, party details and related
 * processes. What the graph withholds about persons stays withheld in them; a process not published as
 * OCDS (`feed: TENDER_MN`) answers them null, unknown, never an empty list.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_OCDS_FILES, startReplayServer, type ReplayServer } from '../../src/replay/index.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { FAST_ENV, postGraphql, removeDataDir, replayEnv } from '../helpers.js';

const NOTICE = 'Fictional releases made for the tests of the extension fields.';
const EXT_1 = 'ocds-xxxxxx-ext-1';
const EXT_OLD = 'ocds-xxxxxx-ext-10';
/** An (invented) citizen's register number: a person, never shown. */
const PERSON_ID = 'УБ99010112';

const buyer = {
  id: 'MN-CR-0990010',
  name: 'Fictional Extension Buyer (зохиомол)',
  identifier: { scheme: 'MN-CR', id: '0990010' },
  roles: ['buyer'],
};
const builder = {
  id: 'MN-CR-0990011',
  name: 'Fictional Builder LLC',
  identifier: { scheme: 'MN-CR', id: '0990011' },
  roles: ['tenderer', 'supplier'],
  details: {
    scale: 'sme',
    classifications: [{ scheme: 'x_sector', id: 'F42', description: 'Civil engineering' }],
    contactPoint: { name: 'An employee', email: 'employee@example.org' },
  },
};

/** Two OCDS 1.1 releases of one process: a tender with lots and enquiries, then its award and contract. */
const releases = [
  {
    ocid: EXT_1,
    id: 'ext-1-r1',
    date: '2024-06-01T00:00:00Z',
    tag: ['tender'],
    initiationType: 'tender',
    parties: [buyer, builder],
    buyer: { id: buyer.id, name: buyer.name },
    relatedProcesses: [
      { id: 'rp1', relationship: ['planning'], scheme: 'ocid', identifier: 'ocds-xxxxxx-ext-0' },
    ],
    tender: {
      id: 't1',
      title: 'Road sections A and B (fictional)',
      status: 'active',
      lots: [
        { id: 'lot-1', title: 'Section A', value: { amount: 400_000_000, currency: 'MNT' } },
        { id: 'lot-2', title: 'Section B', value: { amount: 300_000_000, currency: 'MNT' } },
      ],
      items: [
        {
          id: 'i1',
          relatedLot: 'lot-1',
          classification: { scheme: 'CPV', id: '45233140' },
          additionalClassifications: [{ scheme: 'UNSPSC', id: '72141000' }],
        },
      ],
      documents: [{ id: 'd1', title: 'Drawings of section B', relatedLots: ['lot-2'] }],
      enquiries: [
        {
          id: 'q1',
          date: '2024-06-05T00:00:00Z',
          author: { id: builder.id, name: builder.name },
          description: 'Which asphalt grade is required?',
          answer: 'Grade 60/70.',
        },
        { id: 'q2', author: { id: PERSON_ID, name: 'A citizen' }, description: 'Will the road stay open?' },
      ],
    },
  },
  {
    ocid: EXT_1,
    id: 'ext-1-r2',
    date: '2024-07-01T00:00:00Z',
    tag: ['award', 'contract', 'tenderAmendment'],
    initiationType: 'tender',
    tender: {
      id: 't1',
      status: 'complete',
      amendments: [
        {
          id: 'am1',
          date: '2024-06-10T00:00:00Z',
          rationale: 'Deadline extended',
          changes: [{ property: 'tenderPeriod/endDate', former_value: '2024-06-15T00:00:00Z' }],
        },
      ],
    },
    bids: {
      statistics: [
        { id: 's1', measure: 'bids', value: 2 },
        {
          id: 's2',
          measure: 'lowestValidBidValue',
          value: 390_000_000,
          currency: 'MNT',
          relatedLot: 'lot-1',
        },
      ],
      details: [
        {
          id: 'bid-1',
          status: 'valid',
          tenderers: [{ id: builder.id, name: builder.name }],
          value: { amount: 390_000_000, currency: 'MNT' },
          relatedLots: ['lot-1'],
        },
        { id: 'bid-2', status: 'valid', tenderers: [{ id: PERSON_ID, name: 'A citizen' }] },
      ],
    },
    awards: [
      {
        id: 'w1',
        status: 'active',
        relatedLots: ['lot-1'],
        relatedBid: 'bid-1',
        suppliers: [{ id: builder.id, name: builder.name }],
        value: { amount: 390_000_000, currency: 'MNT' },
      },
    ],
    contracts: [
      {
        id: 'c1',
        awardID: 'w1',
        status: 'active',
        milestones: [{ id: 'cm1', title: 'Handover', type: 'delivery', dueDate: '2024-12-01T00:00:00Z' }],
        amendments: [{ id: 'cam1', date: '2024-09-01T00:00:00Z', description: 'Handover moved.' }],
      },
    ],
  },
];

/** An OCDS 1.0 process (its package declares no `version`): each release gives one `amendment` object. */
const oldReleases = [1, 2].map((n) => ({
  ocid: EXT_OLD,
  id: `ext-10-r${n}`,
  date: `2024-0${n}-01T00:00:00Z`,
  tag: ['tenderAmendment'],
  initiationType: 'tender',
  tender: {
    id: 't10',
    status: 'active',
    amendment: {
      date: `2024-0${n}-01T00:00:00Z`,
      rationale: `Change ${n}`,
      changes: [{ property: 'value', former_value: { amount: n, currency: 'MNT' } }],
    },
  },
}));

let dir: string;
let replay: ReplayServer;
let gateway: RunningGateway;
let dataDir: string | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tg-process-extensions-'));
  writeFileSync(
    join(dir, 'releases.json'),
    JSON.stringify({ version: '1.1', publisher: { name: 'Fictional publisher' }, releases }),
  );
  writeFileSync(
    join(dir, 'old.json'),
    JSON.stringify({ publisher: { name: 'Fictional publisher' }, releases: oldReleases }),
  );
  replay = await startReplayServer({
    rateLimit: false,
    ocds: {
      files: [
        ...EMBEDDED_OCDS_FILES,
        { path: join(dir, 'releases.json'), fictionalNotice: NOTICE },
        { path: join(dir, 'old.json'), fictionalNotice: NOTICE },
      ],
    },
  });
  const env = replayEnv(replay);
  dataDir = env['DATA_DIR'];
  // Only procurement's two feeds matter here: the register is not read (its index is not built).
  gateway = await startGateway({ env: { ...FAST_ENV, ...env, REGISTRY_URL: 'http://127.0.0.1:9/none' } });
  await gateway.gateway.harvests.complete('PROCUREMENT');
  await gateway.gateway.harvests.complete('TENDER_MN');
}, 240_000);

afterAll(async () => {
  await gateway?.close();
  await replay?.close();
  removeDataDir(dataDir);
  rmSync(dir, { recursive: true, force: true });
});

const FIELDS = `
  ocid
  relatedProcesses { id relationship scheme identifier }
  parties { id details scale classifications { scheme id description } }
  bids {
    statistics { id measure value currency amount { amount currency } relatedLot }
    details { id status value { amount currency } relatedLots tenderers { id party { name } } }
  }
  tender {
    lots { id title status value { amount currency } }
    lotGroups { id }
    items { id relatedLot additionalClassifications { scheme id } }
    documents { id relatedLots }
    enquiries { id description answer author { id party { identifier { id } } } }
    amendments { id date rationale publishedAs changes { property formerValue } }
  }
  awards { id relatedLots relatedBid amendments { id } }
  contracts { id milestones { id type dueDate } amendments { id description publishedAs } relatedProcesses { id } }
`;

describe('the extension fields of an OCDS process', () => {
  it('answers them typed, the list and the lookup alike', async () => {
    const body = await postGraphql(
      gateway,
      `{ one: contractingProcess(ocid: "${EXT_1}") { ${FIELDS} }
         list: contractingProcesses(filter: { buyer: "Fictional Extension Buyer" }) { edges { node { ${FIELDS} } } } }`,
    );
    expect(body.errors).toBeUndefined();
    const p = body.data.one;
    expect(body.data.list.edges.map((e: any) => e.node)).toEqual([p]);

    expect(p.relatedProcesses).toEqual([
      { id: 'rp1', relationship: ['planning'], scheme: 'ocid', identifier: 'ocds-xxxxxx-ext-0' },
    ]);
    expect(p.tender.lots).toEqual([
      { id: 'lot-1', title: 'Section A', status: null, value: { amount: 400_000_000, currency: 'MNT' } },
      { id: 'lot-2', title: 'Section B', status: null, value: { amount: 300_000_000, currency: 'MNT' } },
    ]);
    expect(p.tender.lotGroups).toEqual([]);
    expect(p.tender.items).toEqual([
      { id: 'i1', relatedLot: 'lot-1', additionalClassifications: [{ scheme: 'UNSPSC', id: '72141000' }] },
    ]);
    expect(p.tender.documents).toEqual([{ id: 'd1', relatedLots: ['lot-2'] }]);
    expect(p.bids.statistics).toEqual([
      { id: 's1', measure: 'bids', value: 2, currency: null, amount: null, relatedLot: null },
      {
        id: 's2',
        measure: 'lowestValidBidValue',
        value: 390_000_000,
        currency: 'MNT',
        amount: { amount: 390_000_000, currency: 'MNT' },
        relatedLot: 'lot-1',
      },
    ]);
    expect(p.bids.details).toEqual([
      {
        id: 'bid-1',
        status: 'valid',
        value: { amount: 390_000_000, currency: 'MNT' },
        relatedLots: ['lot-1'],
        tenderers: [{ id: 'MN-CR-0990011', party: { name: 'Fictional Builder LLC' } }],
      },
      // The tenderer that is a person is left out.
      { id: 'bid-2', status: 'valid', value: null, relatedLots: [], tenderers: [] },
    ]);
    expect(p.tender.amendments).toEqual([
      {
        id: 'am1',
        date: '2024-06-10T00:00:00Z',
        rationale: 'Deadline extended',
        publishedAs: 'amendments',
        changes: [{ property: 'tenderPeriod/endDate', formerValue: '2024-06-15T00:00:00Z' }],
      },
    ]);
    expect(p.awards).toEqual([{ id: 'w1', relatedLots: ['lot-1'], relatedBid: 'bid-1', amendments: [] }]);
    expect(p.contracts).toEqual([
      {
        id: 'c1',
        milestones: [{ id: 'cm1', type: 'delivery', dueDate: '2024-12-01T00:00:00Z' }],
        amendments: [{ id: 'cam1', description: 'Handover moved.', publishedAs: 'amendments' }],
        relatedProcesses: [],
      },
    ]);
  });

  it('withholds persons: an enquirer, a contact point in party details', async () => {
    const body = await postGraphql(gateway, `{ contractingProcess(ocid: "${EXT_1}") { ${FIELDS} } }`);
    expect(body.errors).toBeUndefined();
    const p = body.data.contractingProcess;
    expect(p.tender.enquiries).toEqual([
      {
        id: 'q1',
        description: 'Which asphalt grade is required?',
        answer: 'Grade 60/70.',
        author: { id: 'MN-CR-0990011', party: { identifier: { id: '0990011' } } },
      },
      { id: 'q2', description: 'Will the road stay open?', answer: null, author: null },
    ]);
    const party = p.parties.find((x: any) => x.id === 'MN-CR-0990011');
    expect(party).toEqual({
      id: 'MN-CR-0990011',
      details: {
        scale: 'sme',
        classifications: [{ scheme: 'x_sector', id: 'F42', description: 'Civil engineering' }],
      },
      scale: 'sme',
      classifications: [{ scheme: 'x_sector', id: 'F42', description: 'Civil engineering' }],
    });
    // A party without details: none given (null), and no classifications (an empty list).
    expect(p.parties.find((x: any) => x.id === 'MN-CR-0990010')).toMatchObject({
      details: null,
      classifications: [],
    });
    expect(JSON.stringify(p)).not.toMatch(/employee|99010112|A citizen/);
  });

  it("gives an OCDS 1.0 process's amendment object, the latest one as merging keeps it", async () => {
    const body = await postGraphql(
      gateway,
      `{ contractingProcess(ocid: "${EXT_OLD}") {
         tender { amendments { id date rationale publishedAs changes { property formerValue } } } } }`,
    );
    expect(body.errors).toBeUndefined();
    const [amendment, ...more] = body.data.contractingProcess.tender.amendments;
    expect(more).toEqual([]);
    expect(amendment).toMatchObject({
      id: null,
      date: '2024-02-01T00:00:00Z',
      rationale: 'Change 2',
      publishedAs: 'amendment',
    });
    // How `changes` lists of two releases merge depends on the merge rules; the latest is among them.
    expect(amendment.changes).toContainEqual({
      property: 'value',
      formerValue: { amount: 2, currency: 'MNT' },
    });
  });
});

describe('a process not published as OCDS', () => {
  it('answers the extension fields null (unknown), never an empty list', async () => {
    const body = await postGraphql(
      gateway,
      `{ contractingProcesses(feed: TENDER_MN, first: 5) { edges { node {
           bids { details { id } } relatedProcesses { id }
           parties { classifications { id } }
           tender { lots { id } enquiries { id } amendments { id } items { additionalClassifications { id } } }
           awards { relatedLots amendments { id } } } } } }`,
    );
    expect(body.errors).toBeUndefined();
    const nodes = body.data.contractingProcesses.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node).toMatchObject({ bids: null, relatedProcesses: null });
      expect(node.tender).toMatchObject({ lots: null, enquiries: null, amendments: null });
      for (const party of node.parties) expect(party.classifications).toBeNull();
      for (const award of node.awards) expect(award).toEqual({ relatedLots: null, amendments: null });
    }
    // Some of them have parties and awards, so that the loops above checked something.
    expect(nodes.flatMap((n: any) => n.parties).length).toBeGreaterThan(0);
    expect(nodes.flatMap((n: any) => n.awards).length).toBeGreaterThan(0);
  });
});

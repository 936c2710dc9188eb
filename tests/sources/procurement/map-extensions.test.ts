/**
 * What the mapping reads beyond the core of OCDS: lots, bids, enquiries, amendments (OCDS 1.1 lists and the
 * 1.0 single object), every classification of an item, milestones and documents wherever they are, party
 * details and related processes; what it withholds about persons there; and how it reads values of the
 * wrong type in fields payload.ts does not check. Fictional compiled releases (`ocds-xxxxxx-ext-…`,
 * organisations with register numbers beginning 09, personal register numbers invented).
 */
import { describe, expect, it } from 'vitest';
import type { ContractingProcess } from '../../../src/domain/index.js';
import { toContractingProcess, type PublicationMeta } from '../../../src/sources/procurement/map.js';
import { CompiledReleaseSchema } from '../../../src/sources/procurement/payload.js';

const NOTICE = 'Fictional release made for the mapping tests.';

const META: PublicationMeta = {
  releaseCount: 1,
  compiledByGateway: true,
  publisher: 'Fictional publisher',
  license: null,
  packageUri: null,
  publishedDate: null,
  fictionalNotice: NOTICE,
};

function mapped(fields: Record<string, unknown>): ContractingProcess {
  return toContractingProcess(
    CompiledReleaseSchema.parse({ ocid: 'ocds-xxxxxx-ext-1', x_fictional: NOTICE, ...fields }),
    META,
  );
}

function only<T>(values: readonly T[] | null | undefined): T {
  expect(values).toHaveLength(1);
  const value = values?.[0];
  if (value === undefined) throw new Error('expected one value');
  return value;
}

const BUILDER = {
  id: 'MN-CR-0990001',
  name: 'Fictional Builder LLC',
  identifier: { scheme: 'MN-CR', id: '0990001' },
  roles: ['tenderer', 'supplier'],
};
const ROADS = {
  id: 'MN-CR-0990002',
  name: 'Fictional Roads LLC',
  identifier: { scheme: 'MN-CR', id: '0990002' },
  roles: ['tenderer'],
};
/** A sole trader identified by an (invented) citizen's register number: a person. */
const PERSON_ID = 'УБ99010112';

describe('lots and what refers to them', () => {
  const process = mapped({
    parties: [BUILDER],
    tender: {
      id: 't1',
      lots: [
        {
          id: 'lot-1',
          title: 'Road section A',
          status: 'active',
          value: { amount: 400_000_000, currency: 'MNT' },
          contractPeriod: { startDate: '2025-05-01T00:00:00+08:00', durationInDays: 120 },
        },
        { id: 'lot-2', title: 'Road section B', value: { amount: 5 } },
      ],
      lotGroups: [
        {
          id: 'g1',
          relatedLots: ['lot-1', 'lot-2'],
          optionToCombine: true,
          maximumValue: { amount: 700_000_000, currency: 'MNT' },
        },
      ],
      lotDetails: { maximumLotsBidPerSupplier: 2, maximumLotsAwardedPerSupplier: 1 },
      items: [
        {
          id: 'i1',
          relatedLot: 'lot-1',
          classification: { scheme: 'CPV', id: '45233140' },
          additionalClassifications: [
            { scheme: 'UNSPSC', id: '72141000', description: 'Highway construction' },
            { scheme: 'x_local', id: 7 },
          ],
        },
        { id: 'i2' },
      ],
      documents: [{ id: 'd1', relatedLots: ['lot-2'] }, { id: 'd2' }],
      milestones: [
        {
          id: 'm1',
          code: 'siteVisit',
          dateModified: '2025-04-02T00:00:00Z',
          relatedLots: ['lot-1'],
        },
      ],
    },
    awards: [{ id: 'a1', relatedLots: ['lot-1'], relatedBid: 'bid-1' }],
  });

  it('maps lots with their values in their currency, and lot groups and limits', () => {
    const tender = process.tender;
    expect(tender?.lots).toEqual([
      {
        id: 'lot-1',
        title: 'Road section A',
        description: null,
        status: 'active',
        value: { amount: 400_000_000, currency: 'MNT' },
        contractPeriod: {
          startDate: '2025-05-01T00:00:00+08:00',
          endDate: null,
          maxExtentDate: null,
          durationInDays: 120,
        },
      },
      // An amount without a currency is no Money.
      {
        id: 'lot-2',
        title: 'Road section B',
        description: null,
        status: null,
        value: null,
        contractPeriod: null,
      },
    ]);
    expect(tender?.lotGroups).toEqual([
      {
        id: 'g1',
        relatedLots: ['lot-1', 'lot-2'],
        optionToCombine: true,
        maximumValue: { amount: 700_000_000, currency: 'MNT' },
      },
    ]);
    expect(tender?.lotDetails).toEqual({
      maximumLotsBidPerSupplier: 2,
      maximumLotsAwardedPerSupplier: 1,
      awardCriteriaDetails: null,
    });
  });

  it("maps every item's classifications and lot, and the lots of documents, milestones and awards", () => {
    const items = process.tender?.items ?? [];
    expect(items.map((i) => [i.id, i.relatedLot, i.classification?.id ?? null])).toEqual([
      ['i1', 'lot-1', '45233140'],
      ['i2', null, null],
    ]);
    expect(items[0]?.additionalClassifications).toEqual([
      { scheme: 'UNSPSC', id: '72141000', description: 'Highway construction', uri: null },
      { scheme: 'x_local', id: '7', description: null, uri: null },
    ]);
    // None given is an empty list, not unknown.
    expect(items[1]?.additionalClassifications).toEqual([]);
    expect(process.tender?.documents.map((d) => d.relatedLots)).toEqual([['lot-2'], []]);
    expect(only(process.tender?.milestones)).toMatchObject({
      code: 'siteVisit',
      dateModified: '2025-04-02T00:00:00Z',
      relatedLots: ['lot-1'],
    });
    expect(only(process.awards)).toMatchObject({ relatedLots: ['lot-1'], relatedBid: 'bid-1' });
  });
});

describe('bids', () => {
  const process = mapped({
    parties: [BUILDER, ROADS, { id: 'sole-1', name: 'A sole trader', roles: ['tenderer'] }],
    bids: {
      statistics: [
        { id: 's1', measure: 'bids', value: 3 },
        {
          id: 's2',
          measure: 'lowestValidBidValue',
          value: 390_000_000,
          currency: 'MNT',
          relatedLot: 'lot-1',
        },
        { id: 's3', measure: 'smeBids', value: 'three', date: '9 May 2025' },
      ],
      details: [
        {
          id: 'bid-1',
          date: '2025-04-20T10:00:00+08:00',
          status: 'valid',
          tenderers: [
            { id: 'MN-CR-0990001', name: 'Fictional Builder LLC' },
            { id: PERSON_ID, name: 'A sole trader' },
          ],
          value: { amount: 390_000_000, currency: 'MNT' },
          documents: [
            { id: 'bd1', documentType: 'x_bidForm', url: 'https://example.org/bd1' },
            { title: 'no id' },
          ],
          relatedLots: ['lot-1'],
        },
        { id: 'bid-2', status: 'disqualified', tenderers: [{ id: 'MN-CR-0990002' }] },
      ],
    },
  });

  it('maps statistics, an amount with its currency and a count without one', () => {
    expect(process.bids?.statistics).toEqual([
      { id: 's1', measure: 'bids', value: 3, currency: null, date: null, notes: null, relatedLot: null },
      {
        id: 's2',
        measure: 'lowestValidBidValue',
        value: 390_000_000,
        currency: 'MNT',
        date: null,
        notes: null,
        relatedLot: 'lot-1',
      },
      // A value that is not a number and a date that is not ISO 8601 are read as absent.
      {
        id: 's3',
        measure: 'smeBids',
        value: null,
        currency: null,
        date: null,
        notes: null,
        relatedLot: null,
      },
    ]);
  });

  it('maps bids with their tenderers resolved to parties, values and documents', () => {
    const [first, second] = process.bids?.details ?? [];
    expect(first).toMatchObject({
      id: 'bid-1',
      date: '2025-04-20T10:00:00+08:00',
      status: 'valid',
      value: { amount: 390_000_000, currency: 'MNT' },
      relatedLots: ['lot-1'],
    });
    expect(first?.tenderers?.map((t) => [t.id, t.party?.identifier?.id])).toEqual([
      ['MN-CR-0990001', '0990001'],
    ]);
    // A document without an id cannot be one of the graph's; it stays in the compiled release.
    expect(first?.documents?.map((d) => [d.id, d.documentType, d.url])).toEqual([
      ['bd1', 'x_bidForm', 'https://example.org/bd1'],
    ]);
    expect(second?.tenderers?.map((t) => [t.id, t.name, t.party?.name])).toEqual([
      ['MN-CR-0990002', null, 'Fictional Roads LLC'],
    ]);
  });

  it('leaves out a tenderer that is a person', () => {
    expect(JSON.stringify(process.bids)).not.toContain('99010112');
    expect(JSON.stringify(process.bids)).not.toContain('A sole trader');
  });

  it('gives empty lists when the process published no bids, null when it gave them in another shape', () => {
    expect(mapped({}).bids).toEqual({ statistics: [], details: [] });
    // tolerate.ts reads a published `{}` as `[]`.
    expect(mapped({ bids: [] }).bids).toEqual({ statistics: [], details: [] });
    // Anything else than the object is another shape: unknown.
    expect(mapped({ bids: [{ id: 'b1' }] }).bids).toBeNull();
    expect(mapped({ bids: { statistics: 3 } }).bids).toEqual({ statistics: null, details: [] });
  });
});

describe('enquiries', () => {
  const process = mapped({
    parties: [ROADS],
    tender: {
      hasEnquiries: true,
      enquiries: [
        {
          id: 'q1',
          date: '2025-04-05T09:00:00+08:00',
          author: { id: 'MN-CR-0990002', name: 'Fictional Roads LLC' },
          title: 'Asphalt grade',
          description: 'Which asphalt grade is required?',
          answer: 'Grade 60/70.',
          dateAnswered: '2025-04-06T09:00:00+08:00',
          relatedItem: 'i1',
          relatedLot: 'lot-1',
          threadID: 'th-1',
        },
        {
          id: 'q2',
          author: { id: PERSON_ID, name: 'A citizen', contactPoint: { email: 'citizen@example.org' } },
          description: 'Is the road open during works?',
        },
      ],
    },
  });

  it('maps enquiries with their authors resolved to parties', () => {
    expect(process.tender?.hasEnquiries).toBe(true);
    const [first] = process.tender?.enquiries ?? [];
    expect(first).toMatchObject({
      id: 'q1',
      date: '2025-04-05T09:00:00+08:00',
      title: 'Asphalt grade',
      answer: 'Grade 60/70.',
      dateAnswered: '2025-04-06T09:00:00+08:00',
      relatedItem: 'i1',
      relatedLot: 'lot-1',
      threadID: 'th-1',
    });
    expect(first?.author?.party?.identifier?.id).toBe('0990002');
  });

  it('withholds an author that is a person, and keeps the question', () => {
    const second = process.tender?.enquiries?.[1];
    expect(second?.author).toBeNull();
    expect(second?.description).toBe('Is the road open during works?');
    expect(JSON.stringify(process.tender)).not.toMatch(/99010112|A citizen|citizen@example/);
  });
});

describe('amendments', () => {
  const process = mapped({
    tender: {
      amendments: [
        {
          id: 'am1',
          date: '2025-04-10T00:00:00Z',
          rationale: 'Deadline extended',
          description: 'The tender period ends a week later.',
          amendsReleaseID: 'r1',
          releaseID: 'r2',
          changes: [
            { property: 'tenderPeriod', former_value: { endDate: '2025-04-15T00:00:00Z' } },
            { property: 'parties/0/contactPoint/email', former_value: 'official@example.org' },
            { property: 'x_signatoryNumber', former_value: PERSON_ID },
          ],
        },
      ],
      // The same amendment again in the deprecated field, as a 1.1 publisher keeping old readers gives it.
      amendment: { date: '2025-04-10T00:00:00Z', rationale: 'Deadline extended' },
    },
    awards: [
      {
        id: 'a1',
        // OCDS 1.0: one amendment object, no id.
        amendment: {
          date: '2025-06-01T00:00:00Z',
          rationale: 'Supplier name corrected',
          changes: [{ property: 'suppliers', former_value: [{ name: 'Fictional Bilder LLC' }] }],
        },
      },
      { id: 'a2', amendment: {} },
    ],
    contracts: [
      {
        id: 'c1',
        amendments: [{ id: 'cam1', date: '2025-08-01T00:00:00Z', description: 'Value raised.' }],
      },
    ],
  });

  it('maps OCDS 1.1 amendments with their changes', () => {
    const [first, ...rest] = process.tender?.amendments ?? [];
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      id: 'am1',
      date: '2025-04-10T00:00:00Z',
      rationale: 'Deadline extended',
      description: 'The tender period ends a week later.',
      amendsReleaseID: 'r1',
      releaseID: 'r2',
      publishedAs: 'amendments',
    });
    expect(first?.changes?.[0]).toEqual({
      property: 'tenderPeriod',
      formerValue: { endDate: '2025-04-15T00:00:00Z' },
    });
    expect(only(process.contracts[0]?.amendments)).toMatchObject({
      id: 'cam1',
      description: 'Value raised.',
      changes: [],
      publishedAs: 'amendments',
    });
  });

  it('maps the OCDS 1.0 amendment object, and none for an empty one', () => {
    expect(only(process.awards[0]?.amendments)).toEqual({
      id: null,
      date: '2025-06-01T00:00:00Z',
      rationale: 'Supplier name corrected',
      description: null,
      amendsReleaseID: null,
      releaseID: null,
      changes: [{ property: 'suppliers', formerValue: [{ name: 'Fictional Bilder LLC' }] }],
      publishedAs: 'amendment',
    });
    expect(process.awards[1]?.amendments).toEqual([]);
  });

  it("withholds a former contact point's value and a former personal register number", () => {
    const changes = process.tender?.amendments?.[0]?.changes ?? [];
    expect(changes.slice(1)).toEqual([
      { property: 'parties/0/contactPoint/email', formerValue: null },
      { property: 'x_signatoryNumber', formerValue: null },
    ]);
    expect(JSON.stringify(process)).not.toMatch(/official@example|99010112/);
  });
});

describe('contract milestones and related processes', () => {
  const process = mapped({
    relatedProcesses: [
      {
        id: 'rp1',
        relationship: ['framework'],
        title: 'Fictional road maintenance framework',
        scheme: 'ocid',
        identifier: 'ocds-xxxxxx-ext-0',
      },
    ],
    contracts: [
      {
        id: 'c1',
        milestones: [
          {
            id: 'cm1',
            title: 'Handover',
            type: 'delivery',
            dueDate: '2025-09-01T00:00:00Z',
            status: 'scheduled',
          },
          { title: 'A milestone without id' },
        ],
        relatedProcesses: [{ id: 'rp2', relationship: ['subContract'], identifier: 'SUB-0091' }],
        implementation: { milestones: [{ id: 'im1', title: 'Payment 1' }] },
      },
    ],
  });

  it("maps a contract's own milestones beside its implementation's, one without id with a null id", () => {
    const contract = process.contracts[0];
    expect(contract?.milestones?.map((m) => [m.id, m.title, m.type, m.dueDate, m.status])).toEqual([
      ['cm1', 'Handover', 'delivery', '2025-09-01T00:00:00Z', 'scheduled'],
      [null, 'A milestone without id', null, null, null],
    ]);
    expect(contract?.implementation?.milestones.map((m) => m.id)).toEqual(['im1']);
  });

  it('maps related processes of the process and of a contract', () => {
    expect(process.relatedProcesses).toEqual([
      {
        id: 'rp1',
        relationship: ['framework'],
        title: 'Fictional road maintenance framework',
        scheme: 'ocid',
        identifier: 'ocds-xxxxxx-ext-0',
        uri: null,
      },
    ]);
    expect(process.contracts[0]?.relatedProcesses?.map((r) => [r.id, r.relationship, r.identifier])).toEqual([
      ['rp2', ['subContract'], 'SUB-0091'],
    ]);
  });
});

describe('party details', () => {
  const process = mapped({
    parties: [
      {
        ...BUILDER,
        details: {
          scale: 'sme',
          classifications: [{ scheme: 'x_sector', id: 'F42', description: 'Civil engineering' }],
          x_yearFounded: 2009,
          contactPoint: { name: 'An employee', email: 'employee@example.org' },
          beneficialOwners: [{ name: 'An owner' }],
          x_ownerNumber: PERSON_ID,
          x_manager: { id: PERSON_ID, name: 'A manager' },
        },
      },
      { ...ROADS, details: 'not an object' },
      { id: 'MN-CR-0990003', name: 'Fictional Supplies LLC' },
    ],
  });

  it('gives details whole with scale and classifications typed, without persons', () => {
    const party = process.parties[0];
    expect(party?.scale).toBe('sme');
    expect(party?.classifications).toEqual([
      { scheme: 'x_sector', id: 'F42', description: 'Civil engineering', uri: null },
    ]);
    expect(party?.details).toEqual({
      scale: 'sme',
      classifications: [{ scheme: 'x_sector', id: 'F42', description: 'Civil engineering' }],
      x_yearFounded: 2009,
      // A personal register number is withheld as a value, and an object identified by one is left out.
      x_ownerNumber: null,
    });
    expect(JSON.stringify(process.parties)).not.toMatch(/employee|An owner|A manager|99010112/);
  });

  it('gives null details and no classifications for a party that gave none or gave something else', () => {
    expect(process.parties.slice(1).map((p) => [p.details, p.scale, p.classifications])).toEqual([
      [null, null, []],
      [null, null, []],
    ]);
  });
});

describe('values of the wrong type in extension fields', () => {
  it('reads a list given in another shape as unknown (null), and a value of the wrong type as absent', () => {
    const process = mapped({
      tender: {
        lots: { id: 'not a list' },
        lotGroups: [{ id: 'g', relatedLots: 'lot-1', optionToCombine: 'yes' }],
        enquiries: [{ id: 'q', date: 'yesterday', author: 'someone' }],
        amendments: [{ id: 'am', changes: { property: 'x' } }],
        items: [{ id: 'i', relatedLot: { id: 'lot-1' } }],
      },
      relatedProcesses: [{ id: 'rp', relationship: 'framework' }, 'not an object'],
    });
    expect(process.tender?.lots).toBeNull();
    expect(process.tender?.lotGroups).toEqual([
      { id: 'g', relatedLots: null, optionToCombine: null, maximumValue: null },
    ]);
    expect(process.tender?.enquiries?.[0]).toMatchObject({ id: 'q', date: null, author: null });
    expect(process.tender?.amendments?.[0]?.changes).toBeNull();
    expect(process.tender?.items[0]?.relatedLot).toBeNull();
    // An entry that is not an object is left out of its list.
    expect(process.relatedProcesses).toEqual([
      { id: 'rp', relationship: null, title: null, scheme: null, identifier: null, uri: null },
    ]);
  });

  it('gives empty lists, not unknown, for a release that published none of them', () => {
    const process = mapped({ tender: { id: 't' }, awards: [{ id: 'a' }], contracts: [{ id: 'c' }] });
    expect(process.tender).toMatchObject({
      lots: [],
      lotGroups: [],
      enquiries: [],
      amendments: [],
      lotDetails: null,
    });
    expect(process.awards[0]).toMatchObject({ relatedLots: [], amendments: [], relatedBid: null });
    expect(process.contracts[0]).toMatchObject({ milestones: [], amendments: [], relatedProcesses: [] });
    expect(process.relatedProcesses).toEqual([]);
  });
});

describe('a party identified by a personal register number', () => {
  const process = mapped({
    parties: [
      { ...BUILDER, roles: ['buyer'] },
      { id: PERSON_ID, name: 'A sole trader', roles: ['supplier'] },
    ],
    buyer: { id: BUILDER.id, name: BUILDER.name },
    awards: [{ id: 'a1', suppliers: [{ id: PERSON_ID, name: 'A sole trader' }] }],
  });

  it('is not listed among the parties, and is referred to by name with its id withheld', () => {
    expect(process.parties.map((p) => p.id)).toEqual([BUILDER.id]);
    expect(process.awards[0]?.suppliers).toEqual([{ id: null, name: 'A sole trader', party: null }]);
    expect(JSON.stringify(process)).not.toContain(PERSON_ID);
  });
});

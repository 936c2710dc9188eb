import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  fictionalNotice,
  toContractingProcess,
  type PublicationMeta,
} from '../../../src/sources/procurement/map.js';
import { CompiledReleaseSchema, type CompiledRelease } from '../../../src/sources/procurement/payload.js';

const EXAMPLE = new URL('../../../data/procurement/ocds-example/', import.meta.url);

/** The parts of the example record the assertions read, as the fixture file has them. */
interface Reference {
  id: string;
  name: string;
}
interface Value {
  amount: number;
  currency: string;
}
interface FixtureRelease {
  ocid: string;
  date: string;
  tag: string[];
  buyer: Reference;
  parties: { id: string; name: string; roles: string[]; contactPoint: Record<string, string> }[];
  planning: { budget: { amount: Value; projectID: string } };
  tender: {
    value: Value;
    minValue: Value;
    status: string;
    procurementMethod: string;
    items: { id: string; unit: { name: string; value: Value } }[];
    tenderPeriod: { startDate: string; endDate: string; durationInDays: number };
    tenderers: Reference[];
  };
  awards: { id: string; status: string; value: Value; suppliers: Reference[] }[];
  contracts: {
    id: string;
    awardID: string;
    status: string;
    value: Value;
    dateSigned: string;
    implementation: {
      transactions: { id: string; date: string; value: Value; payer: Reference; payee: Reference }[];
    };
  }[];
}
interface FixtureRecordPackage {
  publisher: { name: string };
  license: string;
  uri: string;
  publishedDate: string;
  records: { releases: unknown[]; compiledRelease: FixtureRelease }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('record-ocds-213czf-000-00001.json', EXAMPLE), 'utf8'),
) as FixtureRecordPackage;
const record = fixture.records[0];
if (record === undefined) throw new Error('the example record package has no record');
const raw = record.compiledRelease;
const compiled = CompiledReleaseSchema.parse(raw);

const META: PublicationMeta = {
  releaseCount: record.releases.length,
  compiledByGateway: false,
  publisher: fixture.publisher.name,
  license: fixture.license,
  packageUri: fixture.uri,
  publishedDate: fixture.publishedDate,
  fictionalNotice: null,
};

function only<T>(values: readonly T[]): T {
  expect(values).toHaveLength(1);
  const [value] = values;
  if (value === undefined) throw new Error('expected one value');
  return value;
}

function minimal(fields: Record<string, unknown>): CompiledRelease {
  return CompiledReleaseSchema.parse({ ocid: 'ocds-test-0001', ...fields });
}

describe('toContractingProcess', () => {
  const process = toContractingProcess(compiled, META);

  it('maps the ocid, date and tag of the compiled release', () => {
    expect(process.ocid).toBe(raw.ocid);
    expect(process.date).toBe(raw.date);
    expect(process.tag).toEqual(raw.tag);
  });

  it('maps the buyer and resolves it to its entry of parties', () => {
    expect(process.buyer?.id).toBe(raw.buyer.id);
    expect(process.buyer?.name).toBe(raw.buyer.name);
    expect(process.buyer?.party?.roles).toEqual(raw.parties.find((p) => p.id === raw.buyer.id)?.roles);
  });

  it('maps every party with its roles, and never a contact point', () => {
    expect(process.parties.map((p) => [p.id, p.name, p.roles])).toEqual(
      raw.parties.map((p) => [p.id, p.name, p.roles]),
    );
    const text = JSON.stringify(process);
    for (const party of raw.parties) {
      for (const detail of Object.values(party.contactPoint)) expect(text).not.toContain(detail);
    }
  });

  it('maps the tender value and currency, items, periods and code-list values as given', () => {
    const tender = process.tender;
    expect(tender?.value).toEqual({ amount: raw.tender.value.amount, currency: raw.tender.value.currency });
    expect(tender?.minValue).toEqual(raw.tender.minValue);
    expect(tender?.status).toBe(raw.tender.status);
    expect(tender?.procurementMethod).toBe(raw.tender.procurementMethod);
    expect(tender?.items.map((i) => [i.id, i.unitName, i.unitValue])).toEqual(
      raw.tender.items.map((i) => [i.id, i.unit.name, i.unit.value]),
    );
    expect(tender?.tenderPeriod).toMatchObject(raw.tender.tenderPeriod);
    expect(tender?.tenderPeriod?.maxExtentDate).toBeNull();
    expect(tender?.tenderers.map((t) => [t.id, t.party?.name])).toEqual(
      raw.tender.tenderers.map((t) => [t.id, t.name]),
    );
  });

  it('maps the planning budget', () => {
    expect(process.planning?.budget?.amount).toEqual(raw.planning.budget.amount);
    expect(process.planning?.budget?.projectID).toBe(raw.planning.budget.projectID);
  });

  it('maps awards with their values and suppliers resolved to parties', () => {
    const award = only(process.awards);
    const expected = only(raw.awards);
    expect(award.id).toBe(expected.id);
    expect(award.status).toBe(expected.status);
    expect(award.value).toEqual(expected.value);
    const supplier = only(award.suppliers);
    expect(supplier.id).toBe(only(expected.suppliers).id);
    expect(supplier.party?.id).toBe(only(expected.suppliers).id);
    expect(supplier.party?.roles).toContain('supplier');
  });

  it('maps contracts with their implementation transactions', () => {
    const contract = only(process.contracts);
    const expected = only(raw.contracts);
    expect(contract).toMatchObject({
      id: expected.id,
      awardID: expected.awardID,
      status: expected.status,
      value: expected.value,
      dateSigned: expected.dateSigned,
    });
    expect(
      contract.implementation?.transactions.map((t) => [
        t.id,
        t.date,
        t.value,
        t.payer?.id,
        t.payee?.party?.id,
      ]),
    ).toEqual(
      expected.implementation.transactions.map((t) => [t.id, t.date, t.value, t.payer.id, t.payee.id]),
    );
  });

  it('carries the package metadata into provenance', () => {
    expect(process.releaseCount).toBe(6);
    expect(process.compiledByGateway).toBe(false);
    expect(process.provenance).toEqual({
      publisher: fixture.publisher.name,
      license: fixture.license,
      packageUri: fixture.uri,
      publishedDate: fixture.publishedDate,
      fictional: false,
      notice: null,
    });
  });

  it('marks the process fictional when a fictional notice is given', () => {
    const notice = 'Fictional data, generated for testing.';
    const marked = toContractingProcess(compiled, { ...META, fictionalNotice: notice });
    expect(marked.provenance).toMatchObject({ fictional: true, notice });
  });

  it('gives nulls and empty lists when the compiled release has only an ocid', () => {
    const bare = toContractingProcess(minimal({}), META);
    expect(bare).toMatchObject({
      ocid: 'ocds-test-0001',
      date: null,
      tag: [],
      buyer: null,
      parties: [],
      planning: null,
      tender: null,
      awards: [],
      contracts: [],
    });
  });

  it('produces Money only from a finite amount with a currency', () => {
    const mapped = toContractingProcess(
      minimal({
        tender: { value: { amount: 5 }, minValue: { currency: 'MNT' } },
        awards: [
          { id: 'a', value: { amount: 5, currency: '' } },
          { id: 'b', value: { amount: 0, currency: 'MNT' } },
        ],
      }),
      META,
    );
    expect(mapped.tender?.value).toBeNull();
    expect(mapped.tender?.minValue).toBeNull();
    expect(mapped.awards.map((a) => a.value)).toEqual([null, { amount: 0, currency: 'MNT' }]);
  });

  it('gives a reference without a matching party a null party, and ids as strings', () => {
    const mapped = toContractingProcess(
      minimal({ buyer: { id: 7, name: 'Unlisted' }, awards: [{ id: 1 }] }),
      META,
    );
    expect(mapped.buyer).toEqual({ id: '7', name: 'Unlisted', party: null });
    expect(mapped.awards[0]?.id).toBe('1');
  });

  it('leaves out parties without an id and personal register numbers in identifiers', () => {
    const mapped = toContractingProcess(
      minimal({
        parties: [
          { name: 'No id' },
          {
            id: 'MN-SOLE-1',
            name: 'Sole trader',
            identifier: { scheme: 'MN-CR', id: 'УБ99010112' },
            additionalIdentifiers: [
              { scheme: 'MN-CR', id: 'чө 85121299' },
              { scheme: 'MN-CR', id: '0912345' },
            ],
          },
        ],
      }),
      META,
    );
    const party = only(mapped.parties);
    expect(party.identifier).toBeNull();
    expect(party.additionalIdentifiers.map((i) => i.id)).toEqual(['0912345']);
    expect(JSON.stringify(mapped)).not.toMatch(/99010112|85121299/);
  });

  it("falls back to a transaction's deprecated amount when it has no value", () => {
    const mapped = toContractingProcess(
      minimal({
        contracts: [
          {
            id: 'c',
            implementation: { transactions: [{ id: 't', amount: { amount: 9, currency: 'MNT' } }] },
          },
        ],
      }),
      META,
    );
    expect(mapped.contracts[0]?.implementation?.transactions[0]?.value).toEqual({
      amount: 9,
      currency: 'MNT',
    });
  });
});

describe('fictionalNotice', () => {
  it('returns the notice of the first release that has one, the compiled release first', () => {
    expect(fictionalNotice([{ x_fictional: 'Compiled.' }, { x_fictional: 'Release.' }])).toBe('Compiled.');
    expect(fictionalNotice([{}, null, { x_fictional: 'Release.' }])).toBe('Release.');
  });

  it('returns null when no release carries a non-empty string notice', () => {
    expect(fictionalNotice([])).toBeNull();
    expect(fictionalNotice([compiled, { x_fictional: '  ' }, { x_fictional: 3 }, undefined])).toBeNull();
  });
});

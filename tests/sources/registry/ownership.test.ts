import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { relationshipsOf } from '../../../src/sources/registry/ownership.js';

const examplesDir = fileURLToPath(new URL('../../../data/registry/bods-0.4/examples/', import.meta.url));
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(`${examplesDir}${f}`, 'utf8')) as Record<string, any>[]] as const);

describe('BODS 0.4 statements to ownership relationships', () => {
  it.each(examples)('maps every relationship record of %s', (_file, statements) => {
    const records = new Set(statements.filter((s) => s.recordType === 'relationship').map((s) => s.recordId));
    const out = relationshipsOf(statements);
    expect(out).toHaveLength(records.size);
    const byId = new Set(statements.filter((s) => s.recordType === 'relationship').map((s) => s.statementId));
    for (const r of out) expect(byId.has(r.statementId)).toBe(true);
  });

  it('resolves persons, entities and interests of the indirect-ownership example', () => {
    const [, statements] = examples.find(([f]) => f === 'indirect-ownership.json')!;
    const out = relationshipsOf(statements);
    const primary = out.find((r) => r.interests.some((i) => i.directOrIndirect === 'indirect'))!;
    expect(primary).toMatchObject({
      subjectName: 'Company A',
      subjectRegisterNumber: null,
      interestedParty: {
        kind: 'PERSON',
        name: 'Person 1',
        registerNumber: null,
        identifiers: [],
        countries: ['GB'],
      },
      interests: [
        {
          type: 'shareholding',
          directOrIndirect: 'indirect',
          shareExact: 30,
          shareMin: null,
          shareMax: null,
        },
      ],
      closed: false,
      statementDate: '2018-12-17',
      fictional: false,
    });
    const entityOwner = out.find((r) => r.interestedParty.kind === 'ENTITY')!;
    expect(entityOwner.interestedParty).toEqual({
      kind: 'ENTITY',
      name: 'Company B',
      registerNumber: null,
      identifiers: [{ scheme: 'GB-COH', id: 'XE1010' }],
      countries: [],
    });
    // An interest without a type is, in BODS's own codelist, an unknown interest.
    const untyped = out.find((r) => r.subjectName === 'Company B')!;
    expect(untyped.interests).toEqual([
      {
        type: 'unknownInterest',
        directOrIndirect: 'unknown',
        beneficialOwnershipOrControl: false,
        shareExact: null,
        shareMin: null,
        shareMax: null,
        startDate: null,
        endDate: null,
      },
    ]);
  });

  it('reads share ranges and unspecified interested parties', () => {
    const [, owning] = examples.find(([f]) => f === 'bods-package-entity-owning-entity.json')!;
    expect(relationshipsOf(owning)[0]!.interests[0]).toMatchObject({
      shareMin: 75,
      shareMax: 100,
      shareExact: null,
    });
    const [, exempt] = examples.find(([f]) => f === 'listed-company-exempt-from-disclosure.json')!;
    expect(relationshipsOf(exempt)[0]).toMatchObject({
      subjectName: 'Listed Company OS-17',
      interestedParty: { kind: 'UNKNOWN', name: null, registerNumber: null },
      interests: [],
      closed: false,
    });
  });

  it('lets the latest statement of a record win, so a closed statement ends the relationship', () => {
    const [, statements] = examples.find(([f]) => f === 'bods-package.json')!;
    const rel = statements.find((s) => s.recordType === 'relationship')!;
    const closing = {
      ...rel,
      statementId: 'c'.repeat(36),
      statementDate: '2021-01-01',
      recordStatus: 'closed',
      recordDetails: {
        ...rel.recordDetails,
        interests: [{ ...rel.recordDetails.interests[0], endDate: '2021-01-01' }],
      },
    };
    for (const order of [
      [...statements, closing],
      [closing, ...statements],
    ]) {
      const [r] = relationshipsOf(order);
      expect(r).toMatchObject({ statementId: 'c'.repeat(36), closed: true, statementDate: '2021-01-01' });
      expect(r!.interests[0]!.endDate).toBe('2021-01-01');
    }
  });

  it('treats a statement that breaks the schema as drift', () => {
    expect(() => relationshipsOf([{ statementId: 'x', recordType: 'relationship' }])).toThrow('statement 0');
    expect(() =>
      relationshipsOf([
        {
          statementId: 'x',
          statementDate: '2020-01-01',
          recordId: 'r',
          recordType: 'trust',
          recordDetails: {},
        },
      ]),
    ).toThrow('statement 0');
  });
});

describe('persons in ownership relationships', () => {
  const person = {
    statementId: 'p'.repeat(36),
    declarationSubject: 'e1',
    statementDate: '2020-03-04',
    recordId: 'p1',
    recordStatus: 'new',
    recordType: 'person',
    recordDetails: {
      isComponent: false,
      personType: 'knownPerson',
      names: [{ type: 'legal', fullName: 'Тест Хүн', givenName: 'Хүн', familyName: 'Тест' }],
      nationalities: [{ name: 'Mongolia', code: 'MN' }],
      identifiers: [
        { scheme: 'MNG-IDCARD', id: 'УБ12345678' },
        { scheme: 'MNG-TAXID', id: 'TAX-998877' },
      ],
      addresses: [
        {
          type: 'residence',
          address: 'Secret street 42, Ulaanbaatar',
          country: { name: 'Mongolia', code: 'MN' },
        },
      ],
      placeOfBirth: { type: 'placeOfBirth', address: 'Birthplace-Town' },
      birthDate: '1971-02-03',
      taxResidencies: [{ name: 'Taxhavenland', code: 'TH' }],
      politicalExposure: { status: 'isPep', details: [{ reason: 'Minister-of-Secrets' }] },
    },
  };
  const entity = {
    statementId: 'e'.repeat(36),
    declarationSubject: 'e1',
    statementDate: '2020-03-04',
    recordId: 'e1',
    recordType: 'entity',
    recordDetails: {
      isComponent: false,
      entityType: { type: 'registeredEntity' },
      name: 'Туршилт ХХК',
      identifiers: [{ scheme: 'MN-CR', id: '0900001' }],
    },
  };
  const relationship = {
    statementId: 'r'.repeat(36),
    declarationSubject: 'e1',
    statementDate: '2020-03-04',
    recordId: 'r1',
    recordType: 'relationship',
    recordDetails: {
      isComponent: false,
      subject: 'e1',
      interestedParty: 'p1',
      interests: [{ type: 'shareholding', share: { exact: 100 }, details: 'held for Secret street 42' }],
    },
  };

  it('keep a name and nationalities only: identifiers, addresses, birth and tax data never reach the output', () => {
    const out = relationshipsOf([entity, person, relationship]);
    expect(out).toHaveLength(1);
    expect(out[0]!.interestedParty).toEqual({
      kind: 'PERSON',
      name: 'Тест Хүн',
      registerNumber: null,
      identifiers: [],
      countries: ['MN'],
    });
    const text = JSON.stringify(out);
    for (const secret of [
      'УБ12345678',
      'TAX-998877',
      'MNG-IDCARD',
      'Secret street',
      'Birthplace-Town',
      '1971',
      'Taxhavenland',
      'TH',
      'Minister-of-Secrets',
      'isPep',
    ])
      expect(text, secret).not.toContain(secret);
  });
});

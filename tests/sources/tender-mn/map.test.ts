import { describe, expect, it } from 'vitest';
import { toContractingProcess } from '../../../src/sources/tender-mn/map.js';
import {
  BidderSchema,
  InvitationSchema,
  readDecimal,
  type Bidder,
  type Invitation,
} from '../../../src/sources/tender-mn/payload.js';
import {
  CATEGORY_BY_TENDER_TYPE,
  PROCUREMENT_METHOD_BY_RULE,
  TENDER_STATUS_BY_DOC_STATUS_CODE,
  TENDER_STATUS_BY_DOC_STATUS_NAME,
} from '../../../src/sources/tender-mn/index.js';

const OCID = 'ocds-xxxxxx-mn-tender-1611282173700';

/** A native invitation row (as the API writes it), decoded by the adapter's own schema. */
function invitation(change: Record<string, unknown> = {}): Invitation {
  return InvitationSchema.parse({
    invitationId: 1611282173700,
    tenderId: 4521,
    tenderName: 'Эм, бэлдмэл, эмнэлгийн хэрэгсэл',
    tenderCode: 'ДХИС/2021/001',
    invitationNumber: 'ДХИС/2021/001',
    totalBudget: '125000000.00',
    budgetEntityName: 'Жишээ эмнэлэг (зохиомол)',
    fundName: 'Улсын төсөв',
    ruleName: 'Нээлттэй тендер шалгаруулалт',
    tenderTypeName: 'Бараа',
    publishDate: '2021-01-22 10:00:00',
    receiveDate: '2021-02-22 10:00:00',
    openDate: '2021-02-22 10:30:00',
    docStatusName: 'Дууссан',
    docStatusCode: 'COMPLETED',
    ...change,
  });
}

function bidder(n: number, change: Record<string, unknown> = {}): Bidder {
  return BidderSchema.parse({
    bidderTenderId: 452100 + n,
    bidderId: 900 + n,
    supplierId: 700 + n,
    supplierName: `Жишээ ${n} ХХК`,
    registerNumber: `090000${n}`,
    openedBidderPrice: 120000000 + n * 1000,
    discountedAmount: null,
    wfmStatusName: 'Шалгараагүй',
    noticeDateString: '2021-03-01 09:00:00',
    ...change,
  });
}

describe('lookup tables', () => {
  it('map every label the replay serves, and consulting to services plus consultingServices', () => {
    const rule = (name: string) => toContractingProcess(invitation({ ruleName: name }), [], OCID).tender;
    expect(rule('Харьцуулалтын аргаар үнийн санал авах')?.procurementMethod).toBe('limited');
    expect(rule('  шууд   гэрээ байгуулах ')?.procurementMethod).toBe('direct');
    expect(PROCUREMENT_METHOD_BY_RULE.size).toBe(4);
    const type = (name: string) =>
      toContractingProcess(invitation({ tenderTypeName: name }), [], OCID).tender;
    expect(type('Зөвлөх үйлчилгээ')).toMatchObject({
      mainProcurementCategory: 'services',
      additionalProcurementCategories: ['consultingServices'],
    });
    expect(type('Ажил')).toMatchObject({
      mainProcurementCategory: 'works',
      additionalProcurementCategories: [],
    });
    expect(CATEGORY_BY_TENDER_TYPE.size).toBe(5);
    expect([...TENDER_STATUS_BY_DOC_STATUS_CODE.values()].sort()).toEqual(
      [...TENDER_STATUS_BY_DOC_STATUS_NAME.values()].sort(),
    );
  });

  it('map an unknown label to null, keeping the rule name as the method details', () => {
    const { tender } = toContractingProcess(
      invitation({
        ruleName: 'Шинэ журам',
        tenderTypeName: 'Түрээс',
        docStatusName: 'Өөр',
        docStatusCode: 'OTHER',
      }),
      [],
      OCID,
    );
    expect(tender).toMatchObject({
      procurementMethod: null,
      procurementMethodDetails: 'Шинэ журам',
      mainProcurementCategory: null,
      additionalProcurementCategories: [],
      status: null,
    });
  });

  it('read the status by name when the code is absent or unknown', () => {
    const status = (change: Record<string, unknown>) =>
      toContractingProcess(invitation(change), [], OCID).tender?.status;
    expect(status({ docStatusCode: undefined, docStatusName: 'Цуцлагдсан' })).toBe('cancelled');
    expect(status({ docStatusCode: 'NEW_CODE', docStatusName: 'Тендер амжилтгүй болсон' })).toBe(
      'unsuccessful',
    );
    expect(status({ docStatusCode: 'TENDER_FAILED', docStatusName: 'Нийтлэгдсэн' })).toBe('unsuccessful');
  });
});

describe('toContractingProcess', () => {
  it('maps the invitation fields onto the tender, buyer and planning', () => {
    const p = toContractingProcess(invitation(), [], OCID);
    expect(p).toMatchObject({
      ocid: OCID,
      date: '2021-01-22T10:00:00+08:00',
      buyer: { id: 'budget-entity', name: 'Жишээ эмнэлэг (зохиомол)' },
      planning: { budget: { description: 'Улсын төсөв', amount: { amount: 125000000, currency: 'MNT' } } },
      provenance: { publisher: 'tender.gov.mn open-data API', fictional: false, notice: null },
    });
    expect(p.parties).toEqual([
      expect.objectContaining({ id: 'budget-entity', identifier: null, roles: ['buyer'] }),
    ]);
    expect(p.tender).toMatchObject({
      id: '1611282173700',
      title: 'Эм, бэлдмэл, эмнэлгийн хэрэгсэл',
      value: { amount: 125000000, currency: 'MNT' },
      tenderPeriod: { startDate: '2021-01-22T10:00:00+08:00', endDate: '2021-02-22T10:00:00+08:00' },
      milestones: [expect.objectContaining({ id: 'bid-opening', dueDate: '2021-02-22T10:30:00+08:00' })],
      numberOfTenderers: 0,
      tenderers: [],
    });
  });

  it('makes selected bidders suppliers of an award worth the discounted amount, else the opened price', () => {
    const bidders = [
      bidder(1),
      bidder(2, { wfmStatusName: 'Шалгарсан', discountedAmount: '118500000.00' }),
      bidder(3, { wfmStatusName: 'Шалгарсан' }),
    ];
    const p = toContractingProcess(invitation(), bidders, OCID);
    expect(p.tender?.tenderers.map((t) => t.id)).toEqual(['MN-CR-0900001', 'MN-CR-0900002', 'MN-CR-0900003']);
    expect(p.tender?.numberOfTenderers).toBe(3);
    expect(p.awards.map((a) => [a.id, a.status, a.value?.amount, a.suppliers[0]?.party?.roles])).toEqual([
      ['452102', 'active', 118500000, ['tenderer', 'supplier']],
      ['452103', 'active', 120003000, ['tenderer', 'supplier']],
    ]);
    expect(p.awards[0]?.date).toBe('2021-03-01T09:00:00+08:00');
    expect(p.parties.find((x) => x.id === 'MN-CR-0900001')).toMatchObject({
      identifier: { scheme: 'MN-CR', id: '0900001' },
      roles: ['tenderer'],
    });
  });

  it('never passes on a personal register number, and merges a supplier listed twice', () => {
    const p = toContractingProcess(
      invitation(),
      [
        bidder(1, { registerNumber: 'УБ99010112' }),
        bidder(2),
        bidder(3, { registerNumber: '0900002', wfmStatusName: 'Шалгарсан' }),
      ],
      OCID,
    );
    const person = p.parties.find((x) => x.id === 'bidder-901');
    expect(person).toMatchObject({ identifier: null, name: 'Жишээ 1 ХХК' });
    expect(JSON.stringify(p)).not.toContain('УБ99010112');
    expect(p.parties.filter((x) => x.id === 'MN-CR-0900002')).toEqual([
      expect.objectContaining({ roles: ['tenderer', 'supplier'] }),
    ]);
    expect(p.tender?.tenderers).toHaveLength(2);
  });

  it('leaves the number of tenderers unknown while an active tender has no opened bids', () => {
    const active = invitation({ docStatusCode: 'PUBLISHED', docStatusName: 'Нийтлэгдсэн' });
    expect(toContractingProcess(active, [], OCID).tender?.numberOfTenderers).toBeNull();
    expect(toContractingProcess(invitation(), null, OCID).tender?.numberOfTenderers).toBeNull();
  });

  it('marks the process fictional from x_fictional on the row or its bidders', () => {
    const row = toContractingProcess(invitation({ x_fictional: 'Invented.' }), [], OCID);
    expect(row.provenance).toMatchObject({ fictional: true, notice: 'Invented.' });
    const bidders = toContractingProcess(invitation(), [bidder(1, { x_fictional: 'Also invented.' })], OCID);
    expect(bidders.provenance).toMatchObject({ fictional: true, notice: 'Also invented.' });
  });
});

describe('readDecimal', () => {
  it('reads plain decimals that survive as numbers, and nothing else', () => {
    expect(readDecimal('5')).toBe(5);
    expect(readDecimal('125000000.00')).toBe(125000000);
    expect(readDecimal('0.10')).toBe(0.1);
    for (const text of [
      'abc',
      '',
      '-5',
      '+5',
      '05',
      '1e6',
      '1,000.00',
      '5.',
      '.5',
      '5.123',
      ' 5',
      '12345678901234567890',
    ])
      expect(readDecimal(text), text).toBeNull();
  });
});

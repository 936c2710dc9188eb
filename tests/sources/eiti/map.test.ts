import { describe, expect, it } from 'vitest';
import {
  groupOrganisations,
  toKeyedOrganisation,
  toLicence,
  toPayment,
  toReport,
} from '../../../src/sources/eiti/map.js';
import {
  LicenceRecordSchema,
  OrganisationPageSchema,
  OrganisationRowSchema,
  ReportRowSchema,
  RevenueRowSchema,
} from '../../../src/sources/eiti/payload.js';
import { describeIssues } from '../../../src/upstream/index.js';

const organisation = (extra: Record<string, unknown> = {}) =>
  OrganisationRowSchema.parse({
    id: '168174',
    label: 'Oyu Tolgoi',
    type: 'company',
    identification: '2657457',
    'summary_data.iso2': 'MN',
    'summary_data.year': '2006',
    ...extra,
  });

const revenue = (extra: Record<string, unknown> = {}) =>
  RevenueRowSchema.parse({ id: 1, revenue: 10.5, currency: 'USD', 'organisation.id': '9', ...extra });

describe('toKeyedOrganisation', () => {
  it('keys a Mongolian company row by its register number', () => {
    expect(toKeyedOrganisation(organisation())).toEqual({
      key: '2657457',
      organisation: { id: '168174', year: 2006, label: 'Oyu Tolgoi', identification: '2657457' },
    });
  });

  it('reads an integer id and year, and a capitalised type, the same way', () => {
    const keyed = toKeyedOrganisation(
      organisation({ id: 168174, 'summary_data.year': 2006, type: 'Company' }),
    );
    expect(keyed?.organisation).toMatchObject({ id: '168174', year: 2006 });
  });

  it.each([
    ['another country', { 'summary_data.iso2': 'GB' }],
    ['no country', { 'summary_data.iso2': null }],
    ['an agency', { type: 'agency' }],
    ['no identification', { identification: null }],
    ['a template value', { identification: 'if available' }],
    ['no reporting year', { 'summary_data.year': null }],
  ])('skips a row of %s', (_what, extra) => {
    expect(toKeyedOrganisation(organisation(extra))).toBeNull();
  });

  it('rejects an identification given as a number, a missing key or a malformed year', () => {
    expect(OrganisationRowSchema.safeParse({ ...organisation(), identification: 904080 }).success).toBe(
      false,
    );
    const missing: Record<string, unknown> = { ...organisation() };
    delete missing['identification'];
    expect(OrganisationRowSchema.safeParse(missing).success).toBe(false);
    expect(
      OrganisationRowSchema.safeParse({ ...organisation(), 'summary_data.year': '2016/17' }).success,
    ).toBe(false);
  });
});

describe('groupOrganisations', () => {
  it('orders each group by year then id and drops an id seen twice', () => {
    const rows = [
      organisation({ id: '3', 'summary_data.year': '2010' }),
      organisation({ id: '2', 'summary_data.year': '2010' }),
      organisation({ id: '1', 'summary_data.year': '2012' }),
      organisation({ id: '2', 'summary_data.year': '2010' }),
      organisation({ id: '7', identification: '2008572' }),
    ].flatMap((row) => toKeyedOrganisation(row) ?? []);
    const groups = groupOrganisations(rows);
    expect([...groups.keys()]).toEqual(['2008572', '2657457']);
    expect(groups.get('2657457')?.map((o) => o.id)).toEqual(['2', '3', '1']);
  });
});

describe('toPayment', () => {
  it('keeps the amount with its currency, upper-cased', () => {
    expect(toPayment(revenue({ currency: ' usd ' })).value).toEqual({ amount: 10.5, currency: 'USD' });
  });

  it.each([
    ['no currency', { currency: null }],
    ['an empty currency', { currency: '' }],
    ['a currency that is not an ISO 4217 code', { currency: 'US$' }],
    ['no amount', { revenue: null }],
  ])('has no value for a row with %s', (_what, extra) => {
    expect(toPayment(revenue(extra)).value).toBeNull();
  });

  it.each([
    ['Yes', true],
    ['no', false],
    [true, true],
    [false, false],
    ['unknown', null],
    [null, null],
  ] as const)('reads payment_made_in_kind %j as %j', (raw, expected) => {
    expect(toPayment(revenue({ payment_made_in_kind: raw })).paidInKind).toBe(expected);
  });

  it('rejects a revenue given as a string rather than converting it', () => {
    const parsed = RevenueRowSchema.safeParse({
      id: 1,
      revenue: '1234.5',
      currency: 'USD',
      'organisation.id': '9',
    });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(describeIssues(parsed.error)).toBe('revenue: expected number');
  });
});

describe('toReport and toLicence', () => {
  it('skips a report or licence without a usable register number', () => {
    const row = ReportRowSchema.parse({ YEAR: 2018, COMPANY_REGISTER_NUMBER: ' ', COMPANY_ID: '1' });
    expect(toReport(row)).toBeNull();
    const licence = LicenceRecordSchema.parse({
      cordinate: { LICENSE_NUMBER: 'MV-1', COMPANY_REGISTER_NUMBER: 'n/a' },
    });
    expect(toLicence(licence)).toBeNull();
  });

  it('reads dates with a time part and leaves unreadable areas and dates null', () => {
    const licence = LicenceRecordSchema.parse({
      cordinate: {
        LICENSE_NUMBER: 'XV-000039',
        COMPANY_REGISTER_NUMBER: '2657457',
        GIVEN_DATE: '2018-12-28 00:00:00',
        EXPIRED_DATE: '28/12/2048',
        AREA_M2: '1,5',
      },
    });
    expect(toLicence(licence)).toMatchObject({
      normalisedNumber: 'XV-39',
      grantedOn: '2018-12-28',
      expiresOn: null,
      areaHectares: null,
      holderName: null,
    });
  });
});

describe('describeIssues', () => {
  it('names paths and expectations, never values, and counts what it leaves out', () => {
    const parsed = OrganisationPageSchema.safeParse({
      data: Array.from({ length: 7 }, () => ({ id: 'secret-value', identification: 1 })),
    });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const text = describeIssues(parsed.error);
    expect(text).not.toContain('secret-value');
    expect(text).toMatch(/^data\.0\.id: /);
    expect(text).toMatch(/; and \d+ more issue\(s\)$/);
  });
});

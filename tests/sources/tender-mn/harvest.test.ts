import { describe, expect, it } from 'vitest';
import {
  cursorText,
  needsBidders,
  publicationYear,
  readCursor,
  readHighWater,
  readRecord,
  recordText,
  ulaanbaatarYear,
  windowStart,
  type Invitation,
} from '../../../src/sources/tender-mn/index.js';

/** The pure parts of the tender.gov.mn harvest: windows, the audit copy, bidder re-reads, the cursor. */

const row = (over: Partial<Invitation> = {}): Invitation => ({
  invitationId: 1_750_239_600_123,
  tenderId: 30_001,
  tenderName: 'Сургуулийн засвар (зохиомол)',
  tenderCode: 'ЗТХЯ/2025/001',
  invitationNumber: 'ЗТХЯ/2025/001',
  totalBudget: 125_000_000,
  budgetEntityName: 'Боловсролын газар (зохиомол)',
  ruleName: 'Нээлттэй тендер шалгаруулалт',
  tenderTypeName: 'Ажил',
  publishDate: '2025-06-18T17:40:00+08:00',
  receiveDate: '2025-07-18T10:00:00+08:00',
  openDate: '2025-07-18T10:00:00+08:00',
  docStatusName: 'Нийтлэгдсэн',
  ...over,
});
const OPENS = Date.parse('2025-07-18T10:00:00+08:00');

describe('tender-year windows', () => {
  it('reads the year in Ulaanbaatar, where the API files invitations', () => {
    expect(ulaanbaatarYear(Date.parse('2025-12-31T15:59:59Z'))).toBe(2025);
    expect(ulaanbaatarYear(Date.parse('2025-12-31T16:00:00Z'))).toBe(2026);
    expect(publicationYear(row())).toBe(2025);
    // Without a publication date, the instant the id stands for (epoch ms).
    expect(
      publicationYear(row({ publishDate: null, invitationId: Date.parse('2023-12-31T17:00:00Z') })),
    ).toBe(2024);
  });

  it('keeps the high-water mark as a year and reads nothing else as one', () => {
    expect(readHighWater('2026')).toBe(2026);
    expect(readHighWater(null)).toBeNull();
    expect(readHighWater('2026-01-01T00:00:00Z')).toBeNull();
  });
});

describe('the audit copy of an invitation', () => {
  it('splices the upstream JSON in and reads it back byte for byte', () => {
    const invitation = JSON.stringify({ invitationId: 1, totalBudget: '125000000.00', x: [1, { y: null }] });
    const bidders = JSON.stringify([{ bidderTenderId: 3, registerNumber: '0912345' }]);
    const record = { window: 2025, invitation, bidders, biddersReadAt: 1_000 };
    const text = recordText(record);
    expect(JSON.parse(text)).toEqual({
      window: 2025,
      invitation: JSON.parse(invitation),
      bidders: JSON.parse(bidders),
      biddersReadAt: 1_000,
    });
    expect(readRecord(text)).toEqual(record);
    expect(recordText(readRecord(text)!)).toBe(text);
    expect(readRecord(recordText({ ...record, bidders: null, biddersReadAt: null }))).toEqual({
      ...record,
      bidders: null,
      biddersReadAt: null,
    });
  });

  it('reads text of another shape as no copy at all', () => {
    expect(readRecord('not json')).toBeNull();
    expect(readRecord('{"window":"2025","invitation":{}}')).toBeNull();
    expect(readRecord('{"window":2025,"invitation":{},"biddersReadAt":"now"}')).toBeNull();
  });
});

describe('when a bidder list is asked for', () => {
  const raw = '{"invitationId":1750239600123}';
  const stored = { window: 2025, invitation: raw, bidders: '[]', biddersReadAt: OPENS + 1 };

  it('asks for a new or changed invitation, never for one without a tenderId', () => {
    expect(needsBidders(row(), raw, null, OPENS + 2)).toBe(true);
    expect(needsBidders(row(), `${raw} `, stored, OPENS + 2)).toBe(true);
    expect(needsBidders(row({ tenderId: null }), raw, null, OPENS + 2)).toBe(false);
    expect(needsBidders(row(), raw, { ...stored, biddersReadAt: null }, OPENS + 2)).toBe(true);
  });

  it('keeps the list of an unchanged invitation, asking once more after its bid opening', () => {
    expect(needsBidders(row(), raw, stored, OPENS + 2)).toBe(false);
    const early = { ...stored, biddersReadAt: OPENS - 1 };
    expect(needsBidders(row(), raw, early, OPENS - 1)).toBe(false); // not open yet
    expect(needsBidders(row(), raw, early, OPENS)).toBe(true); // opened since it was read
    expect(needsBidders(row({ openDate: null }), raw, early, OPENS)).toBe(false);
  });
});

describe('the cursor', () => {
  it('round-trips a window and page, and starts afresh on anything else', () => {
    const c = { ...windowStart(2024, { expected: 37, listed: 11 }), page: 3, total: 12, shifted: true };
    expect(readCursor(cursorText(c))).toEqual(c);
    expect(readCursor(null)).toBeNull();
    expect(readCursor('/ocds/releases?page=2')).toBeNull();
    expect(readCursor('{"year":2024,"page":0}')).toBeNull();
    expect(readCursor('{"year":2024,"page":2}')).toEqual({
      year: 2024,
      page: 2,
      total: null,
      shifted: false,
      expected: null,
      listed: 0,
    });
  });
});

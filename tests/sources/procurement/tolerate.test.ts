import { describe, expect, it } from 'vitest';
import { ReleaseSchema } from '../../../src/sources/procurement/payload.js';
import {
  MAX_NOTES_PER_RELEASE,
  mayHaveQuirks,
  tolerateRelease,
} from '../../../src/sources/procurement/tolerate.js';

/**
 * The quirks real publishers' releases show, each read back to the standard's shape with a note (fictional
 * releases shaped like theirs: `ocds-xxxxxx-` ocids, register numbers beginning with 09).
 */
const base = {
  ocid: 'ocds-xxxxxx-quirks-1',
  id: 'r1',
  date: '2024-01-01T00:00:00Z',
  tag: ['tender'],
  initiationType: 'tender',
};

describe('tolerateRelease', () => {
  it('leaves a standard release as it is, the same object, with no notes', () => {
    const release = { ...base, tender: { id: 't', value: { amount: 5, currency: 'MNT' } } };
    const read = tolerateRelease(release);
    expect(read.release).toBe(release);
    expect(read).toMatchObject({ notes: [], coercions: 0 });
  });

  it('reads a tag given as a string as a list of one', () => {
    const read = tolerateRelease({ ...base, tag: 'tender' });
    expect((read.release as { tag: unknown }).tag).toEqual(['tender']);
    expect(read.notes).toEqual([{ path: 'tag', rule: 'TAG_STRING', original: '"tender"' }]);
    expect(ReleaseSchema.safeParse(read.release).success).toBe(true);
  });

  it('reads "" for numbers and dates as null, and keeps "" in text fields', () => {
    const release = {
      ...base,
      tender: {
        id: 't',
        title: '',
        value: { amount: '', currency: 'MNT' },
        tenderPeriod: { startDate: '', endDate: '2024-02-01T00:00:00Z' },
        numberOfTenderers: '',
      },
      awards: [{ id: 'a', date: '', documents: [{ id: 'd', datePublished: '' }] }],
    };
    const read = tolerateRelease(release);
    const tender = (read.release as typeof release).tender;
    expect(tender.title).toBe('');
    expect(tender.value.amount).toBeNull();
    expect(tender.tenderPeriod).toEqual({ startDate: null, endDate: '2024-02-01T00:00:00Z' });
    expect(read.notes.map((n) => [n.path, n.rule])).toEqual([
      ['tender/value/amount', 'EMPTY_STRING'],
      ['tender/tenderPeriod/startDate', 'EMPTY_STRING'],
      ['tender/numberOfTenderers', 'EMPTY_STRING'],
      ['awards/0/date', 'EMPTY_STRING'],
      ['awards/0/documents/0/datePublished', 'EMPTY_STRING'],
    ]);
    expect(ReleaseSchema.safeParse(read.release).success).toBe(true);
    expect(ReleaseSchema.safeParse(release).success).toBe(false);
  });

  it('reads {} where a list belongs as an empty list; an object with fields there stays (and fails)', () => {
    const release = {
      ...base,
      tender: { id: 't', documents: {}, amendments: [{ id: 'm', changes: {} }] },
      awards: [{ id: 'a', suppliers: { id: '0912345' } }],
    };
    const read = tolerateRelease(release);
    const out = read.release as { tender: { documents: unknown; amendments: { changes: unknown }[] } };
    expect(out.tender.documents).toEqual([]);
    expect(out.tender.amendments[0]?.changes).toEqual([]);
    expect(read.notes.map((n) => [n.path, n.rule, n.original])).toEqual([
      ['tender/documents', 'OBJECT_FOR_LIST', '{}'],
      ['tender/amendments/0/changes', 'OBJECT_FOR_LIST', '{}'],
    ]);
    expect(ReleaseSchema.safeParse(read.release).success).toBe(false); // suppliers: an object
  });

  it('reads a currency code in lower case as its ISO 4217 spelling, the original in the note', () => {
    const read = tolerateRelease({
      ...base,
      tender: { id: 't', value: { amount: 10, currency: 'mdl' } },
      contracts: [{ id: 'c', value: { amount: 9, currency: 'Usd' } }],
    });
    const out = read.release as {
      tender: { value: { currency: string } };
      contracts: { value: { currency: string } }[];
    };
    expect(out.tender.value.currency).toBe('MDL');
    expect(out.contracts[0]?.value.currency).toBe('USD');
    expect(read.notes).toEqual([
      { path: 'tender/value/currency', rule: 'CURRENCY_CASE', original: '"mdl"' },
      { path: 'contracts/0/value/currency', rule: 'CURRENCY_CASE', original: '"Usd"' },
    ]);
  });

  it('reads a release without initiationType as "tender", the only code, and says it was absent', () => {
    const rest: Record<string, unknown> = { ...base };
    delete rest['initiationType'];
    const read = tolerateRelease(rest);
    expect((read.release as { initiationType: string }).initiationType).toBe('tender');
    expect(read.notes).toEqual([
      { path: 'initiationType', rule: 'INITIATION_TYPE_MISSING', original: 'absent' },
    ]);
  });

  it('never changes its input, shares what it did not coerce, and keeps a __proto__ key as data', () => {
    const parties = [{ id: '0912345', name: 'Fictional LLC' }];
    const payload = JSON.parse(
      '{"ocid":"ocds-xxxxxx-q","id":"r","date":"2024-01-01T00:00:00Z","tag":"award","initiationType":"tender","x":{"__proto__":{"amount":""}}}',
    ) as Record<string, unknown>;
    const release = { ...payload, parties };
    const before = structuredClone(release);
    const read = tolerateRelease(release);
    expect(release).toEqual(before);
    expect((read.release as { parties: unknown }).parties).toBe(parties);
    const x = (read.release as { x: Record<string, unknown> }).x;
    expect(Object.getPrototypeOf(x)).toBe(Object.prototype);
    expect(Object.hasOwn(x, '__proto__')).toBe(true);
  });

  it(`counts every coercion but keeps at most ${MAX_NOTES_PER_RELEASE} notes`, () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ id: `i${i}`, quantity: '' }));
    const read = tolerateRelease({ ...base, tender: { id: 't', items } });
    expect(read.coercions).toBe(30);
    expect(read.notes).toHaveLength(MAX_NOTES_PER_RELEASE);
  });
});

describe('mayHaveQuirks', () => {
  it('says false only for JSON text in which tolerateRelease would coerce nothing', () => {
    const clean = { ...base, tender: { id: 't', title: 'Road', value: { amount: 1, currency: 'MNT' } } };
    expect(mayHaveQuirks(JSON.stringify(clean))).toBe(false);
    expect(tolerateRelease(clean).coercions).toBe(0);
    const quirky = [
      { ...base, tag: 'tender' },
      { ...base, tender: { id: 't', value: { amount: '', currency: 'MNT' } } },
      { ...base, tender: { id: 't', documents: {} } },
      { ...base, tender: { id: 't', value: { amount: 1, currency: 'mnt' } } },
      { ...base, tender: { id: 't', value: { amount: 1, currency: 'Mnt' } } },
    ];
    for (const release of quirky) {
      expect(tolerateRelease(release).coercions).toBeGreaterThan(0);
      expect(mayHaveQuirks(JSON.stringify(release))).toBe(true);
    }
  });
});

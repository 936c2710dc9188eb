import { describe, expect, it } from 'vitest';
import { compiledReleaseId, readFeedPage } from '../../../src/sources/procurement/harvest.js';
import { MAX_DEPTH } from '../../../src/sources/procurement/tolerate.js';

/**
 * One page of a feed read release by release: what can be used is kept, what cannot is quarantined with
 * where and why (never its values), an ocid no lookup could find included. Fictional releases.
 */

const ORIGIN = 'https://ocds.example.mn';
const release = (ocid: string, id: string, extra: Record<string, unknown> = {}) => ({
  ocid,
  id,
  date: '2024-01-01T00:00:00Z',
  tag: ['tender'],
  initiationType: 'tender',
  ...extra,
});
const page = (releases: unknown[]) => ({ version: '1.1', releases });

describe('readFeedPage', () => {
  it('quarantines a release whose ocid no lookup could find, and keeps the others', () => {
    const read = readFeedPage(
      page([
        release('ocds-xxxxxx-ok-1', 'r1'),
        release('ocds-xxxxxx-space-1 ', 'r2'),
        release('ocds-xxxxxx-\u200bhidden', 'r3'),
        release('OCDS-XXXXXXXX-UPPER-1', 'r4'),
      ]),
      ORIGIN,
    );
    expect(read.releases.map((r) => r.ocid)).toEqual(['ocds-xxxxxx-ok-1', 'OCDS-XXXXXXXX-UPPER-1']);
    expect(read.quarantined.map((q) => [q.releaseId, q.where, q.reasons[0]?.path])).toEqual([
      ['r2', 'releases[1]', 'ocid'],
      ['r3', 'releases[2]', 'ocid'],
    ]);
    expect(read.quarantined[0]?.reasons[0]?.reason).toMatch(/begins or ends with a space/);
    expect(read.quarantined[1]?.reasons[0]?.reason).toMatch(/U\+200B/);
  });

  it(`quarantines a release nested deeper than ${MAX_DEPTH} levels instead of failing the page`, () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 5000; i++) deep = { x: deep };
    const read = readFeedPage(
      page([release('ocds-xxxxxx-deep-1', 'r1', { x_deep: deep }), release('ocds-xxxxxx-ok-2', 'r2')]),
      ORIGIN,
    );
    expect(read.releases.map((r) => r.id)).toEqual(['r2']);
    expect(read.quarantined).toHaveLength(1);
    expect(read.quarantined[0]?.reasons[0]?.reason).toMatch(/nested more than 64 levels/);
    expect(read.quarantined[0]?.reasons[0]?.path.startsWith('x_deep/x/x')).toBe(true);
  });

  it("keys a record's unusable compiled release by its ocid, so that a usable one later lets it out", () => {
    const read = readFeedPage(
      {
        version: '1.1',
        records: [
          { ocid: 'ocds-xxxxxx-rec-1', compiledRelease: { ocid: 'ocds-xxxxxx-rec-1', tender: 'n/a' } },
          { ocid: 'ocds-xxxxxx-rec-2', compiledRelease: { ocid: 'ocds-xxxxxx-rec-2', tender: { id: 't' } } },
        ],
      },
      ORIGIN,
    );
    expect(read.compiled.map((p) => p.ocid)).toEqual(['ocds-xxxxxx-rec-2']);
    expect(read.quarantined.map((q) => [q.ocid, q.releaseId, q.reasons[0]?.path])).toEqual([
      ['ocds-xxxxxx-rec-1', compiledReleaseId('ocds-xxxxxx-rec-1'), 'compiledRelease/tender'],
    ]);
  });
});

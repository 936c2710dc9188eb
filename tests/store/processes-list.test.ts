/**
 * Lists of contracting processes from the store, on each backend: newest first with ties by ocid, keyset
 * pages that neither repeat nor skip when processes arrive between them, every filter of
 * `contractingProcesses` (literal `%` and `_` in names, Cyrillic names folded), and the party facets.
 */
import { expect, it } from 'vitest';
import type { ContractingProcessFilter, ProcessQuery } from '../../src/domain/index.js';
import { HarvestStates, ProcessStore } from '../../src/store/index.js';
import { storeBackends, useStore } from './backends.js';
import { ORG, compile, ocid, partyId, raw, type TestRelease } from './process-fixtures.js';

const SOURCE = 'PROCUREMENT';
const DAY = 86_400_000;

/**
 * Seven processes chosen for the filters' edges: #1 on the last second of 31 March, #2 on the first of
 * April, #6 and #7 at the same instant written in two offsets (a tie), #5 without a date, #3 in USD.
 */
const SEVEN: readonly TestRelease[] = [
  {
    ocid: ocid(1),
    date: '2024-03-31T23:59:59Z',
    status: 'active',
    method: 'open',
    value: { amount: 1_000_000, currency: 'MNT' },
    buyer: ORG.city,
    suppliers: [ORG.roads],
  },
  {
    ocid: ocid(2),
    date: '2024-04-01T00:00:00Z',
    status: 'complete',
    method: 'selective',
    value: { amount: 5_000_000, currency: 'MNT' },
    buyer: ORG.aimag,
    suppliers: [ORG.green],
  },
  {
    ocid: ocid(3),
    date: '2024-03-01T00:00:00Z',
    status: 'active',
    method: 'open',
    value: { amount: 500, currency: 'USD' },
    buyer: ORG.city,
    tenderers: [ORG.roads, ORG.under],
  },
  {
    ocid: ocid(4),
    date: '2024-02-29T23:59:59.999Z',
    status: 'cancelled',
    method: 'limited',
    value: { amount: 2_000_000, currency: 'MNT' },
    buyer: ORG.aimag,
    suppliers: [ORG.under],
  },
  {
    ocid: ocid(5),
    date: null,
    status: 'active',
    method: 'open',
    value: { amount: 3_000_000, currency: 'MNT' },
    buyer: ORG.city,
  },
  {
    ocid: ocid(6),
    date: '2024-03-15T12:00:00+08:00',
    status: 'active',
    method: 'direct',
    buyer: ORG.aimag,
    suppliers: [ORG.slash],
  },
  {
    ocid: ocid(7),
    date: '2024-03-15T04:00:00Z',
    status: 'active',
    method: 'open',
    value: { amount: 1_000_000, currency: 'MNT' },
    buyer: ORG.city,
  },
];

for (const backend of storeBackends()) {
  backend.describe('ProcessStore lists', () => {
    const fixture = useStore(backend);
    const processes = () => new ProcessStore(fixture.store.db, 'OCDS', SOURCE);
    const revision = async () => (await new HarvestStates(fixture.store.db).get(SOURCE)).revision;

    /** The ocid numbers of every match of `query`, walking pages of `first`. */
    async function list(query: Partial<ProcessQuery> = {}, first = 100): Promise<number[]> {
      const seen: number[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await processes().page(
          { feed: 'OCDS', filter: {}, first, after, ...query },
          await revision(),
        );
        seen.push(...page.edges.map((e) => Number(e.node.ocid.slice(-4))));
        if (!page.hasNextPage) return seen;
        after = page.edges.at(-1)!.cursor;
      }
    }
    const matching = (filter: ContractingProcessFilter) => list({ filter });

    async function seed(releases: readonly TestRelease[], now = 1_000): Promise<void> {
      expect(await processes().applyReleases(releases.map(raw), compile, now)).toBe(releases.length);
    }

    it('lists newest first, ties by ocid, processes without a date last', async () => {
      await seed(SEVEN);
      expect(await list()).toEqual([2, 1, 6, 7, 3, 4, 5]);
      expect(await list({}, 2)).toEqual([2, 1, 6, 7, 3, 4, 5]);
      const page = await processes().page(
        { feed: 'OCDS', filter: {}, first: 3, after: null },
        await revision(),
      );
      expect(page.hasPreviousPage).toBe(false);
      expect(page.hasNextPage).toBe(true);
      expect(page.edges[0]!.node).toEqual(compile(ocid(2), [JSON.stringify(SEVEN[1])]));
      // Another feed of the same store holds none of them.
      const other = await new ProcessStore(fixture.store.db, 'TENDER_MN', 'TENDER_MN').page(
        { feed: 'TENDER_MN', filter: {}, first: 10, after: null },
        0,
      );
      expect(other.edges).toEqual([]);
      expect(await other.totalCount()).toBe(0);
    });

    it('visits every process once through keyset pages while new ones arrive between pages', async () => {
      // Thirty processes: ties of three on each day, and two without a date.
      const initial: TestRelease[] = Array.from({ length: 30 }, (_, i) => ({
        ocid: ocid(100 + i),
        date: i >= 28 ? null : `2024-01-${String(10 + Math.floor(i / 3)).padStart(2, '0')}T08:00:00Z`,
        status: 'active',
      }));
      await seed(initial);
      const visited: { n: number; date: string | null }[] = [];
      const arrivalsAfterCursor: number[] = [];
      let after: string | null = null;
      for (let round = 0; ; round += 1) {
        const page = await processes().page({ feed: 'OCDS', filter: {}, first: 4, after }, await revision());
        expect(page.hasPreviousPage).toBe(after !== null);
        visited.push(...page.edges.map((e) => ({ n: Number(e.node.ocid.slice(-4)), date: e.node.date })));
        if (!page.hasNextPage) break;
        after = page.edges.at(-1)!.cursor;
        // Between pages: one process newer than all (before the cursor: never visited) and one older than
        // every dated one so far (after the cursor while the cursor is on a dated process).
        const older = 300 + round;
        if (visited.at(-1)!.date !== null) arrivalsAfterCursor.push(older);
        await processes().applyReleases(
          [
            raw({
              ocid: ocid(200 + round),
              date: new Date(Date.UTC(2025, 0, 1) + round * DAY).toISOString(),
            }),
            raw({ ocid: ocid(older), date: new Date(Date.UTC(2023, 5, 1) - round * DAY).toISOString() }),
          ],
          compile,
          2_000 + round,
        );
      }
      const numbers = visited.map((v) => v.n);
      expect(new Set(numbers).size).toBe(numbers.length);
      // The dated originals newest first (ties by ocid), the arrivals after the cursor, the undated last.
      const dated = initial
        .filter((r) => r.date !== null)
        .sort((a, b) => b.date!.localeCompare(a.date!) || (a.ocid < b.ocid ? -1 : 1))
        .map((r) => Number(r.ocid.slice(-4)));
      expect(arrivalsAfterCursor.length).toBeGreaterThan(3);
      expect(numbers).toEqual([...dated, ...arrivalsAfterCursor, 128, 129]);
    });

    it('filters by status, method and value range in one currency', async () => {
      await seed(SEVEN);
      expect(await matching({ status: 'active' })).toEqual([1, 6, 7, 3, 5]);
      expect(await matching({ procurementMethod: 'open' })).toEqual([1, 7, 3, 5]);
      expect(await matching({ status: 'active', procurementMethod: 'direct' })).toEqual([6]);
      expect(await matching({ status: 'planned' })).toEqual([]);
      // Bounds are inclusive; USD 500 never matches an MNT range, nor a value-less process any range.
      const mnt = { currency: 'MNT', min: 1_000_000, max: 3_000_000 };
      expect(await matching({ value: mnt })).toEqual([1, 7, 4, 5]);
      expect(await matching({ value: { currency: 'MNT', min: 0, max: null } })).toEqual([2, 1, 7, 4, 5]);
      expect(await matching({ value: { currency: 'MNT', min: null, max: 999_999 } })).toEqual([]);
      expect(await matching({ value: { currency: 'USD', min: null, max: null } })).toEqual([3]);
      expect(await matching({ value: { currency: 'USD', min: 501, max: null } })).toEqual([]);
      expect(await matching({ value: { currency: 'EUR', min: 0, max: null } })).toEqual([]);
    });

    it('filters by dates: a date-only dateTo includes its whole day; undated processes never match', async () => {
      await seed(SEVEN);
      expect(await matching({ dateFrom: '2024-03-01', dateTo: '2024-03-31' })).toEqual([1, 6, 7, 3]);
      expect(await matching({ dateTo: '2024-03-31T23:59:58Z' })).toEqual([6, 7, 3, 4]);
      expect(await matching({ dateTo: '2024-02-29' })).toEqual([4]);
      expect(await matching({ dateFrom: '2024-04-01' })).toEqual([2]);
      expect(await matching({ dateFrom: '2024-03-15T12:00:00+08:00', dateTo: '2024-03-15' })).toEqual([6, 7]);
      expect(await matching({ changedSince: '2024-03-15T04:00:00Z' })).toEqual([2, 1, 6, 7]);
      expect(await matching({ changedSince: '2024-03-15T04:00:00.001Z' })).toEqual([2, 1]);
      // Both lower bounds apply: the later one decides.
      expect(await matching({ dateFrom: '2024-01-01', changedSince: '2024-03-31T00:00:00Z' })).toEqual([
        2, 1,
      ]);
    });

    it('filters by buyer: party id, register number, or part of the name in any case, Cyrillic included', async () => {
      await seed(SEVEN);
      expect(await matching({ buyer: ORG.city.regno })).toEqual([1, 7, 3, 5]);
      expect(await matching({ buyer: partyId(ORG.aimag) })).toEqual([2, 6, 4]);
      expect(await matching({ buyer: 'захирагчийн' })).toEqual([1, 7, 3, 5]);
      expect(await matching({ buyer: 'ЗАХИРАГЧИЙН АЖЛЫН' })).toEqual([1, 7, 3, 5]);
      expect(await matching({ buyer: 'ӨМНӨГОВЬ' })).toEqual([2, 6, 4]);
      expect(await matching({ buyer: 'өмнөговь аймгийн' })).toEqual([2, 6, 4]);
      expect(await matching({ buyer: '(ЗОХИОМОЛ)' })).toEqual([2, 1, 6, 7, 3, 4, 5]);
      // Part of a register number or of a party id is not an identifier match.
      expect(await matching({ buyer: '090000' })).toEqual([]);
      expect(await matching({ buyer: 'Улаанбаатар', status: 'active', procurementMethod: 'open' })).toEqual([
        1, 7, 3, 5,
      ]);
    });

    it('filters by supplier of an award, never by tenderer or buyer', async () => {
      await seed(SEVEN);
      expect(await matching({ supplier: ORG.roads.regno })).toEqual([1]);
      expect(await matching({ supplier: partyId(ORG.under) })).toEqual([4]);
      expect(await matching({ supplier: 'ногоон' })).toEqual([2]);
      expect(await matching({ supplier: 'ххк' })).toEqual([2, 1, 4]);
      expect(await matching({ supplier: 'FICTIONAL' })).toEqual([2, 1, 6, 4]);
      expect(await matching({ supplier: ORG.city.regno })).toEqual([]);
      expect(await matching({ buyer: 'зохиомол', supplier: 'зам барилга' })).toEqual([1]);
    });

    it('reads %, _ and \\ in a name filter literally', async () => {
      await seed(SEVEN);
      expect(await matching({ supplier: '%' })).toEqual([2]);
      expect(await matching({ supplier: '0%' })).toEqual([2]);
      expect(await matching({ supplier: '_' })).toEqual([4]);
      expect(await matching({ supplier: 'Ус_Дулаан' })).toEqual([4]);
      expect(await matching({ supplier: 'Ус%Дулаан' })).toEqual([]);
      expect(await matching({ supplier: 'Зам_Барилга' })).toEqual([]);
      expect(await matching({ supplier: 'back\\slash' })).toEqual([6]);
      expect(await matching({ supplier: '\\' })).toEqual([6]);
      expect(await matching({ buyer: '%' })).toEqual([]);
      expect(await matching({ buyer: '_' })).toEqual([]);
    });

    it('answers the party facets by role and MN-CR register number', async () => {
      await seed(SEVEN);
      const facet = (role: 'buyer' | 'supplier' | 'tenderer', id: string, scheme = 'MN-CR') =>
        list({ party: { role, scheme, id } });
      expect(await facet('buyer', ORG.aimag.regno)).toEqual([2, 6, 4]);
      expect(await facet('supplier', ORG.roads.regno)).toEqual([1]);
      expect(await facet('tenderer', ORG.roads.regno)).toEqual([3]);
      expect(await facet('tenderer', ORG.under.regno)).toEqual([3]);
      expect(await facet('supplier', ORG.under.regno)).toEqual([4]);
      expect(await facet('buyer', ORG.roads.regno)).toEqual([]);
      expect(await facet('buyer', ORG.aimag.regno, 'GB-COH')).toEqual([]);
      // A facet combines with filters and pages like any list.
      expect(
        await list(
          { party: { role: 'buyer', scheme: 'MN-CR', id: ORG.city.regno }, filter: { status: 'active' } },
          1,
        ),
      ).toEqual([1, 7, 3, 5]);
    });
  });
}

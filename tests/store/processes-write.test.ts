/**
 * Writing contracting processes to the store, on each backend: re-applied releases change nothing but
 * when the process was seen, a changed or added release recompiles its process from every stored
 * release, and counts and value totals (one per currency, never added across currencies) are cached per
 * harvest revision and follow every write.
 */
import { beforeEach, expect, it } from 'vitest';
import type { ContractingProcessFilter, ProcessQuery } from '../../src/domain/index.js';
import { HarvestStates, ProcessStore, type Compile } from '../../src/store/index.js';
import { storeBackends, useStore } from './backends.js';
import { ORG, compile, ocid, raw, type TestRelease } from './process-fixtures.js';

const SOURCE = 'PROCUREMENT';

const FOUR: readonly TestRelease[] = [
  {
    ocid: ocid(1),
    date: '2024-05-01T00:00:00Z',
    status: 'active',
    value: { amount: 1_500_000, currency: 'MNT' },
    buyer: ORG.city,
  },
  {
    ocid: ocid(2),
    date: '2024-05-02T00:00:00Z',
    status: 'active',
    value: { amount: 250.5, currency: 'USD' },
    buyer: ORG.aimag,
  },
  {
    ocid: ocid(3),
    date: '2024-05-03T00:00:00Z',
    status: 'complete',
    value: { amount: 2_500_000, currency: 'MNT' },
    buyer: ORG.city,
  },
  { ocid: ocid(4), date: '2024-05-04T00:00:00Z', status: 'active', buyer: ORG.aimag, suppliers: [ORG.roads] },
];

for (const backend of storeBackends()) {
  backend.describe('ProcessStore writes and totals', () => {
    const fixture = useStore(backend);
    // One ProcessStore per test, as the gateway keeps one per feed: its count cache lives in it.
    let store: ProcessStore;
    beforeEach(() => {
      store = new ProcessStore(fixture.store.db, 'OCDS', SOURCE);
    });
    const processes = () => store;
    const revision = async () => (await new HarvestStates(fixture.store.db).get(SOURCE)).revision;
    const query = (filter: ContractingProcessFilter = {}, party?: ProcessQuery['party']): ProcessQuery => ({
      feed: 'OCDS',
      filter,
      first: 2,
      after: null,
      ...(party === undefined ? {} : { party }),
    });
    async function totals(q: ProcessQuery, at?: number) {
      const page = await processes().page(q, at ?? (await revision()));
      return { count: await page.totalCount(), values: await page.valueTotals() };
    }

    it('counts every match and totals values per currency, whatever the page size', async () => {
      expect(await processes().applyReleases(FOUR.map(raw), compile, 1_000)).toBe(4);
      expect(await totals(query())).toEqual({
        count: 4,
        values: [
          { amount: 4_000_000, currency: 'MNT' },
          { amount: 250.5, currency: 'USD' },
        ],
      });
      expect(await totals(query({ status: 'active' }))).toEqual({
        count: 3,
        values: [
          { amount: 1_500_000, currency: 'MNT' },
          { amount: 250.5, currency: 'USD' },
        ],
      });
      // A match without a value is counted and adds to no total.
      expect(await totals(query({ supplier: ORG.roads.regno }))).toEqual({ count: 1, values: [] });
      expect(await totals(query({}, { role: 'buyer', scheme: 'MN-CR', id: ORG.city.regno }))).toEqual({
        count: 2,
        values: [{ amount: 4_000_000, currency: 'MNT' }],
      });
      expect(await totals(query({ status: 'planned' }))).toEqual({ count: 0, values: [] });
      expect(await processes().size()).toBe(4);
    });

    it('keeps counts per revision: a write bumps it and the new revision counts again', async () => {
      await processes().applyReleases(FOUR.map(raw), compile, 1_000);
      const first = await revision();
      expect(first).toBeGreaterThan(0);
      expect((await totals(query())).count).toBe(4);

      const fifth: TestRelease = {
        ocid: ocid(5),
        date: '2024-05-05T00:00:00Z',
        value: { amount: 100, currency: 'USD' },
      };
      expect(await processes().applyReleases([raw(fifth)], compile, 2_000)).toBe(1);
      const second = await revision();
      expect(second).toBe(first + 1);
      expect(await totals(query(), second)).toEqual({
        count: 5,
        values: [
          { amount: 4_000_000, currency: 'MNT' },
          { amount: 350.5, currency: 'USD' },
        ],
      });
      // The figures and the page read at the first revision are reused for it (a caller passes the
      // revision it just read); the new revision reads the rows again.
      expect((await totals(query(), first)).count).toBe(4);
      const before = await processes().page(query(), first);
      expect(before.edges.map((e) => e.node.ocid)).not.toContain(ocid(5));
      expect((await processes().page(query(), second)).edges[0]!.node.ocid).toBe(ocid(5));
      // Asked again at its revision, a page is the one already parsed, not a new read.
      expect((await processes().page(query(), second)).edges[0]!.node).toBe(
        (await processes().page(query(), second)).edges[0]!.node,
      );
      // Another feed's store counts under its own source and revision.
      const tender = new ProcessStore(fixture.store.db, 'TENDER_MN', 'TENDER_MN');
      expect(
        await tender.applyReleases([raw({ ...fifth, ocid: 'ocds-09test-tender-1' })], compile, 2_000),
      ).toBe(1);
      expect(await revision()).toBe(second);
      expect((await new HarvestStates(fixture.store.db).get('TENDER_MN')).revision).toBe(1);
      expect(await processes().size()).toBe(5);
    });

    it('changes nothing for releases applied again, but marks their processes as seen', async () => {
      await processes().applyReleases(FOUR.map(raw), compile, 1_000);
      const before = await revision();
      expect(await processes().applyReleases(FOUR.map(raw), compile, 5_000)).toBe(0);
      expect(await revision()).toBe(before);
      const stored = await processes().byOcids([ocid(1), ocid(4), ocid(99)]);
      expect([...stored.keys()].sort()).toEqual([ocid(1), ocid(4)]);
      expect(stored.get(ocid(1))).toEqual({
        process: compile(ocid(1), [JSON.stringify(FOUR[0])]),
        seenAt: 5_000,
      });
      expect(stored.get(ocid(4))!.seenAt).toBe(5_000);
      expect((await processes().byOcids([ocid(2)])).get(ocid(2))!.seenAt).toBe(5_000);
    });

    it('recompiles a process from all its releases when one changes or one is added', async () => {
      await processes().applyReleases(FOUR.map(raw), compile, 1_000);
      const before = await revision();
      // A batch of one unchanged, one changed (buyer and status) and one new release of #2.
      const changed = { ...FOUR[0]!, status: 'cancelled', buyer: ORG.aimag };
      const added = { ...FOUR[1]!, id: `${ocid(2)}-r2`, date: '2024-06-01T00:00:00Z', status: 'complete' };
      expect(await processes().applyReleases([raw(FOUR[2]!), raw(changed), raw(added)], compile, 3_000)).toBe(
        2,
      );
      expect(await revision()).toBe(before + 1);

      const stored = await processes().byOcids([ocid(1), ocid(2), ocid(3)]);
      expect(stored.get(ocid(1))!.process.tender!.status).toBe('cancelled');
      expect(stored.get(ocid(1))!.process.releaseCount).toBe(1);
      expect(stored.get(ocid(2))!.process).toMatchObject({ date: '2024-06-01T00:00:00Z', releaseCount: 2 });
      expect(stored.get(ocid(3))!.seenAt).toBe(3_000);
      // The indexed columns and parties follow: #1's buyer is no longer the city, #2 moved to the top.
      const page = await processes().page(
        { ...query({ buyer: ORG.city.regno }), first: 10 },
        await revision(),
      );
      expect(page.edges.map((e) => e.node.ocid)).toEqual([ocid(3)]);
      const all = await processes().page({ ...query(), first: 10 }, await revision());
      expect(all.edges.map((e) => e.node.ocid)).toEqual([ocid(2), ocid(4), ocid(3), ocid(1)]);
      expect(await all.totalCount()).toBe(4);
      expect(
        await (await processes().page(query({ status: 'complete' }), await revision())).totalCount(),
      ).toBe(2);
      expect(await processes().size()).toBe(4);
    });

    it('rewrites a process whose listed columns or parties did not change without losing or doubling their rows', async () => {
      await processes().applyReleases(FOUR.map(raw), compile, 1_000);
      const list = async (filter: ContractingProcessFilter = {}, party?: ProcessQuery['party']) => {
        const page = await processes().page({ ...query(filter, party), first: 10 }, await revision());
        return { ocids: page.edges.map((e) => e.node.ocid), count: await page.totalCount() };
      };
      const supplierOf = (org: { regno: string }) =>
        ({ role: 'supplier', scheme: 'MN-CR', id: org.regno }) as const;
      // An older release of #1 and #4: the latest still wins every listed column and party; the document
      // changes (two releases now).
      const older = (r: TestRelease, title: string) =>
        raw({ ...r, id: `${r.ocid}-r0`, date: '2024-01-01T00:00:00Z', status: 'planned', title });
      expect(
        await processes().applyReleases([older(FOUR[0]!, 'a'), older(FOUR[3]!, 'b')], compile, 2_000),
      ).toBe(2);
      const stored = await processes().byOcids([ocid(1), ocid(4)]);
      expect(stored.get(ocid(1))).toMatchObject({ process: { releaseCount: 2 }, seenAt: 2_000 });
      expect(stored.get(ocid(4))!.process.releaseCount).toBe(2);
      expect(await list()).toEqual({ ocids: [ocid(4), ocid(3), ocid(2), ocid(1)], count: 4 });
      expect(await list({ status: 'active' })).toEqual({ ocids: [ocid(4), ocid(2), ocid(1)], count: 3 });
      expect(await list({ buyer: ORG.city.regno })).toEqual({ ocids: [ocid(3), ocid(1)], count: 2 });
      expect(await list({}, supplierOf(ORG.roads))).toEqual({ ocids: [ocid(4)], count: 1 });

      // Parties change, listed columns do not: #4's supplier is another one.
      const moved = {
        ...FOUR[3]!,
        id: `${ocid(4)}-r2`,
        date: '2024-05-04T00:00:00Z',
        suppliers: [ORG.green],
      };
      await processes().applyReleases([raw(moved)], compile, 3_000);
      expect(await list({}, supplierOf(ORG.roads))).toEqual({ ocids: [], count: 0 });
      expect(await list({}, supplierOf(ORG.green))).toEqual({ ocids: [ocid(4)], count: 1 });
      expect(await list({ status: 'active' })).toEqual({ ocids: [ocid(4), ocid(2), ocid(1)], count: 3 });

      // A withdrawn process written again as it was is listed again.
      expect(await processes().withdraw([ocid(2)], 2_500, 4_000)).toBe(1);
      expect(await list({ status: 'active' })).toEqual({ ocids: [ocid(4), ocid(1)], count: 2 });
      const again = (await processes().byOcids([ocid(2)])).get(ocid(2))!.process;
      await processes().put([again], 5_000);
      expect(await list({ status: 'active' })).toEqual({ ocids: [ocid(4), ocid(2), ocid(1)], count: 3 });
      expect(await list({ buyer: ORG.aimag.regno })).toEqual({ ocids: [ocid(4), ocid(2)], count: 2 });
    });

    it('keeps the last of a release repeated in one batch, and skips what compiles to nothing', async () => {
      const first = raw({ ...FOUR[0]!, status: 'planned' });
      const last = raw({ ...FOUR[0]!, status: 'active' });
      expect(await processes().applyReleases([first, last], compile, 1_000)).toBe(1);
      expect((await processes().byOcids([ocid(1)])).get(ocid(1))!.process.tender!.status).toBe('active');

      const none: Compile = (id, raws) => (id === ocid(9) ? null : compile(id, raws));
      const before = await revision();
      expect(await processes().applyReleases([raw({ ocid: ocid(9), date: null })], none, 2_000)).toBe(0);
      expect(await revision()).toBe(before);
      expect((await processes().byOcids([ocid(9)])).size).toBe(0);
      expect(await processes().applyReleases([], compile, 3_000)).toBe(0);
    });

    it('writes processes read live over what the store held, bumping the revision', async () => {
      await processes().applyReleases(FOUR.map(raw), compile, 1_000);
      const before = await revision();
      const live = compile(ocid(3), [
        JSON.stringify({ ...FOUR[2]!, status: 'cancelled', value: { amount: 9, currency: 'EUR' } }),
      ])!;
      const fresh = compile(ocid(8), [
        JSON.stringify({ ocid: ocid(8), date: '2024-07-01T00:00:00Z', buyer: ORG.city }),
      ])!;
      await processes().put([live, fresh], 4_000);
      await processes().put([], 5_000);
      expect(await revision()).toBe(before + 1);
      const stored = await processes().byOcids([ocid(3), ocid(8)]);
      expect(stored.get(ocid(3))).toEqual({ process: live, seenAt: 4_000 });
      expect(stored.get(ocid(8))).toEqual({ process: fresh, seenAt: 4_000 });
      expect(await totals(query({ value: { currency: 'EUR', min: null, max: null } }))).toEqual({
        count: 1,
        values: [{ amount: 9, currency: 'EUR' }],
      });
      expect(await totals(query({ buyer: ORG.city.regno }))).toMatchObject({ count: 3 });
    });
  });
}

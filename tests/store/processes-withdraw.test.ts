/**
 * Marking processes seen and withdrawn, on each backend, as a snapshot-style harvest (tender.gov.mn's
 * tender-year windows) does: a process not seen since the pass started is withdrawn (kept, no longer
 * listed, still found by ocid), one seen in the same pass is left alone, one listed again is published
 * again, and every change of what a list shows bumps the harvest revision.
 */
import { beforeEach, expect, it } from 'vitest';
import type { ContractingProcess, ProcessQuery } from '../../src/domain/index.js';
import { HarvestStates, ProcessStore } from '../../src/store/index.js';
import { storeBackends, useStore } from './backends.js';
import { ORG, compile, ocid } from './process-fixtures.js';

const SOURCE = 'TENDER_MN';

const process = (n: number): ContractingProcess =>
  compile(ocid(n), [
    JSON.stringify({ ocid: ocid(n), date: `2026-0${n}-01T00:00:00Z`, status: 'active', buyer: ORG.city }),
  ])!;

for (const backend of storeBackends()) {
  backend.describe('ProcessStore seen and withdraw', () => {
    const fixture = useStore(backend);
    let store: ProcessStore;
    beforeEach(() => {
      store = new ProcessStore(fixture.store.db, 'TENDER_MN', SOURCE);
    });
    const revision = async () => (await new HarvestStates(fixture.store.db).get(SOURCE)).revision;
    const query: ProcessQuery = { feed: 'TENDER_MN', filter: {}, first: 10, after: null };
    const listed = async () => (await store.page(query, await revision())).edges.map((e) => e.node.ocid);

    it('withdraws what a pass did not see, keeps it, and publishes it again when it is listed again', async () => {
      await store.put([process(1), process(2), process(3)], 1_000);
      // A pass starting at 2 000 sees process 1 unchanged.
      await store.seen([ocid(1)], 2_000);
      const before = await revision();
      expect(await store.withdraw([ocid(1), ocid(2), ocid(3)], 2_000, 3_000)).toBe(2);
      expect(await revision()).toBe(before + 1);
      expect(await listed()).toEqual([ocid(1)]);
      // Kept: found by ocid, with when it was last seen.
      expect((await store.byOcids([ocid(2)])).get(ocid(2))).toEqual({ process: process(2), seenAt: 1_000 });
      expect(await store.size()).toBe(3);
      // Withdrawing again changes nothing, and the revision stays.
      expect(await store.withdraw([ocid(2), ocid(3)], 2_000, 4_000)).toBe(0);
      expect(await revision()).toBe(before + 1);

      // Listed again, unchanged: published again.
      await store.seen([ocid(2)], 5_000);
      expect(await revision()).toBe(before + 2);
      expect((await listed()).sort()).toEqual([ocid(1), ocid(2)]);
      // Seen while published: only when it was seen; the lists did not change.
      await store.seen([ocid(1), ocid(2)], 6_000);
      expect(await revision()).toBe(before + 2);
      expect((await store.byOcids([ocid(1)])).get(ocid(1))?.seenAt).toBe(6_000);
      // A changed process written again is published again too.
      await store.put([process(3)], 7_000);
      expect((await listed()).sort()).toEqual([ocid(1), ocid(2), ocid(3)]);
    });

    it('touches only its own feed', async () => {
      const other = new ProcessStore(fixture.store.db, 'OCDS', 'PROCUREMENT');
      await other.put([process(1)], 1_000);
      await store.put([process(1)], 1_000);
      expect(await store.withdraw([ocid(1)], 2_000, 3_000)).toBe(1);
      const ocds = await other.page({ ...query, feed: 'OCDS' }, 0);
      expect(ocds.edges.map((e) => e.node.ocid)).toEqual([ocid(1)]);
      await store.seen([ocid(1)], 4_000);
      expect((await other.byOcids([ocid(1)])).get(ocid(1))?.seenAt).toBe(1_000);
      expect(await store.seen([], 5_000)).toBeUndefined();
      expect(await store.withdraw([], 0, 5_000)).toBe(0);
    });
  });
}

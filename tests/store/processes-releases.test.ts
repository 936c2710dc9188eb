/**
 * Reading back the releases a process was compiled from (`ProcessStore.releasesOf`), on each backend: every
 * stored release of each asked ocid, as published, in release id order whatever the database's collation,
 * one statement for a batch, and nothing of another feed or of an ocid not asked for.
 */
import { beforeEach, expect, it, vi } from 'vitest';
import { ProcessStore } from '../../src/store/index.js';
import { storeBackends, useStore } from './backends.js';
import { compile, ocid, raw } from './process-fixtures.js';

const NOW = Date.parse('2024-06-01T00:00:00Z');

for (const backend of storeBackends()) {
  backend.describe('ProcessStore.releasesOf', () => {
    const fixture = useStore(backend);
    let store: ProcessStore;
    beforeEach(async () => {
      store = new ProcessStore(fixture.store.db, 'OCDS', 'PROCUREMENT');
      // Release ids whose order differs between code units and a linguistic collation ("B" < "a" < "b").
      await store.applyReleases(
        [
          raw({ ocid: ocid(1), id: 'b', date: '2024-05-01T00:00:00Z', status: 'planned' }),
          raw({ ocid: ocid(1), id: 'B', date: '2024-05-02T00:00:00Z', status: 'active' }),
          raw({ ocid: ocid(1), id: 'a', date: '2024-05-03T00:00:00Z', status: 'complete' }),
          raw({ ocid: ocid(2), id: 'only', date: '2024-05-04T00:00:00Z', status: 'active' }),
          raw({ ocid: ocid(3), id: 'other', date: '2024-05-05T00:00:00Z', status: 'active' }),
        ],
        compile,
        NOW,
      );
      // The same ocid in another feed is not this feed's.
      await new ProcessStore(fixture.store.db, 'TENDER_MN', 'TENDER_MN').applyReleases(
        [raw({ ocid: ocid(2), id: 'minted', date: '2024-05-06T00:00:00Z' })],
        compile,
        NOW,
      );
    });

    it('gives every stored release of each ocid asked for, as published, in release id order', async () => {
      const got = await store.releasesOf([ocid(1), ocid(2), ocid(9)]);
      expect([...got.keys()].sort()).toEqual([ocid(1), ocid(2)]);
      expect(got.get(ocid(1))!.map((r) => (JSON.parse(r) as { id: string }).id)).toEqual(['B', 'a', 'b']);
      expect(got.get(ocid(1))![0]).toBe(
        raw({ ocid: ocid(1), id: 'B', date: '2024-05-02T00:00:00Z', status: 'active' }).raw,
      );
      expect(got.get(ocid(2))!.map((r) => (JSON.parse(r) as { id: string }).id)).toEqual(['only']);
    });

    it('reads a batch of ocids with one statement', async () => {
      const executor = fixture.store.db.getExecutor();
      const spy = vi.spyOn(executor, 'executeQuery');
      try {
        const got = await store.releasesOf([ocid(1), ocid(2), ocid(3), ocid(1)]);
        expect(got.size).toBe(3);
        const reads = spy.mock.calls.filter(([q]) => /\breleases\b/.test(q.sql));
        expect(reads).toHaveLength(1);
      } finally {
        spy.mockRestore();
      }
    });

    it('gives an empty map for no ocids or ocids it holds nothing of', async () => {
      expect((await store.releasesOf([])).size).toBe(0);
      expect((await store.releasesOf([ocid(7)])).size).toBe(0);
    });
  });
}

/**
 * Harvest state rows and leases on each backend. Lease times are explicit numbers (the API takes `now`),
 * so whether a lease is valid or lapsed never depends on the clock; the contest of ten holders at one
 * instant runs its statements concurrently on PostgreSQL, through two stores (two replicas) at once.
 */
import { expect, it } from 'vitest';
import { HarvestStates, Store, emptyHarvest } from '../../src/store/index.js';
import { storeBackends, useStore } from './backends.js';

const TTL = 1_000;

for (const backend of storeBackends()) {
  backend.describe('HarvestStates', () => {
    const fixture = useStore(backend);
    const states = () => new HarvestStates(fixture.store.db);

    it('answers an empty row for a source never harvested', async () => {
      expect(await states().get('PROCUREMENT')).toEqual(emptyHarvest('PROCUREMENT'));
      expect(await states().all()).toEqual([]);
    });

    it('creates a row on the first update and merges later ones into it', async () => {
      await states().update('REGISTRY', { cursor: 'page-2', pages: 2, records: 200, pass_started_at: 1_000 });
      await states().update('REGISTRY', { pages: 3, records: 300, dataset_date: '2025-06-01' });
      await states().update('EITI', { last_error: 'HTTP 503 from the upstream', last_error_at: 2_000 });

      expect(await states().get('REGISTRY')).toEqual({
        ...emptyHarvest('REGISTRY'),
        cursor: 'page-2',
        pass_started_at: 1_000,
        pages: 3,
        records: 300,
        dataset_date: '2025-06-01',
      });
      // Numbers come back as numbers on both backends (PostgreSQL's bigint is parsed).
      expect(typeof (await states().get('REGISTRY')).pass_started_at).toBe('number');
      const all = await states().all();
      expect(all.map((r) => r.source).sort()).toEqual(['EITI', 'REGISTRY']);
      expect(all.find((r) => r.source === 'EITI')).toMatchObject({ last_error_at: 2_000, pages: 0 });
    });

    it('clears a column set to null', async () => {
      await states().update('REGISTRY', { cursor: 'page-9', last_error: 'timeout' });
      await states().update('REGISTRY', { cursor: null, last_error: null, completed_at: 5_000 });
      expect(await states().get('REGISTRY')).toMatchObject({
        cursor: null,
        last_error: null,
        completed_at: 5_000,
      });
    });

    it('gives a lease to one holder until it lapses, renews it for that holder, and frees it on release', async () => {
      const s = states();
      expect(await s.lease('harvest:PROCUREMENT', 'replica-a', 10_000, TTL)).toBe(true);
      // Valid until 11 000 inclusive: B is refused, however often it asks.
      expect(await s.lease('harvest:PROCUREMENT', 'replica-b', 10_500, TTL)).toBe(false);
      expect(await s.lease('harvest:PROCUREMENT', 'replica-b', 11_000, TTL)).toBe(false);
      // A renews at 10 900: valid until 11 900 now.
      expect(await s.lease('harvest:PROCUREMENT', 'replica-a', 10_900, TTL)).toBe(true);
      expect(await s.lease('harvest:PROCUREMENT', 'replica-b', 11_500, TTL)).toBe(false);
      expect(await s.lease('harvest:PROCUREMENT', 'replica-b', 11_900, TTL)).toBe(false);
      // Lapsed: B takes it, and then A is the one refused.
      expect(await s.lease('harvest:PROCUREMENT', 'replica-b', 11_901, TTL)).toBe(true);
      expect(await s.lease('harvest:PROCUREMENT', 'replica-a', 11_950, TTL)).toBe(false);
      // A's release does not free B's lease; B's own release does.
      await s.release('harvest:PROCUREMENT', 'replica-a');
      expect(await s.lease('harvest:PROCUREMENT', 'replica-a', 12_000, TTL)).toBe(false);
      await s.release('harvest:PROCUREMENT', 'replica-b');
      expect(await s.lease('harvest:PROCUREMENT', 'replica-a', 12_000, TTL)).toBe(true);
    });

    it('keeps leases of different names apart', async () => {
      const s = states();
      expect(await s.lease('harvest:REGISTRY', 'replica-a', 0, TTL)).toBe(true);
      expect(await s.lease('harvest:EITI', 'replica-b', 0, TTL)).toBe(true);
      expect(await s.lease('harvest:REGISTRY', 'replica-b', 500, TTL)).toBe(false);
      expect(await s.lease('harvest:EITI', 'replica-a', 500, TTL)).toBe(false);
    });

    it('lets exactly one of ten holders asking at the same instant win, free and lapsed alike', async () => {
      // A second store on the same data: two replicas, each with its own connections.
      const other = await Store.open(fixture.location.options);
      try {
        const replicas = [new HarvestStates(fixture.store.db), new HarvestStates(other.db)];
        const contest = (now: number) =>
          Promise.all(
            Array.from({ length: 10 }, (_, i) =>
              replicas[i % 2]!.lease('harvest:TENDER_MN', `holder-${i}`, now, TTL).then((won) => ({
                i,
                won,
              })),
            ),
          );

        const first = await contest(50_000);
        const winners = first.filter((r) => r.won);
        expect(winners).toHaveLength(1);
        const row = await fixture.store.db.selectFrom('leases').selectAll().execute();
        expect(row).toEqual([
          { name: 'harvest:TENDER_MN', holder: `holder-${winners[0]!.i}`, expires_at: 51_000 },
        ]);

        // Once it has lapsed, all ten (the old holder among them) contest again: one wins.
        const second = await contest(60_000);
        expect(second.filter((r) => r.won)).toHaveLength(1);
        const after = await fixture.store.db.selectFrom('leases').selectAll().execute();
        expect(after).toHaveLength(1);
        expect(after[0]!.expires_at).toBe(61_000);
      } finally {
        await other.close();
      }
    });
  });
}

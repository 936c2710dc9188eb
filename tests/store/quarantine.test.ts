/**
 * The OCDS feed's quarantine and coercion counts, on each backend: releases kept with why until a later
 * usable version of each arrives, counts and examples cached per revision (a change bumps it), and the
 * coerced values of listed processes summed.
 */
import { beforeEach, expect, it } from 'vitest';
import { HarvestStates, ProcessStore, QuarantineStore } from '../../src/store/index.js';
import { storeBackends, useStore } from './backends.js';
import { ORG, compile, ocid } from './process-fixtures.js';

const SOURCE = 'PROCUREMENT';
const entry = (n: number, id: string) => ({
  ocid: ocid(n),
  releaseId: id,
  reasons: [{ path: 'awards', reason: 'Invalid input: expected array, received string' }],
  raw: JSON.stringify({ ocid: ocid(n), id, awards: 'text' }),
});

for (const backend of storeBackends()) {
  backend.describe('QuarantineStore', () => {
    const fixture = useStore(backend);
    let quarantine: QuarantineStore;
    let processes: ProcessStore;
    beforeEach(() => {
      quarantine = new QuarantineStore(fixture.store.db, 'OCDS', SOURCE);
      processes = new ProcessStore(fixture.store.db, 'OCDS', SOURCE);
    });
    const revision = async () => (await new HarvestStates(fixture.store.db).get(SOURCE)).revision;

    it('keeps releases with why, newest examples first, and lets one out when a usable version arrives', async () => {
      expect(await quarantine.quality(await revision())).toEqual({
        quarantined: 0,
        coercions: 0,
        examples: [],
      });
      await quarantine.keep([entry(1, 'a'), entry(2, 'b')], 1_000);
      await quarantine.keep([entry(3, 'c')], 2_000);
      // The same release read again replaces its row, it is not counted twice.
      await quarantine.keep([entry(1, 'a')], 3_000);
      const quality = await quarantine.quality(await revision());
      expect(quality.quarantined).toBe(3);
      expect(quality.examples.map((e) => [e.ocid, e.releaseId, e.seenAt])).toEqual([
        [ocid(1), 'a', 3_000],
        [ocid(3), 'c', 2_000],
        [ocid(2), 'b', 1_000],
      ]);
      expect(quality.examples[0]?.reasons).toEqual(entry(1, 'a').reasons);
      expect((await quarantine.of([ocid(1), ocid(4)])).get(ocid(1))?.map((e) => e.releaseId)).toEqual(['a']);

      // A usable version of (2, b) arrives; (1, b) is another release and stays out of the question.
      const before = await revision();
      await quarantine.release([
        { ocid: ocid(2), id: 'b' },
        { ocid: ocid(1), id: 'b' },
      ]);
      expect(await revision()).toBe(before + 1);
      const after = await quarantine.quality(await revision());
      expect(after.quarantined).toBe(2);
      expect(after.examples.map((e) => e.releaseId)).toEqual(['a', 'c']);
      // Nothing to let out: no write, the revision stays.
      await quarantine.release([{ ocid: ocid(9), id: 'z' }]);
      expect(await revision()).toBe(before + 1);
    });

    it('takes a batch that repeats a release (the last one wins), and keys releases without ids by their JSON', async () => {
      const again = { ...entry(1, 'a'), raw: JSON.stringify({ ocid: ocid(1), id: 'a', awards: 'other' }) };
      const noIds = (awards: string) => ({
        ocid: '',
        releaseId: '',
        reasons: [{ path: 'ocid', reason: 'Invalid input: expected string, received undefined' }],
        raw: JSON.stringify({ awards }),
      });
      await quarantine.keep([entry(1, 'a'), again, noIds('x'), noIds('y'), noIds('x')], 1_000);
      const quality = await quarantine.quality(await revision());
      expect(quality.quarantined).toBe(3);
      const kept = quality.examples.filter((e) => e.ocid !== ocid(1));
      expect(kept).toHaveLength(2);
      for (const e of kept) expect(e.releaseId).toMatch(/^\(none: [\w-]{16}\)$/);
      const raw = await fixture.store.db
        .selectFrom('quarantine')
        .select('raw')
        .where('release_id', '=', 'a')
        .executeTakeFirstOrThrow();
      expect(raw.raw).toBe(again.raw);
    });

    it("sums the coerced values of the feed's processes", async () => {
      const noted = (n: number, coercions: number) => ({
        ...compile(ocid(n), [
          JSON.stringify({ ocid: ocid(n), date: '2026-01-01T00:00:00Z', buyer: ORG.city }),
        ])!,
        coercions,
      });
      await processes.put([noted(1, 3), noted(2, 0), noted(3, 4)], 1_000);
      expect((await quarantine.quality(await revision())).coercions).toBe(7);
      // Another feed's processes do not count.
      const other = new ProcessStore(fixture.store.db, 'TENDER_MN', 'TENDER_MN');
      await other.put([noted(5, 10)], 1_000);
      expect((await quarantine.quality(await revision())).coercions).toBe(7);
    });
  });
}

/**
 * Harvested records of the other sources, on each backend: a batch writes only what changed (by digest),
 * a complete pass marks what it did not see as withdrawn and keeps it, a record seen again is published
 * again, and a conditional GET that found nothing new confirms every published row.
 */
import { expect, it } from 'vitest';
import { EntityStore, digestOf, type EntityInput } from '../../src/store/index.js';
import { slicer } from '../../src/sync/slices.js';
import { turnCounter } from '../loop-turns.js';
import { storeBackends, useStore } from './backends.js';

/** A fictional register entity (register numbers beginning with 09). */
function entity(regno: string, name: string, extra: Partial<EntityInput> = {}): EntityInput {
  const raw = JSON.stringify({ regno, name, fictional: true });
  return { key: regno, raw, doc: JSON.stringify({ registerNumber: regno, name }), sortText: name, ...extra };
}

const A = entity('0900101', 'Алтан Зам ХХК (зохиомол)', {
  sortMs: 1_700_000_000_000,
  sourceUpdatedAt: '2025-01-02',
});
const B = entity('0900102', 'Билгүүн Трейд ХХК (зохиомол)');
const C = entity('0900103', 'Цэцэг Агро ХХК (зохиомол)');

for (const backend of storeBackends()) {
  backend.describe('EntityStore', () => {
    const fixture = useStore(backend);
    const entities = (source = 'REGISTRY', kind = 'entity') =>
      new EntityStore(fixture.store.db, source, kind);

    it('writes new and changed records and only marks unchanged ones as seen', async () => {
      expect(await entities().write([A, B], 1_000)).toEqual({ changed: 2, unchanged: 0, relisted: 0 });
      expect(await entities().write([], 1_500)).toEqual({ changed: 0, unchanged: 0, relisted: 0 });

      const renamed = entity(B.key, 'Билгүүн Трейд Групп ХХК (зохиомол)');
      expect(await entities().write([A, renamed, C], 2_000)).toEqual({
        changed: 2,
        unchanged: 1,
        relisted: 0,
      });

      const rows = await entities().get([A.key, B.key, C.key, '0900999']);
      expect([...rows.keys()].sort()).toEqual([A.key, B.key, C.key]);
      expect(rows.get(A.key)).toEqual({
        source: 'REGISTRY',
        kind: 'entity',
        key: A.key,
        digest: digestOf(A.raw),
        raw: A.raw,
        doc: A.doc,
        sort_text: A.sortText,
        sort_ms: 1_700_000_000_000,
        seen_at: 2_000,
        source_updated_at: '2025-01-02',
        withdrawn_at: null,
      });
      expect(rows.get(B.key)).toMatchObject({
        raw: renamed.raw,
        doc: renamed.doc,
        digest: digestOf(renamed.raw),
        seen_at: 2_000,
      });
      expect(rows.get(C.key)).toMatchObject({ sort_ms: null, source_updated_at: null });
    });

    it('counts a record repeated in one batch once, keeping its last version', async () => {
      const later = entity(A.key, 'Алтан Зам Групп ХХК (зохиомол)');
      expect(await entities().write([A, later], 1_000)).toEqual({ changed: 1, unchanged: 0, relisted: 0 });
      expect((await entities().get([A.key])).get(A.key)!.raw).toBe(later.raw);
    });

    it('withdraws what a complete pass did not see, keeps it, and publishes it again when seen', async () => {
      await entities().write([A, B, C], 1_000);
      // A pass starting at 2 000 sees A and C only.
      await entities().write([A], 2_100);
      await entities().write([C], 2_200);
      expect(await entities().withdrawUnseen(2_000, 3_000)).toBe(1);
      // Running it again marks nothing more, and keeps the first time of withdrawal.
      expect(await entities().withdrawUnseen(2_000, 3_500)).toBe(0);

      const b = (await entities().get([B.key])).get(B.key)!;
      expect(b).toMatchObject({ withdrawn_at: 3_000, seen_at: 1_000, raw: B.raw });
      expect((await entities().current()).map((r) => r.key)).toEqual([A.key, C.key]);
      expect(await entities().counts()).toEqual({ current: 2, withdrawn: 1 });

      // The upstream publishes B again, unchanged: it is current again.
      expect(await entities().write([B], 4_000)).toEqual({ changed: 0, unchanged: 1, relisted: 1 });
      expect((await entities().get([B.key])).get(B.key)).toMatchObject({
        withdrawn_at: null,
        seen_at: 4_000,
      });
      expect(await entities().counts()).toEqual({ current: 3, withdrawn: 0 });

      // A pass that saw nothing of the three stored withdraws none of them: an empty upstream is a fault.
      await expect(entities().withdrawUnseen(5_000, 5_000)).rejects.toThrow(
        /refused, nothing was marked withdrawn/,
      );
      expect(await entities().counts()).toEqual({ current: 3, withdrawn: 0 });
      // Withdrawn (a pass saw only A), then published again changed: current too.
      await entities().write([A], 5_000);
      await entities().withdrawUnseen(5_000, 5_000);
      expect(await entities().counts()).toEqual({ current: 1, withdrawn: 2 });
      expect(await entities().write([entity(C.key, 'Цэцэг Агро Групп ХХК (зохиомол)')], 6_000)).toEqual({
        changed: 1,
        unchanged: 0,
        relisted: 0,
      });
      expect((await entities().get([C.key])).get(C.key)).toMatchObject({
        withdrawn_at: null,
        seen_at: 6_000,
      });
      expect(await entities().counts()).toEqual({ current: 2, withdrawn: 1 });
    });

    it('confirms every published record as seen, leaving withdrawn ones as they are', async () => {
      await entities().write([A, B, C], 1_000);
      await entities().write([A, C], 2_000);
      await entities().withdrawUnseen(2_000, 2_500);
      await entities().confirm(3_000);
      const rows = await entities().get([A.key, B.key, C.key]);
      expect(rows.get(A.key)).toMatchObject({ seen_at: 3_000, withdrawn_at: null });
      expect(rows.get(C.key)).toMatchObject({ seen_at: 3_000, withdrawn_at: null });
      expect(rows.get(B.key)).toMatchObject({ seen_at: 1_000, withdrawn_at: 2_500 });
      // A pass that started before the confirmation withdraws nothing more.
      expect(await entities().withdrawUnseen(3_000, 3_500)).toBe(0);
    });

    it('orders current records by sort text, then key, and keeps sources and kinds apart', async () => {
      const first = entity('0900201', 'Ариун ХХК (зохиомол)', { sortText: 'a' });
      const tie = entity('0900200', 'Ариун Групп ХХК (зохиомол)', { sortText: 'a' });
      const last = entity('0900202', 'Өндөр ХХК (зохиомол)', { sortText: 'b' });
      await entities().write([last, first, tie], 1_000);
      await entities('EITI', 'entity').write([A], 1_000);
      await entities('REGISTRY', 'ownership').write([B], 1_000);
      expect((await entities().current()).map((r) => r.key)).toEqual(['0900200', '0900201', '0900202']);
      expect(await entities().counts()).toEqual({ current: 3, withdrawn: 0 });
      expect(await entities('EITI', 'entity').counts()).toEqual({ current: 1, withdrawn: 0 });
      expect([...(await entities('EITI', 'entity').get([first.key, A.key])).keys()]).toEqual([A.key]);

      // A pass of one source and kind withdraws nothing of another.
      await entities().write([first], 2_000);
      expect(await entities().withdrawUnseen(2_000, 2_000)).toBe(2);
      expect(await entities('EITI', 'entity').counts()).toEqual({ current: 1, withdrawn: 0 });
      expect(await entities('REGISTRY', 'ownership').counts()).toEqual({ current: 1, withdrawn: 0 });
      expect(await entities('INVESTMENT', 'project').counts()).toEqual({ current: 0, withdrawn: 0 });
    });

    it('reads and writes batches larger than one statement takes', async () => {
      const many = Array.from({ length: 700 }, (_, i) =>
        entity(`09${String(10_000 + i).padStart(5, '0')}`, `Компани ${i} (зохиомол)`),
      );
      expect(await entities().write(many, 1_000)).toEqual({ changed: 700, unchanged: 0, relisted: 0 });
      expect(await entities().write(many, 2_000)).toEqual({ changed: 0, unchanged: 700, relisted: 0 });
      const rows = await entities().get(many.map((m) => m.key));
      expect(rows.size).toBe(700);
      expect([...rows.values()].every((r) => r.seen_at === 2_000)).toBe(true);
      expect(await entities().counts()).toEqual({ current: 700, withdrawn: 0 });
    });

    it('gives the event loop a turn before each statement when its pause says so', async () => {
      const many = Array.from({ length: 700 }, (_, i) =>
        entity(`09${String(20_000 + i).padStart(5, '0')}`, `Компани ${i} (зохиомол)`),
      );
      const turns = turnCounter();
      // 700 rows: three statements to look them up and three to write them, each after a turn.
      const pause = slicer(0);
      expect(await entities().write(many, 1_000, pause)).toEqual({ changed: 700, unchanged: 0, relisted: 0 });
      turns.stop();
      expect(pause.turns()).toBe(6);
      expect(turns.count()).toBeGreaterThanOrEqual(6);
      // Seen again: three statements to look them up and three to mark them seen.
      const again = slicer(0);
      expect(await entities().write(many, 2_000, again)).toEqual({ changed: 0, unchanged: 700, relisted: 0 });
      expect(again.turns()).toBe(6);
    });
  });
}

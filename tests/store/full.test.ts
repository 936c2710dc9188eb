/**
 * A full store: SQLite capped by `maxBytes` (`STORE_MAX_BYTES`) refuses a write that would pass the cap
 * with an error `Store.isFull` recognises, rolls that batch back, and goes on answering reads. PostgreSQL
 * reports a full disk with SQLSTATE 53100, which `Store.isFull` recognises too.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { EntityStore, Store } from '../../src/store/index.js';
import { storeBackends, useStore } from './backends.js';

/** Room for new rows above an empty store's size. */
const ROOM = 64 * 1024;

/** A fictional record of about 2 KiB. */
function record(i: number) {
  const regno = `09${String(20_000 + i).padStart(5, '0')}`;
  const raw = JSON.stringify({ regno, fictional: true, note: `Зохиомол компани ${i} `.repeat(60) });
  return { key: regno, raw, doc: raw, sortText: regno };
}

it('recognises full-disk errors of both backends and nothing else', () => {
  expect(Store.isFull(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe(
    true,
  );
  expect(Store.isFull(Object.assign(new Error('could not extend file'), { code: '53100' }))).toBe(true);
  expect(Store.isFull(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }))).toBe(true);
  expect(Store.isFull(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe(false);
  expect(Store.isFull(Object.assign(new Error('unique violation'), { code: '23505' }))).toBe(false);
  expect(Store.isFull(new Error('full'))).toBe(false);
  expect(Store.isFull(null)).toBe(false);
  expect(Store.isFull(undefined)).toBe(false);
});

const sqlite = storeBackends().find((b) => b.name === 'sqlite')!;

sqlite.describe('A store at its size cap', () => {
  const fixture = useStore(sqlite);

  it(`refuses writes past the cap (${ROOM} bytes above the empty store) with an error isFull recognises, and still reads`, async () => {
    // The empty store's tables take some pages already; the cap gives it 64 KiB more.
    const { rows } = await sql<{
      bytes: number;
    }>`select page_count * page_size as bytes from pragma_page_count(), pragma_page_size()`.execute(
      fixture.store.db,
    );
    const capped = await Store.open({ ...fixture.location.options, maxBytes: rows[0]!.bytes + ROOM });
    try {
      const entities = new EntityStore(capped.db, 'REGISTRY', 'entity');
      expect(await entities.write([record(0), record(1)], 1_000)).toEqual({
        changed: 2,
        unchanged: 0,
        relisted: 0,
      });

      let written = 2;
      let failure: unknown;
      for (let batch = 1; batch < 100 && failure === undefined; batch += 1) {
        const items = Array.from({ length: 4 }, (_, i) => record(batch * 4 + i));
        try {
          await entities.write(items, 1_000 + batch);
          written += items.length;
        } catch (thrown) {
          failure = thrown;
        }
      }
      expect(failure, 'a write past the cap fails').toBeDefined();
      expect(written, 'batches that fit under the cap were written').toBeGreaterThan(2);
      expect(Store.isFull(failure)).toBe(true);

      // The failed batch was rolled back; everything written before it reads back, on both connections.
      expect(await entities.counts()).toEqual({ current: written, withdrawn: 0 });
      expect((await entities.get([record(0).key])).get(record(0).key)!.raw).toBe(record(0).raw);
      const other = new EntityStore(fixture.store.db, 'REGISTRY', 'entity');
      expect((await other.current()).length).toBe(written);
      // Rows that fit (an unchanged batch writes no new pages) are still accepted.
      expect(await entities.write([record(0)], 9_000)).toEqual({ changed: 0, unchanged: 1, relisted: 0 });
    } finally {
      await capped.close();
    }
  });

  it('refuses to open when the cap is below what the tables need, and leaves no half-made store behind', async () => {
    const location = await sqlite.fresh();
    try {
      const thrown = await Store.open({ ...location.options, maxBytes: 8192 }).then(
        async (s) => {
          await s.close();
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as Error).message).toContain('database or disk is full');
      // The interrupted migration was rolled back whole: without the cap the same file opens and migrates.
      const store = await Store.open(location.options);
      try {
        expect(await new EntityStore(store.db, 'REGISTRY', 'entity').write([record(0)], 1)).toEqual({
          changed: 1,
          unchanged: 0,
          relisted: 0,
        });
      } finally {
        await store.close();
      }
    } finally {
      await location.dispose();
    }
  });
});

/**
 * Opening the store: a new one gets every migration, opening again applies none and keeps the data, and a
 * database that is not this gateway's (made by a newer version, another program's, not a database at
 * all, or in a folder that cannot be written) stops start-up with a sentence that names it and says how
 * to rebuild. Every case runs on each backend where it means something.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { MIGRATIONS, SQLITE_FILE, Store, StoreOpenError, redact } from '../../src/store/index.js';
import { HarvestStates } from '../../src/store/index.js';
import { DOCUMENT } from '../../src/store/process-rows.js';
import { freshDataDir, storeBackends, type StoreLocation } from './backends.js';

/** The names in Kysely's migration table, in order. */
async function applied(store: Store): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
    store.db,
  );
  return rows.map((r) => r.name);
}

/** Opening `location` fails; returns the error, which must be a StoreOpenError. */
async function refused(location: StoreLocation, extra: object = {}): Promise<StoreOpenError> {
  const thrown: unknown = await Store.open({ ...location.options, ...extra }).then(
    async (store) => {
      await store.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(thrown).toBeInstanceOf(StoreOpenError);
  return thrown as StoreOpenError;
}

/** Where a message must point: the SQLite file, or the PostgreSQL address without credentials. */
function placeOf(location: StoreLocation): string {
  const { databaseUrl, dataDir } = location.options;
  return databaseUrl === undefined ? join(dataDir, SQLITE_FILE) : redact(databaseUrl);
}

/** The way to rebuild each backend's store. */
const REBUILD = {
  sqlite: /move .+ away .*start again.*, or set DATA_DIR to another folder\./,
  postgres: /point DATABASE_URL at an empty database/,
};

for (const backend of storeBackends()) {
  backend.describe('Opening the store', () => {
    let location: StoreLocation;
    beforeEach(async () => {
      location = await backend.fresh();
    });
    afterEach(async () => {
      await location.dispose();
    });

    it('gives a new store every migration and marks it as this gateway’s', async () => {
      const store = await Store.open(location.options);
      try {
        expect(store.dialect).toBe(backend.name);
        expect(await applied(store)).toEqual(Object.keys(MIGRATIONS).sort());
        const meta = await store.db.selectFrom('store_meta').selectAll().execute();
        expect(meta).toEqual([{ key: 'application', value: 'transparency-graph' }]);
      } finally {
        await store.close();
      }
    });

    it('applies nothing when opened again, and keeps the data', async () => {
      const first = await Store.open(location.options);
      await new HarvestStates(first.db).update('PROCUREMENT', { cursor: 'page-7', records: 42 });
      const before = await first.db
        .selectFrom('kysely_migration' as never)
        .selectAll()
        .execute();
      await first.close();

      const again = await Store.open(location.options);
      try {
        const after = await again.db
          .selectFrom('kysely_migration' as never)
          .selectAll()
          .execute();
        expect(after).toEqual(before);
        const row = await new HarvestStates(again.db).get('PROCUREMENT');
        expect(row).toMatchObject({ cursor: 'page-7', records: 42 });
      } finally {
        await again.close();
      }
    });

    it('refuses a store made by a newer version, naming it and how to rebuild', async () => {
      const store = await Store.open(location.options);
      await sql`insert into kysely_migration (name, timestamp) values (${'9999_from_a_newer_version'}, ${new Date().toISOString()})`.execute(
        store.db,
      );
      await store.close();

      const error = await refused(location);
      expect(error.message).toContain(placeOf(location));
      expect(error.message).toContain('newer version of Transparency Graph');
      expect(error.message).toContain('9999_from_a_newer_version');
      expect(error.message).toMatch(REBUILD[backend.name]);
      // One sentence flows on: "Run that version, or stop the gateway …".
      expect(error.message).toMatch(/Run that version, or stop the gateway/);
    });

    it('refuses a database another program marked as its own', async () => {
      const store = await Store.open(location.options);
      await store.db
        .updateTable('store_meta')
        .set({ value: 'another-program' })
        .where('key', '=', 'application')
        .execute();
      await store.close();

      const error = await refused(location);
      expect(error.message).toContain(placeOf(location));
      expect(error.message).toContain('belongs to another program (another-program)');
      expect(error.message).toMatch(REBUILD[backend.name]);
    });
  });
}

/** Cases only SQLite has: its file and its folder. */
storeBackends()[0]!.describe('Opening a SQLite file that is not a store', () => {
  let location: StoreLocation;
  let file: string;
  beforeEach(() => {
    location = freshDataDir();
    file = join(location.options.dataDir, SQLITE_FILE);
  });
  afterEach(async () => {
    await location.dispose();
  });

  it('indexes none of the process columns a rewrite sets without updating indexes', async () => {
    const store = await Store.open(location.options);
    try {
      const { rows } = await sql<{ name: string; sql: string }>`
        select name, sql from sqlite_master where type = 'index' and tbl_name = 'processes' and sql is not null
      `.execute(store.db);
      expect(rows.length).toBeGreaterThanOrEqual(7);
      for (const { name, sql: text } of rows)
        for (const column of DOCUMENT)
          expect(new RegExp(`\\b${column}\\b`).test(text), `${name} names ${column}`).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('refuses a file that is not a database, naming it and how to rebuild', async () => {
    writeFileSync(file, Buffer.alloc(8192, 'these bytes are not a SQLite database\n'));
    const error = await refused(location);
    expect(error.message).toContain(`${file} is not a Transparency Graph store`);
    expect(error.message).toContain(`move ${file} away`);
    expect(error.message).toMatch(REBUILD.sqlite);
  });

  it('refuses another program’s SQLite database and leaves it untouched', async () => {
    const foreign = new SQLite(file);
    foreign.exec(
      "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('kept')",
    );
    foreign.close();

    const error = await refused(location);
    expect(error.message).toContain(`${file} is not a Transparency Graph store`);
    expect(error.message).toContain('another program');
    expect(error.message).toMatch(REBUILD.sqlite);

    const reopened = new SQLite(file, { readonly: true });
    try {
      const tables = reopened.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
      expect(tables).toEqual([{ name: 'notes' }]);
      expect(reopened.pragma('application_id', { simple: true })).toBe(0);
    } finally {
      reopened.close();
    }
  });

  it('refuses a DATA_DIR that cannot be created, saying to set a writable one', async () => {
    const blocker = join(location.options.dataDir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    for (const dataDir of [blocker, join(blocker, 'below')]) {
      const error = await refused({ options: { dataDir }, dispose: () => Promise.resolve() });
      expect(error.message).toMatch(
        /^DATA_DIR .+ cannot be created \(.+\); set DATA_DIR to a writable folder\.$/,
      );
      expect(error.message).toContain(dataDir);
    }
  });

  // Permissions do not bind root, so this case runs only as another user.
  it.skipIf(process.getuid?.() === 0)('refuses a DATA_DIR it may not write in, naming the file', async () => {
    const dataDir = join(location.options.dataDir, 'read-only');
    mkdirSync(dataDir, { mode: 0o555 });
    const error = await refused({ options: { dataDir }, dispose: () => Promise.resolve() });
    expect(error.message).toContain(join(dataDir, SQLITE_FILE));
    expect(error.message).toContain('DATA_DIR');
  });
});

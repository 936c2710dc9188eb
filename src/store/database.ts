/**
 * Opening the store: SQLite (better-sqlite3) in a file under `DATA_DIR` by default, PostgreSQL when
 * `DATABASE_URL` is set, both through one Kysely query layer. Opening creates the file or the tables when
 * missing and applies the migrations; a file that is not this gateway's database (corrupt, foreign, or made
 * by a newer version) stops start-up with a sentence that names it and says how to rebuild it.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteAdapter, SqliteDialect, type SqliteDatabase } from 'kysely';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import { MIGRATIONS } from './migrations.js';
import type { Tables } from './tables.js';

/** The file name of the SQLite store inside `DATA_DIR`. */
export const SQLITE_FILE = 'transparency-graph.sqlite';

/** `PRAGMA application_id` of a SQLite store: "TGRF" in ASCII, so a foreign SQLite file is recognised. */
const APPLICATION_ID = 0x54475246;
/** The `store_meta` row that marks a database as this gateway's store. */
const APPLICATION = 'transparency-graph';

/** Where the store lives. */
export interface StoreOptions {
  /** Folder of the SQLite file (`DATA_DIR`); ignored when `databaseUrl` is set. */
  readonly dataDir: string;
  /** PostgreSQL connection string (`DATABASE_URL`); unset means SQLite. */
  readonly databaseUrl?: string | undefined;
  /** Largest size of the SQLite file in bytes (`STORE_MAX_BYTES`); writes past it fail as "full". */
  readonly maxBytes?: number | undefined;
}

/** The store could not be opened; the message says what to do. */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}

/** An open store: the Kysely instance and what it runs on. */
export class Store {
  private constructor(
    readonly db: Kysely<Tables>,
    readonly dialect: 'sqlite' | 'postgres',
    /** The file, or the PostgreSQL address without credentials, for messages and `sources`. */
    readonly location: string,
  ) {}

  /** Opens (creating and migrating when needed) the store `options` name. */
  static async open(options: StoreOptions): Promise<Store> {
    const store = options.databaseUrl
      ? await openPostgres(options.databaseUrl)
      : openSqlite(options.dataDir, options.maxBytes);
    try {
      await store.#migrate();
    } catch (thrown) {
      await store.db.destroy().catch(() => undefined);
      throw thrown;
    }
    return store;
  }

  /** Whether an error thrown by a write means the disk (or the configured size cap) is full. */
  static isFull(thrown: unknown): boolean {
    const code = (thrown as { code?: unknown } | null)?.code;
    return code === 'SQLITE_FULL' || code === '53100' || code === 'ENOSPC';
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  async #migrate(): Promise<void> {
    const marked = await this.#application();
    if (marked !== null && marked !== APPLICATION) {
      throw new StoreOpenError(
        `${this.location} belongs to another program (${marked}), not to Transparency Graph. ${this.#rebuild()}`,
      );
    }
    const migrator = new Migrator({
      db: this.db,
      provider: { getMigrations: () => Promise.resolve({ ...MIGRATIONS }) },
    });
    const { error } = await migrator.migrateToLatest();
    if (error !== undefined) {
      const message = error instanceof Error ? error.message : JSON.stringify(error);
      const newer = /previously executed migration .* is missing/.test(message);
      throw new StoreOpenError(
        newer
          ? `${this.location} was made by a newer version of Transparency Graph (${message}). Run that version, or ${this.#rebuild(true)}`
          : `${this.location} could not be prepared (${message}). ${this.#rebuild()}`,
      );
    }
    await this.db
      .insertInto('store_meta')
      .values({ key: 'application', value: APPLICATION })
      .onConflict((c) => c.column('key').doNothing())
      .execute();
  }

  /** The `application` of an existing store, or null for an empty database. */
  async #application(): Promise<string | null> {
    try {
      const row = await this.db
        .selectFrom('store_meta')
        .select('value')
        .where('key', '=', 'application')
        .executeTakeFirst();
      return row?.value ?? null;
    } catch {
      return null; // no store_meta table yet: a new database
    }
  }

  #rebuild(lower = false): string {
    const start = lower ? 'stop' : 'Stop';
    return this.dialect === 'sqlite'
      ? `${start} the gateway, move that file away (with its -wal and -shm files) and start again to rebuild the store from the upstreams, or set DATA_DIR to another folder.`
      : `${start} the gateway and point DATABASE_URL at an empty database (the store is rebuilt from the upstreams).`;
  }

  /** @internal Used by the two openers below. */
  static make(db: Kysely<Tables>, dialect: 'sqlite' | 'postgres', location: string): Store {
    return new Store(db, dialect, location);
  }
}

function openSqlite(dataDir: string, maxBytes: number | undefined): Store {
  const folder = resolve(dataDir);
  const file = join(folder, SQLITE_FILE);
  const rebuild = `To rebuild the store from the upstreams, stop the gateway, move ${file} away (with its -wal and -shm files) and start again, or set DATA_DIR to another folder.`;
  try {
    mkdirSync(folder, { recursive: true });
  } catch (thrown) {
    throw new StoreOpenError(
      `DATA_DIR ${folder} cannot be created (${(thrown as Error).message}); set DATA_DIR to a writable folder.`,
    );
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new StoreOpenError(
      `DATA_DIR ${folder} is not writable by this user; set DATA_DIR to a writable folder or give the gateway's user write access.`,
    );
  }
  let database: SQLite.Database;
  try {
    database = new SQLite(file);
  } catch (thrown) {
    throw new StoreOpenError(`${file} cannot be opened (${(thrown as Error).message}). ${rebuild}`);
  }
  try {
    // 8 KiB pages for a new file (an existing one keeps its own): a compiled process (4–6 KB of JSON) then
    // fits in its table page instead of spilling into an overflow page that is mostly empty.
    database.pragma('page_size = 8192');
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('busy_timeout = 5000');
    // 64 MiB of page cache (the default is 2 MiB): index pages of a large store stay in memory.
    database.pragma('cache_size = -65536');
    // A checkpoint every 64 MiB of WAL rather than every 4 MiB: fewer, larger copies while a harvest writes.
    database.pragma('wal_autocheckpoint = 16384');
    const id = database.pragma('application_id', { simple: true }) as number;
    const tables = database.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as {
      n: number;
    };
    if (id !== APPLICATION_ID && (id !== 0 || tables.n > 0)) {
      throw new Error(`application id ${id}: it is a SQLite database of another program`);
    }
    if (id === 0) database.pragma(`application_id = ${APPLICATION_ID}`);
    if (maxBytes !== undefined) {
      const pageSize = database.pragma('page_size', { simple: true }) as number;
      database.pragma(`max_page_count = ${Math.max(1, Math.floor(maxBytes / pageSize))}`);
    }
  } catch (thrown) {
    database.close();
    throw new StoreOpenError(
      `${file} is not a Transparency Graph store (${(thrown as Error).message}). ${rebuild}`,
    );
  }
  return Store.make(
    new Kysely<Tables>({
      dialect: new TransactionalSqliteDialect({ database: reusingStatements(database) }),
    }),
    'sqlite',
    file,
  );
}

/** Prepared SQLite statements kept, by their SQL text. */
const STATEMENTS = 256;

/**
 * The SQLite connection as Kysely's adapter sees it, with each prepared statement kept for its SQL text
 * (least recently used dropped past `STATEMENTS`): the adapter prepares a statement for every query it
 * runs, and a harvest runs the same few (a 400-row upsert, a select of 400 ocids) hundreds of thousands of
 * times. Sound because the adapter runs one query at a time on its one connection and reads each result
 * whole (`all` or `run`); a statement would stay busy only while a streamed query (`iterate`) is read,
 * and the store streams none.
 */
function reusingStatements(database: SQLite.Database): SqliteDatabase {
  const statements = new LRUCache<string, SQLite.Statement>({ max: STATEMENTS });
  return {
    close: () => database.close(),
    prepare: (text: string) => {
      let statement = statements.get(text);
      if (statement === undefined) {
        statement = database.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

/**
 * SQLite's DDL is transactional, but Kysely's SQLite adapter says otherwise, so its migrator would run each
 * migration statement by statement: one stopped midway (a full disk, a crash) would leave tables behind
 * that make every later start fail. This adapter lets the migrator wrap each migration in a transaction.
 */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class TransactionalSqliteDialect extends SqliteDialect {
  override createAdapter(): SqliteAdapter {
    return new TransactionalSqliteAdapter();
  }
}

/** PostgreSQL `bigint` (int8) arrives as a string by default; every bigint here is an epoch-ms or a count. */
const parseInt8 = (v: string): number => Number(v);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === 20
      ? parseInt8
      : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
};

async function openPostgres(url: string): Promise<Store> {
  const where = redact(url);
  const pool = new pg.Pool({ connectionString: url, max: 10, types, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => undefined); // an idle client's error surfaces on its next query
  try {
    await pool.query('SELECT 1');
  } catch (thrown) {
    await pool.end().catch(() => undefined);
    throw new StoreOpenError(
      `DATABASE_URL: cannot reach PostgreSQL at ${where} (${(thrown as Error).message}). Check that the server runs and the address, user and database are right.`,
    );
  }
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return Store.make(db, 'postgres', where);
}

/** A connection string without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'an address that is not a URL';
  }
}

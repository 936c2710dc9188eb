/**
 * The databases a store suite runs against: always SQLite (a fresh temporary `DATA_DIR`, removed after),
 * and PostgreSQL when `TEST_DATABASE_URL` names a server (the address of a role that may create
 * databases, e.g. `postgresql://postgres@127.0.0.1:5432/postgres`): each use gets a database of its own,
 * `tg_test_<random>`, dropped after. Without `TEST_DATABASE_URL` the PostgreSQL variants fail in CI (`CI`
 * set: the store must be proven on both) and are skipped elsewhere, under a name that says why.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, it } from 'vitest';
import { Store, type StoreOptions } from '../../src/store/index.js';

/** The admin address of the PostgreSQL the tests may use, or undefined. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

const SKIPPED = 'PostgreSQL skipped: TEST_DATABASE_URL unset';
const REQUIRED =
  'PostgreSQL is required in CI: set TEST_DATABASE_URL to the address of a server where this role may ' +
  'create databases, e.g. postgresql://postgres@127.0.0.1:5432/postgres (.ci/run starts one).';

/** One empty store location: where a store may be opened, and how to remove it. */
export interface StoreLocation {
  /** `Store.open` options naming this location (SQLite: `dataDir`; PostgreSQL: `databaseUrl`). */
  readonly options: StoreOptions;
  /** Removes the folder or drops the database. Close every store opened on it first. */
  dispose(): Promise<void>;
}

/** A database a store suite runs against. */
export interface StoreBackend {
  readonly name: 'sqlite' | 'postgres';
  /** Whether the backend can run here; when false, `describe` skips or fails its suites. */
  readonly available: boolean;
  /** A fresh, empty location. */
  fresh(): Promise<StoreLocation>;
  /**
   * `describe` for this backend: the suite's title gets the backend's name; an unavailable PostgreSQL
   * turns the suite into a skipped one (outside CI) or one failing test (in CI).
   */
  describe(title: string, body: () => void): void;
}

/** A fresh temporary `DATA_DIR` for SQLite. */
export function freshDataDir(): StoreLocation {
  const dataDir = mkdtempSync(join(tmpdir(), 'tg-store-'));
  return {
    options: { dataDir },
    dispose: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
  };
}

/** Runs one statement on the admin database. */
async function admin(statement: string): Promise<void> {
  if (TEST_DATABASE_URL === undefined) throw new Error(REQUIRED);
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, empty PostgreSQL database on the `TEST_DATABASE_URL` server, for tests of one store or of
 * several gateways sharing one; `dispose` drops it, closing any connection still open to it.
 */
export async function freshDatabaseUrl(): Promise<{ readonly url: string; dispose(): Promise<void> }> {
  if (TEST_DATABASE_URL === undefined) throw new Error(REQUIRED);
  const name = `tg_test_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dispose: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

const sqlite: StoreBackend = {
  name: 'sqlite',
  available: true,
  fresh: () => Promise.resolve(freshDataDir()),
  describe: (title, body) => describe(`${title} [sqlite]`, body),
};

const postgres: StoreBackend = {
  name: 'postgres',
  available: TEST_DATABASE_URL !== undefined,
  async fresh() {
    const database = await freshDatabaseUrl();
    // `dataDir` is ignored when `databaseUrl` is set; it points nowhere the store could write.
    return {
      options: { dataDir: '/nonexistent', databaseUrl: database.url },
      dispose: () => database.dispose(),
    };
  },
  describe(title, body) {
    if (TEST_DATABASE_URL !== undefined) describe(`${title} [postgres]`, body);
    else if (process.env.CI) {
      describe(`${title} [postgres]`, () => {
        it('runs on PostgreSQL', () => {
          throw new Error(REQUIRED);
        });
      });
    } else describe.skip(`${title} [postgres] — ${SKIPPED}`, body);
  },
};

/** The backends every store suite runs against: SQLite, then PostgreSQL. */
export function storeBackends(): readonly StoreBackend[] {
  return [sqlite, postgres];
}

/** A store opened on a fresh location before each test, closed and removed after it. */
export interface StoreFixture {
  /** The store of the running test. */
  readonly store: Store;
  /** Its location (to open a second store on the same data). */
  readonly location: StoreLocation;
}

/** Registers the hooks of a fresh store per test on `backend`; call inside its `describe`. */
export function useStore(backend: StoreBackend, options: Partial<StoreOptions> = {}): StoreFixture {
  let current: { store: Store; location: StoreLocation } | undefined;
  beforeEach(async () => {
    const location = await backend.fresh();
    try {
      current = { store: await Store.open({ ...location.options, ...options }), location };
    } catch (thrown) {
      await location.dispose();
      throw thrown;
    }
  });
  afterEach(async () => {
    const done = current;
    current = undefined;
    if (done === undefined) return;
    try {
      await done.store.close();
    } finally {
      await done.location.dispose();
    }
  });
  return {
    get store() {
      if (current === undefined) throw new Error('no store: use it inside a test');
      return current.store;
    },
    get location() {
      if (current === undefined) throw new Error('no store: use it inside a test');
      return current.location;
    },
  };
}

/**
 * The store's migrations: versioned, forward-only (no `down`), applied in name order by Kysely's migrator
 * at start-up, in one transaction each, under the migrator's lock (so replicas starting together on one
 * PostgreSQL apply each once). The same statements run on SQLite and PostgreSQL: `bigint` and
 * `double precision` are PostgreSQL's names and SQLite's INTEGER and REAL affinities. A released migration is
 * never edited; a change is a new migration after the last.
 */
import type { Kysely, Migration } from 'kysely';

const m001: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('store_meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('harvest_state')
      .addColumn('source', 'text', (c) => c.primaryKey())
      .addColumn('cursor', 'text')
      .addColumn('high_water', 'text')
      .addColumn('validators', 'text')
      .addColumn('pass_started_at', 'bigint')
      .addColumn('completed_at', 'bigint')
      .addColumn('confirmed_at', 'bigint')
      .addColumn('pages', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('records', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addColumn('last_error_at', 'bigint')
      .addColumn('dataset_date', 'text')
      .addColumn('revision', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('leases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('holder', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('releases')
      .addColumn('feed', 'text', (c) => c.notNull())
      .addColumn('ocid', 'text', (c) => c.notNull())
      .addColumn('release_id', 'text', (c) => c.notNull())
      .addColumn('date', 'text')
      .addColumn('raw', 'text', (c) => c.notNull())
      .addColumn('seen_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('releases_pk', ['feed', 'ocid', 'release_id'])
      .execute();
    await db.schema
      .createTable('processes')
      .addColumn('feed', 'text', (c) => c.notNull())
      .addColumn('ocid', 'text', (c) => c.notNull())
      .addColumn('date', 'text')
      .addColumn('sort_ms', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text')
      .addColumn('method', 'text')
      .addColumn('value_amount', 'double precision')
      .addColumn('value_currency', 'text')
      .addColumn('release_count', 'integer', (c) => c.notNull())
      .addColumn('seen_at', 'bigint', (c) => c.notNull())
      .addColumn('withdrawn_at', 'bigint')
      .addColumn('doc', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('processes_pk', ['feed', 'ocid'])
      .execute();
    // Newest first, ties by ocid: the order of every list and of its keyset cursor.
    await db.schema
      .createIndex('processes_order')
      .on('processes')
      .columns(['feed', 'sort_ms desc', 'ocid'])
      .execute();
    await db.schema
      .createIndex('processes_status')
      .on('processes')
      .columns(['feed', 'status', 'sort_ms desc', 'ocid'])
      .execute();
    await db.schema
      .createIndex('processes_method')
      .on('processes')
      .columns(['feed', 'method', 'sort_ms desc', 'ocid'])
      .execute();
    // Value-range filters and per-currency totals read this index alone.
    await db.schema
      .createIndex('processes_value')
      .on('processes')
      .columns(['feed', 'value_currency', 'value_amount'])
      .execute();
    await db.schema
      .createTable('process_parties')
      .addColumn('feed', 'text', (c) => c.notNull())
      .addColumn('ocid', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('party_id', 'text')
      .addColumn('scheme', 'text')
      .addColumn('identifier', 'text')
      .addColumn('name', 'text')
      .execute();
    await db.schema
      .createIndex('process_parties_ocid')
      .on('process_parties')
      .columns(['feed', 'ocid'])
      .execute();
    await db.schema
      .createIndex('process_parties_identifier')
      .on('process_parties')
      .columns(['identifier', 'role', 'feed'])
      .execute();
    await db.schema
      .createIndex('process_parties_party')
      .on('process_parties')
      .columns(['party_id', 'role', 'feed'])
      .execute();
    await db.schema
      .createTable('entities')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('raw', 'text', (c) => c.notNull())
      .addColumn('doc', 'text', (c) => c.notNull())
      .addColumn('sort_text', 'text')
      .addColumn('sort_ms', 'bigint')
      .addColumn('seen_at', 'bigint', (c) => c.notNull())
      .addColumn('source_updated_at', 'text')
      .addColumn('withdrawn_at', 'bigint')
      .addPrimaryKeyConstraint('entities_pk', ['source', 'kind', 'key'])
      .execute();
    await db.schema
      .createIndex('entities_order')
      .on('entities')
      .columns(['source', 'kind', 'sort_text', 'key'])
      .execute();
  },
};

/** Every migration, by name; names sort in the order they apply. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_harvest_store': m001,
};

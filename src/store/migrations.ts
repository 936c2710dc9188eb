/**
 * The store's migrations: versioned, forward-only (no `down`), applied in name order by Kysely's migrator
 * at start-up, in one transaction each, under the migrator's lock (so replicas starting together on one
 * PostgreSQL apply each once). The same statements run on SQLite and PostgreSQL: `bigint` and
 * `double precision` are PostgreSQL's names and SQLite's INTEGER and REAL affinities. A released migration is
 * never edited; a change is a new migration after the last.
 */
import { sql, type Kysely, type Migration } from 'kysely';

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

/**
 * Public investment projects (one OC4IDS package). A table of their own rather than `entities`: the
 * `investmentProjects` filters need typed, indexed columns on the row (status, the period's bounds, the
 * budget's amount and currency, the update time lists sort by) and several many-valued keys (aimags,
 * sector codes, funding sources, parties, ocids), which a generic (source, kind, key) row with one sort
 * column cannot filter, count or total in SQL. The many-valued keys are small join tables, each indexed by
 * the value a filter or a join (`Organization.investmentProjects`, `ContractingProcess.projects`) looks up.
 */
const m002: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('investment_projects')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('status', 'text')
      .addColumn('updated', 'text')
      .addColumn('sort_ms', 'bigint', (c) => c.notNull())
      .addColumn('start_ms', 'bigint')
      .addColumn('end_ms', 'bigint')
      .addColumn('budget_amount', 'double precision')
      .addColumn('budget_currency', 'text')
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('raw', 'text', (c) => c.notNull())
      .addColumn('doc', 'text', (c) => c.notNull())
      .addColumn('seen_at', 'bigint', (c) => c.notNull())
      .addColumn('withdrawn_at', 'bigint')
      .execute();
    // Most recently updated first, ties by id: the order of every list and of its keyset cursor.
    await db.schema
      .createIndex('investment_projects_order')
      .on('investment_projects')
      .columns(['sort_ms desc', 'id'])
      .execute();
    await db.schema
      .createIndex('investment_projects_status')
      .on('investment_projects')
      .columns(['status', 'sort_ms desc', 'id'])
      .execute();
    await db.schema
      .createIndex('investment_projects_budget')
      .on('investment_projects')
      .columns(['budget_currency', 'budget_amount'])
      .execute();
    await db.schema
      .createTable('investment_project_terms')
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('field', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('investment_project_terms_pk', ['project_id', 'field', 'value'])
      .execute();
    await db.schema
      .createIndex('investment_project_terms_value')
      .on('investment_project_terms')
      .columns(['field', 'value', 'project_id'])
      .execute();
    await db.schema
      .createTable('investment_project_parties')
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('register_number', 'text')
      .addColumn('name', 'text')
      .addColumn('roles', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('investment_project_parties_project')
      .on('investment_project_parties')
      .column('project_id')
      .execute();
    await db.schema
      .createIndex('investment_project_parties_number')
      .on('investment_project_parties')
      .columns(['register_number', 'project_id'])
      .execute();
    await db.schema
      .createTable('investment_project_processes')
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('ocid', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('investment_project_processes_pk', ['project_id', 'ocid'])
      .execute();
    await db.schema
      .createIndex('investment_project_processes_ocid')
      .on('investment_project_processes')
      .columns(['ocid', 'project_id'])
      .execute();
  },
};

/**
 * The list indexes of `processes`, made partial and covering. Partial (`WHERE withdrawn_at IS NULL`, the
 * condition of every list, count and total): only listed processes are in them. Covering (each also
 * carries the other filtered columns and the value): a filter, a count or a per-currency total is read
 * from one index alone, without visiting each candidate's row (several KB of JSON) — at 300,000 processes
 * those visits made a count or a total take seconds. Each index leads with what it selects and then the
 * list order (newest first, ties by ocid: the order of every list and of its keyset cursor), so a page is
 * read in order and stops after `first` matches.
 *
 * An organisation's facet reads its party's ocids from a covering `process_parties` index and checks each
 * against `processes_listed_ocid`: at 300,000 processes a buyer's 800 rows and processes, each read from
 * the table, took 100–300 ms when not in the page cache.
 *
 * A value range is walked in list order within its currency with the amount checked in the index: at
 * worst the currency's entries are read (a narrow range), where a range index would sort every match (a
 * wide range), and SQLite's planner cannot tell those apart without range statistics.
 */
const m003: Migration = {
  async up(db: Kysely<unknown>) {
    for (const name of ['processes_order', 'processes_status', 'processes_method', 'processes_value'])
      await db.schema.dropIndex(name).execute();
    const listed = (name: string, columns: string[]) =>
      db.schema
        .createIndex(name)
        .on('processes')
        .columns(columns)
        .where(sql.ref('withdrawn_at'), 'is', null)
        .execute();
    const order = ['sort_ms desc', 'ocid'];
    await listed('processes_listed_order', [
      'feed',
      ...order,
      'status',
      'method',
      'value_currency',
      'value_amount',
    ]);
    await listed('processes_listed_status', [
      'feed',
      'status',
      ...order,
      'method',
      'value_currency',
      'value_amount',
    ]);
    await listed('processes_listed_method', [
      'feed',
      'method',
      ...order,
      'status',
      'value_currency',
      'value_amount',
    ]);
    await listed('processes_listed_value', [
      'feed',
      'value_currency',
      ...order,
      'value_amount',
      'status',
      'method',
    ]);
    // The processes of one party (an organisation's facets): its ocids from one covering index, each
    // checked as listed in another, so neither a party row nor a process row is read.
    await listed('processes_listed_ocid', ['feed', 'ocid', 'sort_ms']);
    await db.schema.dropIndex('process_parties_identifier').execute();
    await db.schema
      .createIndex('process_parties_identifier')
      .on('process_parties')
      .columns(['identifier', 'role', 'feed', 'scheme', 'ocid'])
      .execute();
  },
};

/**
 * Ocids folded to lower case, per feed: a process asked for by an ocid the store does not hold is looked
 * up here for one that differs only in case (published `OCDS-87SD3T-…`, asked for as `ocds-87sd3t-…`), to
 * name it in the NOT_FOUND. An index on the expression itself, so no column is written twice. It carries
 * the ocid too, in order: a look-up then reads a few index entries and no row, and SQLite (which has no
 * statistics) takes it over the primary key, which it otherwise prefers for being covering, walking the
 * whole feed. Not partial: a withdrawn process is still found by ocid. The fold is the database's own
 * `lower()`, the same on both sides of the look-up: ASCII letters on SQLite, every letter the collation
 * knows on PostgreSQL.
 */
const m004: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('processes_ocid_folded')
      .on('processes')
      .column('feed')
      .expression(sql`lower(ocid)`)
      .column('ocid')
      .execute();
  },
};

/**
 * Data quality of the OCDS feed: releases that could not be used, kept raw with why (`quarantine`, one row
 * per release until a later version of it is usable), and per process how many of its releases' values
 * were coerced from a publisher's quirk to the standard's shape (`processes.coerced`; the notes are in its
 * `doc`), summed per feed over the partial index of processes that have any.
 */
const m005: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('quarantine')
      .addColumn('feed', 'text', (c) => c.notNull())
      .addColumn('ocid', 'text', (c) => c.notNull())
      .addColumn('release_id', 'text', (c) => c.notNull())
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addColumn('raw', 'text', (c) => c.notNull())
      .addColumn('seen_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('quarantine_pk', ['feed', 'ocid', 'release_id'])
      .execute();
    await db.schema.createIndex('quarantine_seen').on('quarantine').columns(['feed', 'seen_at']).execute();
    await db.schema
      .alterTable('processes')
      .addColumn('coerced', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createIndex('processes_coerced')
      .on('processes')
      .columns(['feed', 'coerced'])
      .where(sql.ref('coerced'), '>', 0)
      .execute();
  },
};

/**
 * What the last completed pass of a source noted about it, in words (`harvest_state.note`): a feed walk
 * that ended at a `links.next` to another origin, which is never followed.
 */
const m006: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('harvest_state').addColumn('note', 'text').execute();
  },
};

/** Every migration, by name; names sort in the order they apply. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_harvest_store': m001,
  '0002_investment_projects': m002,
  '0003_listed_process_indexes': m003,
  '0004_folded_ocid_index': m004,
  '0005_data_quality': m005,
  '0006_harvest_note': m006,
};

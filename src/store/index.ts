/**
 * The store: harvested records in SQLite (a file under `DATA_DIR`) or PostgreSQL (`DATABASE_URL`), through
 * one Kysely query layer. See docs/store.md.
 */
export { SQLITE_FILE, Store, StoreOpenError, redact, type StoreOptions } from './database.js';
export { HarvestStates, emptyHarvest, type HarvestRow } from './harvest-state.js';
export { NO_DATE, ProcessStore, foldName, type Compile, type RawRelease } from './processes.js';
export { EntityStore, digestOf, type EntityInput, type EntityRow, type EntityWrite } from './entities.js';
export { MIGRATIONS } from './migrations.js';
export { QUARANTINE_EXAMPLES, QuarantineStore, type QuarantineEntry } from './quarantine.js';
export { ProjectStore, type ProjectInput, type ProjectWrite, type StoredProject } from './projects.js';

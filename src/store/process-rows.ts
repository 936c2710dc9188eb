/**
 * How a compiled process becomes rows: its `processes` row with the columns lists filter and sort on, its
 * `process_parties` rows, and the source's revision bump that tells cached counts they are out of date.
 */
import type { Kysely } from 'kysely';
import type { ContractingProcess, PartyRef, ProcurementFeed } from '../domain/index.js';
import type { ProcessTable, Tables } from './tables.js';

/** `sort_ms` of a process without a date: below every real date, so it sorts last (newest first). */
export const NO_DATE = Number.MIN_SAFE_INTEGER;

/** Rows per multi-row INSERT, well under SQLite's and PostgreSQL's limits on bound parameters. */
const CHUNK = 400;

/** Folds a name for "part of the name" filters: NFC, lower case by Mongolian rules. */
export function foldName(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase('mn');
}

/** Epoch ms of an ISO date, or `NO_DATE`. */
function sortMs(date: string | null): number {
  const ms = date === null ? NaN : Date.parse(date);
  return Number.isNaN(ms) ? NO_DATE : ms;
}

/** Bumps `source`'s revision: counts and totals cached at the old one are no longer used. */
export async function bumpRevision(db: Kysely<Tables>, source: string): Promise<void> {
  await db
    .insertInto('harvest_state')
    .values({ source, pages: 0, records: 0, revision: 1 })
    .onConflict((c) =>
      c.column('source').doUpdateSet((eb) => ({ revision: eb('harvest_state.revision', '+', 1) })),
    )
    .execute();
}

/**
 * The columns of `processes` that its indexes hold besides the key (the partial list indexes cover these,
 * `processes_coerced` holds `coerced`). A write that sets none of them leaves every index as it is.
 */
const INDEXED = [
  'sort_ms',
  'status',
  'method',
  'value_amount',
  'value_currency',
  'withdrawn_at',
  'coerced',
] as const;

/**
 * The columns of `processes` that no index holds (the document, when it was last seen): a rewrite that
 * leaves the `INDEXED` ones as they were sets only these. A new index must not name them.
 */
export const DOCUMENT = ['date', 'release_count', 'seen_at', 'doc'] as const;

type Updated = (typeof INDEXED)[number] | (typeof DOCUMENT)[number];

/** Inserts `rows`, or sets the `set` columns of those the store holds. */
async function upsert(
  db: Kysely<Tables>,
  rows: readonly ProcessTable[],
  set: readonly Updated[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('processes')
    .values(rows)
    .onConflict((c) =>
      c
        .columns(['feed', 'ocid'])
        .doUpdateSet((eb) => Object.fromEntries(set.map((column) => [column, eb.ref(`excluded.${column}`)]))),
    )
    .execute();
}

/**
 * Writes processes and their parties, replacing what the store held for their ocids. SQLite deletes and
 * inserts the entries of every index whose columns an UPDATE sets, even to the values they had; most writes
 * of a harvest change a process's document and not its indexed columns (a release older than the stored
 * ones, or one that changes nothing listed), so those set the document alone, and a process whose party
 * rows are unchanged keeps them. (PostgreSQL makes the same saving itself where it can.)
 */
export async function writeProcesses(
  db: Kysely<Tables>,
  feed: ProcurementFeed,
  processes: readonly ContractingProcess[],
  now: number,
): Promise<void> {
  for (const part of chunks(processes)) {
    const ocids = part.map((p) => p.ocid);
    const held = new Map<string, Pick<ProcessTable, (typeof INDEXED)[number]>>();
    for (const row of await db
      .selectFrom('processes')
      .select(['ocid', ...INDEXED])
      .where('feed', '=', feed)
      .where('ocid', 'in', ocids)
      .execute())
      held.set(row.ocid, row);
    const rows = part.map((p) => processRow(feed, p, now));
    const moved: ProcessTable[] = [];
    const kept: ProcessTable[] = [];
    for (const row of rows) {
      const before = held.get(row.ocid);
      (before !== undefined && INDEXED.every((c) => before[c] === row[c]) ? kept : moved).push(row);
    }
    // Upserts both: a row is inserted whole if it is not there, so nothing depends on `held` being right,
    // only how much index work is spared.
    await upsert(db, moved, [...DOCUMENT, ...INDEXED]);
    await upsert(db, kept, DOCUMENT);
    await writeParties(db, feed, part);
  }
}

/** Replaces the party rows of `part` (at most `CHUNK` processes) where they differ from the stored ones. */
async function writeParties(
  db: Kysely<Tables>,
  feed: ProcurementFeed,
  part: readonly ContractingProcess[],
): Promise<void> {
  const stored = new Map<string, string[]>();
  for (const row of await db
    .selectFrom('process_parties')
    .select(['ocid', 'role', 'party_id', 'scheme', 'identifier', 'name'])
    .where('feed', '=', feed)
    .where(
      'ocid',
      'in',
      part.map((p) => p.ocid),
    )
    .execute())
    (stored.get(row.ocid) ?? setList(stored, row.ocid)).push(partyKey(row));
  const changed: string[] = [];
  const rows: ReturnType<typeof partyRows> = [];
  for (const p of part) {
    const own = partyRows(feed, p);
    const before = (stored.get(p.ocid) ?? []).sort();
    const after = own.map(partyKey).sort();
    if (before.length === after.length && before.every((k, i) => k === after[i])) continue;
    changed.push(p.ocid);
    rows.push(...own);
  }
  if (changed.length > 0)
    await db.deleteFrom('process_parties').where('feed', '=', feed).where('ocid', 'in', changed).execute();
  for (const slice of chunks(rows)) await db.insertInto('process_parties').values(slice).execute();
}

/** A party row as one comparable text. */
function partyKey(row: {
  role: string;
  party_id: string | null;
  scheme: string | null;
  identifier: string | null;
  name: string | null;
}): string {
  return JSON.stringify([row.role, row.party_id, row.scheme, row.identifier, row.name]);
}

function setList(map: Map<string, string[]>, key: string): string[] {
  const list: string[] = [];
  map.set(key, list);
  return list;
}

function processRow(feed: ProcurementFeed, p: ContractingProcess, now: number): ProcessTable {
  return {
    feed,
    ocid: p.ocid,
    date: p.date,
    sort_ms: sortMs(p.date),
    status: p.tender?.status ?? null,
    method: p.tender?.procurementMethod ?? null,
    value_amount: p.tender?.value?.amount ?? null,
    value_currency: p.tender?.value?.currency ?? null,
    release_count: p.releaseCount,
    seen_at: now,
    withdrawn_at: null,
    doc: JSON.stringify(p),
    coerced: p.coercions ?? 0,
  };
}

function partyRows(feed: ProcurementFeed, p: ContractingProcess) {
  const row = (role: string, ref: PartyRef) => {
    const identifier = ref.party?.identifier ?? null;
    const name = ref.name ?? identifier?.id ?? null;
    return {
      feed,
      ocid: p.ocid,
      role,
      party_id: ref.id,
      scheme: identifier?.scheme ?? null,
      identifier: identifier?.id ?? null,
      name: name === null ? null : foldName(name),
    };
  };
  const rows = [];
  if (p.buyer !== null) rows.push(row('buyer', p.buyer));
  for (const award of p.awards) for (const s of award.suppliers) rows.push(row('supplier', s));
  for (const t of p.tender?.tenderers ?? []) rows.push(row('tenderer', t));
  return rows;
}

/** `all` in slices of at most `CHUNK`. */
export function chunks<T>(all: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < all.length; i += CHUNK) out.push(all.slice(i, i + CHUNK));
  return out;
}

/** A new inner map set at `key`. */
export function setNew<K, V>(map: Map<K, Map<string, V>>, key: K): Map<string, V> {
  const m = new Map<string, V>();
  map.set(key, m);
  return m;
}

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

/** Writes processes and their parties, replacing what the store held for their ocids. */
export async function writeProcesses(
  db: Kysely<Tables>,
  feed: ProcurementFeed,
  processes: readonly ContractingProcess[],
  now: number,
): Promise<void> {
  for (const part of chunks(processes)) {
    await db
      .insertInto('processes')
      .values(part.map((p) => processRow(feed, p, now)))
      .onConflict((c) =>
        c.columns(['feed', 'ocid']).doUpdateSet((eb) => ({
          date: eb.ref('excluded.date'),
          sort_ms: eb.ref('excluded.sort_ms'),
          status: eb.ref('excluded.status'),
          method: eb.ref('excluded.method'),
          value_amount: eb.ref('excluded.value_amount'),
          value_currency: eb.ref('excluded.value_currency'),
          release_count: eb.ref('excluded.release_count'),
          seen_at: eb.ref('excluded.seen_at'),
          withdrawn_at: eb.ref('excluded.withdrawn_at'),
          doc: eb.ref('excluded.doc'),
          coerced: eb.ref('excluded.coerced'),
        })),
      )
      .execute();
    await db
      .deleteFrom('process_parties')
      .where('feed', '=', feed)
      .where(
        'ocid',
        'in',
        part.map((p) => p.ocid),
      )
      .execute();
  }
  const parties = processes.flatMap((p) => partyRows(feed, p));
  for (const part of chunks(parties)) await db.insertInto('process_parties').values(part).execute();
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

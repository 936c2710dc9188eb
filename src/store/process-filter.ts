/**
 * The SQL of a list's filter (`ContractingProcessFilter`) over `processes` as `p`: method, status, value
 * range, dates, and buyer or supplier by party id, identifier or folded name.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { ContractingProcessFilter } from '../domain/index.js';
import { NO_DATE, foldName } from './process-rows.js';
import type { ProcessTable, Tables } from './tables.js';

/** The query of a list: `processes` as `p`. */
export type Q = SelectQueryBuilder<Tables & { p: ProcessTable }, 'p', object>;

/** A date-only upper bound includes its whole day. */
function endOf(bound: string): number {
  const t = Date.parse(bound);
  return /^\d{4}-\d{2}-\d{2}$/.test(bound) ? t + 86_400_000 - 1 : t;
}

export function applyFilter(q0: Q, f: ContractingProcessFilter): Q {
  let q = q0;
  if (f.procurementMethod !== undefined) q = q.where('p.method', '=', f.procurementMethod);
  if (f.status !== undefined) q = q.where('p.status', '=', f.status);
  if (f.value !== undefined) {
    q = q.where('p.value_currency', '=', f.value.currency);
    if (f.value.min !== null) q = q.where('p.value_amount', '>=', f.value.min);
    if (f.value.max !== null) q = q.where('p.value_amount', '<=', f.value.max);
  }
  const lower = [f.dateFrom, f.changedSince].filter((d): d is string => d !== undefined).map(Date.parse);
  // A date bound never matches a process without a date.
  if (lower.length > 0 || f.dateTo !== undefined)
    q = q.where('p.sort_ms', '>=', Math.max(NO_DATE + 1, ...lower));
  if (f.dateTo !== undefined) q = q.where('p.sort_ms', '<=', endOf(f.dateTo));
  for (const [role, wanted] of [
    ['buyer', f.buyer],
    ['supplier', f.supplier],
  ] as const) {
    if (wanted === undefined) continue;
    const pattern = `%${foldName(wanted).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('process_parties as pp')
          .select(sql<number>`1`.as('one'))
          .whereRef('pp.feed', '=', 'p.feed')
          .whereRef('pp.ocid', '=', 'p.ocid')
          .where('pp.role', '=', role)
          .where((eb) =>
            eb.or([
              eb('pp.party_id', '=', wanted),
              eb('pp.identifier', '=', wanted),
              sql<boolean>`pp.name like ${pattern} escape '\\'`,
            ]),
          ),
      ),
    );
  }
  return q;
}

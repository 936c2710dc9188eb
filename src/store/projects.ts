/**
 * Public investment projects in the store: one row per project with the columns `investmentProjects`
 * filters and sorts on, its raw JSON and its mapped form, and the join tables of its many-valued keys
 * (aimags, sectors, funding sources; parties; ocids). A harvest rewrites only the projects whose raw JSON
 * or mapped form changed, marks the rest as seen, and after a complete package marks every project it no
 * longer lists as withdrawn: kept, never dropped. Lists are filtered, ordered (most recently updated
 * first, ties by id) and counted in SQL with keyset cursors; counts and budget totals are cached per
 * harvest revision, so paging through a list counts once.
 */
import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import {
  fromKeyCursor,
  toKeyCursor,
  type InvestmentProject,
  type InvestmentProjectFilter,
  type Money,
  type ProjectPage,
  type ProjectQuery,
} from '../domain/index.js';
import { NO_DATE, bumpRevision, chunks, foldName } from './process-rows.js';
import { partyRows, processRows, projectRow, termRows, type ProjectInput } from './project-rows.js';
import { CountCache, totalsOf } from './count-cache.js';
import type { InvestmentProjectTable, Tables } from './tables.js';

export type { ProjectInput } from './project-rows.js';

/** A stored project as a lookup by id reads it (withdrawn ones included, with `withdrawnAt` set). */
export interface StoredProject {
  readonly project: InvestmentProject;
  /** When a harvest last saw it listed. */
  readonly seenAt: number;
}

/** What one batch changed. */
export interface ProjectWrite {
  readonly changed: number;
  readonly unchanged: number;
}

/** The query of a list: `investment_projects` as `p`. */
type Q = SelectQueryBuilder<Tables & { p: InvestmentProjectTable }, 'p', object>;

/** A `LIKE` pattern matching `text` literally (`%`, `_` and `\` escaped; `escape '\'`). */
function literal(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const parse = (doc: string, withdrawnAt: number | null): InvestmentProject => ({
  ...(JSON.parse(doc) as InvestmentProject),
  withdrawnAt,
});

/** The investment projects of the store, written under one source's harvest revision. */
export class ProjectStore {
  readonly #counts = new CountCache();

  constructor(
    private readonly db: Kysely<Tables>,
    /** The source whose harvest revision the writes bump. */
    readonly source: string,
  ) {}

  /**
   * Writes a batch in one transaction: projects whose raw JSON and mapped form are unchanged are only
   * marked as seen (and listed again, if they were withdrawn); the others are replaced with their join
   * rows. A project repeated in the batch counts once, its last copy.
   */
  async write(items: readonly ProjectInput[], now: number): Promise<ProjectWrite> {
    if (items.length === 0) return { changed: 0, unchanged: 0 };
    const latest = new Map(items.map((i) => [i.project.id, i]));
    return this.db.transaction().execute(async (trx) => {
      const known = new Map<string, { digest: string; withdrawn: boolean }>();
      for (const part of chunks([...latest.keys()])) {
        const rows = await trx
          .selectFrom('investment_projects')
          .select(['id', 'digest', 'withdrawn_at'])
          .where('id', 'in', part)
          .execute();
        for (const r of rows) known.set(r.id, { digest: r.digest, withdrawn: r.withdrawn_at !== null });
      }
      const changed: { row: InvestmentProjectTable; project: InvestmentProject }[] = [];
      const same: string[] = [];
      let relisted = false;
      for (const item of latest.values()) {
        const row = projectRow(item, now);
        const held = known.get(row.id);
        if (held?.digest === row.digest) {
          same.push(row.id);
          relisted ||= held.withdrawn;
        } else changed.push({ row, project: item.project });
      }
      for (const part of chunks(changed)) {
        await trx
          .insertInto('investment_projects')
          .values(part.map((c) => c.row))
          .onConflict((c) =>
            c.column('id').doUpdateSet((eb) => ({
              status: eb.ref('excluded.status'),
              updated: eb.ref('excluded.updated'),
              sort_ms: eb.ref('excluded.sort_ms'),
              start_ms: eb.ref('excluded.start_ms'),
              end_ms: eb.ref('excluded.end_ms'),
              budget_amount: eb.ref('excluded.budget_amount'),
              budget_currency: eb.ref('excluded.budget_currency'),
              digest: eb.ref('excluded.digest'),
              raw: eb.ref('excluded.raw'),
              doc: eb.ref('excluded.doc'),
              seen_at: eb.ref('excluded.seen_at'),
              withdrawn_at: null,
            })),
          )
          .execute();
        const ids = part.map((c) => c.row.id);
        await trx.deleteFrom('investment_project_terms').where('project_id', 'in', ids).execute();
        await trx.deleteFrom('investment_project_parties').where('project_id', 'in', ids).execute();
        await trx.deleteFrom('investment_project_processes').where('project_id', 'in', ids).execute();
      }
      const projects = changed.map((c) => c.project);
      for (const part of chunks(projects.flatMap(termRows)))
        await trx.insertInto('investment_project_terms').values(part).execute();
      for (const part of chunks(projects.flatMap(partyRows)))
        await trx.insertInto('investment_project_parties').values(part).execute();
      for (const part of chunks(projects.flatMap(processRows)))
        await trx.insertInto('investment_project_processes').values(part).execute();
      for (const part of chunks(same)) await this.#markSeen(trx, part, now);
      if (changed.length > 0 || relisted) await bumpRevision(trx, this.source);
      return { changed: changed.length, unchanged: same.length };
    });
  }

  /**
   * Marks projects as seen without rewriting them: the package still lists them, but this copy could not
   * be read (their stored copy stays, and is not withdrawn).
   */
  async keep(ids: readonly string[], now: number): Promise<void> {
    for (const part of chunks(ids)) {
      await this.db
        .updateTable('investment_projects')
        .set({ seen_at: now })
        .where('id', 'in', part)
        .execute();
    }
  }

  /**
   * After a complete package read by a pass that started at `passStartedAt`: every project not seen since
   * is marked withdrawn at `now`. Returns how many were newly marked.
   */
  async withdrawUnseen(passStartedAt: number, now: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const seen = await trx
        .selectFrom('investment_projects')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('seen_at', '>=', passStartedAt)
        .executeTakeFirstOrThrow();
      const held = await trx
        .selectFrom('investment_projects')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('withdrawn_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(seen.n) === 0 && Number(held.n) > 0) {
        // A package that lists nothing while the store holds projects is an upstream fault, not news.
        throw new Error(
          'the package lists no project the store holds: refused, nothing was marked withdrawn',
        );
      }
      const result = await trx
        .updateTable('investment_projects')
        .set({ withdrawn_at: now })
        .where('seen_at', '<', passStartedAt)
        .where('withdrawn_at', 'is', null)
        .executeTakeFirst();
      const n = Number(result.numUpdatedRows);
      if (n > 0) await bumpRevision(trx, this.source);
      return n;
    });
  }

  /** Marks every listed project as seen at `now` (a conditional GET said the package did not change). */
  async confirm(now: number): Promise<void> {
    await this.db
      .updateTable('investment_projects')
      .set({ seen_at: now })
      .where('withdrawn_at', 'is', null)
      .execute();
  }

  /** Stored projects by id, withdrawn ones included (with `withdrawnAt`). */
  async byIds(ids: readonly string[]): Promise<Map<string, StoredProject>> {
    const out = new Map<string, StoredProject>();
    for (const part of chunks([...new Set(ids)])) {
      const rows = await this.db
        .selectFrom('investment_projects')
        .select(['id', 'doc', 'seen_at', 'withdrawn_at'])
        .where('id', 'in', part)
        .execute();
      for (const r of rows) out.set(r.id, { project: parse(r.doc, r.withdrawn_at), seenAt: r.seen_at });
    }
    return out;
  }

  /** Listed projects that link each ocid, most recently updated first. */
  async byOcids(ocids: readonly string[]): Promise<Map<string, InvestmentProject[]>> {
    const out = new Map<string, InvestmentProject[]>();
    for (const part of chunks([...new Set(ocids)])) {
      const rows = await this.db
        .selectFrom('investment_project_processes as l')
        .innerJoin('investment_projects as p', 'p.id', 'l.project_id')
        .select(['l.ocid as key', 'p.doc'])
        .where('l.ocid', 'in', part)
        .where('p.withdrawn_at', 'is', null)
        .orderBy('p.sort_ms', 'desc')
        .orderBy('p.id', 'asc')
        .execute();
      group(out, rows);
    }
    return out;
  }

  /** Listed projects in which each register number is a party (any role), most recently updated first. */
  async byRegisterNumbers(numbers: readonly string[]): Promise<Map<string, InvestmentProject[]>> {
    const out = new Map<string, InvestmentProject[]>();
    for (const part of chunks([...new Set(numbers)])) {
      const rows = await this.db
        .selectFrom('investment_projects as p')
        .innerJoin(
          (eb) =>
            eb
              .selectFrom('investment_project_parties')
              .select(['project_id', 'register_number'])
              .distinct()
              .where('register_number', 'in', part)
              .as('x'),
          (join) => join.onRef('x.project_id', '=', 'p.id'),
        )
        .select(['x.register_number as key', 'p.doc'])
        .where('p.withdrawn_at', 'is', null)
        .orderBy('p.sort_ms', 'desc')
        .orderBy('p.id', 'asc')
        .execute();
      group(out, rows);
    }
    return out;
  }

  /**
   * One page of `query`, most recently updated first, after its cursor. `revision` is the source's
   * current harvest revision: counts and totals computed at it are reused until it changes.
   */
  async page(query: ProjectQuery, revision: number): Promise<ProjectPage> {
    let q = this.#matching(query.filter);
    if (query.after !== null) {
      const { sort, key } = fromKeyCursor(query.after);
      // `sort_ms <= sort` first: an index range both databases use; the rest breaks the tie.
      q = q
        .where('p.sort_ms', '<=', sort)
        .where((eb) => eb.or([eb('p.sort_ms', '<', sort), eb('p.id', '>', key)]));
    }
    const rows = await q
      .select(['p.id', 'p.sort_ms', 'p.doc'])
      .orderBy('p.sort_ms', 'desc')
      .orderBy('p.id', 'asc')
      .limit(query.first + 1)
      .execute();
    const shown = rows.slice(0, query.first);
    return {
      edges: shown.map((r) => ({ cursor: toKeyCursor(r.sort_ms, r.id), node: parse(r.doc, null) })),
      hasNextPage: rows.length > query.first,
      hasPreviousPage: query.after !== null,
      totalCount: () => this.#counted('n', query.filter, revision, () => this.#count(query.filter)),
      budgetTotals: () => this.#counted('totals', query.filter, revision, () => this.#totals(query.filter)),
    };
  }

  /** How many projects are listed and how many withdrawn. */
  async counts(): Promise<{ current: number; withdrawn: number }> {
    const row = await this.db
      .selectFrom('investment_projects')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('withdrawn_at').as('w')])
      .executeTakeFirstOrThrow();
    return { current: Number(row.n) - Number(row.w), withdrawn: Number(row.w) };
  }

  #counted<T>(
    what: 'n' | 'totals',
    filter: InvestmentProjectFilter,
    revision: number,
    run: () => Promise<T>,
  ): Promise<T> {
    return this.#counts.get([what, revision, filter], run);
  }

  async #count(filter: InvestmentProjectFilter): Promise<number> {
    const row = await this.#matching(filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async #totals(filter: InvestmentProjectFilter): Promise<Money[]> {
    const rows = await this.#matching(filter)
      .where('p.budget_currency', 'is not', null)
      .select((eb) => ['p.budget_currency', eb.fn.sum<number | null>('p.budget_amount').as('amount')])
      .groupBy('p.budget_currency')
      .execute();
    return totalsOf(rows.map((r) => ({ currency: r.budget_currency, amount: r.amount })));
  }

  /** Listed projects matching every field of `f` (the rules of `matchesProjectFilter`, in SQL). */
  #matching(f: InvestmentProjectFilter): Q {
    let q: Q = this.db.selectFrom('investment_projects as p').where('p.withdrawn_at', 'is', null);
    if (f.status !== undefined) q = q.where('p.status', '=', f.status);
    if (f.aimag !== undefined) q = withTerm(q, 'aimag', sql<boolean>`t.value = ${f.aimag}`);
    if (f.sector !== undefined) {
      // The code itself, or one below it: `transport` matches `transport.road`, not `transportation`.
      const below = `${literal(f.sector)}.%`;
      q = withTerm(q, 'sector', sql<boolean>`(t.value = ${f.sector} or t.value like ${below} escape '\\')`);
    }
    if (f.fundingSource !== undefined) q = withTerm(q, 'funding', sql<boolean>`t.value = ${f.fundingSource}`);
    if (f.party !== undefined) {
      const party = f.party;
      const pattern = `%${literal(foldName(party))}%`;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('investment_project_parties as x')
            .select(sql<number>`1`.as('one'))
            .whereRef('x.project_id', '=', 'p.id')
            .where((eb) =>
              eb.or([eb('x.register_number', '=', party), sql<boolean>`x.name like ${pattern} escape '\\'`]),
            ),
        ),
      );
    }
    // A period bound never matches a project whose period cannot be read; an overlap otherwise.
    if (f.from !== undefined || f.to !== undefined)
      q = q.where('p.start_ms', 'is not', null).where('p.end_ms', 'is not', null);
    if (f.to !== undefined) q = q.where('p.start_ms', '<=', f.to);
    if (f.from !== undefined) q = q.where('p.end_ms', '>=', f.from);
    if (f.budget !== undefined) {
      q = q.where('p.budget_currency', '=', f.budget.currency);
      if (f.budget.min !== null) q = q.where('p.budget_amount', '>=', f.budget.min);
      if (f.budget.max !== null) q = q.where('p.budget_amount', '<=', f.budget.max);
    }
    if (f.changedSince !== undefined)
      q = q.where('p.sort_ms', '>', NO_DATE).where('p.sort_ms', '>=', f.changedSince);
    return q;
  }

  async #markSeen(db: Kysely<Tables>, ids: readonly string[], now: number): Promise<void> {
    await db
      .updateTable('investment_projects')
      .set({ seen_at: now, withdrawn_at: null })
      .where('id', 'in', ids)
      .execute();
  }
}

/** `q` narrowed to projects with a term of `field` (the subquery's `t`) that `match` accepts. */
function withTerm(q: Q, field: string, match: RawBuilder<boolean>): Q {
  return q.where((eb) =>
    eb.exists(
      eb
        .selectFrom('investment_project_terms as t')
        .select(sql<number>`1`.as('one'))
        .whereRef('t.project_id', '=', 'p.id')
        .where('t.field', '=', field)
        .where(match),
    ),
  );
}

/** Rows of (key, doc) into lists per key, in row order. */
function group(out: Map<string, InvestmentProject[]>, rows: readonly { key: string | null; doc: string }[]) {
  for (const r of rows) {
    if (r.key === null) continue;
    const list = out.get(r.key);
    const project = parse(r.doc, null);
    if (list === undefined) out.set(r.key, [project]);
    else list.push(project);
  }
}

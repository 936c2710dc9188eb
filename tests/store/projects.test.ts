/**
 * Investment projects in the store, on each backend: every filter of `investmentProjects` answered in SQL
 * exactly as the domain's own rule (`matchesProjectFilter`) answers it over the same projects, ordered
 * most recently updated first with ties by id, through keyset pages, with counts and per-currency budget
 * totals; writes that touch only what changed; withdrawn projects kept, answered by id and left out of
 * every list and join.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import {
  matchesProjectFilter,
  sumByCurrency,
  type InvestmentProject,
  type InvestmentProjectFilter,
} from '../../src/domain/index.js';
import { readProject, readProjectPackage } from '../../src/sources/investment/index.js';
import { HarvestStates, ProjectStore, type ProjectInput } from '../../src/store/index.js';
import { storeBackends, useStore } from './backends.js';

const SOURCE = 'INVESTMENT';
type Json = Record<string, any>;

const embedded = JSON.parse(
  readFileSync(new URL('../../data/investment/mn-scenario/projects.json', import.meta.url), 'utf8'),
) as Json;

/** A package read the way the harvester reads it (the source's own schema and mapping). */
function inputs(pkg: Json): ProjectInput[] {
  const envelope = readProjectPackage(pkg);
  return envelope.items.map((_, i) => {
    const read = readProject(envelope, i);
    if (!read.ok) throw new Error(read.reason);
    return { project: read.project, raw: read.raw };
  });
}

/**
 * The embedded package with the edges a list meets: a project in USD, two updated at the same instant
 * written in two offsets (a tie broken by id), one never updated (last), one whose period has no end.
 */
function edged(): Json {
  const pkg = structuredClone(embedded);
  const p = pkg['projects'] as Json[];
  p[3]!['budget']['amount'] = { amount: 2_500_000, currency: 'USD' };
  p[5]!['updated'] = '2025-03-01T08:00:00+08:00';
  p[6]!['updated'] = '2025-03-01T00:00:00Z';
  delete p[7]!['updated'];
  delete p[8]!['period']['endDate'];
  return pkg;
}

/** The reference order: most recently updated first (by instant), never-updated last, ties by id. */
function reference(projects: readonly InvestmentProject[], f: InvestmentProjectFilter): string[] {
  const at = (p: InvestmentProject) => (p.updated === null ? -Infinity : Date.parse(p.updated));
  return projects
    .filter((p) => matchesProjectFilter(p, f))
    .sort((a, b) => at(b) - at(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((p) => p.id);
}

for (const backend of storeBackends()) {
  backend.describe('ProjectStore', () => {
    const fixture = useStore(backend);
    const store = () => new ProjectStore(fixture.store.db, SOURCE);
    const revision = async () => (await new HarvestStates(fixture.store.db).get(SOURCE)).revision;

    /** The ids of every match of `filter`, walking keyset pages of `first`. */
    async function list(filter: InvestmentProjectFilter = {}, first = 100): Promise<string[]> {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await store().page({ filter, first, after }, await revision());
        seen.push(...page.edges.map((e) => e.node.id));
        if (!page.hasNextPage) return seen;
        after = page.edges.at(-1)!.cursor;
      }
    }

    it('answers every filter as the domain rule does, in order, counted, totalled per currency', async () => {
      const written = inputs(edged());
      expect(await store().write(written, 1_000)).toEqual({ changed: 40, unchanged: 0 });
      const projects = written.map((w) => w.project);
      const first = projects[0]!;
      const contractor = projects
        .flatMap((p) => p.parties)
        .find((x) => x.roles.includes('contractor') && x.registerNumber !== null)!;
      const named = projects.flatMap((p) => p.parties).find((x) => x.name !== null)!.name!;
      const aimag = first.locations[0]!.aimag!;
      const filters: InvestmentProjectFilter[] = [
        {},
        { aimag },
        { sector: 'transport' },
        { sector: 'transport.road' },
        { sector: 'transpor' },
        { status: 'implementation' },
        { fundingSource: 'FOREIGN_LOAN' },
        { fundingSource: 'STATE_BUDGET', status: 'completion' },
        { party: contractor.registerNumber! },
        // Part of a name, in another case: folded by Mongolian rules on both sides.
        { party: named.slice(2, 9).toLocaleUpperCase('mn') },
        { party: '%' },
        { from: Date.parse('2025-01-01'), to: Date.parse('2025-12-31T23:59:59.999Z') },
        { to: Date.parse('2023-06-30') },
        { budget: { currency: 'MNT', min: 10_000_000_000, max: null } },
        { budget: { currency: 'USD', min: 1, max: null } },
        { changedSince: Date.parse('2025-06-01') },
      ];
      // Every filter but the two that must match nothing selects some projects and leaves some out.
      const sizes = filters.map((f) => reference(projects, f).length);
      expect(sizes.filter((n) => n === 0)).toHaveLength(2);
      expect(sizes.slice(1).every((n) => n < projects.length)).toBe(true);
      for (const f of filters) {
        const expected = reference(projects, f);
        expect(await list(f), JSON.stringify(f)).toEqual(expected);
        expect(await list(f, 3), JSON.stringify(f)).toEqual(expected);
        const page = await store().page({ filter: f, first: 5, after: null }, await revision());
        expect(await page.totalCount(), JSON.stringify(f)).toBe(expected.length);
        const matched = projects.filter((p) => expected.includes(p.id));
        expect(await page.budgetTotals(), JSON.stringify(f)).toEqual(
          sumByCurrency(matched.map((p) => p.budget)),
        );
      }
      // The edges are where they should be: the tie by id, the never-updated project last, USD apart.
      const all = await list();
      expect(all.indexOf(projects[5]!.id) - all.indexOf(projects[6]!.id)).toBe(
        projects[5]!.id < projects[6]!.id ? -1 : 1,
      );
      expect(all.at(-1)).toBe(projects[7]!.id);
      const page = await store().page({ filter: {}, first: 1, after: null }, await revision());
      expect((await page.budgetTotals()).map((m) => m.currency)).toEqual(['MNT', 'USD']);
    });

    it('orders the embedded package exactly as the list always did (by `updated`, ties by id)', async () => {
      const written = inputs(embedded);
      await store().write(written, 1_000);
      const before = written
        .map((w) => w.project)
        .sort((a, b) => (b.updated ?? '').localeCompare(a.updated ?? '') || a.id.localeCompare(b.id))
        .map((p) => p.id);
      expect(await list({}, 7)).toEqual(before);
    });

    it('takes % and _ in a party filter literally', async () => {
      const pkg = structuredClone(embedded);
      const p = (pkg['projects'] as Json[])[0]!;
      p['parties'].push({
        id: 'MN-CR-0999901',
        name: '100%_Зам ХХК (зохиомол)',
        identifier: { scheme: 'MN-CR', id: '0999901' },
        roles: ['supplier'],
      });
      await store().write(inputs(pkg), 1_000);
      expect(await list({ party: '0%_з' })).toEqual([p['id']]);
      expect(await list({ party: '0%%з' })).toEqual([]);
      expect(await list({ party: '0_' })).toEqual([]);
    });

    it('rewrites what changed; keeps withdrawn projects out of lists until listed again', async () => {
      const pkg = structuredClone(embedded);
      const written = inputs(pkg);
      expect(await store().write(written, 1_000)).toEqual({ changed: 40, unchanged: 0 });
      const r0 = await revision();
      // The same package again: nothing rewritten, nothing for cached counts to forget.
      expect(await store().write(written, 2_000)).toEqual({ changed: 0, unchanged: 40 });
      expect(await revision()).toBe(r0);

      // A new edition: one project retitled, one no longer listed.
      const next = structuredClone(pkg);
      const projects = next['projects'] as Json[];
      projects[1]!['title'] = 'Шинэ нэр (зохиомол)';
      const [gone] = projects.splice(2, 1) as [Json];
      expect(await store().write(inputs(next), 3_000)).toEqual({ changed: 1, unchanged: 38 });
      expect(await store().withdrawUnseen(3_000, 3_500)).toBe(1);
      expect(await store().withdrawUnseen(3_000, 3_600)).toBe(0);
      expect(await store().counts()).toEqual({ current: 39, withdrawn: 1 });
      expect(await revision()).toBeGreaterThan(r0);

      const byId = await store().byIds([gone['id'], projects[1]!['id'], 'mn-pip-none']);
      expect(byId.get(gone['id'])).toMatchObject({
        project: { id: gone['id'], withdrawnAt: 3_500 },
        seenAt: 2_000,
      });
      expect(byId.get(projects[1]!['id'])!.project).toMatchObject({
        title: 'Шинэ нэр (зохиомол)',
        withdrawnAt: null,
      });
      expect(byId.has('mn-pip-none')).toBe(false);
      expect(await list()).not.toContain(gone['id']);
      const page = await store().page({ filter: {}, first: 1, after: null }, await revision());
      expect(await page.totalCount()).toBe(39);

      const ocid = gone['contractingProcesses'][0].summary.ocid as string;
      const number = (gone['parties'] as Json[]).find((x) => x.identifier?.scheme === 'MN-CR')!.identifier.id;
      const linking = (list: Json[]) =>
        list
          .filter((p) => p['contractingProcesses'].some((c: Json) => c.summary.ocid === ocid))
          .map((p) => p['id'] as string);
      const partyTo = (list: Json[]) =>
        list
          .filter((p) => p['parties'].some((x: Json) => x.identifier?.id === number))
          .map((p) => p['id'] as string);
      expect((await store().byOcids([ocid])).get(ocid)?.map((p) => p.id) ?? []).toEqual(
        expect.arrayContaining(linking(projects)),
      );
      expect(((await store().byOcids([ocid])).get(ocid) ?? []).map((p) => p.id).sort()).toEqual(
        linking(projects).sort(),
      );
      expect(((await store().byRegisterNumbers([number])).get(number) ?? []).map((p) => p.id).sort()).toEqual(
        partyTo(projects).sort(),
      );

      // The first edition again: the retitled project rewritten, the withdrawn one listed again unchanged.
      const r1 = await revision();
      expect(await store().write(inputs(pkg), 4_000)).toEqual({ changed: 1, unchanged: 39 });
      expect(await revision()).toBeGreaterThan(r1);
      expect(await store().counts()).toEqual({ current: 40, withdrawn: 0 });
      expect((await store().byIds([gone['id']])).get(gone['id'])!.project.withdrawnAt).toBeNull();
    });

    it('keeps pages from shifting when a project updated later arrives between them', async () => {
      const written = inputs(embedded);
      await store().write(written, 1_000);
      const first = await store().page({ filter: {}, first: 10, after: null }, await revision());
      const fresh = structuredClone((embedded['projects'] as Json[])[0]!);
      fresh['id'] = 'mn-pip-fict-9999';
      fresh['updated'] = '2030-01-01T00:00:00+08:00';
      await store().write(inputs({ ...embedded, projects: [fresh] }), 2_000);
      const second = await store().page(
        { filter: {}, first: 10, after: first.edges.at(-1)!.cursor },
        await revision(),
      );
      const all = await list();
      expect(all[0]).toBe('mn-pip-fict-9999');
      expect(second.edges.map((e) => e.node.id)).toEqual(all.slice(11, 21));
    });
  });
}

/**
 * The near misses a NOT_FOUND names, on each backend: `ProcessStore.otherCase` finds the stored ocids of
 * the same feed that differ from an asked-for ocid only in case (withdrawn ones too), never the ocid
 * itself, and reads them from the folded-ocid index of migration 0004, not from the table. Fictional
 * ocids (`ocds-09test-` and an upper-case `OCDS-09TEST-`).
 */
import { CompiledQuery, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import type { ContractingProcess } from '../../src/domain/index.js';
import { ProcessStore } from '../../src/store/index.js';
import { storeBackends, useStore } from './backends.js';
import { ORG, compile } from './process-fixtures.js';

const process = (ocid: string): ContractingProcess =>
  compile(ocid, [JSON.stringify({ ocid, date: '2024-05-01T00:00:00Z', status: 'active', buyer: ORG.city })])!;

const UPPER = 'OCDS-09TEST-0001';
const LOWER = 'ocds-09test-0001';
const MIXED = 'Ocds-09test-0001';

for (const backend of storeBackends()) {
  backend.describe('ProcessStore near misses by case', () => {
    const fixture = useStore(backend);
    let store: ProcessStore;
    beforeEach(() => {
      store = new ProcessStore(fixture.store.db, 'OCDS', 'PROCUREMENT');
    });

    it('names the stored spellings that differ only in case, within the feed, withdrawn ones too', async () => {
      await store.put([process(UPPER), process('OCDS-09TEST-0002'), process(MIXED)], 1_000);
      const other = new ProcessStore(fixture.store.db, 'TENDER_MN', 'TENDER_MN');
      await other.put([process('OCDS-09TEST-0003')], 1_000);
      await store.withdraw([MIXED], 2_000, 2_000);

      const found = await store.otherCase([LOWER, UPPER, 'ocds-09test-0002', 'ocds-09test-0003', 'nothing']);
      expect(Object.fromEntries(found)).toEqual({
        // In ocid order; the stored ocid itself is never its own near miss, but its other spellings are.
        [LOWER]: [UPPER, MIXED],
        [UPPER]: [MIXED],
        'ocds-09test-0002': ['OCDS-09TEST-0002'],
      });
      // Another feed's process is not a near miss of this feed, and the other feed finds its own.
      expect([...(await other.otherCase(['ocds-09test-0003'])).entries()]).toEqual([
        ['ocds-09test-0003', ['OCDS-09TEST-0003']],
      ]);
      expect((await store.otherCase([LOWER], 1)).get(LOWER)).toEqual([UPPER]);
      expect((await store.otherCase([])).size).toBe(0);
    });

    it('looks the folded ocid up in its index, not in the table', async () => {
      await store.put([process(UPPER)], 1_000);
      // The statement `otherCase` runs, as its database receives it.
      const seen: RootOperationNode[] = [];
      const capture: KyselyPlugin = {
        transformQuery: ({ node }) => (seen.push(node), node),
        transformResult: ({ result }) => Promise.resolve(result),
      };
      const db = fixture.store.db.withPlugin(capture);
      expect((await new ProcessStore(db, 'OCDS', 'PROCUREMENT').otherCase([LOWER])).get(LOWER)).toEqual([
        UPPER,
      ]);
      expect(seen).toHaveLength(1);
      const { sql, parameters } = db.getExecutor().compileQuery(seen[0]!, { queryId: 'plan' });
      const plan = await fixture.store.db.transaction().execute(async (trx) => {
        if (backend.name === 'sqlite') {
          const rows = await trx.executeQuery<{ detail: string }>(
            CompiledQuery.raw(`EXPLAIN QUERY PLAN ${sql}`, [...parameters]),
          );
          return rows.rows.map((r) => r.detail).join('\n');
        }
        // A table of one row is cheapest to scan: forbid that, so the plan shows which index can serve.
        await trx.executeQuery(CompiledQuery.raw('SET LOCAL enable_seqscan = off'));
        const rows = await trx.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`EXPLAIN ${sql}`, [...parameters]),
        );
        return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      expect(plan).toContain('processes_ocid_folded');
      expect(plan).not.toMatch(/\bSCAN processes\b|Seq Scan/);
    });
  });
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayOptions, type ReplayServer } from '../../src/replay/index.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { until } from '../eventually.js';
import { storeBackends } from '../store/backends.js';
import { FAST_ENV, freshDataDir, harvested, removeDataDir, replayEnv } from '../helpers.js';

/**
 * The register harvested into the store: the index the graph searches is built from the stored
 * entities, so a restart with nothing changed costs one conditional request and no download; a changed
 * dump rewrites only what changed and keeps what it no longer lists, marked withdrawn; and while the first
 * pass runs, the register answers from what is stored so far and says it is partial.
 */

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** A register extract (`name|legal form|number` lines) in a temporary file. */
function extract(lines: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'tg-register-'));
  folders.push(dir);
  const file = join(dir, 'register.psv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** A gateway over `replay` on the store `store` names (`DATA_DIR` or `DATABASE_URL`, kept across gateways). */
async function gatewayOn(replay: ReplayServer, store: Record<string, string>) {
  const env = replayEnv(replay);
  removeDataDir(env['DATA_DIR']); // the store is the one given
  return startGateway({ env: { ...FAST_ENV, ...env, ...store } });
}

async function query<T = any>(g: RunningGateway, q: string): Promise<{ data: T; errors?: any[] }> {
  const res = await fetch(`${g.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: q }),
  });
  return (await res.json()) as { data: T; errors?: any[] };
}

const dumpRequests = (replay: ReplayServer) =>
  replay.requests.filter((r) => r.path === '/registry/dump.json');

const SEARCH = `{ organizations(search: "oyu tolgoi", first: 3) { totalCount
  edges { node { registerNumber name } }
  freshness { cache stale harvest { complete state } } } }`;

describe('a restart with nothing changed upstream', () => {
  it('costs one conditional request to the dump, answered 304, and answers searches from the store', async () => {
    const replay = await startReplayServer({ rateLimit: false });
    const dataDir = freshDataDir();
    try {
      const first = await gatewayOn(replay, { DATA_DIR: dataDir });
      let before: { data: any };
      const firstStart = performance.now();
      try {
        await harvested(first);
        console.info(
          `register: first harvest and index in ${(performance.now() - firstStart).toFixed(0)} ms`,
          first.gateway.plane.registerHarvester.last,
        );
        before = await query(first, SEARCH);
        expect(before.data.organizations.freshness.harvest).toEqual({ complete: true, state: 'IDLE' });
      } finally {
        await first.close();
      }
      expect(dumpRequests(replay)).toHaveLength(1);
      expect(dumpRequests(replay)[0]?.status).toBe(200);

      const restartedAt = performance.now();
      const second = await gatewayOn(replay, { DATA_DIR: dataDir });
      try {
        // Asked at once: the index is built from the store, not from a download.
        const after = await query(second, SEARCH);
        console.info(
          `register: restart answered its first search in ${(performance.now() - restartedAt).toFixed(0)} ms`,
        );
        expect(after.errors).toBeUndefined();
        expect(after.data.organizations.totalCount).toBe(before.data.organizations.totalCount);
        expect(after.data.organizations.edges).toEqual(before.data.organizations.edges);
        expect(after.data.organizations.freshness.harvest.complete).toBe(true);
        await until(() => second.gateway.plane.registerHarvester.last !== null, {
          what: 'the first pass after the restart',
        });
        expect(second.gateway.plane.registerHarvester.last).toMatchObject({ notModified: true, read: 0 });
        const dumps = dumpRequests(replay);
        expect(dumps).toHaveLength(2);
        expect(dumps[1]?.headers['if-none-match']).toEqual(expect.any(String));
        expect(dumps[1]?.status).toBe(304);
        expect((await second.gateway.ready()).sources['REGISTRY']).toBe('ok');
      } finally {
        await second.close();
      }
    } finally {
      await replay.close();
      removeDataDir(dataDir);
    }
  });
});

for (const backend of storeBackends()) {
  backend.describe('a changed dump', () => {
    const A = 'Туршилтын нэгдүгээр компани (зохиомол)';
    const B = 'Туршилтын хоёрдугаар компани (зохиомол)';
    const B2 = 'Туршилтын хоёрдугаар нэрээ сольсон компани (зохиомол)';
    const C = 'Туршилтын гуравдугаар компани (зохиомол)';
    const D = 'Туршилтын дөрөвдүгээр компани (зохиомол)';
    const replayWith = (lines: string[], lastModified: string): ReplayOptions => ({
      rateLimit: false,
      registry: { registerFile: extract(lines), fictionalFile: null, ownershipFiles: [], lastModified },
    });

    it('rewrites only the changed entities and keeps a removed one, marked withdrawn', async () => {
      const location = await backend.fresh();
      const store = location.options.databaseUrl
        ? { DATABASE_URL: location.options.databaseUrl }
        : { DATA_DIR: location.options.dataDir };
      let replay = await startReplayServer(
        replayWith([`${A}|ХХК|0900101`, `${B}|ХХК|0900102`, `${C}|ХК|0900103`], '2026-01-05T00:00:00Z'),
      );
      try {
        const first = await gatewayOn(replay, store);
        try {
          await harvested(first);
          expect(first.gateway.plane.registerHarvester.last).toMatchObject({
            notModified: false,
            read: 3,
            changed: 3,
            withdrawn: 0,
          });
        } finally {
          await first.close();
        }
        await replay.close();
        // 0900101 unchanged, 0900102 renamed, 0900103 no longer listed, 0900104 new.
        replay = await startReplayServer(
          replayWith([`${A}|ХХК|0900101`, `${B2}|ХХК|0900102`, `${D}|ХХК|0900104`], '2026-02-05T00:00:00Z'),
        );
        const second = await gatewayOn(replay, store);
        try {
          // The store already holds a completed harvest: wait for this gateway's own first pass, and for
          // the index it rebuilds from the store after that pass changed it.
          await until(() => second.gateway.plane.registerHarvester.last !== null, {
            what: 'the pass over the changed dump',
          });
          await until(
            async () => (await second.gateway.plane.registry.index()).value.get('0900104') !== undefined,
            { what: 'the index rebuilt from the store' },
          );
          expect(second.gateway.plane.registerHarvester.last).toMatchObject({
            notModified: false,
            read: 3,
            changed: 2,
            unchanged: 1,
            withdrawn: 1,
          });
          const rows = await second.gateway.store.db
            .selectFrom('entities')
            .select(['key', 'raw', 'withdrawn_at'])
            .where('source', '=', 'REGISTRY')
            .orderBy('key')
            .execute();
          expect(rows.map((r) => [r.key, r.withdrawn_at === null])).toEqual([
            ['0900101', true],
            ['0900102', true],
            ['0900103', false],
            ['0900104', true],
          ]);
          // The raw record is the dump's JSON as published.
          expect(JSON.parse(rows[1]?.raw ?? '{}')).toMatchObject({ 'Оноосон нэр': B2 });

          const res = await query(
            second,
            `{ gone: organization(registerNumber: "0900103") { registry { name withdrawnAt freshness { harvest { complete } } } }
             kept: organization(registerNumber: "0900101") { registry { name withdrawnAt } }
             renamed: organization(registerNumber: "0900102") { registry { name } }
             byName: organizations(search: "Туршилтын гуравдугаар компани") { totalCount }
             byNumber: organizations(search: "0900103") { totalCount }
             fresh: organizations(search: "дөрөвдүгээр") { edges { node { registerNumber } } freshness { sourceUpdatedAt } } }`,
          );
          expect(res.errors).toBeUndefined();
          expect(res.data.gone.registry).toMatchObject({
            name: C,
            withdrawnAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
            freshness: { harvest: { complete: true } },
          });
          expect(res.data.kept.registry).toEqual({ name: A, withdrawnAt: null });
          expect(res.data.renamed.registry).toEqual({ name: B2 });
          // Withdrawn: not found by name search; by its number it is still answered (above).
          expect(res.data.byName.totalCount).toBe(0);
          expect(res.data.byNumber.totalCount).toBe(1);
          expect(res.data.fresh.edges).toEqual([{ node: { registerNumber: '0900104' } }]);
          expect(res.data.fresh.freshness.sourceUpdatedAt).toBe('2026-02-05T00:00:00.000Z');
        } finally {
          await second.close();
        }
        // A replica that does not harvest answers from what another stored, without asking for the dump.
        const asked = dumpRequests(replay).length;
        const reader = await gatewayOn(replay, { ...store, HARVEST: 'false' });
        try {
          const res = await query(
            reader,
            `{ gone: organization(registerNumber: "0900103") { registry { withdrawnAt freshness { harvest { complete state } } } }
             fresh: organizations(search: "дөрөвдүгээр") { totalCount } }`,
          );
          expect(res.errors).toBeUndefined();
          expect(res.data.gone.registry.withdrawnAt).toEqual(expect.any(String));
          expect(res.data.gone.registry.freshness.harvest).toEqual({ complete: true, state: 'IDLE' });
          expect(res.data.fresh.totalCount).toBe(1);
          expect((await reader.gateway.ready()).sources['REGISTRY']).toBe('ok');
          expect(dumpRequests(replay).length).toBe(asked);
        } finally {
          await reader.close();
        }
      } finally {
        await replay.close();
        await location.dispose();
      }
    });
  });
}

describe('an empty dump', () => {
  it('is refused: nothing is withdrawn, and the register goes on answering from the store', async () => {
    const dataDir = freshDataDir();
    const name = 'Туршилтын хоосон компани (зохиомол)';
    let replay = await startReplayServer({
      rateLimit: false,
      registry: { registerFile: extract([`${name}|ХХК|0900201`]), fictionalFile: null, ownershipFiles: [] },
    });
    try {
      const first = await gatewayOn(replay, { DATA_DIR: dataDir });
      await harvested(first).finally(() => first.close());
      await replay.close();
      replay = await startReplayServer({
        rateLimit: false,
        registry: { registerFile: extract([]), fictionalFile: null, ownershipFiles: [] },
      });
      const second = await gatewayOn(replay, { DATA_DIR: dataDir });
      try {
        await until(() => second.gateway.plane.registerHarvester.lastFailure !== null, {
          what: 'the pass over the empty dump',
        });
        expect(second.gateway.plane.registerHarvester.lastFailure?.message).toContain('lists no entity');
        const res = await query(
          second,
          `{ organization(registerNumber: "0900201") { registry { name withdrawnAt freshness { harvest { complete state } } } } }`,
        );
        expect(res.data.organization.registry).toEqual({
          name,
          withdrawnAt: null,
          freshness: { harvest: { complete: true, state: 'FAILED' } },
        });
      } finally {
        await second.close();
      }
    } finally {
      await replay.close();
      removeDataDir(dataDir);
    }
  });
});

describe('the first harvest', () => {
  it('is partial while it runs: the register answers from what is stored so far and says so', async () => {
    // 20,000 fictional entities (four batches and a tail), dripped slowly so that the pass stays open.
    const lines = Array.from(
      { length: 20_000 },
      (_, i) => `Зохиомол туршилтын байгууллага ${i} (зохиомол)|ХХК|09${String(i).padStart(5, '0')}`,
    );
    const replay = await startReplayServer({
      rateLimit: false,
      registry: { registerFile: extract(lines), fictionalFile: null, ownershipFiles: [] },
    });
    const size = Buffer.byteLength(`[\n${lines.length}]`) + lines.length * 110;
    replay.faults.set(
      '/registry/dump.json',
      { kind: 'drip', intervalMs: 300, bytesPerChunk: Math.ceil(size / 40) },
      { times: 1 },
    );
    const dataDir = freshDataDir();
    const g = await gatewayOn(replay, { DATA_DIR: dataDir });
    try {
      const name = g.gateway.upstreams.registry.source.name;
      await until(async () => ((await g.gateway.harvests.status(name))?.status.records ?? 0) >= 5000, {
        what: 'the first batch of the register stored',
      });
      const res = await query(
        g,
        `{ organizations(search: "Зохиомол туршилтын байгууллага 1", first: 1) { totalCount
             freshness { cache stale staleReason harvest { complete state } } }
           first: organization(registerNumber: "0900000") { registry { name } }
           tail: organization(registerNumber: "0919999") { registry { name } }
           sources { name harvest { state complete } } }`,
      );
      expect(res.data.organizations.totalCount).toBeGreaterThan(0);
      expect(res.data.organizations.freshness).toEqual({
        cache: 'MISS',
        stale: true,
        staleReason: 'REVALIDATING',
        harvest: { complete: false, state: 'RUNNING' },
      });
      expect(res.data.first.registry.name).toBe('Зохиомол туршилтын байгууллага 0 (зохиомол)');
      // A number not stored yet is never said to be missing from the register.
      expect(res.data.tail.registry).toBeNull();
      expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
        [['tail', 'registry'], 'UPSTREAM_UNAVAILABLE'],
      ]);
      expect(res.errors?.[0]?.message).toContain('not stored yet');
      expect(res.data.sources.find((s: any) => s.name === 'REGISTRY').harvest).toEqual({
        state: 'RUNNING',
        complete: false,
      });
      expect((await g.gateway.ready()).sources['REGISTRY']).toBe('HARVEST_RUNNING');

      await harvested(g);
      const done = await query(
        g,
        `{ organizations(search: "Зохиомол туршилтын байгууллага", first: 1) { totalCount freshness { harvest { complete } } }
           tail: organization(registerNumber: "0919999") { registry { name } } }`,
      );
      expect(done.errors).toBeUndefined();
      expect(done.data.organizations).toEqual({
        totalCount: 20_000,
        freshness: { harvest: { complete: true } },
      });
      expect(done.data.tail.registry.name).toBe('Зохиомол туршилтын байгууллага 19999 (зохиомол)');
      expect(dumpRequests(replay)).toHaveLength(1);
    } finally {
      await g.close();
      await replay.close();
      removeDataDir(dataDir);
    }
  });
});

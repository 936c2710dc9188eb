import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../src/replay/index.js';
import { until } from '../eventually.js';
import { startReplica, stopReplicas, urlOf, type Replica } from '../replica-process.js';
import { TEST_DATABASE_URL, freshDatabaseUrl } from './backends.js';

/**
 * Two gateway processes on one PostgreSQL, as two replicas run: exactly one of them harvests the OCDS
 * feed (the lease), the feed is read once, not once per replica, and both answer the same lists with the
 * same harvest status.
 */

const LIST = `{ contractingProcesses(first: 3, filter: { status: "complete" }) { totalCount edges { node { ocid } } } sources { name harvest { state complete records } } }`;

/** A replica's log lines (JSON on stderr), whatever order their fields come in. */
function logLines(r: Replica): Record<string, unknown>[] {
  return r
    .stderr()
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

async function ask(url: string): Promise<any> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: LIST }),
  });
  return ((await res.json()) as { data: any }).data;
}

// Without a server: skipped outside CI, saying why; in CI, `freshDatabaseUrl` fails the test instead.
const suite = TEST_DATABASE_URL === undefined && process.env['CI'] === undefined ? describe.skip : describe;

suite(
  `two replicas on one PostgreSQL${TEST_DATABASE_URL === undefined ? ' (PostgreSQL skipped: TEST_DATABASE_URL unset)' : ''}`,
  () => {
    let replay: ReplayServer;
    let database: { url: string; dispose(): Promise<void> };
    const replicas: Replica[] = [];
    beforeAll(async () => {
      replay = await startReplayServer({ rateLimit: false });
      database = await freshDatabaseUrl();
    });
    afterAll(async () => {
      await stopReplicas(replicas);
      await replay?.close();
      await database?.dispose();
    });

    it('harvest once between them, and both answer the same', async () => {
      const env = {
        DATABASE_URL: database.url,
        PROCUREMENT_URL: `${replay.url}/ocds`,
        PROCUREMENT_PAGE_SIZE: '100',
        HARVEST_STANDBY_SECONDS: '1',
      };
      replicas.push(startReplica(env), startReplica(env));
      const urls = await Promise.all(replicas.map(urlOf));
      await until(
        async () => {
          const answers = await Promise.all(urls.map(ask));
          return answers.every((a) => a.sources[0].harvest.complete === true);
        },
        { what: 'both replicas to report the harvest complete' },
      );
      const [a, b] = await Promise.all(urls.map(ask));
      expect(a.contractingProcesses.totalCount).toBeGreaterThan(0);
      expect(b.contractingProcesses).toEqual(a.contractingProcesses);
      expect(b.sources[0].harvest).toEqual(a.sources[0].harvest);
      // The feed was read once: 10 pages of 100, not 20.
      const pages = replay.requests.filter((r) => r.path === '/ocds/releases');
      expect(new Set(pages.map((r) => r.query)).size).toBe(pages.length);
      expect(pages.length).toBe(10);
      // Exactly one replica completed a pass of the feed, and it holds the lease. (The other sources have
      // leases of their own, which either replica may take.)
      const completed = replicas.filter((r) =>
        logLines(r).some((l) => l['msg'] === 'harvest pass completed' && l['source'] === 'PROCUREMENT'),
      );
      expect(completed).toHaveLength(1);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const leases = await client.query<{ holder: string }>(
          `SELECT holder FROM leases WHERE name = 'harvest:PROCUREMENT'`,
        );
        expect(leases.rows).toHaveLength(1);
        expect(leases.rows[0]?.holder).toMatch(new RegExp(`^${completed[0]!.child.pid}-`));
      } finally {
        await client.end();
      }
    });
  },
);

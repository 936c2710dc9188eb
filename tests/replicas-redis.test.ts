import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { startReplayServer, type ReplayServer } from '../src/replay/index.js';
import { until } from './eventually.js';
import { missingRedis, skipRedis, startRedis, type TestRedis } from './redis.js';
import { startReplica, stopReplicas, urlOf, type Replica } from './replica-process.js';
import { TEST_DATABASE_URL, freshDatabaseUrl } from './store/backends.js';

/**
 * Two gateway processes on one Redis and one PostgreSQL, as replicas run behind a proxy (docs/deploy.md):
 * what one replica read from an upstream, the other answers from Redis without calling it; a burst for one
 * record across both makes one upstream call; the upstream's politeness budget (`RATE_PER_SECOND`) holds
 * across both; and with Redis killed, both go on answering from their own caches, say so in `sources`,
 * and share again once it is back.
 */

/** Procurement calls one `RATE_PER_SECOND` of 4 allows at most: one every 250 ms, across both replicas. */
const RATE_PER_SECOND = 4;
const SPACING_MS = 1000 / RATE_PER_SECOND;
/**
 * Slack for a first request that reached the upstream late (a busy machine), shortening the span: a
 * request can be held up to a few hundred milliseconds between its turn and its arrival. Alone, each
 * replica would space only its own three (about 500 ms first to last), well below what is left.
 */
const SLACK_MS = 400;

const LOOKUP = `query ($ocid: String!) {
  contractingProcess(ocid: $ocid) { ocid freshness { cache fetchedAt } }
  sources { name sharedCache { state lastError } }
}`;

interface Answer {
  status: number;
  data: {
    contractingProcess: { ocid: string; freshness: { cache: string; fetchedAt: string } } | null;
    sources: { name: string; sharedCache: { state: string; lastError: string | null } }[];
  } | null;
  errors?: unknown[];
}

async function lookup(url: string, ocid: string): Promise<Answer> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: LOOKUP, variables: { ocid } }),
  });
  const body = (await res.json()) as Omit<Answer, 'status'>;
  return { status: res.status, ...body };
}

const noPostgres = TEST_DATABASE_URL === undefined && process.env['CI'] === undefined;
const suite = skipRedis || noPostgres ? describe.skip : describe;
const why = skipRedis
  ? ` (skipped: ${missingRedis})`
  : noPostgres
    ? ' (skipped: TEST_DATABASE_URL unset)'
    : '';

suite(`two replicas on one Redis and one PostgreSQL${why}`, () => {
  let replay: ReplayServer;
  let redis: TestRedis;
  let database: { url: string; dispose(): Promise<void> };
  const replicas: Replica[] = [];
  let urls: string[] = [];
  let ocids: string[] = [];
  /** Upstream reads of one record, by path. */
  const recordCalls = (ocid?: string): { path: string; at: number }[] =>
    replay.requests.filter((r) =>
      ocid === undefined
        ? r.path.startsWith('/ocds/records/')
        : r.path === `/ocds/records/${encodeURIComponent(ocid)}`,
    );

  beforeAll(async () => {
    replay = await startReplayServer({ rateLimit: false });
    redis = await startRedis();
    database = await freshDatabaseUrl();
    const page = (await (await fetch(`${replay.url}/ocds/releases?limit=100`)).json()) as {
      releases: { ocid: string }[];
    };
    ocids = [...new Set(page.releases.map((r) => r.ocid))];
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      // Room for a busy machine: a command past its timeout makes a replica go on alone for a while, which
      // is right in production but not what these tests count.
      REDIS_COMMAND_TIMEOUT_MS: '2000',
      // Neither harvests: every lookup below reads the upstream through, which is what is counted.
      HARVEST: 'false',
      PROCUREMENT_URL: `${replay.url}/ocds`,
      PROCUREMENT_RATE_PER_SECOND: String(RATE_PER_SECOND),
      PROCUREMENT_MAX_AGE_SECONDS: '600',
    };
    replicas.push(startReplica(env), startReplica(env));
    urls = await Promise.all(replicas.map(urlOf));
  });
  beforeEach(() => {
    // What the replicas logged, to tell why a test failed.
    onTestFailed(() => {
      for (const r of replicas) process.stderr.write(`replica ${r.child.pid}:\n${r.stderr().slice(-4000)}\n`);
    });
  });
  afterAll(async () => {
    await stopReplicas(replicas);
    await replay?.close();
    await redis?.stop();
    await database?.dispose();
  });

  it('answers on the second replica from Redis, with no upstream call', async () => {
    expect(ocids.length).toBeGreaterThanOrEqual(13);
    const [a, b] = urls as [string, string];
    const first = await lookup(a, ocids[0]!);
    expect(first.data?.contractingProcess?.freshness.cache).toBe('MISS');
    expect(first.data?.sources.every((s) => s.sharedCache.state === 'UP')).toBe(true);
    expect(recordCalls(ocids[0])).toHaveLength(1);

    const second = await lookup(b, ocids[0]!);
    expect(second.data?.contractingProcess?.ocid).toBe(ocids[0]);
    expect(second.data?.contractingProcess?.freshness.cache).toBe('HIT');
    // The same value, as old as it really is: fetched once, by the first replica.
    expect(second.data?.contractingProcess?.freshness.fetchedAt).toBe(
      first.data?.contractingProcess?.freshness.fetchedAt,
    );
    expect(recordCalls(ocids[0])).toHaveLength(1);
  });

  it('makes one upstream call for a burst across both replicas', async () => {
    const ocid = ocids[1]!;
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => lookup(urls[i % 2]!, ocid)));
    expect(answers.map((x) => x.data?.contractingProcess?.ocid)).toEqual(Array(16).fill(ocid));
    expect(recordCalls(ocid)).toHaveLength(1);
  });

  it('keeps the upstream politeness budget across both replicas', async () => {
    const distinct = ocids.slice(2, 8);
    const before = recordCalls().length;
    const answers = await Promise.all(distinct.map((ocid, i) => lookup(urls[i % 2]!, ocid)));
    expect(answers.every((x) => x.data?.contractingProcess !== null)).toBe(true);
    const calls = recordCalls().slice(before);
    expect(calls).toHaveLength(distinct.length);
    const times = calls.map((c) => c.at).sort((x, y) => x - y);
    // Alone, each replica would space only its own three (about 2 x 250 ms from first to last); together
    // they keep one budget: 5 x 250 ms. Measured where the upstream sees them, first to last, so that a
    // request delayed on its way (a busy machine) shortens one gap but not the whole span.
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual((distinct.length - 1) * SPACING_MS - SLACK_MS);
  });

  it('goes on without Redis, says so in sources, and shares again once it is back', async () => {
    const [a, b] = urls as [string, string];
    // Redis dies while requests are in flight: every one is answered, from each replica's own cache or
    // the upstream.
    const inFlight = Promise.all(ocids.slice(8, 12).flatMap((ocid) => [lookup(a, ocid), lookup(b, ocid)]));
    await redis.kill();
    const during = await inFlight;
    expect(during.map((x) => x.status)).toEqual(Array(8).fill(200));
    expect(during.every((x) => x.data?.contractingProcess !== null)).toBe(true);
    const down = await lookup(a, ocids[0]!);
    expect(down.data?.contractingProcess?.ocid).toBe(ocids[0]);
    expect(down.data?.sources[0]?.sharedCache.state).toBe('DOWN');
    expect(down.data?.sources[0]?.sharedCache.lastError).toEqual(expect.any(String));

    await redis.restart();
    await until(async () => (await lookup(b, ocids[0]!)).data?.sources[0]?.sharedCache.state === 'UP', {
      what: 'the replica to use Redis again',
    });
    await until(async () => (await lookup(a, ocids[0]!)).data?.sources[0]?.sharedCache.state === 'UP', {
      what: 'the other replica to use Redis again',
    });
    const ocid = ocids[12]!;
    const calls = recordCalls(ocid).length;
    await lookup(a, ocid);
    await lookup(b, ocid);
    expect(recordCalls(ocid).length - calls).toBeLessThanOrEqual(1);
  });
});

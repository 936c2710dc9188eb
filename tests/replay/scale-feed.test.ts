import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayServer } from '../../src/replay/index.js';
import {
  MAX_SCALE_RELEASES,
  SCALE_OCID_PREFIX,
  SCALE_PREFIX,
  startReplayServer,
} from '../../src/replay/index.js';
import { compileReleases } from '../../src/sources/procurement/merge.js';
import {
  RecordPackageSchema,
  ReleasePackageSchema,
  type Release,
} from '../../src/sources/procurement/payload.js';
import type { TestPackage, TestRelease } from './helpers.js';
import { json, rawRequest } from './helpers.js';

const RELEASES = 1050;
const PROCESSES = 300;

let small: ReplayServer;
let big: ReplayServer;

beforeAll(async () => {
  [small, big] = await Promise.all([
    startReplayServer({ rateLimit: false, scale: { releases: RELEASES, processes: PROCESSES, seed: 7 } }),
    startReplayServer({ rateLimit: false, scale: { releases: 1_000_000, processes: 300_000 } }),
  ]);
});
afterAll(async () => {
  await Promise.all([small.close(), big.close()]);
});

function feedOf(server: ReplayServer) {
  const feed = server.scaleFeed;
  if (feed === null) throw new Error('the server was started without a scale feed');
  return feed;
}

async function getPackage(server: ReplayServer, path: string): Promise<TestPackage> {
  const res = await rawRequest(`${server.url}${SCALE_PREFIX}${path}`);
  expect(res.status, res.body.toString('utf8').slice(0, 300)).toBe(200);
  return json<TestPackage>(res);
}

/** Follows links.next to the end; every page must be a valid release package of the gateway's schema. */
async function allPages(
  server: ReplayServer,
  path: string,
): Promise<{ releases: TestRelease[]; pages: number }> {
  const releases: TestRelease[] = [];
  let url: string | undefined = `${server.url}${SCALE_PREFIX}${path}`;
  let pages = 0;
  while (url !== undefined) {
    expect(url.startsWith(`${server.url}${SCALE_PREFIX}/releases?`)).toBe(true);
    const res = await rawRequest(url);
    expect(res.status).toBe(200);
    const pkg = json<TestPackage>(res);
    expect(ReleasePackageSchema.safeParse(pkg).error).toBeUndefined();
    releases.push(...(pkg.releases ?? []));
    url = pkg.links?.next;
    pages++;
  }
  return { releases, pages };
}

const strictlyNewestFirst = (releases: readonly TestRelease[]): boolean =>
  releases.every((r, i) => i === 0 || Date.parse(releases[i - 1]?.date ?? '') > Date.parse(r.date));

describe('scale feed: /ocds-scale/releases', () => {
  it('visits every release exactly once, newest first, when links.next is followed to the end', async () => {
    const { releases, pages } = await allPages(small, '/releases?limit=97');
    expect(pages).toBe(Math.ceil(RELEASES / 97));
    expect(releases).toHaveLength(RELEASES);
    expect(new Set(releases.map((r) => `${r.ocid} ${r.id}`)).size).toBe(RELEASES);
    expect(new Set(releases.map((r) => r.ocid)).size).toBe(PROCESSES);
    expect(strictlyNewestFirst(releases)).toBe(true);
    // Newest first is the release index descending.
    const feed = feedOf(small);
    expect(releases.map((r) => r.date)).toEqual(
      Array.from({ length: RELEASES }, (_, i) => feed.date(RELEASES - 1 - i)),
    );
    expect(releases[0]).toEqual(feed.release(RELEASES - 1));
  });

  it('returns exactly the releases at or after `since`, and at or before `until`', async () => {
    const feed = feedOf(small);
    const since = feed.date(700);
    const after = await allPages(small, `/releases?limit=100&since=${since}`);
    expect(after.releases).toHaveLength(RELEASES - 700);
    expect(after.releases.at(-1)?.date).toBe(since);
    // Between two release dates: the later one is the first included.
    const between = new Date(Date.parse(since) + 1000).toISOString();
    expect((await allPages(small, `/releases?limit=500&since=${between}`)).releases).toHaveLength(
      RELEASES - 701,
    );
    const window = await allPages(
      small,
      `/releases?limit=40&since=${feed.date(100)}&until=${feed.date(199)}`,
    );
    expect(window.releases.map((r) => r.date)).toEqual(
      Array.from({ length: 100 }, (_, i) => feed.date(199 - i)),
    );
    expect(window.pages).toBe(3);
    // Bounds outside the feed.
    expect((await getPackage(small, '/releases?since=2999-01-01')).releases).toEqual([]);
    expect((await getPackage(small, '/releases?until=2000-01-01')).releases).toEqual([]);
    expect((await allPages(small, '/releases?limit=500&since=1999-01-01')).releases).toHaveLength(RELEASES);
  });

  it('answers bad parameters, methods and paths as /ocds does', async () => {
    for (const query of [
      'limit=0',
      'limit=501',
      'since=yesterday',
      'cursor=%21',
      'since=2021-01-02&until=2021-01-01',
    ]) {
      const res = await rawRequest(`${small.url}${SCALE_PREFIX}/releases?${query}`);
      expect(res.status, query).toBe(400);
      expect(json<{ error: string }>(res).error).toMatch(/\w/);
    }
    expect((await rawRequest(`${small.url}${SCALE_PREFIX}/releases`, { method: 'POST' })).status).toBe(405);
    expect((await rawRequest(`${small.url}${SCALE_PREFIX}/nothing`)).status).toBe(404);
  });
});

describe('scale feed: one process', () => {
  it('gives every release of a process in its record package, oldest first, merging into its last state', async () => {
    const feed = feedOf(small);
    for (const p of [0, 149, 150, 299]) {
      const ocid = feed.ocid(p);
      const pkg = await getPackage(small, `/records/${ocid}`);
      expect(RecordPackageSchema.safeParse(pkg).error).toBeUndefined();
      const record = pkg.records?.[0];
      const expected = Array.from({ length: p < RELEASES % PROCESSES ? 4 : 3 }, (_, v) => p + v * PROCESSES);
      expect(record?.ocid).toBe(ocid);
      expect(record?.releases).toEqual(expected.map((k) => feed.release(k)));
      const releases = (record?.releases ?? []) as unknown as Release[];
      expect(releases.every((r) => r.ocid === ocid)).toBe(true);
      const compiled = compileReleases(releases);
      expect(compiled.tender?.status).toBe(releases.at(-1)?.tender?.status);
      expect((await getPackage(small, `/releases/${ocid}`)).releases).toEqual(record?.releases);
    }
  });

  it('answers 404 for an ocid it does not serve', async () => {
    const feed = feedOf(small);
    for (const ocid of [
      feed.ocid(PROCESSES),
      `${SCALE_OCID_PREFIX}0000001`,
      'ocds-213czf-000-00001',
      '%E0%A4%A',
    ]) {
      const res = await rawRequest(`${small.url}${SCALE_PREFIX}/records/${ocid}`);
      expect(res.status, ocid).toBe(ocid.startsWith('%') ? 400 : 404);
    }
  });

  it('has buyers, suppliers and values from small closed lists, all fictional with 09 register numbers', async () => {
    const { releases } = await allPages(small, '/releases?limit=500');
    const statuses = new Set<unknown>();
    const methods = new Set<unknown>();
    const currencies = new Set<unknown>();
    const numbers = new Set<string>();
    for (const r of releases as unknown as Release[]) {
      expect(r.x_fictional).toMatch(/^Fictional/);
      statuses.add(r.tender?.status);
      methods.add(r.tender?.procurementMethod);
      currencies.add(r.tender?.value?.currency);
      for (const party of r.parties ?? []) numbers.add(String(party.identifier?.id));
    }
    expect([...statuses].sort()).toEqual(['active', 'cancelled', 'complete', 'planning', 'unsuccessful']);
    expect([...methods].sort()).toEqual(['direct', 'limited', 'open', 'selective']);
    expect([...currencies].sort()).toEqual(['MNT', 'USD']);
    expect([...numbers].every((n) => /^09\d{5}$/.test(n))).toBe(true);
    const awarded = (releases as unknown as Release[]).filter((r) => (r.awards ?? []).length > 0);
    expect(awarded.length).toBeGreaterThan(0);
    // Awards only on a process's third release or later.
    expect(awarded.every((r) => /-00[3-9]$/.test(r.id))).toBe(true);
  });
});

describe('scale feed: determinism and growth', () => {
  it('serves the same bytes for the same seed, and other bytes for another seed', async () => {
    const twin = await startReplayServer({
      rateLimit: false,
      scale: { releases: RELEASES, processes: PROCESSES, seed: 7 },
    });
    const other = await startReplayServer({
      rateLimit: false,
      scale: { releases: RELEASES, processes: PROCESSES, seed: 8 },
    });
    try {
      const bytes = async (s: ReplayServer, path: string): Promise<string> =>
        (await rawRequest(`${s.url}${SCALE_PREFIX}${path}`)).body
          .toString('utf8')
          .replaceAll(s.url, 'ORIGIN');
      for (const path of ['/releases?limit=50', `/records/${feedOf(small).ocid(42)}`]) {
        expect(await bytes(twin, path)).toBe(await bytes(small, path));
        expect(await bytes(other, path)).not.toBe(await bytes(small, path));
      }
    } finally {
      await Promise.all([twin.close(), other.close()]);
    }
  });

  it('grows on a running server: new releases come first, old ones and issued cursors are unchanged', async () => {
    const server = await startReplayServer({ rateLimit: false, scale: { releases: 600, processes: 300 } });
    try {
      const feed = feedOf(server);
      const before = await getPackage(server, '/releases?limit=100');
      const oldRelease = feed.release(599);
      feed.setReleases(650);
      expect(feed.releases).toBe(650);
      const next = await rawRequest(before.links?.next ?? '');
      expect(json<TestPackage>(next).releases?.[0]?.date).toBe(feed.date(499));
      const grown = await getPackage(server, '/releases?limit=100');
      expect(grown.releases?.slice(0, 50).map((r) => r.date)).toEqual(
        Array.from({ length: 50 }, (_, i) => feed.date(649 - i)),
      );
      expect(grown.releases?.[50]).toEqual(oldRelease);
      expect((await getPackage(server, `/records/${feed.ocid(0)}`)).records?.[0]?.releases).toHaveLength(3);
      expect(() => feed.setReleases(-1)).toThrow(/setReleases/);
      expect(() => feed.setReleases(300 * 1001)).toThrow(/more than 1000 releases/);
    } finally {
      await server.close();
    }
  });

  it('refuses bad options with a sentence naming the option', async () => {
    await expect(startReplayServer({ scale: { releases: 10, processes: 0 } })).rejects.toThrow(
      /ReplayOptions\.scale\.processes/,
    );
    await expect(startReplayServer({ scale: { releases: 1.5, processes: 1 } })).rejects.toThrow(
      /ReplayOptions\.scale\.releases/,
    );
    await expect(startReplayServer({ scale: { releases: 10, processes: 1, seed: -1 } })).rejects.toThrow(
      /ReplayOptions\.scale\.seed/,
    );
  });
});

describe('scale feed: a million releases', () => {
  it('answers its first page, a `since` near the end and a record without walking the feed', async () => {
    const feed = feedOf(big);
    const first = await getPackage(big, '/releases?limit=500');
    expect(first.releases).toHaveLength(500);
    expect(first.releases?.[0]?.date).toBe(feed.date(999_999));
    expect(first.releases?.at(-1)?.date).toBe(feed.date(999_500));
    const tail = await allPages(big, `/releases?since=${feed.date(999_990)}`);
    expect(tail.pages).toBe(1);
    expect(tail.releases.map((r) => r.date)).toEqual(
      Array.from({ length: 10 }, (_, i) => feed.date(999_999 - i)),
    );
    const oldest = await getPackage(big, `/releases?limit=3&until=${feed.date(2)}`);
    expect(oldest.releases?.map((r) => r.ocid)).toEqual([feed.ocid(2), feed.ocid(1), feed.ocid(0)]);
    const record = await getPackage(big, `/records/${feed.ocid(299_999)}`);
    expect(record.records?.[0]?.releases).toHaveLength(3);
  });

  it('serves its largest size from nothing held per release', async () => {
    const largest = await startReplayServer({
      rateLimit: false,
      scale: { releases: MAX_SCALE_RELEASES, processes: 1_000_000 },
    });
    try {
      const feed = feedOf(largest);
      const first = await getPackage(largest, '/releases?limit=2');
      expect(first.releases?.map((r) => r.date)).toEqual([
        feed.date(MAX_SCALE_RELEASES - 1),
        feed.date(MAX_SCALE_RELEASES - 2),
      ]);
      expect(
        (await getPackage(largest, `/records/${feed.ocid(999_999)}`)).records?.[0]?.releases,
      ).toHaveLength(100);
    } finally {
      await largest.close();
    }
  });
});

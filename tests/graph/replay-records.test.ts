/**
 * Records first-class: a publisher of records is harvested from its records listing
 * (`PROCUREMENT_FEED=records`, what `REPLAY_OCDS_FILES` does by itself), so that a record with only a
 * `compiledRelease` is listed, a record's `compiledRelease` is the process as listed, and the list gives
 * the process a lookup by ocid reads live from the record (`PROCUREMENT_RECORD_PATH` naming where, a
 * release package answering too). Fictional records (`ocds-xxxxxx-rec-…`, register numbers 09…).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startReplayServer, type ReplayServer } from '../../src/replay/index.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { EMPTY_STORE_ENV, FAST_ENV, freshDataDir, removeDataDir, replayEnv } from '../helpers.js';

const NOTICE = 'Fictional records made for the records tests.';
const ocid = (n: number) => `ocds-xxxxxx-rec-${n}`;
const buyer = { id: 'MN-CR-0900101', name: 'Fictional buyer agency' };
const supplier = { id: 'MN-CR-0900102', name: 'Fictional supplier LLC' };
const parties = [
  { ...buyer, identifier: { scheme: 'MN-CR', id: '0900101' }, roles: ['buyer'] },
  { ...supplier, identifier: { scheme: 'MN-CR', id: '0900102' }, roles: ['supplier'] },
];

const release = (n: number, r: number, date: string, tender: object, extra: object = {}) => ({
  ocid: ocid(n),
  id: `rec-${n}-r${r}`,
  date,
  tag: ['tender'],
  initiationType: 'tender',
  parties,
  buyer,
  tender: { id: `t${n}`, ...tender },
  x_fictional: NOTICE,
  ...extra,
});
const awarded = {
  awards: [
    { id: 'a1', status: 'active', value: { amount: 500_000, currency: 'MNT' }, suppliers: [supplier] },
  ],
};

/**
 * 1: its release says planned, its publisher-compiled release has moved on (complete, one award);
 * 2: a compiled release alone; 3: two releases, no compiled release; 4: a compiled release the gateway
 * cannot use (its tender is text), listed from its release.
 */
const RECORDS = {
  version: '1.1',
  publisher: { name: 'Fictional records publisher' },
  records: [
    {
      ocid: ocid(1),
      releases: [release(1, 1, '2024-01-10T00:00:00Z', { status: 'planned' })],
      compiledRelease: {
        ...release(1, 2, '2024-02-10T00:00:00Z', { status: 'complete' }, awarded),
        tag: ['compiled'],
      },
    },
    {
      ocid: ocid(2),
      releases: [],
      compiledRelease: { ...release(2, 1, '2024-03-10T00:00:00Z', { status: 'active' }), tag: ['compiled'] },
    },
    {
      ocid: ocid(3),
      releases: [
        release(3, 1, '2024-01-05T00:00:00Z', { status: 'planned', value: { amount: 70, currency: 'USD' } }),
        release(3, 2, '2024-01-20T00:00:00Z', { status: 'active' }),
      ],
    },
    {
      ocid: ocid(4),
      releases: [release(4, 1, '2024-01-15T00:00:00Z', { status: 'active' })],
      compiledRelease: {
        ocid: ocid(4),
        id: 'rec-4-c',
        date: '2024-01-15T00:00:00Z',
        tender: 'not an object',
      },
    },
  ],
};

const FIELDS = `ocid releaseCount compiledByGateway tag tender { status value { amount currency } }
  awards { id status value { amount currency } suppliers { id name } } buyer { id name } coercions`;

const dir = mkdtempSync(join(tmpdir(), 'tg-replay-records-'));
const file = join(dir, 'records.json');
writeFileSync(file, JSON.stringify(RECORDS));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Body = { data?: any; errors?: any[] };
async function ask(gateway: RunningGateway, query: string): Promise<Body> {
  const res = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as Body;
}

describe('a publisher of records', () => {
  let replay: ReplayServer;
  const started: { gateway: RunningGateway; dataDir: string }[] = [];
  const start = async (env: Record<string, string>) => {
    const dataDir = freshDataDir();
    const gateway = await startGateway({
      env: { ...FAST_ENV, ...replayEnv(replay), DATA_DIR: dataDir, ...env },
    });
    started.push({ gateway, dataDir });
    return gateway;
  };
  beforeAll(async () => {
    replay = await startReplayServer({ rateLimit: false, ocds: { files: [{ path: file }] } });
  });
  afterAll(async () => {
    for (const { gateway, dataDir } of started) {
      await gateway.close();
      removeDataDir(dataDir);
    }
    await replay.close();
  });

  it('lists every record as a live lookup of it reads it, from its records listing', async () => {
    // Only the procurement harvest matters here; the register is left out (its first load is the slowest).
    const lister = await start({ PROCUREMENT_FEED: 'records', REGISTRY_URL: 'http://127.0.0.1:9/none' });
    await lister.gateway.harvests.complete('PROCUREMENT');
    const list = await ask(
      lister,
      `{ contractingProcesses(first: 10) { totalCount edges { node { ${FIELDS} versionedRelease } } }
         sources { name dataQuality { quarantined examples { ocid releaseId reasons { path } } } } }`,
    );
    expect(list.errors).toBeUndefined();
    const nodes = list.data.contractingProcesses.edges.map((e: any) => e.node);
    expect(list.data.contractingProcesses.totalCount).toBe(4);
    expect(nodes.map((n: any) => n.ocid)).toEqual([ocid(2), ocid(1), ocid(3), ocid(4)]);
    const byOcid = new Map<string, any>(nodes.map((n: any) => [n.ocid, n]));
    // The publisher's compiled release, not the merge of the one release it published.
    expect(byOcid.get(ocid(1))).toMatchObject({
      compiledByGateway: false,
      releaseCount: 1,
      tender: { status: 'complete' },
      awards: [{ id: 'a1', status: 'active', value: { amount: 500_000, currency: 'MNT' } }],
    });
    expect(byOcid.get(ocid(1)).versionedRelease).not.toBeNull(); // its release was stored
    expect(byOcid.get(ocid(2))).toMatchObject({ compiledByGateway: false, tender: { status: 'active' } });
    expect(byOcid.get(ocid(2)).versionedRelease).toBeNull(); // no release of it is known
    expect(byOcid.get(ocid(3))).toMatchObject({
      compiledByGateway: true,
      releaseCount: 2,
      tender: { status: 'active', value: { amount: 70, currency: 'USD' } },
    });
    expect(byOcid.get(ocid(4))).toMatchObject({ compiledByGateway: true, tender: { status: 'active' } });
    const quality = list.data.sources.find((s: any) => s.name === 'PROCUREMENT').dataQuality;
    expect(quality.quarantined).toBe(1);
    expect(quality.examples).toEqual([
      { ocid: ocid(4), releaseId: `${ocid(4)} (compiled)`, reasons: [{ path: 'compiledRelease/tender' }] },
    ]);
    // Recomputed when asked: the gateway's merge of what it holds beside the publisher's compiled release.
    const json = await ask(
      lister,
      `{ contractingProcesses(first: 10) { edges { node { ocid compiledRelease gatewayCompiledRelease } } } }`,
    );
    expect(json.errors).toBeUndefined();
    const merged = new Map<string, any>(
      json.data.contractingProcesses.edges.map((e: any) => [e.node.ocid, e.node]),
    );
    expect(merged.get(ocid(1)).compiledRelease).toMatchObject({
      tender: { status: 'complete' },
      awards: [{ id: 'a1' }],
    });
    expect(merged.get(ocid(1)).gatewayCompiledRelease).toMatchObject({
      id: `${ocid(1)}-2024-01-10T00:00:00Z`,
      tender: { status: 'planned' },
    });
    expect(merged.get(ocid(1)).gatewayCompiledRelease.awards).toBeUndefined();
    expect(merged.get(ocid(2)).gatewayCompiledRelease).toBeNull();
    expect(merged.get(ocid(3)).gatewayCompiledRelease).toEqual(merged.get(ocid(3)).compiledRelease);
    expect(replay.requests.some((r) => r.path === '/ocds/records')).toBe(true);
    expect(replay.requests.some((r) => r.path === '/ocds/releases')).toBe(false);

    // A gateway that never harvests reads each process live from its record: the same process, #4 from
    // its release too.
    const looker = await start(EMPTY_STORE_ENV);
    for (const n of [1, 2, 3, 4]) {
      const one = await ask(looker, `{ contractingProcess(ocid: "${ocid(n)}") { ${FIELDS} } }`);
      expect(one.errors).toBeUndefined();
      const listed = { ...byOcid.get(ocid(n)) };
      delete listed.versionedRelease;
      expect(one.data.contractingProcess).toEqual(listed);
    }
  });

  it('gets its records listed by the replay server newest first, a page at a time, within since', async () => {
    const walk = async (query: string) => {
      let url: string | undefined = `${replay.url}/ocds/records?${query}`;
      const seen: string[] = [];
      let pages = 0;
      while (url !== undefined) {
        const res = await fetch(url);
        expect(res.status).toBe(200);
        const body = (await res.json()) as { records: { ocid: string }[]; links?: { next?: string } };
        seen.push(...body.records.map((r) => r.ocid));
        url = body.links?.next;
        pages += 1;
      }
      return { seen, pages };
    };
    expect(await walk('limit=1')).toEqual({ seen: [ocid(2), ocid(1), ocid(3), ocid(4)], pages: 4 });
    expect(await walk('limit=3&since=2024-01-16')).toEqual({ seen: [ocid(2), ocid(1), ocid(3)], pages: 1 });
    expect((await fetch(`${replay.url}/ocds/records?limit=0`)).status).toBe(400);
  });

  it('looks a process up where PROCUREMENT_RECORD_PATH says, a release package answering too', async () => {
    const looker = await start({ ...EMPTY_STORE_ENV, PROCUREMENT_RECORD_PATH: 'releases/{ocid}' });
    const one = await ask(looker, `{ contractingProcess(ocid: "${ocid(3)}") { ${FIELDS} } }`);
    expect(one.errors).toBeUndefined();
    expect(one.data.contractingProcess).toMatchObject({
      ocid: ocid(3),
      compiledByGateway: true,
      releaseCount: 2,
      tender: { status: 'active', value: { amount: 70, currency: 'USD' } },
    });
    expect(replay.requests.filter((r) => r.path.startsWith(`/ocds/releases/`)).map((r) => r.path)).toEqual([
      `/ocds/releases/${ocid(3)}`,
    ]);
  });

  it('refuses a record path that is not a path on the upstream, saying why', () => {
    const problem = (path: string) => () => loadConfig({ PROCUREMENT_RECORD_PATH: path });
    expect(problem('records/latest')).toThrow(ConfigError);
    expect(problem('records/latest')).toThrow(/PROCUREMENT_RECORD_PATH.*\{ocid\} exactly once/);
    expect(problem('records/{ocid}/{ocid}')).toThrow(/exactly once/);
    expect(problem('https://elsewhere.example/records/{ocid}')).toThrow(/without a scheme or host/);
    expect(problem('//elsewhere.example/{ocid}')).toThrow(/without a scheme or host/);
    expect(problem('records/{ocid}#x')).toThrow(/must not contain/);
    expect(
      loadConfig({ PROCUREMENT_RECORD_PATH: 'api/record?ocid={ocid}' }).sources.procurement.recordPath,
    ).toBe('api/record?ocid={ocid}');
  });
});

describe('REPLAY_OCDS_FILES of records', () => {
  const dataDir = freshDataDir();
  let gateway: RunningGateway | undefined;
  afterAll(async () => {
    await gateway?.close();
    removeDataDir(dataDir);
  });

  it('harvests the records listing by itself: a record with only a compiled release is listed', async () => {
    gateway = await startGateway({
      env: {
        ...FAST_ENV,
        DATA_DIR: dataDir,
        REPLAY_OCDS_FILES: file,
        REGISTRY_URL: 'http://127.0.0.1:9/none',
      },
    });
    await gateway.gateway.harvests.complete('PROCUREMENT');
    const list = await ask(
      gateway,
      '{ contractingProcesses(first: 10) { totalCount edges { node { ocid } } } }',
    );
    expect(list.errors).toBeUndefined();
    expect(list.data.contractingProcesses.totalCount).toBe(4);
    expect(list.data.contractingProcesses.edges.map((e: any) => e.node.ocid)).toContain(ocid(2));
  });
});

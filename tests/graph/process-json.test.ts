/**
 * `ContractingProcess.compiledRelease` and `versionedRelease` through the whole gateway, over the replay
 * server: the OCDS standard's fictional example (six releases, and a record with the publisher's compiled
 * release) and fictional releases with extension fields (`ocds-xxxxxx-json-…`). The compiled release equals
 * the publisher's, extension fields survive, the versioned release names the release that set each value,
 * a list asking both reads its processes' releases in one store statement, and a process read live takes
 * them from the record it was read from, with no upstream request more.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  EMBEDDED_OCDS_FILES,
  OCDS_EXAMPLE_NOTICE,
  startReplayServer,
  type ReplayServer,
} from '../../src/replay/index.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { FAST_ENV, harvested, postGraphql, removeDataDir, replayEnv } from '../helpers.js';

const EXAMPLE = 'ocds-213czf-000-00001';
const exampleFile = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../data/procurement/ocds-example/${name}`, import.meta.url), 'utf8'),
  ) as Record<string, any>;
/** The publisher's compiled release as published, with its organisations' contact points. */
const publishedCompiled = exampleFile(`record-${EXAMPLE}.json`)['records'][0].compiledRelease as Record<
  string,
  unknown
>;
/** JSON without its `contactPoint` fields, which the graph never passes on (they can name persons). */
const withoutContactPoints = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(withoutContactPoints)
    : typeof v === 'object' && v !== null
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([k]) => k !== 'contactPoint')
            .map(([k, f]) => [k, withoutContactPoints(f)]),
        )
      : v;
/**
 * The publisher's compiled release as the gateway gives it: marked fictional by the replay server
 * (`x_fictional`), without contact points.
 */
const exampleCompiled = withoutContactPoints({ ...publishedCompiled, x_fictional: OCDS_EXAMPLE_NOTICE });
/** `tender.status` as each of the example's releases changed it, oldest first, read from the files. */
const exampleStatusHistory = (() => {
  const releases = (exampleFile(`${EXAMPLE}.json`)['releases'] as Record<string, any>[])
    .slice()
    .sort((a, b) => Date.parse(a['date']) - Date.parse(b['date']));
  const history: { releaseID: string; value: string }[] = [];
  for (const r of releases) {
    const status = r['tender']?.status as string | undefined;
    if (status !== undefined && history.at(-1)?.value !== status)
      history.push({ releaseID: r['id'], value: status });
  }
  return history;
})();

const NOTICE = 'Fictional releases made for the tests of compiledRelease and versionedRelease.';
const JSON_1 = 'ocds-xxxxxx-json-1';
const JSON_2 = 'ocds-xxxxxx-json-2';
/** Three releases of one fictional process, with fields of OCDS extensions and of the publisher's own. */
const releases = [
  {
    ocid: JSON_1,
    id: 'json-1-r1',
    date: '2024-04-01T00:00:00Z',
    tag: ['tender'],
    initiationType: 'tender',
    x_publisherRef: 'A-17',
    parties: [
      {
        id: 'MN-SOLE-1',
        name: 'Sole trader (fictional)',
        identifier: { scheme: 'MN-CR', id: 'УБ99010112' },
        contactPoint: { name: 'A person', email: 'person@example.org' },
        roles: ['tenderer'],
      },
    ],
    tender: {
      id: 't1',
      title: 'School heating (fictional)',
      status: 'active',
      lots: [{ id: 'L1', title: 'Boilers', value: { amount: 90_000_000, currency: 'MNT' } }],
    },
  },
  {
    ocid: JSON_1,
    id: 'json-1-r2',
    date: '2024-04-20T00:00:00Z',
    tag: ['tenderUpdate'],
    initiationType: 'tender',
    tender: { id: 't1', status: 'active', lots: [{ id: 'L1', status: 'active', x_heatingZone: 'B' }] },
    bids: { statistics: [{ id: 's1', measure: 'bids', value: 3 }] },
  },
  {
    ocid: JSON_1,
    id: 'json-1-r3',
    date: '2024-05-02T00:00:00Z',
    tag: ['award'],
    initiationType: 'tender',
    tender: { id: 't1', status: 'complete' },
    awards: [{ id: 'w1', status: 'active', relatedLots: ['L1'], x_signedBy: 'fictional officer' }],
  },
];
/** A record that gives only its publisher's compiled release (no releases to merge). */
const recordOnly = {
  ocid: JSON_2,
  id: 'json-2-compiled',
  date: '2024-03-01T00:00:00Z',
  tag: ['compiled'],
  initiationType: 'tender',
  tender: { id: 't2', status: 'active', x_localProgramme: { code: 'P-3', name: 'Fictional programme' } },
};

let dir: string;
let replay: ReplayServer;
/** A gateway whose store holds the harvested feed. */
let stored: RunningGateway;
/** A gateway that harvests nothing: every process is read live (`records/{ocid}`). */
let live: RunningGateway;
const dataDirs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tg-process-json-'));
  const base = {
    version: '1.1',
    uri: 'https://example.org/fictional/json.json',
    publishedDate: '2024-05-03T00:00:00Z',
  };
  writeFileSync(
    join(dir, 'releases.json'),
    JSON.stringify({ ...base, publisher: { name: 'Fictional' }, releases }),
  );
  writeFileSync(
    join(dir, 'record.json'),
    JSON.stringify({
      ...base,
      publisher: { name: 'Fictional' },
      records: [{ ocid: JSON_2, compiledRelease: recordOnly }],
    }),
  );
  replay = await startReplayServer({
    rateLimit: false,
    ocds: {
      files: [
        ...EMBEDDED_OCDS_FILES,
        { path: join(dir, 'releases.json'), fictionalNotice: NOTICE },
        { path: join(dir, 'record.json'), fictionalNotice: NOTICE },
      ],
    },
  });
  const storedEnv = replayEnv(replay);
  const liveEnv: Record<string, string> = { ...replayEnv(replay), HARVEST: 'false' };
  dataDirs.push(storedEnv['DATA_DIR']!, liveEnv['DATA_DIR']!);
  stored = await startGateway({ env: { ...FAST_ENV, ...storedEnv } });
  await harvested(stored);
  live = await startGateway({ env: { ...FAST_ENV, ...liveEnv } });
}, 240_000);

afterAll(async () => {
  await stored?.close();
  await live?.close();
  await replay?.close();
  for (const d of dataDirs) removeDataDir(d);
  rmSync(dir, { recursive: true, force: true });
});

const post = postGraphql;

/** Requests for single records the replay server received. */
const recordRequests = () => replay.requests.filter((r) => r.path.startsWith('/ocds/records/')).length;

/** `releaseID` and `value` of each entry of a versioned field. */
const history = (versions: { releaseID: string; value: unknown }[]) =>
  versions.map(({ releaseID, value }) => ({ releaseID, value }));

describe('a process served from the store', () => {
  it('gives the compiled release equal to the publisher’s, and the release that set each value', async () => {
    const body = await post(
      stored,
      `{ contractingProcess(ocid: "${EXAMPLE}") { compiledByGateway releaseCount provenance { version }
         compiledRelease versionedRelease freshness { harvest { state } } } }`,
    );
    expect(body.errors).toBeUndefined();
    const p = body.data.contractingProcess;
    // Compiled by the gateway from the six releases of the feed: the same as the publisher's compiled release.
    expect(p).toMatchObject({ compiledByGateway: true, releaseCount: 6, provenance: { version: '1.1' } });
    expect(p.freshness.harvest).not.toBeNull();
    expect(p.compiledRelease).toEqual(exampleCompiled);
    expect(JSON.stringify(publishedCompiled)).toContain('"contactPoint"');
    expect(exampleStatusHistory.map((h) => h.value)).toEqual(['planned', 'active', 'complete']);
    expect(history(p.versionedRelease.tender.status)).toEqual(exampleStatusHistory);
    expect(p.versionedRelease.ocid).toBe(EXAMPLE);
  });

  it('keeps extension fields in both, at every depth', async () => {
    const body = await post(
      stored,
      `{ contractingProcess(ocid: "${JSON_1}") { compiledRelease versionedRelease } }`,
    );
    expect(body.errors).toBeUndefined();
    const { compiledRelease: c, versionedRelease: v } = body.data.contractingProcess;
    expect(c.x_publisherRef).toBe('A-17');
    expect(c.x_fictional).toBe(NOTICE);
    expect(c.tender.lots).toEqual([
      {
        id: 'L1',
        title: 'Boilers',
        value: { amount: 90_000_000, currency: 'MNT' },
        status: 'active',
        x_heatingZone: 'B',
      },
    ]);
    expect(c.bids).toEqual({ statistics: [{ id: 's1', measure: 'bids', value: 3 }] });
    expect(c.awards).toEqual([
      { id: 'w1', status: 'active', relatedLots: ['L1'], x_signedBy: 'fictional officer' },
    ]);
    expect(history(v.tender.status)).toEqual([
      { releaseID: 'json-1-r1', value: 'active' },
      { releaseID: 'json-1-r3', value: 'complete' },
    ]);
    expect(history(v.tender.lots[0].x_heatingZone)).toEqual([{ releaseID: 'json-1-r2', value: 'B' }]);
    expect(v.tender.lots[0].id).toBe('L1');
    expect(history(v.bids.statistics[0].value)).toEqual([{ releaseID: 'json-1-r2', value: 3 }]);
    // What the graph withholds about persons, both withhold.
    expect(c.parties).toEqual([{ id: 'MN-SOLE-1', name: 'Sole trader (fictional)', roles: ['tenderer'] }]);
    expect(JSON.stringify([c, v])).not.toMatch(/99010112|contactPoint|person@/);
  });

  it('carries the freshness of the process: no upstream record of its own', async () => {
    const body = await post(
      stored,
      `{ contractingProcess(ocid: "${EXAMPLE}") { compiledRelease versionedRelease } }`,
    );
    expect(body.errors).toBeUndefined();
    const records = body.extensions.freshness.records as { paths: string[] }[];
    expect(records.map((r) => r.paths)).toEqual([['contractingProcess']]);
  });

  it('reads the releases of a whole list page in one store statement, with no upstream request', async () => {
    const executor = stored.gateway.store.db.getExecutor();
    const spy = vi.spyOn(executor, 'executeQuery');
    const before = recordRequests();
    try {
      const body = await post(
        stored,
        `{ contractingProcesses(first: 50) { edges { node { ocid releaseCount compiledRelease versionedRelease } } } }`,
      );
      expect(body.errors).toBeUndefined();
      const nodes = body.data.contractingProcesses.edges.map((e: any) => e.node);
      expect(nodes).toHaveLength(50);
      for (const n of nodes) {
        expect(n.compiledRelease.ocid).toBe(n.ocid);
        expect(n.versionedRelease.ocid).toBe(n.ocid);
      }
      const releaseReads = spy.mock.calls.filter(([q]) => /from "releases"/.test(q.sql));
      expect(releaseReads).toHaveLength(1);
      expect(recordRequests()).toBe(before);
    } finally {
      spy.mockRestore();
    }
  });

  it('gives null for both on a process not published as OCDS', async () => {
    const body = await post(
      stored,
      `{ contractingProcesses(feed: TENDER_MN, first: 2) { edges { node { ocid compiledRelease versionedRelease } } } }`,
    );
    expect(body.errors).toBeUndefined();
    const nodes = body.data.contractingProcesses.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) expect(n).toMatchObject({ compiledRelease: null, versionedRelease: null });
  });
});

describe('a process read live', () => {
  it('takes both from the record it was read from, with no request more', async () => {
    const before = recordRequests();
    const body = await post(
      live,
      `{ contractingProcess(ocid: "${EXAMPLE}") { compiledByGateway compiledRelease versionedRelease
         freshness { harvest { state } } } }`,
    );
    expect(body.errors).toBeUndefined();
    const p = body.data.contractingProcess;
    expect(p.freshness.harvest).toBeNull();
    // The record gives the publisher's compiled release, and its six releases.
    expect(p.compiledByGateway).toBe(false);
    expect(p.compiledRelease).toEqual(exampleCompiled);
    expect(history(p.versionedRelease.tender.status)).toEqual(exampleStatusHistory);
    expect(recordRequests()).toBe(before + 1);
  });

  it("gives a record's own compiled release, and no versioned release when it has no releases", async () => {
    // Not on the release feed, so not in the store either: read live.
    const body = await post(
      stored,
      `{ contractingProcess(ocid: "${JSON_2}") { compiledByGateway compiledRelease versionedRelease } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.contractingProcess).toEqual({
      compiledByGateway: false,
      compiledRelease: { ...recordOnly, x_fictional: NOTICE },
      versionedRelease: null,
    });
  });
});

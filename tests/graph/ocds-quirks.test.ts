import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../src/replay/index.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import {
  FAST_ENV,
  fictionalPackage,
  harvested,
  postGraphql,
  removeDataDir,
  replayEnv,
  warningLogger,
} from '../helpers.js';

/**
 * A publisher's quirks through the whole gateway, over the replay server: what can be read in the
 * standard's shape is served with a note per value read differently; a release that cannot be used is
 * left out, kept in quarantine with why, logged, and said on every answer it would have changed; the
 * rest of the feed is served. Fictional releases shaped like real publishers' (`ocds-xxxxxx-` ocids).
 */

const NOTICE = 'Fictional releases made for the quirk tests.';
const at = (day: number) => `2024-03-0${day}T00:00:00Z`;
const PREFIX = 'ocds-xxxxxx-quirk-';
const releases = [
  // A process whose one release has four quirks: tag as text, "" for an amount, a currency in lower case,
  // {} for a list, and no initiationType.
  {
    ocid: `${PREFIX}1`,
    id: 'q1-r1',
    date: at(1),
    tag: 'tender',
    tender: {
      id: 't1',
      title: 'Road repair (fictional)',
      status: 'active',
      value: { amount: 1200, currency: 'mnt' },
      minValue: { amount: '', currency: 'MNT' },
      documents: {},
    },
  },
  // A process with one usable release and one that cannot be used (awards is text).
  {
    ocid: `${PREFIX}2`,
    id: 'q2-r1',
    date: at(1),
    tag: ['tender'],
    initiationType: 'tender',
    tender: { id: 't2', status: 'active' },
  },
  {
    ocid: `${PREFIX}2`,
    id: 'q2-r2',
    date: at(2),
    tag: ['award'],
    initiationType: 'tender',
    awards: 'see the notice board',
  },
  // A process whose only release cannot be used (tender is text): not listed at all.
  { ocid: `${PREFIX}3`, id: 'q3-r1', date: at(3), tag: ['tender'], initiationType: 'tender', tender: 'n/a' },
  // A standard release.
  {
    ocid: `${PREFIX}4`,
    id: 'q4-r1',
    date: at(4),
    tag: ['tender'],
    initiationType: 'tender',
    tender: { id: 't4', status: 'planned' },
  },
];

let dir: string;
let replay: ReplayServer;
let gateway: RunningGateway;
let dataDir: string;
const { log, warnings } = warningLogger();

beforeAll(async () => {
  const written = fictionalPackage('quirks', releases, at(5));
  dir = written.dir;
  replay = await startReplayServer({
    rateLimit: false,
    ocds: { files: [{ path: written.file, fictionalNotice: NOTICE }] },
  });
  const env = replayEnv(replay);
  dataDir = env['DATA_DIR']!;
  gateway = await startGateway({ env: { ...FAST_ENV, ...env }, log });
  await harvested(gateway);
});

afterAll(async () => {
  await gateway?.close();
  await replay?.close();
  removeDataDir(dataDir);
  rmSync(dir, { recursive: true, force: true });
});

const post = (query: string) => postGraphql(gateway, query);

const harvestOf = (body: { extensions?: any }) =>
  (body.extensions?.freshness?.sources as { source: string; harvest: any }[]).find(
    (s) => s.source === 'PROCUREMENT',
  )?.harvest;

describe('a publisher with quirks', () => {
  it('lists every process that has a usable release, and says how many releases it left out', async () => {
    const body = await post(`{ contractingProcesses(first: 10) { totalCount edges { node { ocid } } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.contractingProcesses.totalCount).toBe(3);
    // Newest first, ties by ocid: the process of the quarantined release is dated by its usable one.
    expect(body.data.contractingProcesses.edges.map((e: any) => e.node.ocid)).toEqual([
      `${PREFIX}4`,
      `${PREFIX}1`,
      `${PREFIX}2`,
    ]);
    expect(harvestOf(body)).toMatchObject({ complete: true, quarantined: 2 });
  });

  it('reads the quirks in the standard shape, with a note per value read differently', async () => {
    const body = await post(`{ contractingProcess(ocid: "${PREFIX}1") {
      tag initiationType tender { value { amount currency } minValue { amount } documents { id } }
      coercions dataNotes { releaseId path rule original } } }`);
    expect(body.errors).toBeUndefined();
    const p = body.data.contractingProcess;
    expect(p.tender).toEqual({ value: { amount: 1200, currency: 'MNT' }, minValue: null, documents: [] });
    expect(p.initiationType).toBe('tender');
    expect(p.coercions).toBe(5);
    expect(p.dataNotes.map((n: any) => [n.path, n.rule, n.original])).toEqual([
      ['tender/value/currency', 'CURRENCY_CASE', '"mnt"'],
      ['tender/minValue/amount', 'EMPTY_STRING', '""'],
      ['tender/documents', 'OBJECT_FOR_LIST', '{}'],
      ['tag', 'TAG_STRING', '"tender"'],
      ['initiationType', 'INITIATION_TYPE_MISSING', 'absent'],
    ]);
    expect(new Set(p.dataNotes.map((n: any) => n.releaseId))).toEqual(new Set(['q1-r1']));
  });

  it('serves a process without its unusable release, and says so on its answer', async () => {
    const body = await post(
      `{ contractingProcess(ocid: "${PREFIX}2") { releaseCount awards { id } tender { status } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.contractingProcess).toEqual({
      releaseCount: 1,
      awards: [],
      tender: { status: 'active' },
    });
    expect(harvestOf(body)).toMatchObject({ quarantined: 1 });
    const clean = await post(`{ contractingProcess(ocid: "${PREFIX}4") { ocid } }`);
    expect(harvestOf(clean)).toMatchObject({ quarantined: 0 });
  });

  it('shows the quarantine and the coercions in sources, with where and why', async () => {
    const body = await post(`{ sources { name dataQuality { quarantined coercions
      examples { ocid releaseId seenAt reasons { path reason } } } } }`);
    expect(body.errors).toBeUndefined();
    const byName = new Map(body.data.sources.map((s: any) => [s.name, s.dataQuality]));
    const quality = byName.get('PROCUREMENT') as any;
    expect(quality.quarantined).toBe(2);
    expect(quality.coercions).toBe(5);
    expect(quality.examples.map((e: any) => [e.ocid, e.releaseId, e.reasons[0].path])).toEqual(
      expect.arrayContaining([
        [`${PREFIX}2`, 'q2-r2', 'awards'],
        [`${PREFIX}3`, 'q3-r1', 'tender'],
      ]),
    );
    expect(quality.examples).toHaveLength(2);
    for (const e of quality.examples) expect(e.reasons[0].reason).not.toContain('see the notice board');
    // Sources whose records are not checked one by one say so with null, not 0.
    expect(byName.get('REGISTRY')).toBeNull();
  });

  it('logs one warning per quarantined release, with its ocid, id, path and reason', () => {
    const lines = warnings.filter((w) => w.msg.startsWith('release quarantined'));
    // In the order the feed gave them: newest first.
    expect(lines.map((w) => [w.fields?.['ocid'], w.fields?.['releaseId'], w.fields?.['path']])).toEqual([
      [`${PREFIX}3`, 'q3-r1', 'tender'],
      [`${PREFIX}2`, 'q2-r2', 'awards'],
    ]);
    expect(lines.every((w) => typeof w.fields?.['reason'] === 'string')).toBe(true);
  });
});

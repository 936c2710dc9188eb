import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../src/replay/index.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import {
  EMPTY_STORE_ENV,
  FAST_ENV,
  fictionalPackage,
  harvested,
  postGraphql,
  removeDataDir,
  replayEnv,
  warningLogger,
} from '../helpers.js';

/**
 * Publishers' encodings and links, through the whole gateway over the replay server: a feed page served in
 * ISO-8859-1 reaches the store and the graph intact; records in windows-1251 and in UTF-16 with a
 * byte-order mark are read live intact; a label no decoder knows is UPSTREAM_INVALID naming it; and a
 * `links.next` to another origin ends the walk with the pages read: the pass completes, its harvest status
 * and a warn-level log line name the origin (never the link's query), and nothing is asked of that origin.
 * Every release here is fictional (`x_fictional`).
 */

const NOTICE = 'Fictional releases made for the charset and links.next tests.';
const SECRETARIA = 'SECRETARÍA DE OBRAS — Señalización (ficticia)';
const MINISTRY = 'Сангийн яам (зохиомол)';
const PAGES = '/ocds/releases';

const release = (ocid: string, day: number, buyer: string) => ({
  ocid,
  id: `${ocid}-r1`,
  date: `2024-05-0${day}T00:00:00Z`,
  tag: ['tender'],
  initiationType: 'tender',
  parties: [{ id: 'b1', name: buyer, roles: ['buyer'] }],
  buyer: { id: 'b1', name: buyer },
  tender: { id: `${ocid}-t`, title: `${buyer}: tender`, status: 'active' },
});

// Newest first, two a page: the harvest reads LATIN_1 and LATIN_2 on page 1; page 2 is replaced below by
// a page whose links.next leaves the origin, so CYRILLIC (on the real page 2) is never harvested.
const LATIN_1 = 'ocds-xxxxxx-charset-0001';
const LATIN_2 = 'ocds-xxxxxx-charset-0002';
const CYRILLIC = 'ocds-xxxxxx-charset-0003';
const PAGE_2 = 'ocds-xxxxxx-charset-0004';

let dir: string;
let replay: ReplayServer;
let elsewhere: Server;
let elsewhereRequests = 0;
let elsewhereUrl: string;
let gateway: RunningGateway;
let live: RunningGateway;
const dataDirs: string[] = [];
const { log, warnings } = warningLogger();

beforeAll(async () => {
  const written = fictionalPackage(
    'charset',
    [
      release(LATIN_1, 3, SECRETARIA),
      release(LATIN_2, 2, 'Dirección General (ficticia)'),
      release(CYRILLIC, 1, MINISTRY),
    ],
    '2024-05-04T00:00:00Z',
  );
  dir = written.dir;
  const file = written.file;
  // Another origin, which must never be asked for anything.
  elsewhere = createServer((_req, res) => {
    elsewhereRequests++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"releases": []}');
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;

  replay = await startReplayServer({
    rateLimit: false,
    ocds: { files: [{ path: file, fictionalNotice: NOTICE }] },
  });
  // Page 2 and after: a page of its own whose links.next points to the other origin.
  replay.faults.set(PAGES, {
    kind: 'status',
    status: 200,
    body: JSON.stringify({
      version: '1.1',
      publisher: { name: 'Fictional publisher' },
      releases: [{ ...release(PAGE_2, 1, 'Page two (ficticia)'), x_fictional: NOTICE }],
      links: { next: `${elsewhereUrl}/ocds/releases?cursor=abc&token=s3cret` },
    }),
  });
  // Page 1 (the first request): the loaded releases, in ISO-8859-1.
  replay.faults.set(/^\/ocds\/releases$/, { kind: 'charset', charset: 'iso-8859-1' }, { times: 1 });

  const env = replayEnv(replay);
  dataDirs.push(env['DATA_DIR']!);
  gateway = await startGateway({ env: { ...FAST_ENV, ...env, PROCUREMENT_PAGE_SIZE: '2' }, log });
  await harvested(gateway);

  const liveEnv = replayEnv(replay);
  dataDirs.push(liveEnv['DATA_DIR']!);
  live = await startGateway({ env: { ...FAST_ENV, ...liveEnv, ...EMPTY_STORE_ENV } });
});

afterAll(async () => {
  await gateway?.close();
  await live?.close();
  await replay?.close();
  await new Promise((resolve) => elsewhere?.close(resolve));
  for (const d of dataDirs) removeDataDir(d);
  rmSync(dir, { recursive: true, force: true });
});

const post = postGraphql;

const lookup = (ocid: string) =>
  `{ contractingProcess(ocid: "${ocid}") { buyer { name } tender { title } provenance { fictional } } }`;

describe('a feed page in ISO-8859-1', () => {
  it('reaches the store and the graph intact', async () => {
    expect(replay.requests.filter((r) => r.path === PAGES).map((r) => r.status)).toEqual([200, 200]);
    const list = await post(
      gateway,
      `{ contractingProcesses(first: 10) { totalCount edges { node { ocid buyer { name } } } } }`,
    );
    expect(list.errors).toBeUndefined();
    const names = Object.fromEntries(
      list.data.contractingProcesses.edges.map((e: any) => [e.node.ocid, e.node.buyer?.name]),
    );
    expect(names[LATIN_1]).toBe(SECRETARIA);
    expect(names[LATIN_2]).toBe('Dirección General (ficticia)');
    const one = await post(gateway, lookup(LATIN_1));
    expect(one.errors).toBeUndefined();
    expect(one.data.contractingProcess).toEqual({
      buyer: { name: SECRETARIA },
      tender: { title: `${SECRETARIA}: tender` },
      provenance: { fictional: true },
    });
  });
});

describe('records read live in a declared encoding', () => {
  it('reads windows-1251 and UTF-16 with a byte-order mark intact', async () => {
    replay.faults.set('/ocds/records', { kind: 'charset', charset: 'windows-1251' }, { times: 1 });
    const cyrillic = await post(live, lookup(CYRILLIC));
    expect(cyrillic.errors).toBeUndefined();
    expect(cyrillic.data.contractingProcess.buyer).toEqual({ name: MINISTRY });

    replay.faults.set('/ocds/records', { kind: 'charset', charset: 'utf-16le', bom: true }, { times: 1 });
    const utf16 = await post(live, lookup(LATIN_2));
    expect(utf16.errors).toBeUndefined();
    expect(utf16.data.contractingProcess.buyer).toEqual({ name: 'Dirección General (ficticia)' });
    const records = replay.requests.filter((r) => r.path.startsWith('/ocds/records'));
    expect(records.map((r) => r.status)).toEqual([200, 200]);
  });

  it('refuses a label no decoder knows with UPSTREAM_INVALID naming it', async () => {
    replay.faults.set('/ocds/records', { kind: 'charset', charset: 'utf-8', label: 'x-unknown-charset' });
    const body = await post(live, lookup(LATIN_1));
    replay.faults.clear();
    expect(body.data.contractingProcess).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].extensions.code).toBe('UPSTREAM_INVALID');
    expect(body.errors![0].message).toContain('"x-unknown-charset"');
  });
});

describe('a links.next to another origin', () => {
  it('ends the walk with the pages read: the pass completes and says why, nothing is asked elsewhere', async () => {
    expect(elsewhereRequests).toBe(0);
    const body = await post(
      gateway,
      `{ contractingProcesses(first: 10) { totalCount edges { node { ocid } } }
         sources { name harvest { state complete pages records lastError note } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.contractingProcesses.totalCount).toBe(3);
    expect(body.data.contractingProcesses.edges.map((e: any) => e.node.ocid).sort()).toEqual([
      LATIN_1,
      LATIN_2,
      PAGE_2,
    ]);
    const harvest = body.data.sources.find((s: any) => s.name === 'PROCUREMENT').harvest;
    expect(harvest).toMatchObject({ state: 'IDLE', complete: true, pages: 2, records: 3, lastError: null });
    expect(harvest.note).toContain(elsewhereUrl);
    expect(harvest.note).not.toContain('s3cret');
    expect(harvest.note).not.toContain('cursor');

    const lines = warnings.filter((w) => w.msg.startsWith('links.next points to another origin'));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.fields).toEqual({ source: 'PROCUREMENT', origin: elsewhereUrl });
    expect(JSON.stringify(warnings)).not.toContain('s3cret');
  });
});

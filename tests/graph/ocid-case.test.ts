import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/domain/index.js';
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
} from '../helpers.js';

/**
 * Ocids as publishers write them, through the whole gateway over the replay server: an upper-case
 * prefix, an 8-character prefix and a Cyrillic local id are listed, served by `contractingProcess(ocid:)`
 * and by `node(id:)` with the id the gateway itself gave, and read live from `records/{ocid}` as one
 * percent-encoded path segment. Look-ups are exact; an ocid that differs from a stored one only in case
 * is a NOT_FOUND that names the stored spelling. Fictional releases (`xxxxxx` prefixes).
 */

const NOTICE = 'Fictional releases made for the ocid tests.';
const UPPER = 'OCDS-XXXXXX-CASE-0001';
const LONG_PREFIX = 'ocds-xxxxxxxx-case-0002';
const CYRILLIC = 'ocds-xxxxxx-ТШ-0003';
const at = (day: number) => `2024-04-0${day}T00:00:00Z`;
const release = (ocid: string, id: string, day: number, tag: string, status: string) => ({
  ocid,
  id,
  date: at(day),
  tag: [tag],
  initiationType: 'tender',
  tender: { id: `${id}-t`, title: `Fictional tender ${ocid}`, status },
});
const releases = [
  release(UPPER, 'case1-r1', 1, 'tender', 'active'),
  release(UPPER, 'case1-r2', 4, 'tenderUpdate', 'complete'),
  release(LONG_PREFIX, 'case2-r1', 2, 'tender', 'active'),
  release(CYRILLIC, 'case3-r1', 3, 'tender', 'planned'),
];

/** The other upstreams answer 404 at once: their harvests fail fast, and this test reads none of them. */
const OTHER_UPSTREAMS = ['/registry', '/eiti', '/eitim', '/investment', '/tender-mn'];

let dir: string;
let replay: ReplayServer;
const gateways: { gateway: RunningGateway; dataDir: string }[] = [];

async function start(env: Record<string, string> = {}): Promise<RunningGateway> {
  const own = replayEnv(replay);
  const gateway = await startGateway({ env: { ...FAST_ENV, ...own, ...env } });
  gateways.push({ gateway, dataDir: own['DATA_DIR']! });
  await harvested(gateway);
  return gateway;
}

beforeAll(async () => {
  const written = fictionalPackage('ocid-case', releases, at(5));
  dir = written.dir;
  const file = written.file;
  replay = await startReplayServer({
    rateLimit: false,
    ocds: { files: [{ path: file, fictionalNotice: NOTICE }] },
  });
  for (const path of OTHER_UPSTREAMS) replay.faults.set(path, { kind: 'status', status: 404 });
});

afterAll(async () => {
  for (const { gateway, dataDir } of gateways) {
    await gateway.close();
    removeDataDir(dataDir);
  }
  await replay?.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = postGraphql;

const BY_OCID = 'query($o: String!) { contractingProcess(ocid: $o) { id ocid tender { status } } }';
const BY_ID = 'query($id: ID!) { node(id: $id) { id ... on ContractingProcess { ocid tender { status } } } }';
const recordsPath = (ocid: string) => `/ocds/records/${encodeURIComponent(ocid)}`;
const calls = (path: string) => replay.requests.filter((r) => r.path === path).length;

describe('ocids as published, from the harvested store', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await start();
  });

  it('lists them and serves each by ocid and by the node id it was listed with', async () => {
    const list = await post(gateway, '{ contractingProcesses(first: 10) { edges { node { id ocid } } } }');
    expect(list.errors).toBeUndefined();
    const nodes: { id: string; ocid: string }[] = list.data.contractingProcesses.edges.map(
      (e: any) => e.node,
    );
    // Newest first.
    expect(nodes.map((n) => n.ocid)).toEqual([UPPER, CYRILLIC, LONG_PREFIX]);
    const status: Record<string, string> = {
      [UPPER]: 'complete',
      [CYRILLIC]: 'planned',
      [LONG_PREFIX]: 'active',
    };
    for (const { id, ocid } of nodes) {
      const byOcid = await post(gateway, BY_OCID, { o: ocid });
      expect(byOcid.errors).toBeUndefined();
      expect(byOcid.data.contractingProcess).toEqual({ id, ocid, tender: { status: status[ocid] } });
      const byId = await post(gateway, BY_ID, { id });
      expect(byId.errors).toBeUndefined();
      expect(byId.data.node).toEqual({ id, ocid, tender: { status: status[ocid] } });
    }
  });

  it('looks up exactly, and names the stored spelling of an ocid that differs only in case', async () => {
    const lower = UPPER.toLowerCase();
    const before = calls(recordsPath(lower));
    const body = await post(gateway, BY_OCID, { o: lower });
    expect(body.data.contractingProcess).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(body.errors?.[0].message).toBe(
      `No contracting process has ocid "${lower}". The store has "${UPPER}" ` +
        '(the ocid differs in case; ocids are looked up exactly).',
    );
    // The upstream was asked for the ocid as given, not for the stored spelling.
    expect(calls(recordsPath(lower)) - before).toBe(1);

    // The same through a node id.
    const mixed = 'Ocds-xxxxxx-case-0001';
    const byId = await post(gateway, BY_ID, { id: toGlobalId('ContractingProcess', mixed) });
    expect(byId.data.node).toBeNull();
    expect(byId.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(byId.errors?.[0].message).toContain(`The store has "${UPPER}" (the ocid differs in case`);
  });

  it('says nothing more when no stored ocid differs only in case', async () => {
    const body = await post(gateway, BY_OCID, { o: 'OCDS-XXXXXX-CASE-0009' });
    expect(body.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(body.errors?.[0].message).toBe('No contracting process has ocid "OCDS-XXXXXX-CASE-0009".');
  });
});

describe('ocids as published, read live', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await start(EMPTY_STORE_ENV);
  });

  it('asks records/{ocid} with the ocid as one percent-encoded path segment, and serves the record', async () => {
    for (const [ocid, status] of [
      [UPPER, 'complete'],
      [CYRILLIC, 'planned'],
      [LONG_PREFIX, 'active'],
    ] as const) {
      const before = calls(recordsPath(ocid));
      const body = await post(gateway, BY_OCID, { o: ocid });
      expect(body.errors).toBeUndefined();
      expect(body.data.contractingProcess).toMatchObject({ ocid, tender: { status } });
      expect(calls(recordsPath(ocid)) - before).toBe(1);
    }
    expect(recordsPath(CYRILLIC)).toBe('/ocds/records/ocds-xxxxxx-%D0%A2%D0%A8-0003');
    // An ocid that only a URL could misread stays one segment: `/` and `%` are encoded.
    const odd = 'OCDS-XXXXXX-a/../%2e%2e';
    const body = await post(gateway, BY_OCID, { o: odd });
    expect(body.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(calls('/ocds/records/OCDS-XXXXXX-a%2F..%2F%252e%252e')).toBe(1);
  });
});

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { FAST_ENV, freshDataDir, postGraphql, removeDataDir } from '../helpers.js';

/**
 * Real publishers' files (tests/fixtures/publishers/, SOURCES.md there) served as the procurement upstream
 * by `REPLAY_OCDS_FILES`, through the whole gateway over HTTP: every valid release is served, the ones that
 * cannot be used are counted in `sources { dataQuality }` with why, every coercion has its note, the list
 * and the lookup by ocid give the same process, and the per-currency totals are those of the reference
 * merge of the files' releases (worked out by hand from the OCDS merge rules, below). The OCDS 1.0 files
 * and the 1.1 (or version-less bare) ones are two file sets: a package declares one version.
 */

const file = (name: string) => fileURLToPath(new URL(`../fixtures/publishers/${name}`, import.meta.url));

const PROCESS = `ocid releaseCount compiledByGateway coercions
  buyer { name }
  tender { status value { amount currency } tenderers { name } }
  awards { id value { amount currency } suppliers { name } }
  contracts { id value { amount currency } }
  dataNotes { releaseId path rule original }`;

interface Served {
  gateway: RunningGateway;
  dataDir: string;
}

async function serve(files: readonly string[]): Promise<Served> {
  const dataDir = freshDataDir();
  const gateway = await startGateway({
    env: {
      ...FAST_ENV,
      DATA_DIR: dataDir,
      REPLAY_OCDS_FILES: files.map(file).join(','),
      REGISTRY_URL: 'http://127.0.0.1:9/none',
    },
  });
  await gateway.gateway.harvests.complete('PROCUREMENT');
  return { gateway, dataDir };
}

async function listed(
  g: RunningGateway,
): Promise<{ totalCount: number; valueTotals: unknown; nodes: any[] }> {
  const body = await postGraphql(
    g,
    `{ contractingProcesses(first: 100) { totalCount valueTotals { amount currency } edges { node { ${PROCESS} } } } }`,
  );
  expect(body.errors).toBeUndefined();
  const c = body.data.contractingProcesses;
  return { totalCount: c.totalCount, valueTotals: c.valueTotals, nodes: c.edges.map((e: any) => e.node) };
}

async function lookup(g: RunningGateway, ocid: string): Promise<any> {
  const body = await postGraphql(
    g,
    `query ($ocid: String!) { contractingProcess(ocid: $ocid) { ${PROCESS} } }`,
    {
      ocid,
    },
  );
  expect(body.errors).toBeUndefined();
  return body.data.contractingProcess;
}

async function quality(g: RunningGateway): Promise<any> {
  const body = await postGraphql(
    g,
    '{ sources { name dataQuality { quarantined coercions examples { ocid releaseId reasons { path reason } } } } }',
  );
  expect(body.errors).toBeUndefined();
  return body.data.sources.find((s: any) => s.name === 'PROCUREMENT').dataQuality;
}

describe('OCDS 1.0 files: Mexico City (ISO-8859-1, upper-case ocid) and Paraguay (records)', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve([
      'mexico-cdmx/release-package-iso-8859-1.json',
      'paraguay-dncp/record-package-1.0.json',
      'paraguay-dncp/release-package-1.0.json',
    ]);
  });
  afterAll(async () => {
    await served?.gateway.close();
    removeDataDir(served?.dataDir);
  });

  it('serves every process, read in its charset and merged with the 1.0 rules', async () => {
    const { totalCount, nodes } = await listed(served.gateway);
    expect(totalCount).toBe(3);
    const byOcid = new Map(nodes.map((n) => [n.ocid, n]));
    expect([...byOcid.keys()].sort()).toEqual([
      'OCDS-87SD3T-SEFIN-DRM-AD-024-2016',
      'ocds-03ad3f-193399',
      'ocds-03ad3f-246807',
    ]);
    const cdmx = byOcid.get('OCDS-87SD3T-SEFIN-DRM-AD-024-2016');
    expect(cdmx).toMatchObject({ releaseCount: 3, compiledByGateway: true, coercions: 0, dataNotes: [] });
    expect(cdmx.buyer.name).toBe('SECRETARÍA DE FINANZAS');
    // 1.0: the tenderers (no ids) of the latest release replace the list; 1.1 rules would append to nine.
    expect(cdmx.tender.tenderers.map((t: any) => t.name)).toEqual([
      'COMERCIALIZADORA DE EQUIPOS',
      'SERVICIO TÉCNICO A EQUIPOS SOF,',
      'Técnicos Verticales de México,',
    ]);
    expect(cdmx.awards).toEqual([
      {
        id: '1',
        value: { amount: 193817.35, currency: 'MXN' },
        suppliers: [{ name: 'COMERCIALIZADORA DE EQUIPOS' }],
      },
    ]);
    // The record with only a linked release is the publisher's compiled release.
    const scanner = byOcid.get('ocds-03ad3f-193399');
    expect(scanner).toMatchObject({ compiledByGateway: false, coercions: 0 });
    expect(scanner.tender.value).toBeNull();
    expect(scanner.awards.map((a: any) => a.value)).toEqual([{ amount: 135630400, currency: 'PYG' }]);
    expect(byOcid.get('ocds-03ad3f-246807').contracts).toEqual([
      { id: '246807-11-setiembre-srl-4', value: { amount: 17875000, currency: 'PYG' } },
    ]);
  });

  it('gives the same process by ocid as in the list, the upper-case ocid included', async () => {
    const { nodes } = await listed(served.gateway);
    for (const node of nodes) expect(await lookup(served.gateway, node.ocid)).toEqual(node);
  });

  it('sums tender values per currency as the reference merge gives them, and quarantines nothing', async () => {
    // Tender values of the merged processes: Mexico City 193,817.39 MXN (every release says so); the
    // Paraguayan scanner's is `"amount": null` (no value); the Paraguayan contract release has no tender.
    expect((await listed(served.gateway)).valueTotals).toEqual([{ amount: 193817.39, currency: 'MXN' }]);
    expect(await quality(served.gateway)).toMatchObject({ quarantined: 0, coercions: 0, examples: [] });
  });
});

describe('Moldova (JSON Lines of bare releases) and the fictional quirks', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(['moldova-ppa/releases.jsonl', 'fictional/quirks.json']);
  });
  afterAll(async () => {
    await served?.gateway.close();
    removeDataDir(served?.dataDir);
  });

  it('serves every release, each coercion with its note, and a milestone without id', async () => {
    const { totalCount, nodes, valueTotals } = await listed(served.gateway);
    expect(totalCount).toBe(3);
    const byOcid = new Map<string, any>(nodes.map((n) => [n.ocid, n]));
    const fict = byOcid.get('ocds-xxxxxxxx-fict-0001');
    expect(fict).toMatchObject({ releaseCount: 2, coercions: 4 });
    expect(fict.dataNotes.map((n: any) => [n.releaseId, n.rule]).sort()).toEqual([
      ['fict-0001-award', 'INITIATION_TYPE_MISSING'],
      ['fict-0001-award', 'TAG_STRING'],
      ['fict-0001-tender', 'INITIATION_TYPE_MISSING'],
      ['fict-0001-tender', 'TAG_STRING'],
    ]);
    expect(fict.awards.map((a: any) => a.value)).toEqual([{ amount: 118000000, currency: 'MNT' }]);
    // Moldova: `""` amounts, dates and currencies read as no value, `mdl` as MDL, `{}` lists as empty, each
    // with its note; its milestone without id (`{"documents": {}}`) is read, and holds nothing once its
    // `{}` is an empty list: the merge drops an empty object, as the reference does.
    const md = byOcid.get('ocds-ngfbwp-16949496');
    expect(md).toMatchObject({ releaseCount: 1, tender: { value: null } });
    expect(md.coercions).toBeGreaterThanOrEqual(8);
    expect(md.dataNotes).toHaveLength(md.coercions);
    expect(md.dataNotes.map((n: any) => n.rule)).toEqual(
      expect.arrayContaining(['EMPTY_STRING', 'CURRENCY_CASE', 'OBJECT_FOR_LIST']),
    );
    expect(md.awards.map((a: any) => a.value)).toEqual([{ amount: 203179.71, currency: 'MDL' }]);
    expect(byOcid.get('ocds-ngfbwp-19648332').tender.value).toBeNull();
    const milestones = await postGraphql(
      served.gateway,
      '{ contractingProcess(ocid: "ocds-ngfbwp-16949496") { tender { milestones { id } } } }',
    );
    expect(milestones.errors).toBeUndefined();
    expect(milestones.data.contractingProcess.tender.milestones).toEqual([]);
    // The Moldovan tender values are `""` (no value): the total is the fictional process's alone.
    expect(valueTotals).toEqual([{ amount: 125000000, currency: 'MNT' }]);
    for (const node of nodes) expect(await lookup(served.gateway, node.ocid)).toEqual(node);
  });

  it('quarantines nothing, and counts every coercion in dataQuality', async () => {
    const q = await quality(served.gateway);
    const { nodes } = await listed(served.gateway);
    expect(q).toMatchObject({ quarantined: 0, examples: [] });
    expect(q.coercions).toBe(nodes.reduce((n, p) => n + p.coercions, 0));
  });
});

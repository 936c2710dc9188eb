/**
 * The OCDS JSON of a process (`processJson`): the compiled release it was built from (the publisher's kept
 * one, or the merge of its releases with the rules of its package's version) and its versioned release,
 * each merged once when first asked, and unknown (null) when the releases held are not those it was built
 * from. Fictional releases (`ocds-xxxxxx-json-…`).
 */
import { describe, expect, it } from 'vitest';
import type { ContractingProcess } from '../../../src/domain/index.js';
import { toContractingProcess, withoutPersonalData } from '../../../src/sources/procurement/map.js';
import { compileReleases, mergeRulesFor } from '../../../src/sources/procurement/merge.js';
import type { CompiledRelease, Release } from '../../../src/sources/procurement/payload.js';
import { processJson } from '../../../src/sources/procurement/release-json.js';

const OCID = 'ocds-xxxxxx-json-1';
/** Two releases whose tenderers merge differently under OCDS 1.0 (whole list) and 1.1 (by id). */
const RELEASES = [
  {
    ocid: OCID,
    id: 'r1',
    date: '2024-01-01T00:00:00Z',
    tag: ['tender'],
    initiationType: 'tender',
    tender: {
      id: 't',
      status: 'active',
      tenderers: [{ id: 'A', name: 'A LLC (fictional)' }],
      x_localScore: { value: 7 },
    },
  },
  {
    ocid: OCID,
    id: 'r2',
    date: '2024-02-01T00:00:00Z',
    // A publisher's quirk the harvest reads as a list, with a currency in lower case.
    tag: 'award',
    initiationType: 'tender',
    tender: { status: 'complete', tenderers: [{ id: 'B', name: 'B LLC (fictional)' }] },
    awards: [{ id: 'w1', value: { amount: 10, currency: 'mnt' } }],
  },
];
const RAWS = RELEASES.map((r) => JSON.stringify(r));

function gatewayCompiled(
  version: string | null | undefined,
  releaseCount = RELEASES.length,
): ContractingProcess {
  const read = RELEASES.map((r) => ({ ...r, tag: [r.tag].flat() })) as unknown as Release[];
  return toContractingProcess(compileReleases(read, mergeRulesFor(version)), {
    releaseCount,
    compiledByGateway: true,
    publisher: null,
    license: null,
    packageUri: null,
    publishedDate: null,
    fictionalNotice: null,
    ...(version === undefined ? {} : { version }),
  });
}

const tenderers = (json: Record<string, unknown> | null) =>
  ((json?.['tender'] as { tenderers: { id: string }[] }).tenderers ?? []).map((t) => t.id);

describe('processJson', () => {
  it('merges stored releases with the rules of the version the package declared', () => {
    const v11 = processJson(gatewayCompiled('1.1'), { from: 'store', releases: RAWS });
    expect(tenderers(v11.compiledRelease())).toEqual(['A', 'B']);
    // No version declared: OCDS 1.0, where tenderers are replaced whole.
    const v10 = processJson(gatewayCompiled(null), { from: 'store', releases: RAWS });
    expect(tenderers(v10.compiledRelease())).toEqual(['B']);
    // Stored before the version was kept: merged as it was then, with OCDS 1.1's rules.
    const unknown = processJson(gatewayCompiled(undefined), { from: 'store', releases: RAWS });
    expect(tenderers(unknown.compiledRelease())).toEqual(['A', 'B']);
  });

  it('keeps extension fields and reads quirks as the harvest does', () => {
    const json = processJson(gatewayCompiled('1.1'), { from: 'store', releases: RAWS });
    const compiled = json.compiledRelease() as any;
    expect(compiled.tender.x_localScore).toEqual({ value: 7 });
    expect(compiled.awards[0].value).toEqual({ amount: 10, currency: 'MNT' });
    expect(compiled).toMatchObject({ ocid: OCID, id: `${OCID}-2024-02-01T00:00:00Z`, tag: ['compiled'] });
    const versioned = json.versionedRelease() as any;
    expect(versioned.tender.status).toEqual([
      { releaseID: 'r1', releaseDate: '2024-01-01T00:00:00Z', releaseTag: ['tender'], value: 'active' },
      { releaseID: 'r2', releaseDate: '2024-02-01T00:00:00Z', releaseTag: ['award'], value: 'complete' },
    ]);
    expect(versioned.tender.x_localScore.value).toEqual([
      { releaseID: 'r1', releaseDate: '2024-01-01T00:00:00Z', releaseTag: ['tender'], value: 7 },
    ]);
  });

  it('merges once, when first asked', () => {
    const json = processJson(gatewayCompiled('1.1'), { from: 'store', releases: RAWS });
    expect(json.compiledRelease()).toBe(json.compiledRelease());
    expect(json.versionedRelease()).toBe(json.versionedRelease());
  });

  it("gives the publisher's compiled release as the process kept it", () => {
    const published = {
      ocid: OCID,
      id: 'published-1',
      date: '2024-02-01T00:00:00Z',
      tag: ['compiled'],
      tender: { id: 't', status: 'complete', x_publisherOnly: ['kept'] },
    } as CompiledRelease;
    const process = toContractingProcess(published, {
      releaseCount: 2,
      compiledByGateway: false,
      publisher: null,
      license: null,
      packageUri: null,
      publishedDate: null,
      fictionalNotice: null,
      version: '1.1',
    });
    const withReleases = processJson(process, { from: 'record', releases: RELEASES });
    expect(withReleases.compiledRelease()).toEqual(published);
    expect((withReleases.versionedRelease() as any).tender.status).toHaveLength(2);
    // A record that gave only its compiled release: no history is known.
    const alone = processJson(process, null);
    expect(alone.compiledRelease()).toEqual(published);
    expect(alone.versionedRelease()).toBeNull();
  });

  it('withholds what the graph withholds: contact points, persons and their register numbers', () => {
    const person = { scheme: 'MN-CR', id: 'УБ99010112' };
    const release = {
      ...RELEASES[0],
      parties: [
        {
          id: 'MN-SOLE-1',
          name: 'Sole trader (fictional)',
          identifier: person,
          additionalIdentifiers: [
            { scheme: 'MN-CR', id: 'чө 85121299' },
            { scheme: 'MN-CR', id: '0912345' },
          ],
          contactPoint: { name: 'A person', email: 'person@example.org' },
          beneficialOwners: [{ id: 'bo1', name: 'A person' }],
          roles: ['tenderer'],
        },
      ],
      buyer: { id: 'B', name: 'Buyer (fictional)', contactPoint: { telephone: '0' } },
    };
    const process = gatewayCompiled('1.1', 1);
    const json = processJson(process, { from: 'store', releases: [JSON.stringify(release)] });
    for (const value of [json.compiledRelease(), json.versionedRelease()]) {
      const text = JSON.stringify(value);
      expect(text).not.toMatch(/99010112|85121299|contactPoint|beneficialOwners|person@/);
      expect(text).toContain('0912345');
      expect(text).toContain('Sole trader (fictional)');
    }
    expect((json.compiledRelease() as any).parties[0].additionalIdentifiers).toEqual([
      { scheme: 'MN-CR', id: '0912345' },
    ]);
    // The publisher's compiled release is kept without them, too.
    const kept = toContractingProcess({ ...release, tag: ['compiled'] } as unknown as CompiledRelease, {
      releaseCount: 1,
      compiledByGateway: false,
      publisher: null,
      license: null,
      packageUri: null,
      publishedDate: null,
      fictionalNotice: null,
    });
    expect(JSON.stringify(processJson(kept, null).compiledRelease())).not.toMatch(
      /99010112|85121299|contactPoint|beneficialOwners/,
    );
  });

  it('says unknown when the stored releases are not those the process was compiled from', () => {
    // The stored process was refreshed live from a record of three releases; the store holds two.
    const refreshed = processJson(gatewayCompiled('1.1', 3), { from: 'store', releases: RAWS });
    expect(refreshed.compiledRelease()).toBeNull();
    expect(refreshed.versionedRelease()).toBeNull();
    const none = processJson(gatewayCompiled('1.1'), null);
    expect(none.compiledRelease()).toBeNull();
    expect(none.versionedRelease()).toBeNull();
  });
});

describe('withoutPersonalData', () => {
  it('withholds contact details wherever they are, signatories, and any personal register number', () => {
    const json = {
      parties: [
        {
          id: 'p1',
          name: 'Fictional LLC',
          contactPoint: { name: 'A person', email: 'a@example.mn' },
          details: { email: 'b@example.mn', telephone: '99112233', faxNumber: '0', x_head: 'УБ99010112' },
        },
        { id: 'ЧБ85121299', name: 'A sole trader' },
      ],
      contracts: [{ id: 'c1', signatories: [{ name: 'A signatory' }], x_note: 'kept' }],
    };
    expect(withoutPersonalData(json)).toEqual({
      parties: [{ id: 'p1', name: 'Fictional LLC', details: { x_head: null } }],
      contracts: [{ id: 'c1', x_note: 'kept' }],
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/domain/errors.js';
import type { Fetched } from '../../../src/domain/freshness.js';
import type { OwnershipRelationship } from '../../../src/domain/organization.js';
import type { RegistryIndexView } from '../../../src/sources/registry/index.js';
import { RegistrySource, parseRegisterNumber } from '../../../src/sources/registry/index.js';
import { startRegistry, type RegistryHarness } from './helpers.js';

/**
 * The registry source against the embedded register: the real extract plus the fictional companies.
 * The load time is logged, never asserted: how fast it loads belongs to bench/.
 */
let h: RegistryHarness;
let first: Fetched<RegistryIndexView>;
let loadMs: number;
let heapMb: number;

beforeAll(async () => {
  h = await startRegistry();
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  first = await h.source.index();
  loadMs = performance.now() - started;
  global.gc?.();
  heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  console.info(
    `registry index: ${first.value.size} entities loaded in ${loadMs.toFixed(0)} ms; heap +${heapMb.toFixed(1)} MB`,
  );
});
afterAll(async () => {
  await h.close();
});

describe('RegistrySource.index', () => {
  it('loads the whole register: 192,771 real entities and the fictional companies', () => {
    expect(first.value.size).toBe(192_771 + 10);
  });

  it('serves what the extract says of a real entity, and nothing more', () => {
    expect(first.value.get('2657457')).toEqual({
      registerNumber: '2657457',
      name: 'Оюутолгой',
      legalForm: 'LLC_FOREIGN_INVESTED',
      legalFormRaw: 'ХХК /ГХО/',
      registeredOn: null,
      fictional: false,
    });
    expect(first.value.get('2016656')).toMatchObject({
      name: 'Тавантолгой',
      legalForm: 'JOINT_STOCK_COMPANY',
    });
    expect(first.value.get('0000001')).toBeUndefined();
  });

  it('keeps the three malformed numbers of the extract as published, while input rejects them', () => {
    expect(first.value.get('158607')).toMatchObject({ name: 'Ховд-Эм хангамж', legalForm: 'LLC' });
    expect(first.value.get('510335')).toMatchObject({ name: 'Баргахонь', legalForm: 'LOCALLY_OWNED' });
    expect(first.value.get('27')).toMatchObject({ name: 'Хөвсгөлсууц', legalForm: 'LLC' });
    for (const n of ['158607', '510335', '27']) expect(() => parseRegisterNumber(n)).toThrow(GatewayError);
    // Not padded either: 0158607 is another (absent) number.
    expect(first.value.get('0158607')).toBeUndefined();
  });

  it('marks the fictional companies and gives them their registration dates', () => {
    const oyu = first.value.get('0960021');
    expect(oyu).toEqual({
      registerNumber: '0960021',
      name: 'Мөнхсэврэг Хүнс Худалдаа ХХК',
      legalForm: 'LLC',
      legalFormRaw: 'ХХК',
      registeredOn: '2010-07-08',
      fictional: true,
    });
    expect(first.value.get('0900500')).toMatchObject({ legalForm: 'JOINT_STOCK_COMPANY', fictional: true });
    expect(first.value.get('0995172')).toMatchObject({ legalForm: 'LLC_FOREIGN_INVESTED', fictional: true });
  });

  it('searches names through the name index', () => {
    const { total, hits } = first.value.search('Оюутолгой', { limit: 5 });
    expect(total).toBeGreaterThanOrEqual(1);
    expect(hits.map((hit) => hit.registerNumber)).toContain('2657457');
  });

  it('reports the dump as its freshness: MISS on the load that built it', () => {
    expect(first.freshness).toEqual({
      source: 'REGISTRY',
      url: `${h.replay.url}/registry/dump.json`,
      fetchedAt: expect.any(Number),
      sourceUpdatedAt: '2019-03-27T00:00:00.000Z',
      maxAgeSeconds: 86_400,
      staleReason: null,
      cache: 'MISS',
      cacheable: true,
      recording: null,
    });
    expect(h.upstream.health().datasetDate).toBe('2019-03-27T00:00:00.000Z');
  });

  it('serves a second call from memory as HIT, with no upstream request', async () => {
    const before = h.calls('/dump.json');
    const again = await h.source.index();
    expect(again.value).toBe(first.value);
    expect(again.freshness).toEqual({ ...first.freshness, cache: 'HIT' });
    expect(h.calls('/dump.json')).toBe(before);
    expect(before).toBe(1);
  });

  it('loads once for a warm start and every concurrent caller', async () => {
    const other = new RegistrySource(h.upstream, h.policy);
    const before = h.calls('/dump.json');
    other.warm();
    other.warm();
    const all = await Promise.all([other.index(), other.index(), other.index()]);
    expect(h.calls('/dump.json')).toBe(before + 1);
    expect(all.map((f) => f.freshness.cache)).toEqual(['MISS', 'MISS', 'MISS']);
    expect(new Set(all.map((f) => f.value)).size).toBe(1);
  });
});

describe('RegistrySource.entity', () => {
  it('revalidates one real entity through its page with exactly one request', async () => {
    const before = h.calls('/lesinfo/');
    const got = await h.source.entity('2657457');
    expect(h.calls('/lesinfo/2657457')).toBe(1);
    expect(h.calls('/lesinfo/')).toBe(before + 1);
    expect(got.value).toEqual(first.value.get('2657457'));
    expect(got.freshness).toMatchObject({
      source: 'REGISTRY',
      url: `${h.replay.url}/registry/lesinfo/2657457`,
      sourceUpdatedAt: '2019-03-27T00:00:00.000Z',
      cache: 'MISS',
      staleReason: null,
    });
  });

  it('shares one request between concurrent calls for one number', async () => {
    const before = h.calls('/lesinfo/0919262');
    const [a, b] = await Promise.all([h.source.entity('0919262'), h.source.entity('0919262')]);
    expect(b).toEqual(a);
    expect(b.value).toBe(a.value); // the one decoded page
    expect(h.calls('/lesinfo/0919262')).toBe(before + 1);
  });

  it('rejects a malformed number before any request', async () => {
    const before = h.calls();
    await expect(h.source.entity('158607')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: '"158607" is not a register number: expected 7 digits, e.g. "2657457".',
    });
    await expect(h.source.entity('../dump.json')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(h.calls()).toBe(before);
  });
});

describe('RegistrySource ownership', () => {
  const summary = (rs: readonly OwnershipRelationship[]) =>
    rs.map((r) => ({
      subject: r.subjectRegisterNumber,
      party: r.interestedParty.registerNumber ?? r.interestedParty.name,
      kind: r.interestedParty.kind,
      share: r.interests.map((i) => `${i.type}:${i.directOrIndirect}:${i.shareExact}`).join(','),
      closed: r.closed,
    }));

  it('follows the fictional chain: the group owns the road builder, which owns the engineering firm', async () => {
    const engineering = await h.source.ownersOf('0932172');
    expect(summary(engineering.value)).toEqual([
      {
        subject: '0932172',
        party: '0996811',
        kind: 'ENTITY',
        share: 'shareholding:direct:100',
        closed: false,
      },
      {
        subject: '0932172',
        party: '0900500',
        kind: 'ENTITY',
        share: 'shareholding:indirect:70',
        closed: false,
      },
    ]);
    const road = await h.source.ownersOf('0996811');
    expect(summary(road.value)).toEqual([
      {
        subject: '0996811',
        party: '0900500',
        kind: 'ENTITY',
        share: 'shareholding:direct:70',
        closed: false,
      },
      {
        subject: '0996811',
        party: 'Хадсүрэнгийн Элсэнбат (зохиомол)',
        kind: 'PERSON',
        share: 'shareholding:direct:30',
        closed: false,
      },
    ]);
    const group = await h.source.ownedBy('0900500');
    expect(group.value.map((r) => r.subjectRegisterNumber)).toEqual([
      '0996811',
      '0932172',
      '0995172',
      '0909737',
    ]);
    expect(group.value.map((r) => r.subjectName)).toContain('Мөнхсэврэг Инженеринг Зөвлөх ХХК');
    expect(engineering.freshness).toMatchObject({
      source: 'REGISTRY',
      url: `${h.replay.url}/registry/ownership.jsonl`,
      sourceUpdatedAt: '2022-02-14T00:00:00.000Z',
      cacheable: true,
    });
  });

  it('keeps a removed owner as a closed relationship', async () => {
    const owners = await h.source.ownersOf('0960021');
    expect(summary(owners.value).map((r) => [r.party, r.closed])).toEqual([
      ['Бэлчээрийн Сүрлэгмаа (зохиомол)', false],
      ['Нуурсайханы Гэгээнтуяа (зохиомол)', true],
      ['Талынбаатарын Өгөөжсүрэн (зохиомол)', false],
    ]);
    const removed = owners.value[1]!;
    expect(removed.interests[0]).toMatchObject({ startDate: '2010-07-08', endDate: '2016-11-30' });
    expect(removed.statementDate).toBe('2016-11-30');
  });

  it('describes a foreign owner by its jurisdiction and a person by name and nationality only', async () => {
    const coal = await h.source.ownersOf('0995172');
    expect(coal.value[1]!.interestedParty).toEqual({
      kind: 'ENTITY',
      name: 'Steppe Ridge Capital Pte. Ltd. (fictional)',
      registerNumber: null,
      identifiers: [],
      countries: ['SG'],
    });
    const tech = await h.source.ownersOf('0924261');
    expect(tech.value[0]!.interestedParty).toEqual({
      kind: 'PERSON',
      name: 'Han Seo-rin (fictional)',
      registerNumber: null,
      identifiers: [],
      countries: ['KR'],
    });
  });

  it('marks every relationship of a fictional company fictional, and gives real entities none', async () => {
    for (const n of [
      '0900500',
      '0996811',
      '0932172',
      '0995172',
      '0960021',
      '0909737',
      '0947570',
      '0955183',
      '0924261',
      '0919262',
    ]) {
      const owners = (await h.source.ownersOf(n)).value;
      expect(owners.length, n).toBeGreaterThan(0);
      for (const r of [...owners, ...(await h.source.ownedBy(n)).value]) expect(r.fictional).toBe(true);
    }
    for (const n of ['2657457', '2016656', '158607']) {
      expect((await h.source.ownersOf(n)).value).toEqual([]);
      expect((await h.source.ownedBy(n)).value).toEqual([]);
    }
  });

  it('downloads the ownership file once', () => {
    expect(h.calls('/ownership.jsonl')).toBe(1);
  });
});

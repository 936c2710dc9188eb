import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../../src/replay/index.js';
import { EitiMongoliaClient, normaliseLicenceNumber } from '../../../src/sources/eiti/index.js';
import { portalMapFile, reportListFile, upstreamError, upstreams, type EitiUpstreams } from './helpers.js';

const REPORT_LIST = '/eitim/reportListAppend/';
const PORTAL_MAP = '/eitim/portalMap';

let replay: ReplayServer;
let up: EitiUpstreams;

beforeAll(async () => {
  replay = await startReplayServer({ rateLimit: false });
});
afterAll(async () => {
  await replay.close();
});
beforeEach(() => {
  replay.clearLog();
  replay.faults.clear();
  up = upstreams(replay);
});
afterEach(async () => {
  vi.useRealTimers();
  await up.close();
});

const calls = (path = '/eitim') => replay.countRequests({ pathPrefix: path });

/** Register number → sorted years, from the capture. */
function expectedYears(): Map<string, number[]> {
  const years = new Map<string, number[]>();
  for (const row of reportListFile.data) {
    const key = row.company_register_number.trim();
    years.set(
      key,
      [...(years.get(key) ?? []), row.year].sort((a, b) => a - b),
    );
  }
  return years;
}

describe('EitiMongoliaClient.reportsByRegisterNumber', () => {
  it('gives every register number the report years of the capture', async () => {
    const { value } = await new EitiMongoliaClient(up.eitim).reportsByRegisterNumber();
    const actual = new Map([...value].map(([k, reports]) => [k, reports.map((r) => r.year)]));
    expect(actual).toEqual(expectedYears());
    expect([...value.values()].flat()).toHaveLength(9973);
    expect(value.get('2657457')?.[0]).toEqual({
      year: 2006,
      registerNumber: '2657457',
      companyId: '2923',
      companyName: 'Oyu Tolgoi',
    });
    // Numbers that are not 7 digits are kept as published; they will simply match no register entry.
    expect(value.get('00009999')?.map((r) => r.year)).toEqual([2016, 2017, 2018]);
    expect(value.get('987654321')?.map((r) => r.companyId)).toEqual(['5037']);
  });

  it('posts the portal form once and answers a second call from the cache', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-08-01T00:00:00Z'));
    const client = new EitiMongoliaClient(up.eitim);
    const first = await client.reportsByRegisterNumber();
    const [request] = replay.requests;
    expect(replay.requests).toHaveLength(1);
    expect(request).toMatchObject({ method: 'POST', path: REPORT_LIST, status: 200 });
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(first.freshness).toMatchObject({ source: 'EITI_MONGOLIA', cache: 'MISS' });
    vi.setSystemTime(new Date('2026-08-01T00:00:01Z'));
    const second = await client.reportsByRegisterNumber();
    expect(calls()).toBe(1);
    expect(second.value).toBe(first.value);
    expect(second.freshness.cache).toBe('HIT');
  });

  it('retries a POST once after a 503 and then succeeds', async () => {
    replay.faults.set(REPORT_LIST, { kind: 'status', status: 503 }, { times: 1 });
    const { value } = await new EitiMongoliaClient(up.eitim).reportsByRegisterNumber();
    expect(value.size).toBe(expectedYears().size);
    expect(replay.requests.map((r) => [r.method, r.status])).toEqual([
      ['POST', 503],
      ['POST', 200],
    ]);
  });

  it('fails with UPSTREAM_INVALID on malformed JSON, without retrying', async () => {
    replay.faults.set(REPORT_LIST, { kind: 'malformed' });
    const error = await upstreamError(new EitiMongoliaClient(up.eitim).reportsByRegisterNumber());
    expect(error).toMatchObject({
      code: 'UPSTREAM_INVALID',
      message: 'The EITI Mongolia upstream sent malformed JSON.',
    });
    expect(calls()).toBe(1);
  });

  it.each([
    'number-as-string',
    'missing-required',
    'object-instead-of-array',
    'renamed-field',
    'wrong-type',
  ] as const)('fails with UPSTREAM_INVALID on %s drift, without retrying', async (variant) => {
    replay.faults.set(REPORT_LIST, { kind: 'drift', variant });
    const error = await upstreamError(new EitiMongoliaClient(up.eitim).reportsByRegisterNumber());
    expect(error.code).toBe('UPSTREAM_INVALID');
    expect(calls()).toBe(1);
  });

  it('refuses a list that fills the whole page, which may be cut off', async () => {
    const row = {
      YEAR: 2018,
      COMPANY_REGISTER_NUMBER: '2657457',
      COMPANY_ID: '2923',
      ID: null,
      COMPANY_NAME: 'x',
    };
    replay.faults.set(REPORT_LIST, {
      kind: 'status',
      status: 200,
      body: JSON.stringify({ data: Array.from({ length: 100_000 }, () => row) }),
    });
    const error = await upstreamError(new EitiMongoliaClient(up.eitim).reportsByRegisterNumber());
    expect(error.code).toBe('UPSTREAM_INVALID');
    expect(String((error.cause as Error).message)).toMatch(/a full page: the list may be cut off$/);
  });
});

describe('EitiMongoliaClient.licencesByRegisterNumber', () => {
  it('groups every licence of the capture by holder register number, numbers normalised', async () => {
    const { value } = await new EitiMongoliaClient(up.eitim).licencesByRegisterNumber();
    const all = [...value.values()].flat();
    expect(all).toHaveLength(portalMapFile.length);
    for (const licence of all) {
      expect(licence.normalisedNumber).toBe(normaliseLicenceNumber(licence.number));
      expect(licence.normalisedNumber).not.toMatch(/-0\d/);
    }
    const expected = new Map<string, string[]>();
    for (const { cordinate } of portalMapFile) {
      const key = String(cordinate['COMPANY_REGISTER_NUMBER']).trim();
      expected.set(key, [...(expected.get(key) ?? []), String(cordinate['LICENSE_NUMBER'])].sort());
    }
    expect(new Map([...value].map(([k, ls]) => [k, ls.map((l) => l.number).sort()]))).toEqual(expected);
  });

  it('maps a licence with its padding removed for matching and its fields as published', async () => {
    const { value } = await new EitiMongoliaClient(up.eitim).licencesByRegisterNumber();
    expect(value.get('3623955')?.find((l) => l.number === 'MV-00021252')).toEqual({
      number: 'MV-00021252',
      normalisedNumber: 'MV-21252',
      registerNumber: '3623955',
      holderName: 'UMNIIN GOVIIN BAYALAG',
      mineral: 'Улаан хас /яшма/',
      mineralEn: 'Jasper',
      areaName: 'Gun',
      soum: 'Гурвантэс',
      grantedOn: '2018-12-28',
      expiresOn: '2048-12-28',
      areaHectares: 49.2816,
    });
    const gt = [...value.values()].flat().filter((l) => l.number.startsWith('ГТ'));
    expect(gt.map((l) => l.normalisedNumber).sort()).toContain('ГТБХГ-18A');
  });

  it('makes one request and answers a second call from the cache', async () => {
    const client = new EitiMongoliaClient(up.eitim);
    const first = await client.licencesByRegisterNumber();
    const second = await client.licencesByRegisterNumber();
    expect(replay.requests.map((r) => [r.method, r.path])).toEqual([['GET', PORTAL_MAP]]);
    expect(second.value).toBe(first.value);
  });

  it.each(['missing-required', 'object-instead-of-array', 'renamed-field', 'wrong-type'] as const)(
    'fails with UPSTREAM_INVALID on %s drift, without retrying',
    async (variant) => {
      replay.faults.set(PORTAL_MAP, { kind: 'drift', variant });
      const error = await upstreamError(new EitiMongoliaClient(up.eitim).licencesByRegisterNumber());
      expect(error.code).toBe('UPSTREAM_INVALID');
      expect(calls()).toBe(1);
    },
  );

  it('fails with UPSTREAM_INVALID on an HTML challenge page', async () => {
    replay.faults.set(PORTAL_MAP, { kind: 'html' });
    const error = await upstreamError(new EitiMongoliaClient(up.eitim).licencesByRegisterNumber());
    expect(error.message).toBe('The EITI Mongolia upstream sent an HTML page where JSON was expected.');
    expect(calls()).toBe(1);
  });
});

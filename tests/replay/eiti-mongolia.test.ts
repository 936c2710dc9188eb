import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  EITIM_DEFAULT_PAGE_SIZE,
  EITIM_MAX_AGE_SECONDS,
  EITIM_MAX_PAGE_SIZE,
  EITIM_REPORT_LIST_FIELDS,
} from '../../src/replay/eiti.js';
import { startReplayServer, type ReplayServer } from '../../src/replay/index.js';
import type { Fault } from '../../src/replay/index.js';
import { json, rawRequest } from './helpers.js';

const DATA = new URL('../../data/eiti/', import.meta.url);
const readJson = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, DATA), 'utf8')) as T;

type Row = Record<string, unknown>;
const reportList = readJson<{ data: Row[] }>('eitim_reportlist_companies.json').data;
const portalMap = readJson<{ cordinate: Row; array: number }[]>('eitim_portalmap_licenses.sample.json');
const upperCased = (row: Row): Row =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toUpperCase(), v]));

const REPORT_LIST = '/eitim/reportListAppend/';
const PORTAL_MAP = '/eitim/portalMap';

let server: ReplayServer;

beforeAll(async () => {
  server = await startReplayServer({ rateLimit: false });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.faults.clear();
  server.clearLog();
});

/** The portal's own form, every filter empty, with `fields` set. */
function form(fields: Record<string, string> = {}): string {
  const params = new URLSearchParams(Object.fromEntries(EITIM_REPORT_LIST_FIELDS.map((f) => [f, ''])));
  params.set('isSubmited', '2');
  for (const [k, v] of Object.entries(fields)) params.set(k, v);
  return params.toString();
}

async function post(body: string, path = REPORT_LIST, contentType = 'application/x-www-form-urlencoded') {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Row };
}

describe('EITI Mongolia replay: POST /eitim/reportListAppend/', () => {
  it('serves every captured row with the upstream upper-case keys when pageSize is large enough', async () => {
    const res = await post(form({ pageSize: '10000' }));
    expect(res.status).toBe(200);
    expect(res.body['data']).toEqual(reportList.map(upperCased));
    expect(Object.keys((res.body['data'] as Row[])[0] ?? {})).toEqual([
      'YEAR',
      'COMPANY_REGISTER_NUMBER',
      'COMPANY_ID',
      'ID',
      'COMPANY_NAME',
    ]);
    expect(res.headers.get('cache-control')).toBe(`public, max-age=${EITIM_MAX_AGE_SECONDS}`);
  });

  it('honours entityTin (the register number)', async () => {
    const res = await post(form({ entityTin: ' 2657457 ', pageSize: '100' }));
    const expected = reportList.filter((r) => r['company_register_number'] === '2657457').map(upperCased);
    expect(res.body['data']).toEqual(expected);
    expect(expected).toHaveLength(13);
  });

  it('honours year, alone and with entityTin', async () => {
    const year = await post(form({ year: '2018', pageSize: '10000' }));
    const rows = year.body['data'] as Row[];
    expect(rows).toHaveLength(reportList.filter((r) => r['year'] === 2018).length);
    expect(rows.every((r) => r['YEAR'] === 2018)).toBe(true);
    const both = await post(form({ year: '2018', entityTin: '2657457', pageSize: '10' }));
    expect((both.body['data'] as Row[]).map((r) => r['ID'])).toEqual(
      reportList
        .filter((r) => r['year'] === 2018 && r['company_register_number'] === '2657457')
        .map((r) => r['id']),
    );
  });

  it('cuts the list at pageSize, 10 rows when the form gives none', async () => {
    expect((await post(form({ pageSize: '3' }))).body['data']).toEqual(
      reportList.slice(0, 3).map(upperCased),
    );
    expect((await post('isSubmited=2')).body['data']).toHaveLength(EITIM_DEFAULT_PAGE_SIZE);
    expect((await post('', REPORT_LIST.slice(0, -1))).body['data']).toHaveLength(EITIM_DEFAULT_PAGE_SIZE);
  });

  it('answers an empty list for a register number that filed nothing', async () => {
    expect((await post(form({ entityTin: '0904080', pageSize: '100' }))).body['data']).toEqual([]);
  });

  it('answers 400 for a malformed year or pageSize, 415 for a body that is not a form', async () => {
    for (const fields of [
      { year: '18' },
      { year: 'all' },
      { pageSize: '0' },
      { pageSize: String(EITIM_MAX_PAGE_SIZE + 1) },
    ]) {
      const res = await post(form(fields));
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(String(res.body['error'])).toMatch(/^(year|pageSize) must be /);
    }
    const res = await post('{"pageSize": 10}', REPORT_LIST, 'application/json');
    expect(res.status).toBe(415);
  });

  it('answers 405 with Allow: POST for other methods', async () => {
    for (const method of ['GET', 'HEAD', 'PUT']) {
      const res = await rawRequest(`${server.url}${REPORT_LIST}`, { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.allow).toBe('POST');
    }
  });
});

describe('EITI Mongolia replay: GET /eitim/portalMap', () => {
  it('serves the captured licence records in their native shape', async () => {
    const res = await rawRequest(`${server.url}${PORTAL_MAP}`);
    expect(res.status).toBe(200);
    const body = json<unknown[]>(res);
    expect(body).toEqual(portalMap);
    expect(body).toHaveLength(1000);
    expect(res.headers['cache-control']).toBe(`public, max-age=${EITIM_MAX_AGE_SECONDS}`);
  });

  it('answers 304 for a matching If-None-Match', async () => {
    const first = await rawRequest(`${server.url}${PORTAL_MAP}`);
    const again = await rawRequest(`${server.url}${PORTAL_MAP}`, {
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.status).toBe(304);
    expect(again.body).toHaveLength(0);
  });

  it('answers 405 with Allow: GET, HEAD for POST, and 404 for unknown paths', async () => {
    const res = await rawRequest(`${server.url}${PORTAL_MAP}`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect((await rawRequest(`${server.url}/eitim/reportList`)).status).toBe(404);
    expect((await rawRequest(`${server.url}/eitim`)).status).toBe(404);
  });
});

describe('EITI Mongolia replay: drift', () => {
  const drift = (variant: Extract<Fault, { kind: 'drift' }>['variant']): Fault => ({
    kind: 'drift',
    variant,
  });

  it('serves YEAR as a string for number-as-string', async () => {
    server.faults.set(REPORT_LIST, drift('number-as-string'), { times: 1 });
    const rows = (await post(form({ pageSize: '2' }))).body['data'] as Row[];
    expect(rows.map((r) => r['YEAR'])).toEqual(['2017', '2018']);
  });

  it('lower-cases the report list keys, as the capture did, for renamed-field', async () => {
    server.faults.set(REPORT_LIST, drift('renamed-field'), { times: 1 });
    const rows = (await post(form({ pageSize: '1' }))).body['data'] as Row[];
    expect(rows).toEqual(reportList.slice(0, 1));
  });

  it('spells cordinate correctly for renamed-field on the licence map', async () => {
    server.faults.set(PORTAL_MAP, drift('renamed-field'), { times: 1 });
    const body = json<Row[]>(await rawRequest(`${server.url}${PORTAL_MAP}`));
    expect(body[0]).toHaveProperty('coordinate');
    expect(body[0]).not.toHaveProperty('cordinate');
  });

  it('drops COMPANY_REGISTER_NUMBER for missing-required and makes it a number for wrong-type', async () => {
    server.faults.set(PORTAL_MAP, drift('missing-required'), { times: 1 });
    const missing = json<{ cordinate: Row }[]>(await rawRequest(`${server.url}${PORTAL_MAP}`));
    expect(missing.every((r) => !('COMPANY_REGISTER_NUMBER' in r.cordinate))).toBe(true);
    server.faults.set(REPORT_LIST, drift('wrong-type'), { times: 1 });
    const rows = (await post(form({ entityTin: '00009999', pageSize: '5' }))).body['data'] as Row[];
    expect(rows.map((r) => r['COMPANY_REGISTER_NUMBER'])).toEqual([9999, 9999, 9999]);
  });

  it('turns the licence array and the report data into objects for object-instead-of-array', async () => {
    server.faults.set(PORTAL_MAP, drift('object-instead-of-array'), { times: 1 });
    const map = json<Row>(await rawRequest(`${server.url}${PORTAL_MAP}`));
    expect(Object.keys(map)).toContain('MV-00021252');
    server.faults.set(REPORT_LIST, drift('object-instead-of-array'), { times: 1 });
    const list = (await post(form({ pageSize: '2' }))).body;
    expect(Object.keys(list['data'] as Row)).toEqual(['0', '1']);
  });
});

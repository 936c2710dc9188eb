import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  EITI_DEFAULT_LIMIT,
  EITI_MAX_AGE_SECONDS,
  EITI_MAX_LIMIT,
  SUMMARY_DATA_NOTICE,
  createEitiModule,
} from '../../src/replay/eiti.js';
import { startReplayServer, type ReplayServer } from '../../src/replay/index.js';
import { json, rawRequest } from './helpers.js';

const ROOT = '/eiti/api/v2.0';
const DATA = new URL('../../data/eiti/', import.meta.url);
const readJson = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, DATA), 'utf8')) as T;

type Row = Record<string, unknown>;
interface ListBody {
  data: Row[];
  count: number;
  self: { title: string; href: string };
  next?: { title: string; href: string };
  previous?: { title: string; href: string };
}

const index = readJson<{ index: Record<string, { id: string; year: string; label: string }[]> }>(
  'mn_eiti_organisations_index.json',
).index;
const fictional = readJson<{ organisations: Row[]; revenue: Row[] }>('fictional/eiti_fictional.json');
const gfs = readJson<{ data: { code: string; label: string }[] }>('gfs_codes.json').data;
const REAL = Object.values(index).reduce((n, records) => n + records.length, 0);
const TOTAL = REAL + fictional.organisations.length;

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

async function getList(path: string): Promise<ListBody> {
  const res = await rawRequest(`${server.url}${path}`);
  expect(res.status, path).toBe(200);
  return json<ListBody>(res);
}

/** Follows next.href from `path` to the end. */
async function allPages(path: string): Promise<{ rows: Row[]; pages: number }> {
  const rows: Row[] = [];
  let url: string | undefined = `${server.url}${path}`;
  let pages = 0;
  while (url !== undefined) {
    const res = await rawRequest(url);
    expect(res.status).toBe(200);
    const body = json<ListBody>(res);
    rows.push(...body.data);
    url = body.next?.href;
    pages++;
  }
  return { rows, pages };
}

describe('EITI replay API: /organisation', () => {
  it('serves every real and fictional organisation row once, 1-based pages linked by next.href', async () => {
    const { rows, pages } = await allPages(`${ROOT}/organisation?limit=300`);
    expect(pages).toBe(Math.ceil(TOTAL / 300));
    expect(rows).toHaveLength(TOTAL);
    expect(new Set(rows.map((r) => r['id'])).size).toBe(TOTAL);
    const ids = rows.map((r) => Number(r['id']));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('serves the index records in the API row shape with flattened keys', async () => {
    const body = await getList(`${ROOT}/organisation?limit=1`);
    expect(body.data).toEqual([
      {
        id: '168164',
        label: 'Aduunchuluun LLC',
        type: 'company',
        identification: '2011239',
        'summary_data.iso2': 'MN',
        'summary_data.year': '2006',
      },
    ]);
    expect(body.count).toBe(TOTAL);
    expect(body.self).toEqual({ title: 'Self', href: `${server.url}${ROOT}/organisation?limit=1&page=1` });
    expect(body.next).toEqual({ title: 'Next', href: `${server.url}${ROOT}/organisation?limit=1&page=2` });
    expect(body.previous).toBeUndefined();
  });

  it('treats a missing page as page 1 and links back with previous', async () => {
    const first = await getList(`${ROOT}/organisation?limit=10`);
    const one = await getList(`${ROOT}/organisation?limit=10&page=1`);
    expect(first.data).toEqual(one.data);
    const second = await getList(`${ROOT}/organisation?limit=10&page=2`);
    expect(second.previous?.href).toBe(`${server.url}${ROOT}/organisation?limit=10&page=1`);
    expect(second.data[0]?.['id']).not.toBe(first.data[0]?.['id']);
  });

  it('uses a page size of 25 by default and answers a page past the end with no rows', async () => {
    expect((await getList(`${ROOT}/organisation`)).data).toHaveLength(EITI_DEFAULT_LIMIT);
    const past = await getList(`${ROOT}/organisation?page=100000`);
    expect(past.data).toEqual([]);
    expect(past.next).toBeUndefined();
  });

  it('ignores the identification filter like the real API: the unfiltered set comes back', async () => {
    const filtered = await getList(`${ROOT}/organisation?identification=2657457&limit=5`);
    const unfiltered = await getList(`${ROOT}/organisation?limit=5`);
    expect(filtered.data).toEqual(unfiltered.data);
    expect(filtered.count).toBe(TOTAL);
    // The parameter survives in the links, as Drupal RESTful keeps every query parameter.
    expect(new URL(filtered.next?.href ?? '').searchParams.get('identification')).toBe('2657457');
  });

  it('marks every fictional row in x_fictional and no real one', async () => {
    const { rows } = await allPages(`${ROOT}/organisation?limit=${EITI_MAX_LIMIT}`);
    const marked = rows.filter((r) => typeof r['x_fictional'] === 'string').map((r) => r['id']);
    expect(marked.sort()).toEqual(fictional.organisations.map((o) => o['id']).sort());
    expect(marked.every((id) => Number(id) >= 9_000_001)).toBe(true);
  });

  it('serves one organisation by id, and 404 for an unknown one', async () => {
    const one = json<{ data: Row[] }>(await rawRequest(`${server.url}${ROOT}/organisation/168174`));
    expect(one.data).toEqual([
      {
        id: '168174',
        label: 'Oyu Tolgoi',
        type: 'company',
        identification: '2657457',
        'summary_data.iso2': 'MN',
        'summary_data.year': '2006',
      },
    ]);
    const missing = await rawRequest(`${server.url}${ROOT}/organisation/1`);
    expect(missing.status).toBe(404);
    expect(json<{ error: string }>(missing).error).toBe('No organisation "1" on the replay server.');
  });

  it('answers 400 for a page or limit that is not a positive integer in range', async () => {
    for (const query of ['page=0', 'page=-1', 'page=x', `limit=${EITI_MAX_LIMIT + 1}`, 'limit=0', 'limit=']) {
      const res = await rawRequest(`${server.url}${ROOT}/organisation?${query}`);
      expect(res.status, query).toBe(400);
      expect(json<{ error: string }>(res).error).toMatch(
        /^(page|limit) must be an integer from 1 to \d+; got /,
      );
    }
  });
});

describe('EITI replay API: /revenue', () => {
  it('has revenue rows only for fictional organisations', async () => {
    const { rows } = await allPages(`${ROOT}/revenue?limit=7`);
    expect(rows).toHaveLength(fictional.revenue.length);
    const fictionalIds = new Set(fictional.organisations.map((o) => o['id']));
    for (const row of rows) {
      expect(fictionalIds.has(row['organisation.id'])).toBe(true);
      expect(typeof row['x_fictional']).toBe('string');
      expect(row['self']).toBe(`${server.url}${ROOT}/revenue/${String(row['id'])}`);
    }
  });

  it('filters by organisation server-side, keeping the filter in next.href', async () => {
    const { rows, pages } = await allPages(`${ROOT}/revenue?organisation=9000003&limit=2`);
    expect(pages).toBe(2);
    expect(rows.map((r) => r['id'])).toEqual(
      fictional.revenue.filter((r) => r['organisation.id'] === '9000003').map((r) => r['id']),
    );
  });

  it('answers an empty page for a real organisation: no amount is invented for a real company', async () => {
    for (const id of Object.values(index)
      .flat()
      .map((r) => r.id)) {
      const body = await getList(`${ROOT}/revenue?organisation=${id}&limit=1`);
      if (body.count !== 0) throw new Error(`revenue served for the real organisation ${id}`);
    }
    expect((await getList(`${ROOT}/revenue?organisation=168174`)).data).toEqual([]);
  });

  it('serves the real row shape: flattened keys, goverment_entity (sic), amounts in MNT and USD', async () => {
    const body = json<{ data: Row[] }>(await rawRequest(`${server.url}${ROOT}/revenue/9100003`));
    expect(Object.keys(body.data[0] ?? {})).toEqual(
      expect.arrayContaining([
        'id',
        'self',
        'label',
        'revenue',
        'currency',
        'reporting_currency',
        'type',
        'gfs.code',
        'gfs.label',
        'organisation.id',
        'organisation.label',
        'organisation.identification',
        'summary_data.iso2',
        'summary_data.year',
        'goverment_entity',
        'sector',
        'payment_made_in_kind',
        'x_fictional',
      ]),
    );
    expect(body.data[0]).toMatchObject({
      id: 9100003,
      revenue: 48250.5,
      currency: 'USD',
      'gfs.code': '114521E',
    });
    expect(new Set(fictional.revenue.map((r) => r['currency']))).toEqual(new Set(['MNT', 'USD', null]));
  });

  it('labels every GFS code of a revenue row as the code list does', () => {
    const labels = new Map(gfs.map((g) => [g.code, g.label]));
    for (const row of fictional.revenue) expect(row['gfs.label']).toBe(labels.get(String(row['gfs.code'])));
  });
});

describe('EITI replay API: /summary_data and /gfs_code', () => {
  it('lists one reconstructed, marked summary row per Mongolian year of the index', async () => {
    const { rows } = await allPages(`${ROOT}/summary_data`);
    const years = [
      ...new Set(
        Object.values(index)
          .flat()
          .map((r) => r.year),
      ),
    ].sort();
    expect(rows.map((r) => r['id'])).toEqual(years.map((y) => `MN${y}`));
    expect(rows[0]).toEqual({
      id: 'MN2006',
      label: 'Mongolia: 2006',
      'country.iso2': 'MN',
      'country.iso3': 'MNG',
      year_start: '2006-01-01',
      year_end: '2006-12-31',
      x_fictional: SUMMARY_DATA_NOTICE,
    });
    expect((await getList(`${ROOT}/summary_data/MN2019`)).data).toHaveLength(1);
  });

  it('lists the GFS codes with their labels, and one by code', async () => {
    const { rows } = await allPages(`${ROOT}/gfs_code?limit=10`);
    expect(rows.map((r) => [r['code'], r['label']])).toEqual(gfs.map((g) => [g.code, g.label]));
    const one = json<{ data: Row[] }>(await rawRequest(`${server.url}${ROOT}/gfs_code/1415e1`));
    expect(one.data[0]).toEqual({
      id: '1415E1',
      self: `${server.url}${ROOT}/gfs_code/1415E1`,
      code: '1415E1',
      label: 'Royalties',
    });
  });
});

describe('EITI replay API: HTTP', () => {
  it('sends ETag, Last-Modified and Cache-Control, and 304 for a matching If-None-Match', async () => {
    const path = `${server.url}${ROOT}/organisation?limit=3`;
    const res = await rawRequest(path);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe(`public, max-age=${EITI_MAX_AGE_SECONDS}`);
    expect(res.headers['last-modified']).toBe('Tue, 07 Jul 2026 00:00:00 GMT');
    const etag = String(res.headers.etag);
    const again = await rawRequest(path, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toHaveLength(0);
    expect(again.headers.etag).toBe(etag);
    const since = await rawRequest(path, {
      headers: { 'if-modified-since': 'Wed, 08 Jul 2026 00:00:00 GMT' },
    });
    expect(since.status).toBe(304);
    const changed = await rawRequest(path, { headers: { 'if-none-match': '"other"' } });
    expect(changed.status).toBe(200);
  });

  it('answers 405 with Allow for other methods and 404 for unknown paths', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await rawRequest(`${server.url}${ROOT}/organisation`, { method });
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
    }
    const head = await rawRequest(`${server.url}${ROOT}/organisation?limit=1`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toHaveLength(0);
    for (const path of [
      `${ROOT}/indicator_value`,
      `${ROOT}/organisation/1/x`,
      '/eiti/api/v1.0/organisation',
      '/eiti',
    ]) {
      expect((await rawRequest(`${server.url}${path}`)).status, path).toBe(404);
    }
  });
});

describe('EITI replay API: drift', () => {
  async function drifted(variant: Parameters<typeof server.faults.set>[1], path: string): Promise<Row> {
    server.faults.set(path.split('?')[0] ?? path, variant, { times: 1 });
    const res = await rawRequest(`${server.url}${path}`);
    expect(res.status).toBe(200);
    return json<Row>(res);
  }

  it('serves revenue and count as strings for number-as-string', async () => {
    const body = await drifted(
      { kind: 'drift', variant: 'number-as-string' },
      `${ROOT}/revenue?organisation=9000001`,
    );
    expect((body['data'] as Row[]).map((r) => typeof r['revenue'])).toEqual(['string', 'string', 'string']);
    expect(body['count']).toBe('3');
  });

  it('serves data as an object keyed by id for object-instead-of-array', async () => {
    const body = await drifted(
      { kind: 'drift', variant: 'object-instead-of-array' },
      `${ROOT}/organisation?limit=2`,
    );
    expect(Object.keys(body['data'] as Row)).toEqual(['168164', '168165']);
  });

  it('removes identification and organisation.id for missing-required', async () => {
    const orgs = await drifted(
      { kind: 'drift', variant: 'missing-required' },
      `${ROOT}/organisation?limit=2`,
    );
    expect((orgs['data'] as Row[]).every((r) => !('identification' in r))).toBe(true);
    const revenue = await drifted({ kind: 'drift', variant: 'missing-required' }, `${ROOT}/revenue?limit=2`);
    expect((revenue['data'] as Row[]).every((r) => !('organisation.id' in r))).toBe(true);
  });

  it('renames summary_data.iso2, revenue and label for renamed-field', async () => {
    const body = await drifted({ kind: 'drift', variant: 'renamed-field' }, `${ROOT}/revenue?limit=1`);
    const [row] = body['data'] as Row[];
    expect(row).toMatchObject({
      'country.iso2': 'MN',
      value: 1_845_600_000,
      name: 'Mineral royalty (fictional)',
    });
    expect(row).not.toHaveProperty('revenue');
  });

  it('turns register numbers into numbers, losing leading zeros, for wrong-type', async () => {
    const body = await drifted({ kind: 'drift', variant: 'wrong-type' }, `${ROOT}/organisation/9000001`);
    expect((body['data'] as Row[])[0]?.['identification']).toBe(904080);
  });

  it('leaves the shared data untouched after a drift', async () => {
    await drifted({ kind: 'drift', variant: 'missing-required' }, `${ROOT}/organisation?limit=2`);
    const body = await getList(`${ROOT}/organisation?limit=2`);
    expect(body.data.every((r) => typeof r['identification'] === 'string')).toBe(true);
  });
});

describe('createEitiModule', () => {
  it('serves /eiti and /eitim', async () => {
    const modules = await createEitiModule();
    expect(modules.map((m) => [m.name, m.prefix])).toEqual([
      ['EITI API', '/eiti'],
      ['EITI Mongolia', '/eitim'],
    ]);
  });

  it('rejects a data directory it cannot read, naming the option and the file', async () => {
    await expect(createEitiModule({ dataDir: '/nonexistent-eiti-data' })).rejects.toThrow(
      // The files load in parallel: whichever fails first is named.
      /^ReplayOptions\.eiti\.dataDir: cannot read \/nonexistent-eiti-data\/[\w/]+\.json/,
    );
    await expect(createEitiModule({ dataDir: ' ' })).rejects.toThrow(
      'ReplayOptions.eiti.dataDir must be a non-empty directory path, but got " ".',
    );
  });
});

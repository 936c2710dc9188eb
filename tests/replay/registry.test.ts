import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayServer } from '../../src/replay/index.js';
import { startReplayServer } from '../../src/replay/index.js';
import { json, rawRequest } from './helpers.js';

const root = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

const COLUMNS = {
  number: 'Регистрийн дугаар',
  name: 'Оноосон нэр',
  date: 'Бүртгэсэн огноо',
  form: 'Хэлбэр',
  type: 'Төрөл',
  address: 'Хуулийн этгээдийн хаяг',
  activity: 'Үйл ажиллагааны чиглэл',
  status: 'Төлөв',
};

const extract = gunzipSync(readFileSync(root('data/registry/mongolian_company_names.full.psv.gz')))
  .toString('utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [name, form, number] = line.split('|');
    return { name: name!, form: form!, number: number! };
  });
const realNumbers = new Set(extract.map((e) => e.number));

const fictional = JSON.parse(readFileSync(root('data/registry/fictional/companies.json'), 'utf8')) as {
  companies: { registerNumber: string; name: string; legalForm: string; scenarioSupplier: boolean }[];
  persons: Record<string, unknown>[];
};

/** MN-CR parties of the fictional procurement scenario, with the roles they ever had. */
function scenarioParties(): Map<string, { name: string; roles: Set<string> }> {
  const out = new Map<string, { name: string; roles: Set<string> }>();
  const lines = gunzipSync(readFileSync(root('data/procurement/mn-scenario/releases.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter(Boolean);
  for (const line of lines) {
    const release = JSON.parse(line) as {
      parties?: { name: string; identifier?: { scheme?: string; id?: string }; roles: string[] }[];
    };
    for (const p of release.parties ?? []) {
      if (p.identifier?.scheme !== 'MN-CR' || p.identifier.id === undefined) continue;
      const held = out.get(p.identifier.id) ?? { name: p.name, roles: new Set<string>() };
      p.roles.forEach((r) => held.roles.add(r));
      out.set(p.identifier.id, held);
    }
  }
  return out;
}

const bodsExamples = [
  'bods-package.json',
  'bods-package-entity-owning-entity.json',
  'bods-package-fi-soe.json',
  'indirect-ownership.json',
  'joint-ownership.json',
  'listed-company-exempt-from-disclosure.json',
  'mixed-direct-and-indirect-ownership.json',
  'simple-pep-declaration.json',
].map((f) => JSON.parse(readFileSync(root(`data/registry/bods-0.4/examples/${f}`), 'utf8')) as unknown[]);
const EXAMPLE_STATEMENTS = bodsExamples.reduce((n, list) => n + list.length, 0);

let server: ReplayServer;
let dump: Record<string, string>[];
let dumpHeaders: Record<string, string | string[] | undefined>;

beforeAll(async () => {
  server = await startReplayServer({ rateLimit: false });
  const res = await rawRequest(`${server.url}/registry/dump.json`);
  expect(res.status).toBe(200);
  dumpHeaders = res.headers;
  dump = json<Record<string, string>[]>(res);
});
afterAll(async () => {
  await server.close();
});

describe('registry replay: GET /registry/dump.json', () => {
  it('serves every row of the real extract plus the fictional companies as a JSON array', () => {
    expect(dumpHeaders['content-type']).toBe('application/json; charset=utf-8');
    expect(extract).toHaveLength(192_771);
    expect(dump).toHaveLength(192_771 + fictional.companies.length);
  });

  it('gives real rows only the name, legal form and number the extract has', () => {
    const real = dump.filter((r) => realNumbers.has(r[COLUMNS.number]!));
    expect(real).toHaveLength(192_771);
    const threeColumns = [COLUMNS.number, COLUMNS.name, COLUMNS.form].join('|');
    expect(real.filter((r) => Object.keys(r).join('|') !== threeColumns)).toEqual([]);
    expect(real.find((r) => r[COLUMNS.number] === '2657457')).toEqual({
      [COLUMNS.number]: '2657457',
      [COLUMNS.name]: 'Оюутолгой',
      [COLUMNS.form]: 'ХХК /ГХО/',
    });
    // The three malformed numbers of the extract are served as the extract has them.
    for (const n of ['158607', '510335', '27']) expect(real.some((r) => r[COLUMNS.number] === n)).toBe(true);
  });

  it('gives fictional rows every column and a fictional notice, under numbers no real entity has', () => {
    const rows = dump.filter((r) => !realNumbers.has(r[COLUMNS.number]!));
    expect(rows).toHaveLength(fictional.companies.length);
    for (const r of rows) {
      expect(r[COLUMNS.number]).toMatch(/^09\d{5}$/);
      for (const column of Object.values(COLUMNS)) expect(r[column], column).toEqual(expect.any(String));
      expect(r[COLUMNS.name]).toMatch(/ (ХХК|ХК)$/);
      expect(r[COLUMNS.date]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.x_fictional).toMatch(/^Fictional sample data/);
    }
    expect([...realNumbers].some((n) => n.startsWith('09'))).toBe(false);
  });

  it('answers a conditional request with 304 and no body', async () => {
    expect(dumpHeaders['last-modified']).toBe('Wed, 27 Mar 2019 00:00:00 GMT');
    const etag = String(dumpHeaders.etag);
    const byEtag = await rawRequest(`${server.url}/registry/dump.json`, {
      headers: { 'if-none-match': etag },
    });
    expect(byEtag.status).toBe(304);
    expect(byEtag.body).toHaveLength(0);
    expect(byEtag.headers.etag).toBe(etag);
    const byDate = await rawRequest(`${server.url}/registry/dump.json`, {
      headers: { 'if-modified-since': 'Wed, 27 Mar 2019 00:00:00 GMT' },
    });
    expect(byDate.status).toBe(304);
    const older = await rawRequest(`${server.url}/registry/dump.json`, {
      headers: { 'if-modified-since': 'Tue, 26 Mar 2019 00:00:00 GMT' },
    });
    expect(older.status).toBe(200);
  });

  it('answers HEAD with the headers only and refuses other methods', async () => {
    const head = await rawRequest(`${server.url}/registry/dump.json`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toHaveLength(0);
    expect(head.headers.etag).toBe(dumpHeaders.etag);
    const post = await rawRequest(`${server.url}/registry/dump.json`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });
});

describe('registry replay: fictional companies', () => {
  it('are suppliers of the fictional procurement scenario under the same number and name', () => {
    const parties = scenarioParties();
    const suppliers = fictional.companies.filter((c) => c.scenarioSupplier);
    expect(suppliers.length).toBeGreaterThanOrEqual(9);
    for (const c of suppliers) {
      const party = parties.get(c.registerNumber);
      expect(party?.name, c.registerNumber).toBe(c.name);
      expect(party?.roles.has('supplier'), c.registerNumber).toBe(true);
    }
    for (const c of fictional.companies.filter((x) => !x.scenarioSupplier))
      expect(parties.has(c.registerNumber)).toBe(false);
  });

  it('never reuse a real register number or a real name', () => {
    const realNames = new Set(extract.map((e) => e.name));
    for (const c of fictional.companies) {
      expect(realNumbers.has(c.registerNumber)).toBe(false);
      expect(realNames.has(c.name)).toBe(false);
      expect(realNames.has(c.name.replace(/ (ХХК|ХК)$/, ''))).toBe(false);
    }
  });

  it('describe persons by name and nationality only', () => {
    for (const p of fictional.persons) expect(Object.keys(p).sort()).toEqual(['id', 'name', 'nationality']);
  });
});

describe('registry replay: GET /registry/lesinfo/{registerNumber}', () => {
  const cells = (html: string): [string, string][] =>
    [...html.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => [m[1]!, m[2]!]);

  it('shows a real entity with the three facts the extract has and nothing invented', async () => {
    const res = await rawRequest(`${server.url}/registry/lesinfo/2657457`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body.toString('utf8');
    expect(cells(html)).toEqual([
      ['Нэр', 'Оюутолгой'],
      ['Хэлбэр', 'ХХК /ГХО/'],
      ['Регистер', '2657457'],
    ]);
    expect(html).not.toContain('Хувь эзэмшил');
    expect(html).not.toContain('data-fictional');
  });

  it('shows a fictional company with every row, its shareholders and the fictional notice', async () => {
    const res = await rawRequest(`${server.url}/registry/lesinfo/0960021`);
    expect(res.status).toBe(200);
    const html = res.body.toString('utf8');
    expect(cells(html).map(([label]) => label)).toEqual([
      'Нэр',
      'Хэлбэр',
      'Төрөл',
      'Регистер',
      'Үүсгэн байгуулагдсан',
      'Хаяг',
      'Үйл ажиллагааны чиглэл',
      'Төлөв',
    ]);
    expect(cells(html)[0]).toEqual(['Нэр', 'Мөнхсэврэг Хүнс Худалдаа ХХК']);
    expect(html).toContain('<h2>Хувь эзэмшил</h2>');
    expect(html).toMatch(/Нуурсайханы Гэгээнтуяа \(зохиомол\) \(хасагдсан\)/);
    expect(html).toContain('data-fictional="true"');
    expect(res.headers.etag).toEqual(expect.any(String));
  });

  it('answers 404 with an HTML page for a number the register does not list', async () => {
    const res = await rawRequest(`${server.url}/registry/lesinfo/0000001`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body.toString('utf8')).toContain('<h1>Олдсонгүй</h1>');
  });

  it('escapes what it echoes and rejects bad percent-encoding', async () => {
    const res = await rawRequest(`${server.url}/registry/lesinfo/%3Cscript%3E`);
    expect(res.status).toBe(404);
    expect(res.body.toString('utf8')).toContain('&lt;script&gt;');
    expect(res.body.toString('utf8')).not.toContain('<script>');
    expect((await rawRequest(`${server.url}/registry/lesinfo/%E0%A4%A`)).status).toBe(400);
  });

  it('answers 404 for paths it does not serve', async () => {
    for (const path of [
      '/registry',
      '/registry/',
      '/registry/lesinfo',
      '/registry/lesinfo/1/2',
      '/registry/x',
    ]) {
      const res = await rawRequest(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
    }
  });
});

describe('registry replay: GET /registry/ownership.jsonl', () => {
  let lines: Record<string, any>[];
  beforeAll(async () => {
    const res = await rawRequest(`${server.url}/registry/ownership.jsonl`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers['last-modified']).toBe('Mon, 14 Feb 2022 00:00:00 GMT');
    const text = res.body.toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    lines = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, any>);
  });

  it('serves the official BODS 0.4 examples first, unchanged but for a notice', () => {
    const examples = bodsExamples.flat() as Record<string, unknown>[];
    expect(lines.slice(0, EXAMPLE_STATEMENTS).map(({ x_fictional: _notice, ...rest }) => rest)).toEqual(
      examples,
    );
    for (const s of lines.slice(0, EXAMPLE_STATEMENTS))
      expect(s.x_fictional).toMatch(/^Official example from the Beneficial/);
  });

  it('follows with well-formed statements for the fictional companies, each marked fictional', () => {
    const own = lines.slice(EXAMPLE_STATEMENTS);
    expect(own.length).toBeGreaterThan(fictional.companies.length);
    const interestTypes = readFileSync(root('data/registry/bods-0.4/codelists/interestType.csv'), 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    const ids = new Set<string>();
    for (const s of own) {
      expect(s.x_fictional).toMatch(/^Fictional sample data/);
      expect(s.statementId.length).toBeGreaterThanOrEqual(32);
      expect(s.statementId.length).toBeLessThanOrEqual(64);
      expect(ids.has(s.statementId)).toBe(false);
      ids.add(s.statementId);
      expect(s.publicationDetails).toMatchObject({ bodsVersion: '0.4' });
      expect(['entity', 'person', 'relationship']).toContain(s.recordType);
      expect(['new', 'closed']).toContain(s.recordStatus);
      if (s.recordType === 'relationship') {
        expect(s.recordDetails.isComponent).toBe(false);
        for (const i of s.recordDetails.interests) expect(interestTypes).toContain(i.type);
      }
    }
    const mnCr = own
      .filter((s) => s.recordType === 'entity')
      .flatMap((s) =>
        (s.recordDetails.identifiers ?? []).filter((i: any) => i.scheme === 'MN-CR').map((i: any) => i.id),
      );
    expect(mnCr.sort()).toEqual(fictional.companies.map((c) => c.registerNumber).sort());
  });

  it('never carries an identifier, address or birth date of a person', () => {
    for (const s of lines.filter((l) => l.recordType === 'person' && /^Fictional/.test(l.x_fictional))) {
      expect(Object.keys(s.recordDetails).sort()).toEqual([
        'isComponent',
        'names',
        'nationalities',
        'personType',
      ]);
    }
  });

  it('attaches ownership to fictional entities only', () => {
    const entityNumbers = new Map<string, string>();
    for (const s of lines.filter((l) => l.recordType === 'entity'))
      for (const i of s.recordDetails.identifiers ?? [])
        if (i.scheme === 'MN-CR') entityNumbers.set(s.recordId, i.id);
    for (const s of lines.filter((l) => l.recordType === 'relationship')) {
      for (const end of [s.recordDetails.subject, s.recordDetails.interestedParty]) {
        const n = typeof end === 'string' ? entityNumbers.get(end) : undefined;
        if (n !== undefined) {
          expect(n).toMatch(/^09/);
          expect(realNumbers.has(n)).toBe(false);
        }
      }
    }
  });

  it('closes the removed owner with a later statement of the same record', () => {
    const closed = lines.filter((l) => l.recordStatus === 'closed');
    expect(closed).toHaveLength(1);
    const [c] = closed;
    const opened = lines.find((l) => l.recordId === c!.recordId && l.recordStatus === 'new');
    expect(opened).toBeDefined();
    expect(c!.statementDate > opened!.statementDate).toBe(true);
    expect(c!.recordDetails.interests[0].endDate).toBe(c!.statementDate);
  });
});

describe('registry replay: options', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'registry-replay-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves another extract and BODS file, with the Last-Modified it is given', async () => {
    const register = join(dir, 'tiny.psv');
    writeFileSync(register, 'Нэг "А"|ХХК|1000001\nХоёр|ХК|1000002\n');
    const bods = join(dir, 'own.jsonl');
    writeFileSync(bods, `${JSON.stringify(bodsExamples[0]![0])}\n`);
    const tiny = await startReplayServer({
      rateLimit: false,
      registry: {
        registerFile: register,
        fictionalFile: null,
        ownershipFiles: [bods],
        lastModified: '2024-05-01T00:00:00Z',
      },
    });
    try {
      const res = await rawRequest(`${tiny.url}/registry/dump.json`);
      expect(res.headers['last-modified']).toBe('Wed, 01 May 2024 00:00:00 GMT');
      expect(json(res)).toEqual([
        { [COLUMNS.number]: '1000001', [COLUMNS.name]: 'Нэг "А"', [COLUMNS.form]: 'ХХК' },
        { [COLUMNS.number]: '1000002', [COLUMNS.name]: 'Хоёр', [COLUMNS.form]: 'ХК' },
      ]);
      const own = (await rawRequest(`${tiny.url}/registry/ownership.jsonl`)).body.toString('utf8');
      expect(own).toBe(`${JSON.stringify(bodsExamples[0]![0])}\n`);
      const page = (await rawRequest(`${tiny.url}/registry/lesinfo/1000001`)).body.toString('utf8');
      expect(page).toContain('<td>Нэг &quot;А&quot;</td>');
    } finally {
      await tiny.close();
    }
  });

  it('refuses to start on an extract line of another shape, naming the file and line', async () => {
    const register = join(dir, 'bad.psv');
    writeFileSync(register, 'Нэг|ХХК|1000001\nХоёр|ХК\n');
    await expect(
      startReplayServer({ registry: { registerFile: register, fictionalFile: null, ownershipFiles: [] } }),
    ).rejects.toThrow(`${register}:2: expected "name|legal form|register number"`);
  });

  it('refuses fictional companies whose numbers belong to real entities', async () => {
    const register = join(dir, 'clash.psv');
    writeFileSync(register, 'Реал|ХХК|0996811\n');
    await expect(
      startReplayServer({ registry: { registerFile: register, ownershipFiles: [] } }),
    ).rejects.toThrow('fictional register number 0996811 belongs to an entity of the real extract');
  });

  it('refuses a Last-Modified that is not a date', async () => {
    await expect(startReplayServer({ registry: { lastModified: 'yesterday' } })).rejects.toThrow(
      'RegistryReplayOptions.lastModified must be epoch milliseconds or an ISO date',
    );
  });
});

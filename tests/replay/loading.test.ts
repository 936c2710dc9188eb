import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayServer } from '../../src/replay/index.js';
import {
  EMBEDDED_OCDS_FILES,
  REPLAY_PUBLISHER,
  isLoopbackHost,
  startReplayServer,
} from '../../src/replay/index.js';
import type { TestPackage } from './helpers.js';
import { json, rawRequest } from './helpers.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'replay-loading-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function release(
  ocid: string,
  n: number,
  date: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { ocid, id: `${ocid}-${n}`, date, tag: ['tender'], initiationType: 'tender', ...extra };
}

async function write(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function withServer<T>(
  files: { path: string; fictionalNotice?: string }[],
  fn: (s: ReplayServer) => Promise<T>,
): Promise<T> {
  const server = await startReplayServer({ ocds: { files }, rateLimit: false });
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

async function getPackage(server: ReplayServer, path: string): Promise<TestPackage> {
  const res = await rawRequest(`${server.url}${path}`);
  expect(res.status, path).toBe(200);
  return json<TestPackage>(res);
}

describe('OCDS file loading', () => {
  it('loads JSON Lines of releases, a gzipped release package and a record package without compiledRelease', async () => {
    const jsonl = await write(
      'releases.jsonl',
      [
        release('ocds-aaaaaa-1', 1, '2024-01-01T00:00:00Z'),
        release('ocds-aaaaaa-1', 2, '2024-02-01T00:00:00Z'),
      ]
        .map((r) => JSON.stringify(r))
        .join('\r\n') + '\n\n',
    );
    const pkg = {
      uri: 'https://example.test/p.json',
      version: '1.1',
      publishedDate: '2024-05-01T00:00:00Z',
      publisher: { name: 'Test publisher' },
      license: 'https://example.test/licence',
      releases: [release('ocds-bbbbbb-2', 1, '2024-03-01T00:00:00+08:00', { x_fictional: 'Own notice.' })],
    };
    // A misleading extension on purpose: gzip is found by its magic bytes.
    const gz = await write('package.json', gzipSync(JSON.stringify(pkg)));
    const records = await write(
      'records.json',
      JSON.stringify({
        uri: 'x',
        version: '1.1',
        publishedDate: '2024-05-01T00:00:00Z',
        publisher: { name: 'Record publisher' },
        records: [{ ocid: 'ocds-cccccc-3', releases: [release('ocds-cccccc-3', 1, '2024-04-01T00:00:00Z')] }],
      }),
    );
    await withServer(
      [
        { path: jsonl, fictionalNotice: 'Test notice.' },
        { path: gz, fictionalNotice: 'Test notice.' },
        { path: records },
      ],
      async (server) => {
        const all = await getPackage(server, '/ocds/releases');
        expect(all.releases?.map((r) => r.id)).toEqual([
          'ocds-cccccc-3-1',
          'ocds-bbbbbb-2-1',
          'ocds-aaaaaa-1-2',
          'ocds-aaaaaa-1-1',
        ]);
        expect(all.releases?.map((r) => r.x_fictional)).toEqual([
          undefined,
          'Own notice.',
          'Test notice.',
          'Test notice.',
        ]);
        expect(all.publisher).toEqual(REPLAY_PUBLISHER);

        const one = await getPackage(server, '/ocds/releases/ocds-bbbbbb-2');
        expect(one.publisher).toEqual({ name: 'Test publisher' });
        expect(one.license).toBe('https://example.test/licence');

        const record = await getPackage(server, '/ocds/records/ocds-cccccc-3');
        expect(record.records?.[0]?.releases).toHaveLength(1);
        expect(record.records?.[0]).not.toHaveProperty('compiledRelease');
        expect(record.publisher).toEqual({ name: 'Record publisher' });
      },
    );
  });

  it('loads a single release, a gzipped JSON Lines of records and packages, and serves each release once', async () => {
    const single = await write(
      'single.json',
      JSON.stringify(release('ocds-dddddd-4', 1, '2023-06-01T10:00:00+08:00')),
    );
    const lines = [
      {
        ocid: 'ocds-eeeeee-5',
        releases: [release('ocds-eeeeee-5', 1, '2023-07-01T00:00:00Z')],
        compiledRelease: {
          ocid: 'ocds-eeeeee-5',
          id: 'compiled',
          date: '2023-07-01T00:00:00Z',
          tag: ['compiled'],
        },
      },
      {
        uri: 'u',
        version: '1.1',
        publishedDate: '2023-01-01T00:00:00Z',
        publisher: { name: 'P' },
        releases: [release('ocds-dddddd-4', 1, '2023-06-01T10:00:00+08:00')],
      },
      {
        uri: 'u',
        version: '1.1',
        publishedDate: '2023-01-01T00:00:00Z',
        publisher: { name: 'P' },
        records: [
          {
            ocid: 'ocds-ffffff-6',
            releases: [{ url: 'https://example.test/r#1', date: '2023-08-01T00:00:00Z', tag: ['tender'] }],
            compiledRelease: {
              ocid: 'ocds-ffffff-6',
              id: 'c',
              date: '2023-08-01T00:00:00Z',
              tag: ['compiled'],
            },
          },
        ],
      },
    ];
    const gzLines = await write('mixed.data', gzipSync(lines.map((l) => JSON.stringify(l)).join('\n')));
    await withServer([{ path: single }, { path: gzLines, fictionalNotice: 'N.' }], async (server) => {
      const all = await getPackage(server, '/ocds/releases');
      expect(all.releases?.map((r) => r.id)).toEqual(['ocds-eeeeee-5-1', 'ocds-dddddd-4-1']);

      const compiled = await getPackage(server, '/ocds/records/ocds-eeeeee-5');
      expect(compiled.records?.[0]?.compiledRelease?.['x_fictional']).toBe('N.');

      // Only linked releases are known for this ocid: the record serves them as published.
      const linked = await getPackage(server, '/ocds/records/ocds-ffffff-6');
      expect(linked.records?.[0]?.releases).toEqual([
        { url: 'https://example.test/r#1', date: '2023-08-01T00:00:00Z', tag: ['tender'] },
      ]);
      expect(linked.records?.[0]?.compiledRelease?.['id']).toBe('c');
      expect((await rawRequest(`${server.url}/ocds/releases/ocds-ffffff-6`)).status).toBe(404);
    });
  });

  it('reads a date-time without an offset as UTC, whatever the machine time zone', async () => {
    const path = await write(
      'naive.jsonl',
      [
        release('ocds-gggggg-7', 1, '2024-01-01T09:00:00'),
        release('ocds-gggggg-7', 2, '2024-01-01T08:30:00+00:00'),
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    await withServer([{ path }], async (server) => {
      const all = await getPackage(server, '/ocds/releases');
      expect(all.releases?.map((r) => r.id)).toEqual(['ocds-gggggg-7-1', 'ocds-gggggg-7-2']);
    });
  });

  it('serves releases without a valid date, id or ocid, for the gateway to judge: the undated last', async () => {
    const odd = await write(
      'odd.jsonl',
      [
        { ocid: 'ocds-iiiiii-9', id: 'r1' },
        { ocid: 'ocds-iiiiii-9', id: 'r2', date: 'yesterday' },
        { ocid: 'ocds-iiiiii-9', id: 7, date: '2024-02-01T00:00:00Z' },
        // In a package: a bare document without an ocid is not a release at all.
        { releases: [{ id: 'no-ocid', date: '2024-01-01T00:00:00Z' }] },
        { ocid: 'ocds-iiiiii-9', date: '2024-03-01T00:00:00Z' },
        { ocid: 'ocds-iiiiii-9', date: '2024-03-01T00:00:00Z' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const server = await startReplayServer({ rateLimit: false, ocds: { files: [{ path: odd }] } });
    try {
      const all = await getPackage(server, '/ocds/releases');
      expect(all.releases?.map((r) => [r.ocid ?? null, r.id ?? null, r.date ?? null])).toEqual([
        ['ocds-iiiiii-9', null, '2024-03-01T00:00:00Z'],
        ['ocds-iiiiii-9', null, '2024-03-01T00:00:00Z'],
        ['ocds-iiiiii-9', 7, '2024-02-01T00:00:00Z'],
        [null, 'no-ocid', '2024-01-01T00:00:00Z'],
        ['ocds-iiiiii-9', 'r2', 'yesterday'],
        ['ocds-iiiiii-9', 'r1', null],
      ]);
      // Only dated releases are within a `since`.
      const since = await getPackage(server, '/ocds/releases?since=2024-01-15');
      expect(since.releases?.map((r) => r.date)).toEqual([
        '2024-03-01T00:00:00Z',
        '2024-03-01T00:00:00Z',
        '2024-02-01T00:00:00Z',
      ]);
    } finally {
      await server.close();
    }
  });

  it('refuses to start, naming the file and line, when a file is not OCDS JSON', async () => {
    const notJson = await write(
      'broken.jsonl',
      `${JSON.stringify(release('ocds-hhhhhh-8', 1, '2024-01-01T00:00:00Z'))}\n{oops\n`,
    );
    await expect(startReplayServer({ ocds: { files: [{ path: notJson }] } })).rejects.toThrow(
      /broken\.jsonl is neither one JSON document nor JSON Lines: line 2 does not parse/,
    );
    const other = await write('other.json', JSON.stringify({ hello: 'world' }));
    await expect(startReplayServer({ ocds: { files: [{ path: other }] } })).rejects.toThrow(
      /is not an OCDS release, release package, record or record package/,
    );
    await expect(
      startReplayServer({ ocds: { files: [{ path: join(dir, 'missing.json') }] } }),
    ).rejects.toThrow(/Cannot read the OCDS file .*missing\.json/);
  });

  it('resolves the embedded files to absolute paths that exist', () => {
    expect(EMBEDDED_OCDS_FILES).toHaveLength(3);
    for (const file of EMBEDDED_OCDS_FILES) {
      expect(isAbsolute(file.path)).toBe(true);
      expect(existsSync(file.path)).toBe(true);
    }
  });
});

describe('replay server options', () => {
  it('rejects a host that is not a loopback address', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.org', '']) {
      await expect(startReplayServer({ host })).rejects.toThrow(
        `ReplayOptions.host must be a loopback address (127.0.0.0/8, ::1 or "localhost") so that the replay server is never reachable from another machine, but got ${JSON.stringify(host)}.`,
      );
    }
  });

  it('recognises every spelling of a loopback address', () => {
    for (const host of [
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '0:0:0:0:0:0:0:1',
      '::ffff:127.0.0.1',
      'localhost',
    ]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ['128.0.0.1', '::2', '::ffff:10.0.0.1', 'localhost.example', '127.0.0.1.nip.io']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it('rejects an invalid port or rate limit with a sentence naming the option', async () => {
    await expect(startReplayServer({ port: 70_000 })).rejects.toThrow(
      'ReplayOptions.port must be an integer from 0 to 65535, but got 70000.',
    );
    await expect(startReplayServer({ rateLimit: { requests: 0, windowMs: 1000 } })).rejects.toThrow(
      'ReplayOptions.rateLimit.requests must be a positive integer, but got 0.',
    );
    await expect(startReplayServer({ rateLimit: { requests: 1, windowMs: -5 } })).rejects.toThrow(
      'ReplayOptions.rateLimit.windowMs must be a positive number, but got -5.',
    );
  });

  it('listens on an ephemeral loopback port by default', async () => {
    const server = await startReplayServer({ ocds: { files: [] } });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await rawRequest(`${server.url}/ocds/releases`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('serves the embedded data when started without options', async () => {
    const server = await startReplayServer();
    try {
      const pkg = json<TestPackage>(await rawRequest(`${server.url}/ocds/releases?limit=500`));
      expect(pkg.releases).toHaveLength(500);
      expect((await rawRequest(`${server.url}/ocds/records/ocds-213czf-000-00001`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
